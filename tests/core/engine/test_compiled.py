"""The compiled run (core.engine.replay._compiled) gives what the Python allocator and walk give:
request by request, and run by run, placements and out of memory included."""

from array import array
from dataclasses import replace
from functools import partial
from itertools import accumulate

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import TrainingConfig
from core.engine.allocator.caching import AllocatorOOM, CachingAllocator
from core.engine.allocator.conf import AllocConf, parse_alloc_conf
from core.engine.estimate import _bound, step_for, workspace_policy
from core.engine.replay import compiled, replay
from core.engine.replay.plan import BLOCKS
from core.engine.simulate import simulate
from core.engine.step.program import ALLOC, BULK, FREE, SCRATCH
from tests.core.engine.test_properties import configs

built = pytest.mark.skipif(not compiled.COMPILED, reason="the compiled run is not built")

MIB = 1 << 20
CONFS = ["", "max_split_size_mb:20", "max_split_size_mb:200"]


def test_the_compiled_run_is_built():
    """`make` builds it (pip install -e .): where it is missing, every replay is the slow one."""
    assert compiled.COMPILED, "core/engine/replay/_compiled.c was not built: run `pip install -e .`"


def _oom(error):
    return None if error is None else (error.requested, error.segment, error.reserved, error.allocated, error.limit)


def _state(allocator):
    return (allocator.allocated, allocator.reserved, allocator.peak_allocated, allocator.peak_reserved,
            allocator.reserved_at_peak, allocator.blocks_in_use)


_request = st.one_of(st.integers(1, 4096), st.integers(1, MIB), st.integers(MIB, 30 * MIB), st.integers(1, 90 * MIB))
_step = st.one_of(st.tuples(st.just("malloc"), _request), st.tuples(st.just("free"), st.integers(0, 1 << 16)),
                  st.tuples(st.just("release"), st.none()), st.tuples(st.just("new phase"), st.none()))


@built
@settings(max_examples=300, deadline=None)
@given(st.sampled_from([None, 64 * MIB, 200 * MIB, 1 << 30]), st.sampled_from([None, 100 * MIB]),
       st.sampled_from([None, 4 * MIB, 30 * MIB]), st.lists(_step, max_size=200))
def test_the_compiled_allocator_answers_every_request_as_the_python_one(capacity, limit, max_split, steps):
    python = CachingAllocator(capacity, AllocConf(max_split_size=max_split), limit)
    fast = compiled.compiled_allocator(capacity, AllocConf(max_split_size=max_split), limit)
    live: list[tuple[int, int]] = []
    for action, value in steps:
        if action == "malloc":
            got = []
            for allocator in (python, fast):
                try:
                    got.append(allocator.malloc(value))
                except AllocatorOOM as error:
                    got.append(_oom(error))
            assert _size(got[0]) == _size(got[1])
            if isinstance(got[0], tuple) and len(got[0]) == 2:
                live.append((got[0][0], got[1][0]))
        elif action == "free" and live:
            ours, theirs = live.pop(value % len(live))
            python.free(ours)
            fast.free(theirs)
        elif action == "release":
            python.release_cached()
            fast.release_cached()
        elif action == "new phase":
            python.peak_reserved = python.reserved
            fast.peak_reserved = fast.reserved
        assert _state(python) == _state(fast)


def _size(answer):
    """A block's size, or the out of memory's figures (handles are the compiled allocator's own)."""
    return answer[1] if len(answer) == 2 else answer


@built
def test_an_oversize_request_takes_a_cached_block_only_if_less_than_a_large_segment_is_wasted():
    """With max_split_size, a cached 30 MiB block serves 10 MiB + 1 B but not 10 MiB (20 MiB
    or more would be wasted)."""
    for request, new_segment in ((10 * MIB, True), (10 * MIB + 512, False)):
        for allocator in (CachingAllocator(conf=AllocConf(max_split_size=4 * MIB)),
                          compiled.compiled_allocator(conf=AllocConf(max_split_size=4 * MIB))):
            handle, _ = allocator.malloc(30 * MIB)
            allocator.free(handle)
            allocator.malloc(request)
            assert allocator.reserved == (40 if new_segment else 30) * MIB


@built
def test_a_handle_freed_twice_is_an_error_not_a_crash():
    allocator = compiled.compiled_allocator()
    handle, _ = allocator.malloc(1000)
    allocator.free(handle)
    with pytest.raises(KeyError):
        allocator.free(handle)
    with pytest.raises(KeyError):
        allocator.free(10_000)


def _walk(ops, slots=4, rounded=(512,), scratch_of=(), scratches=(), blocks=(), most=0):
    from core.engine.replay import _compiled

    q = partial(array, "q")
    return _compiled.walk(compiled.compiled_allocator(), q(ops), q(), slots, q(rounded), q(scratch_of), q(scratches),
                          q(blocks), most, 1, -1, True)


