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


def test_out_of_memory_says_what_happens_at_the_failing_allocation():
    e = estimate(TrainingConfig(hidden=(4096,), batch_size=2_000_000, gpu="t4-16gb"))
    oom = e.out_of_memory
    assert not e.fits and oom is not None
    assert (oom.phase, oom.iteration, oom.tensor) == ("forward", 1, "z1")
    assert oom.requested_bytes == 2_000_000 * 4096 * 4 and oom.segment_bytes >= oom.requested_bytes
    assert oom.reserved_bytes >= oom.allocated_bytes and oom.free_bytes < oom.segment_bytes
    assert oom.capacity_bytes == e.budget.capacity
    assert e.unbounded_reserved_bytes >= e.peak_bytes > e.peak_reserved_bytes  # the peak is with memory to spare
    assert e.to_dict()["out_of_memory_in"]["free_bytes"] == oom.free_bytes
    assert estimate(TrainingConfig()).out_of_memory is None


def test_the_cli_tells_the_failing_allocation_and_never_reserved_below_allocated():
    import io

    from core.cli.estimate import run_estimate

    out = io.StringIO()
    assert run_estimate(["--hidden", "4096", "--batch-size", "2000000", "--gpu", "t4-16gb"], out, io.StringIO()) == 0
    text = out.getvalue()
    assert "out of memory in forward of iteration 1: z1 asks for 30.52 GiB" in text
    assert "7.73 GiB free of the 13.60 GiB" in text  # 15 GiB less the high side of the T4's estimated context
