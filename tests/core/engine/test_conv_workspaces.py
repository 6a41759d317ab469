"""cuDNN convolution workspaces: a synthetic measured table puts a workspace of known size at its
call in the timeline and in reserved memory; near the edge the call falls back to an engine
without workspace instead of running out; benchmark mode's timing workspace and empty_cache; the
band where nothing is measured; and the table's format."""

import json
from dataclasses import replace

import pytest

from core import TrainingConfig, estimate
from core.engine.allocator.conf import AllocConf
from core.engine.catalog import runtime_for
from core.engine.max_batch import Budget, largest_batch
from core.engine.replay import replay
from core.engine.step.bind import bind_workspaces, conv_calls, workspace_source
from core.engine.step.conv_table import (
    WorkspaceTable,
    WorkspaceTableError,
    merge_entries,
    parse_entry,
    parse_table,
    read_table,
    shipped_table,
)
from core.engine.step.convolutions import ConvWorkspace, WorkspacePolicy, upper_bound
from core.engine.step.program import Program

MIB = 1 << 20
GPU, CUDNN = "Test GPU", 90000
CONV = ConvWorkspace("forward", ((1, 0), (0, 64), (0, 8), (0, 8)), (64, 64, 3, 3), ((1, 0), (0, 64), (0, 8), (0, 8)),
                     (1, 1), (1, 1), (1, 1), 1, False, "float32")


def _entry(conv: ConvWorkspace, batch: int, nbytes: int, find: int = 0, benchmark: bool = False) -> dict:
    direction, x, w, stride, padding, dilation, groups, transposed, dtype = conv.key_at(batch)
    return {"gpu": GPU, "cudnn": CUDNN, "benchmark": benchmark, "direction": direction, "input": list(x),
            "weight": list(w), "stride": list(stride), "padding": list(padding), "dilation": list(dilation),
            "groups": groups, "transposed": transposed, "dtype": dtype, "workspace_bytes": nbytes, "find_bytes": find}


def _policy(entries: list[dict], high: bool = False, benchmark: bool = False) -> WorkspacePolicy:
    table = WorkspaceTable(parse_entry(e, "test") for e in entries)
    return WorkspacePolicy(GPU, CUDNN, benchmark, 132, high, table)


def _program() -> Program:
    """The convolution's input and output (40 MiB each), its call, then both freed."""
    p = Program()
    p.phase("forward", 1)
    p.alloc("x", "input_batch", fixed=40 * MIB)
    p.alloc("y", "activations", fixed=40 * MIB)
    p.scratch(CONV)
    p.free("x")
    p.free("y")
    return p.compiled()


def test_a_measured_workspace_lands_at_its_call_and_stays_reserved():
    policy = _policy([_entry(CONV, 4, 12 * MIB)])
    program = bind_workspaces(_program(), policy)
    run = replay(program, 4, 132, 2048)
    assert run.peak_allocated == 80 * MIB + 12 * MIB  # x and y, then the workspace inside the call
    assert run.phase_reserved[-1] == 80 * MIB + 12 * MIB  # its segment stays cached after the call
    without = replay(_program(), 4, 132, 2048)
    assert without.peak_allocated == without.peak_reserved == 80 * MIB
    assert workspace_source(program, policy, 4) == "measured"
    assert workspace_source(program, policy, 8) == "estimated"
    assert workspace_source(_program(), policy, 4) == "measured"


def test_near_the_edge_a_workspace_falls_back_and_does_not_end_the_run():
    program = bind_workspaces(_program(), _policy([_entry(CONV, 4, 12 * MIB)]))
    tight = replay(program, 4, 132, 2048, capacity=90 * MIB)
    assert tight.fits  # cuDNN ran the next engine, without workspace
    assert tight.peak_allocated == 80 * MIB
    assert not replay(program, 4, 132, 2048, capacity=78 * MIB).fits  # the tensors themselves do not fit


