"""Invariants of the engine over many configurations (hypothesis)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from core import ALL_COMPONENTS, DATASETS, DTYPES, OPTIMIZERS, TrainingConfig, estimate
from core.engine.allocator import LargePool
from core.engine.catalog import runtime_for
from core.engine.estimate import loop_shape
from core.engine.simulate import simulate
from core.engine.step.mlp import loop_program
from tests.support.oracle_simulator import oracle_marks

configs = st.builds(
    TrainingConfig,
    dataset=st.sampled_from(sorted(DATASETS)),
    hidden=st.lists(st.one_of(st.integers(1, 3), st.integers(1, 3000)), max_size=4).map(tuple),
    dtype=st.sampled_from(sorted(DTYPES)),
    optimizer=st.sampled_from(sorted(OPTIMIZERS)),
    batch_size=st.integers(1, 9000),
    zero_grad=st.sampled_from(["after-forward", "before-forward"]),
)


@settings(max_examples=150, deadline=None)
@given(configs)
def test_peak_is_a_point_of_the_timeline_and_components_add_up(config):
    e = estimate(config)
    assert e.peak_bytes == max(p.bytes for p in e.timeline)
    assert sum(e.component_bytes[c] for c in ALL_COMPONENTS) == e.peak_bytes
    assert sum(f.bytes for f in e.components.values()) == e.peak_bytes
    for point in e.timeline:
        assert sum(point.components.values()) == point.bytes


@settings(max_examples=150, deadline=None)
@given(configs, st.integers(1, 4096))
def test_memory_never_shrinks_as_the_batch_grows(config, extra):
    """Every tensor grows with the batch, so the peak does, except for what the real allocator
    does on its own account: a reused cached block counted whole (up to 1 MiB over the
    request), and the column sum's staging buffer, sized by a launch heuristic. Both are
    visible in the explanation of the peak, and only they may shrink."""
    small = estimate(config)
    large = estimate(config.with_batch(config.batch_size + extra))
    allocator_own = sum(
        t.block if t.name == "column-sum staging buffer" else t.block - t.requested
        for t in small.peak_tensors
    )
    assert large.peak_bytes >= small.peak_bytes - allocator_own
    assert large.naive_bytes > small.naive_bytes


@settings(max_examples=150, deadline=None)
@given(configs)
def test_the_running_sum_simulator_agrees_with_the_plain_one(config):
    gpu = config.gpu_spec
    program = loop_program(loop_shape(config))
    run = simulate(program, config.batch_size, gpu.sm_count, gpu.threads_per_sm)
    fast = [(m.phase, m.peak, m.end, run.components_at(m.event), m.event) for m in run.marks]
    assert fast == oracle_marks(program, config.batch_size, gpu.sm_count, gpu.threads_per_sm)


@settings(max_examples=60, deadline=None)
@given(configs, configs)
def test_a_warm_run_holds_the_workspaces_throughout_and_leaves_the_pool_holding_nothing(first, second):
    """A warm process ran matmuls before: its workspaces exist from the first phase on. What a
    run leaves cached changes only where later blocks go: the next run starts with nothing
    allocated."""
    pool = LargePool()
    e = estimate(first, cached=pool)
    assert {p.components["workspace"] for p in e.timeline} == {_workspace_made(first)}
    assert pool.blocks_in_use == 0
    estimate(second, cached=pool)
    assert pool.blocks_in_use == 0


@settings(max_examples=60, deadline=None)
@given(configs)
def test_the_workspaces_appear_at_the_first_matmuls(config):
    """The main thread's cuBLAS (and cuBLASLt) workspace in forward 1, the autograd thread's in
    backward 1."""
    e = estimate(config)
    ends = {(p.phase, p.iteration): p.end_components["workspace"] for p in e.timeline}
    workspace = [t for t in e.peak_tensors if t.component == "workspace"]
    assert ends[("transfer", 1)] == 0
    assert ends[("forward", 1)] == _workspace_made(config) - e.runtime.cublas_handle_bytes
    assert ends[("backward", 1)] == ends[("step", 3)] == sum(t.block for t in workspace)
    assert sum(t.requested for t in workspace) == _workspace_made(config)


def _workspace_made(config):
    """Two handles' cuBLAS workspaces, and cuBLASLt's where an addmm takes its path."""
    runtime = runtime_for(config.gpu_spec)
    widths = config.widths
    takes_lt = any(a > 1 and b > 1 for a, b in zip(widths, widths[1:]))
    return 2 * runtime.cublas_handle_bytes + (runtime.cublaslt_bytes if takes_lt else 0)


@settings(max_examples=40, deadline=None)
@given(configs)
def test_max_batch_fits_and_one_more_does_not(config):
    """Two iterations run at the max batch and not at one more; all three at the three-iteration
    edge, which is never above it."""
    from core.engine.estimate import step_for
    from core.engine.max_batch import budget_for, run_within

    e = estimate(config)
    program, budget = step_for(config).program, budget_for(config)
    edge, three = e.max_batch_two_iterations, e.max_batch_size
    assert three <= edge
    if edge:
        assert run_within(program, edge, budget, 2).fits
    assert not run_within(program, edge + 1, budget, 2).fits
    if three:
        assert estimate(config.with_batch(three)).fits
    assert not estimate(config.with_batch(three + 1)).fits
