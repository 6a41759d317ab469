"""The small pool's part computed once and shared gives what the whole run through one allocator
gives (core.engine.replay.split), and `replay` falls back to the whole run where it would not."""

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import TrainingConfig
from core.engine.allocator.conf import parse_alloc_conf
from core.engine.estimate import _bound, step_for, workspace_policy
from core.engine.max_batch import budget_for
from core.engine.replay import replay
from core.engine.replay.plan import plan_of
from core.engine.replay.split import large_replay, small_part
from core.engine.replay.whole import whole_replay
from tests.core.engine.test_properties import configs

CONFS = ["", "expandable_segments:True", "max_split_size_mb:20", "expandable_segments:True,max_split_size_mb:40"]


def _both(program, batch, conf_text="", phases=None):
    config = TrainingConfig()
    gpu, conf = config.gpu_spec, parse_alloc_conf(conf_text) if conf_text else None
    plan = plan_of(program)
    sized = plan.at(batch, gpu.sm_count, gpu.threads_per_sm)
    assert sized.small_key is not None
    record = phases is None
    part = small_part(plan, sized, conf, phases) or small_part(plan, sized, conf, phases)
    assert part is not None
    apart = large_replay(part, sized, conf, phases, record)
    whole = whole_replay(plan, batch, sized.rounded, sized.borrows, None, conf, None, phases, record)
    return apart, whole


def _same(apart, whole):
    assert apart == whole
    assert apart.placement == whole.placement


@settings(max_examples=60, deadline=None)
@given(configs, st.sampled_from(CONFS), st.sampled_from([None, 2, 5]))
def test_the_pools_apart_give_the_whole_run(config, conf, phases):
    _same(*_both(step_for(config).program, config.batch_size, conf, phases))


@pytest.mark.parametrize("high", [False, True])
@pytest.mark.parametrize("batch", [1, 3, 64, 65, 300])
def test_both_sides_of_a_workspace_band_share_one_small_part_and_give_the_whole_run(high, batch):
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=batch)
    step = step_for(config)
    low_program, high_program = (_bound(step, workspace_policy(config, h)).program for h in (False, True))
    _same(*_both(high_program if high else low_program, batch))
    assert plan_of(low_program).shared is plan_of(high_program).shared


def test_a_batch_that_changes_a_small_request_runs_its_own_small_part():
    program = step_for(TrainingConfig(hidden=(128,))).program
    gpu = TrainingConfig().gpu_spec
    keys = {plan_of(program).at(b, gpu.sm_count, gpu.threads_per_sm).small_key for b in (64, 65, 128)}
    assert len(keys) == 3
    for batch in (64, 65, 128):
        _same(*_both(program, batch))


def test_near_the_edge_replay_is_the_whole_run():
    """Where the allocator runs short, it gives back both pools' cached segments: the pools are
    no longer apart, and replay answers with the whole run, out of memory included."""
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=64)
    program, budget = step_for(config).program, budget_for(config)
    gpu = config.gpu_spec
    free = replay(program, 64, gpu.sm_count, gpu.threads_per_sm)
    tight = free.peak_reserved - (4 << 20)
    run = replay(program, 64, gpu.sm_count, gpu.threads_per_sm, tight, budget.conf)
    plan = plan_of(program)
    sized = plan.at(64, gpu.sm_count, gpu.threads_per_sm)
    whole = whole_replay(plan, 64, sized.rounded, sized.borrows, tight, budget.conf, None, None, False)
    assert replace(run, oom=None) == replace(whole, oom=None)
    assert vars(run.oom) == vars(whole.oom)
    assert run.oom_slot >= 0


def test_a_program_without_a_band_runs_its_small_part_apart_only_for_small_requests_seen_before():
    """Once, the whole run is quicker than both parts; a second run with the same small requests
    (another batch that changes only large ones) shares it."""
    config = TrainingConfig(hidden=(4096,), batch_size=4096)
    program, gpu = step_for(config).program, config.gpu_spec
    plan = plan_of(program)
    first, second = (plan.at(b, gpu.sm_count, gpu.threads_per_sm) for b in (4095, 4096))
    assert first.small_key == second.small_key
    assert small_part(plan, first, None) is None
    assert small_part(plan, second, None) is small_part(plan, first, None) is not None


@pytest.mark.parametrize("conf_text", ["", "expandable_segments:True"])
def test_a_budget_just_large_enough_for_the_run_is_the_pools_apart_and_the_whole_run_alike(conf_text):
    """Reserved memory never falls in a run the allocator never ran short in: one whose reserved
    memory ends at the budget took every segment within it, so the pools apart answer there."""
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=64)
    gpu, conf = config.gpu_spec, parse_alloc_conf(conf_text) if conf_text else None
    program = _bound(step_for(config), workspace_policy(config, True)).program
    free = replay(program, 64, gpu.sm_count, gpu.threads_per_sm, None, conf)
    plan = plan_of(program)
    sized = plan.at(64, gpu.sm_count, gpu.threads_per_sm)
    for capacity in (free.peak_reserved, free.peak_reserved - 1):
        run = replay(program, 64, gpu.sm_count, gpu.threads_per_sm, capacity, conf)
        whole = whole_replay(plan, 64, sized.rounded, sized.borrows, capacity, conf, None, None, False)
        assert replace(run, oom=None) == replace(whole, oom=None)
        assert (run == free) == (capacity == free.peak_reserved)  # a byte less: the allocator ran short


def test_a_part_cut_at_a_phase_and_a_whole_part_serve_a_run_cut_there_alike():
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=96)
    gpu = config.gpu_spec
    program = _bound(step_for(config), workspace_policy(config, True)).program
    plan = plan_of(program)
    sized = plan.at(96, gpu.sm_count, gpu.threads_per_sm)
    whole = whole_replay(plan, 96, sized.rounded, sized.borrows, None, None, None, 7, False)
    cut = small_part(plan, sized, None, 7)
    full = small_part(plan, sized, None, None)
    assert cut is not None and full is not None and len(cut.steps) < len(full.steps)
    assert large_replay(cut, sized, None, 7, False) == large_replay(full, sized, None, 7, False) == whole
    assert small_part(plan, sized, None, 7) is full