def test_the_edge_of_a_step_is_where_its_tensors_run_out_not_its_workspaces():
    p = Program()
    p.phase("forward", 1)
    p.alloc("x", "input_batch", per_sample=2 * MIB)
    p.scratch(CONV)
    p.free("x")
    program = p.compiled()
    policy = _policy([], high=True)
    budget = Budget(64 * MIB, None, AllocConf(), 132, 2048)
    assert upper_bound(CONV, 16, 132) > 0
    assert largest_batch(bind_workspaces(program, policy), budget, 1) == largest_batch(program, budget, 1)


def test_benchmark_mode_times_every_engine_with_the_largest_workspace_then_empties_the_cache():
    policy = _policy([_entry(CONV, 4, 2 * MIB, find=30 * MIB, benchmark=True)], benchmark=True)
    run = replay(bind_workspaces(_program(), policy), 4, 132, 2048)
    assert run.peak_allocated == 80 * MIB + 30 * MIB
    assert run.peak_reserved == 80 * MIB + 30 * MIB
    assert run.phase_reserved[-1] == 80 * MIB + 20 * MIB  # the 30 MiB went back; the engine's 2 MiB block
    # came from a new 20 MiB segment, which stays


def test_benchmark_mode_halves_the_timing_workspace_until_it_fits():
    policy = _policy([_entry(CONV, 4, 0, find=64 * MIB, benchmark=True)], benchmark=True)
    run = replay(bind_workspaces(_program(), policy), 4, 132, 2048, capacity=120 * MIB)
    assert run.fits and run.peak_allocated == 80 * MIB + 32 * MIB


def test_the_upper_bound_needs_no_measurement_and_grows_with_the_batch():
    assert upper_bound(CONV, 64, 132) >= upper_bound(CONV, 8, 132) > 0
    assert upper_bound(CONV, 8, 132, benchmark=True) >= upper_bound(CONV, 8, 132)
    one_by_one = replace(CONV, weight=(64, 64, 1, 1), padding=(0, 0))
    assert upper_bound(one_by_one, 8, 132) < upper_bound(CONV, 8, 132)  # no Winograd for 1×1


def _cnn(**extra) -> TrainingConfig:
    return TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=64, **extra)


def test_without_a_measurement_a_cnn_gets_a_band_and_the_safe_side_decides():
    e = estimate(_cnn())
    assert e.conv_workspaces == "estimated" and not e.exact
    assert e.peak_high_bytes > e.peak_bytes and e.reserved_high_bytes >= e.peak_reserved_bytes
    assert e.high is not None and e.max_batch_size <= e.high.max_batch_size
    figures = e.to_dict()
    assert figures["exact"] is False and figures["conv_workspaces"] == "estimated"
    assert figures["peak_high_bytes"] == e.peak_high_bytes


def test_the_mlp_has_no_convolution_and_its_figures_are_exact():
    e = estimate(TrainingConfig(hidden=(128,), batch_size=64))
    assert e.conv_workspaces == "none" and e.exact and e.high is None
    assert e.peak_high_bytes == e.peak_bytes


def test_a_gpu_whose_probe_measured_every_call_is_measured():
    pytest.importorskip("torch")
    from core.engine.estimate import step_for

    config = _cnn()
    calls = conv_calls(step_for(config).program)
    gpu = config.gpu_spec
    entries = tuple({**_entry(c, 64, 256 * MIB), "gpu": gpu.name, "cudnn": 91900} for c in calls)
    calibrated = replace(gpu, runtime=replace(runtime_for(gpu), conv_workspaces=entries))
    e = estimate(_cnn(gpu="local", local_gpu=calibrated))
    assert e.conv_workspaces == "measured" and e.exact and e.high is None
    low = estimate(config)
    assert e.peak_bytes > low.peak_bytes
    workspace = [t for t in e.peak_tensors if t.name == "cudnn_workspace"]
    assert [t.requested for t in workspace] == [256 * MIB]
    assert e.components["workspace"].bytes >= 256 * MIB


def test_cudnn_benchmark_is_an_input():
    assert _cnn(cudnn_benchmark=True).cudnn_benchmark
    with pytest.raises(Exception, match="cudnn_benchmark"):
        _cnn(cudnn_benchmark="yes")
    plain, timed = estimate(_cnn()), estimate(_cnn(cudnn_benchmark=True))
    assert timed.to_dict()["config"]["cudnn_benchmark"] is True
    assert timed.peak_high_bytes >= plain.peak_high_bytes


