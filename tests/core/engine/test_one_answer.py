"""One computation, one answer: the result and the remedies read the same largest batch, and the
figures the engine gives never contradict each other."""

from core import TrainingConfig, estimate
from core.engine.remedies import remedies

# a third iteration lowers this config's edge: 53,760 run two iterations, 45,875 keep training
EDGE = TrainingConfig(gpu="t4-16gb", hidden=(1024, 512), allocator_limit_bytes=1 << 30, batch_size=64)


def test_the_largest_batch_is_the_one_that_keeps_training():
    e = estimate(EDGE)
    assert e.max_batch_two_iterations > e.max_batch_size
    assert estimate(EDGE.with_batch(e.max_batch_size)).fits
    assert not estimate(EDGE.with_batch(e.max_batch_size + 1)).fits
    assert e.recommended_batch_size == int(0.8 * e.max_batch_size)


def test_remedies_offer_the_batches_the_result_shows():
    e = estimate(EDGE.with_batch(100_000))
    found = {r.key: r for r in remedies(e.config)}
    assert found["max_batch"].config.batch_size == e.max_batch_size
    assert found["recommended"].config.batch_size == e.recommended_batch_size
    assert found["max_batch"].fits and found["max_batch"].estimate.max_batch_size == e.max_batch_size


def test_a_remedy_that_does_not_help_is_not_offered_as_one():
    config = TrainingConfig()  # the course MLP at batch 64: checkpointing only lowers the edge
    assert "checkpoint" not in {r.key for r in remedies(config)}
    marked = {r.key: r for r in remedies(config, unhelpful=True)}
    checkpoint = marked["checkpoint"]
    assert not checkpoint.helps and checkpoint.saved_bytes <= 0
    assert checkpoint.max_batch_size < estimate(config).max_batch_size
    assert list(marked.values())[-1].helps is False  # listed after every remedy that helps


def test_a_larger_batch_says_it_needs_more_memory():
    from core.cli.estimate import _memory_change

    config = TrainingConfig()
    larger = next(r for r in remedies(config) if r.key == "max_batch")
    assert larger.config.batch_size > config.batch_size and larger.saved_bytes < 0
    assert _memory_change(larger.saved_bytes).startswith("needs ") and "-" not in _memory_change(larger.saved_bytes)
    assert larger.text(config)[1].startswith("more memory per step")
