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
