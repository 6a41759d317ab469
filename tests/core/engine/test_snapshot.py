"""The predicted step as a memory snapshot: PyTorch's own memory_viz helpers read it, and the
peaks read back from it are the estimate's."""

import pickle

import pytest

from core.engine.config import TrainingConfig
from core.engine.estimate import estimate
from core.engine.snapshot import predicted_snapshot, write_snapshot
from core.measure.snapshot import snapshot_figures

memory_viz = pytest.importorskip("torch.cuda._memory_viz")

CASES = [
    {"hidden": (128,), "batch_size": 64},
    {"hidden": (4096, 4096), "batch_size": 3000},
    {"hidden": (4096, 4096), "batch_size": 3000, "alloc_conf": "expandable_segments:True"},
    {"hidden": (4096, 4096), "batch_size": 3000, "alloc_conf": "max_split_size_mb:64"},
    {"model": "course-cnn", "dataset": "cifar10", "batch_size": 256},
]


@pytest.mark.parametrize("kwargs", CASES, ids=lambda k: "-".join(f"{v}" for v in k.values()))
def test_round_trip_gives_the_estimates_peaks(kwargs, tmp_path):
    e = estimate(TrainingConfig(**kwargs))
    path = tmp_path / "snapshot.pickle"
    write_snapshot(e, path)
    data = pickle.loads(path.read_bytes())
    figures = snapshot_figures(data)
    assert figures.peak_allocated == e.peak_bytes
    assert figures.peak_reserved == e.peak_reserved_bytes
    # PyTorch's helpers accept it: segsum checks that every segment's blocks add up
    summary = memory_viz.segsum(data)
    assert f"segments: {len(data['segments'])}" in summary
    assert f"{len(data['device_traces'][0])} entries" in memory_viz.trace(data)
    assert "active_allocated" in memory_viz.segments(data, format_flamegraph=lambda lines: lines)
    assert memory_viz.trace_plot(data).startswith("\n<!DOCTYPE html>")


def test_trace_sizes_are_requests_and_frames_name_the_tensor_and_phase():
    e = estimate(TrainingConfig(hidden=(128,), batch_size=64))
    trace = predicted_snapshot(e)["device_traces"][0]
    x = next(ev for ev in trace if ev["action"] == "alloc" and ev["frames"][0]["name"] == "x")
    assert x["size"] == 64 * 784 * 4  # orig_size, as PyTorch records it; the block is rounded
    assert x["frames"][1]["name"] == "transfer (iteration 1)"
    allocs = sum(ev["action"] == "alloc" for ev in trace)
    assert allocs == sum(ev["action"] == "free_requested" for ev in trace) + sum(
        b["state"] == "active_allocated" for s in predicted_snapshot(e)["segments"] for b in s["blocks"])


def test_a_step_that_runs_out_ends_with_an_oom_entry():
    e = estimate(TrainingConfig(hidden=(4096, 4096), batch_size=30000, allocator_limit_bytes=1 << 30))
    assert not e.fits
    data = predicted_snapshot(e)
    assert data["device_traces"][0][-1]["action"] == "oom"
    assert snapshot_figures(data).ooms == 1
    memory_viz.segsum(data)
