"""The CUDA context in the verdict and the batch sizes: its high side where the catalogue estimates
it (every architecture but Hopper), the one figure where it was measured or calibrated."""

from dataclasses import replace

from core import TrainingConfig, estimate
from core.engine.catalog import RuntimeCosts, gpus, runtime_costs
from core.engine.max_batch import budget_for

MLP = TrainingConfig(dataset="mnist", hidden=(1024,), batch_size=64)


def _with_context(key: str, context: int) -> TrainingConfig:
    """The same card with its context calibrated at `context` (the catalogue's workspace)."""
    gpu = gpus()[key]
    costs = runtime_costs(gpu.arch)
    runtime = RuntimeCosts(costs.workspace_bytes, context, "calibrated", "test")
    return replace(MLP, gpu="local", local_gpu=replace(gpu, key="local", runtime=runtime))


def test_an_estimated_context_counts_at_its_high_side():
    t4 = replace(MLP, gpu="t4-16gb")
    low, high = estimate(t4).cuda_context_range
    assert runtime_costs("turing").source == "estimated" and high > low
    assert budget_for(t4).capacity == gpus()["t4-16gb"].usable_bytes - high
    e = estimate(t4)
    at_high, at_low = estimate(_with_context("t4-16gb", high)), estimate(_with_context("t4-16gb", low))
    assert e.max_batch_size == at_high.max_batch_size < at_low.max_batch_size
    assert e.max_batch_two_iterations == at_high.max_batch_two_iterations
    # a batch that would run with the bare context alone is not said to fit
    between = at_high.max_batch_size + 1
    assert estimate(_with_context("t4-16gb", low).with_batch(between)).fits
    assert not estimate(t4.with_batch(between)).fits
    assert e.demand_bytes == e.peak_reserved_bytes + high
    assert e.device_used_bytes == e.peak_reserved_bytes + low  # what nvidia-smi shows: its range is told


def test_a_measured_or_calibrated_context_counts_as_it_is():
    h100 = replace(MLP, gpu="h100-80gb")
    context = runtime_costs("hopper").cuda_context_bytes
    assert estimate(h100).cuda_context_range == (context, context)
    assert budget_for(h100).capacity == gpus()["h100-80gb"].usable_bytes - context
    calibrated = _with_context("t4-16gb", 700 << 20)
    assert estimate(calibrated).cuda_context_range == (700 << 20, 700 << 20)
    assert budget_for(calibrated).capacity == gpus()["t4-16gb"].usable_bytes - (700 << 20)
