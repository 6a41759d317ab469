"""Invariants of the engine over many configurations (hypothesis)."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import ALL_COMPONENTS, DATASETS, DTYPES, OPTIMIZERS, ConfigError, TrainingConfig, estimate
from core.engine.allocator import AllocatorOOM, CachingAllocator
from core.engine.catalog import runtime_for
from core.engine.estimate import loop_shape
from core.engine.simulate import simulate
from core.engine.step.mlp import loop_program
from tests.support.oracle_allocator import OracleAllocator, OracleOutOfMemory
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


MIB = 1 << 20
request_sizes = st.one_of(
    st.integers(1, MIB + 4096),  # the small pool and its edge
    st.integers(1, 2048).map(lambda k: k * 512),  # on the 512 B grid: rests of exactly 512 B
    st.integers(MIB, 12 * MIB),  # large requests in 20 MiB segments
    st.integers(3, 48).map(lambda k: k * MIB // 2),  # on a 512 KiB grid: rests of exactly 1 MiB
    st.integers(10 * MIB - 4096, 64 * MIB),  # segments of their own size
    st.sampled_from([1, 511, 512, 513, MIB - 1, MIB, MIB + 1, 2 * MIB, 10 * MIB - 1, 10 * MIB, 20 * MIB, 20 * MIB + 1]),
)
allocator_calls = st.lists(st.one_of(
    st.tuples(st.just("malloc"), request_sizes),
    st.tuples(st.just("free"), st.integers(0, 1 << 10)),
    st.just(("empty_cache", 0)),
), max_size=80)


@settings(max_examples=300, deadline=None)
@given(allocator_calls, st.one_of(st.none(), st.integers(2 * MIB, 160 * MIB)), st.booleans())
def test_the_allocator_follows_the_oracle(calls, budget, as_fraction):
    """Block sizes, allocated and reserved memory, their peaks, where blocks fall relative to each
    other and when it runs out, under a device's memory or set_per_process_memory_fraction."""
    engine = CachingAllocator(limit=budget) if as_fraction else CachingAllocator(capacity=budget)
    oracle = OracleAllocator(budget)
    live: list[tuple[int, int]] = []  # (engine's address, oracle's address)
    for call, arg in calls:
        if call == "malloc":
            try:
                theirs = oracle.malloc(arg)
            except OracleOutOfMemory:
                with pytest.raises(AllocatorOOM):
                    engine.malloc(arg)
            else:
                ours = engine.malloc(arg)
                assert ours[1] == theirs[1]
                live.append((ours[0], theirs[0]))
        elif call == "free" and live:
            ours_at, theirs_at = live.pop(arg % len(live))
            engine.free(ours_at)
            oracle.free(theirs_at)
        elif call == "empty_cache":
            engine.release_cached()
            oracle.empty_cache()
        assert (engine.allocated, engine.reserved, engine.peak_allocated, engine.peak_reserved) == (
            oracle.allocated, oracle.reserved, oracle.peak_allocated, oracle.peak_reserved)
        assert sorted(range(len(live)), key=lambda i: live[i][0]) == sorted(range(len(live)), key=lambda i: live[i][1])
    assert engine.blocks_in_use == len(live)


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
    pool = CachingAllocator()
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


def _outcome(make):
    try:
        config = make()
    except ConfigError as e:
        return (e.field, e.code)
    return config, config.micro_batch, config.mlp.linears


@settings(max_examples=150, deadline=None)
@given(configs, st.one_of(st.integers(-2, 10**6), st.just(1 << 40), st.just((1 << 40) + 1), st.just(2**62),
                          st.just("12"), st.just(2.5)), st.sampled_from([1, 2, 4]))
def test_a_config_at_another_batch_is_the_config_made_with_that_batch(config, batch, steps):
    """with_batch reads and checks only the batch again: it gives what making the config anew
    gives, a refusal of the same field for the same reason included."""
    try:
        config = replace(config, accumulation_steps=steps)
    except ConfigError:
        return
    assert _outcome(lambda: config.with_batch(batch)) == _outcome(lambda: replace(config, batch_size=batch))


@pytest.mark.parametrize("config", [
    TrainingConfig(hidden=(512, 256, 128), batch_size=3000),
    TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=300),
    TrainingConfig(model="resnet18", dataset="cifar10", batch_size=64, optimizer="adamw"),
], ids=["mlp", "course-cnn", "resnet18"])
def test_the_formulas_counts_are_the_tensors_alive_at_the_peak(config):
    """The formulas read counts and sums per component (Estimate.peak_groups) rather than a
    LiveTensor for every tensor: they are those of the tensors alive at the peak, the first ones
    in the same order."""
    e = estimate(config)
    for component, group in e.peak_groups.items():
        mine = [t for t in e.peak_tensors if t.component == component]
        assert (group.count, group.requested, group.blocks) == (
            len(mine), sum(t.requested for t in mine), sum(t.block for t in mine))
        assert group.whole == any(t.block - t.requested >= 512 for t in mine)
        assert group.shown == mine[:len(group.shown)]
        assert len(group.shown) == min(len(mine), 1 << 30 if component == "workspace" else 6)
        assert e.components[component].bytes == group.blocks == e.component_bytes[component]