@built
def test_a_walk_given_arrays_that_do_not_fit_together_is_refused_not_a_crash():
    assert _walk([ALLOC, 1, 0, 0, 512, FREE, 1, 0, 0, 0])[5] == {1: 512}
    bad_ops = ([ALLOC, 9, 0, 0, 512], [ALLOC, 1, 3, 0, 512], [SCRATCH, 0, 0, 0, 0], [BULK, 1, 0, 5, 0],
               [7, 0, 0, 0, 0], [ALLOC, 1, 0, 0])
    for bad in bad_ops:
        with pytest.raises(ValueError):
            _walk(bad)
    with pytest.raises(ValueError):
        _walk([SCRATCH, 0, 0, 0, 0], scratch_of=[0], scratches=[BLOCKS, 0, 3, 0], blocks=[512, 512], most=3)
    with pytest.raises(KeyError):
        _walk([FREE, 2, 0, 0, 0])


@built
def test_expandable_segments_are_the_python_allocators_alone():
    assert compiled.compiles(None) and compiled.compiles(parse_alloc_conf("max_split_size_mb:20"))
    assert not compiled.compiles(parse_alloc_conf("expandable_segments:True"))


def _runs(program, batch, capacity=None, conf_text="", limit=None, phases=None):
    """The same run compiled and in Python."""
    gpu = TrainingConfig().gpu_spec
    conf = parse_alloc_conf(conf_text) if conf_text else None
    record = phases is None
    runs = []
    for built in (True, False):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(compiled, "COMPILED", built)
            runs.append(replay(program, batch, gpu.sm_count, gpu.threads_per_sm, capacity, conf, limit, phases, record))
    return runs


def _same(fast, python):
    assert replace(fast, oom=None) == replace(python, oom=None)
    assert _oom(fast.oom) == _oom(python.oom)
    assert fast.placement == python.placement


@built
@settings(max_examples=60, deadline=None)
@given(configs, st.sampled_from(CONFS), st.sampled_from([None, 2, 5]), st.sampled_from([None, 0.5, 0.9, 1.0]))
def test_a_compiled_run_is_the_python_run(config, conf, phases, tightness):
    """At any batch and settings, cut at a phase or not, with room to spare, near the edge and
    beyond it."""
    program = step_for(config).program
    capacity = None
    if tightness is not None:
        free = _runs(program, config.batch_size, conf_text=conf)[0]
        capacity = int(free.peak_reserved * tightness)
    _same(*_runs(program, config.batch_size, capacity, conf, None, phases))


@built
@pytest.mark.parametrize("benchmark", [False, True])
@pytest.mark.parametrize("high", [False, True])
@pytest.mark.parametrize("batch", [1, 3, 64, 300])
def test_both_sides_of_a_workspace_band_run_compiled_as_in_python(benchmark, high, batch):
    """cuDNN's workspaces, benchmark mode's (halved while the allocator runs out, then the cache
    emptied) included, near the edge too."""
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=batch, cudnn_benchmark=benchmark)
    program, other = (_bound(step_for(config), workspace_policy(config, side)).program for side in (high, not high))
    free, other_free = _runs(program, batch)[0], _runs(other, batch)[0]
    for capacity in (None, free.peak_reserved, free.peak_reserved - 1, free.peak_reserved * 3 // 4,
                     other_free.peak_reserved):  # the high side within the low side's: workspaces halved
        _same(*_runs(program, batch, capacity))
    _same(*_runs(program, batch, None, "", free.peak_reserved // 2))


@built
def test_a_run_that_runs_out_names_the_same_request():
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=512)
    fast, python = _runs(step_for(config).program, 512, 256 * MIB)
    assert fast.oom is not None and fast.oom_slot >= 0
    _same(fast, python)


@settings(max_examples=30, deadline=None)
@given(configs, st.booleans())
def test_a_placed_runs_memory_allocated_is_what_its_blocks_add_up_to(config, built):
    """The walk counts memory_allocated as the allocator does; simulate's blocks, added and taken
    away event by event, must give the same (both walks, a CNN's included)."""
    gpu = config.gpu_spec
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(compiled, "COMPILED", built and compiled.COMPILED)
        for program in (step_for(config).program, step_for(replace(config, model="course-cnn")).program):
            placed = replay(program, config.batch_size, gpu.sm_count, gpu.threads_per_sm, record=True)
            run = simulate(program, config.batch_size, gpu.sm_count, gpu.threads_per_sm, placement=placed.placement)
            assert list(run.running) == list(accumulate(run.deltas))
            assert max(run.values) == placed.peak_allocated