def test_the_shipped_table_reads():
    assert isinstance(len(shipped_table()), int)


@pytest.mark.parametrize("document, message", [
    ("[]", "not a workspace table"),
    ('{"format": 2, "entries": []}', "not a workspace table"),
    ('{"format": 1, "entries": {}}', "entries is not a list"),
    ('{"format": 1, "entries": [3]}', "entry 1: not an object"),
    ("{", "not JSON"),
])
def test_a_bad_table_is_named(document, message):
    with pytest.raises(WorkspaceTableError, match=message):
        read_table(document, "t.json")


@pytest.mark.parametrize("change, message", [
    ({"direction": "sideways"}, "direction"),
    ({"dtype": "int8"}, "dtype"),
    ({"input": [1, 2]}, "matching dimensions"),
    ({"weight": "3x3"}, "weight is not a list"),
    ({"workspace_bytes": -1}, "workspace_bytes"),
    ({"benchmark": "no"}, "benchmark"),
    ({"gpu": ""}, "gpu"),
])
def test_a_bad_entry_is_named_with_its_place(change, message):
    entry = {**_entry(CONV, 4, MIB), **change}
    with pytest.raises(WorkspaceTableError, match=f"entry 2: .*{message}"):
        parse_table({"format": 1, "entries": [_entry(CONV, 4, MIB), entry]}, "t.json")


def test_merging_keeps_the_largest_of_repeated_measurements_and_replaces_old_ones():
    old = [_entry(CONV, 4, MIB), _entry(CONV, 8, MIB)]
    new = [_entry(CONV, 4, 3 * MIB), _entry(CONV, 4, 2 * MIB)]
    merged = merge_entries(old, new)
    assert len(merged) == 2
    assert sorted(e["workspace_bytes"] for e in merged) == [MIB, 3 * MIB]
    assert json.loads(json.dumps(merged)) == merged


@pytest.fixture
def without_conv_workspaces(monkeypatch):
    """Trace as the engine did before convolution workspaces: cuDNN calls borrow nothing and
    leave no event in the program (the tracer drops them); the trace cache is cleared around it."""
    from core.engine.estimate import clear_caches
    from core.engine.trace import hidden

    plan = hidden.plan

    def no_conv(op, args, outputs):
        kept = {i: [s for s in specs if s[0] != "conv"] for i, specs in plan(op, args, outputs).items()}
        return {i: specs for i, specs in kept.items() if specs}

    def traced(config):
        clear_caches()
        monkeypatch.setattr(hidden, "plan", no_conv)
        try:
            return estimate(config)
        finally:
            monkeypatch.setattr(hidden, "plan", plan)
            clear_caches()

    yield traced
    clear_caches()


@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
@pytest.mark.parametrize("model, checkpoint", [
    ("course-cnn", {}), ("course-cnn", {"checkpoint_segments": 4}),
    ("resnet18", {}), ("resnet18", {"checkpoint_blocks": True}),
])
def test_the_low_side_is_the_engine_without_conv_workspaces(without_conv_workspaces, model, checkpoint, dtype):
    """Where nothing is measured, the band's low side is exactly the engine before workspaces:
    its peak, its reserved memory and its own largest batch; `max_batch_size` is the band's safe
    side, at or below it."""
    config = TrainingConfig(model=model, dataset="cifar10", batch_size=256, dtype=dtype, **checkpoint)
    low = estimate(config)
    assert low.conv_workspaces == "estimated" and low.high is not None
    before = without_conv_workspaces(config)
    assert before.conv_workspaces == "none"
    assert (low.peak_bytes, low.peak_reserved_bytes) == (before.peak_bytes, before.peak_reserved_bytes)
    assert low.low_max_batch_size == before.max_batch_size
    assert low.low_max_batch_two_iterations == before.max_batch_two_iterations
    assert 0 < low.max_batch_size <= before.max_batch_size * 2
    assert estimate(config.with_batch(low.max_batch_size)).fits  # the band's edge fits on both sides
