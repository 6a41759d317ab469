"""A probe measures each cuDNN convolution call of the step alone and stores the workspaces with its
calibration; `estimate --gpu local` then finds every call and says "measured". The fake backend
reports the sizes (tests/support/fake_backend.py); measuring for real needs a GPU."""

import io
import json

import pytest

from core import TrainingConfig, estimate
from core.cli.estimate import run_estimate
from core.cli.probe import run_probe_cli
from core.measure.calibration import (
    MAX_CONV_ENTRIES,
    Calibration,
    calibrate,
    find_calibration,
    gpu_spec,
    merged_workspaces,
    read_calibration_file,
    save_calibration,
)
from core.measure.probe import run_probe
from tests.support.fake_backend import FakeBackend

pytest.importorskip("torch")

DEVICE = {"name": "Fake GPU", "total_memory_bytes": 10**9, "architecture": "Ampere", "sm_count": 40,
          "threads_per_sm": 1536}
CNN = ["--model", "course-cnn", "--dataset", "cifar10", "--batch-size", "8"]
W = 256 << 20


def first_conv_forward(call, batch):
    """256 MiB for the first convolution's forward (3 input channels), nothing for the rest."""
    return (W, 0) if call.direction == "forward" and call.weight[1] == 3 else (0, 0)


def _config(**kw) -> TrainingConfig:
    base = {"model": "course-cnn", "dataset": "cifar10", "batch_size": 8}
    return TrainingConfig(**{**base, **kw})


def _local(config: TrainingConfig) -> TrainingConfig:
    from dataclasses import replace

    return replace(config, gpu="local", local_gpu=gpu_spec(DEVICE, find_calibration("Fake GPU")))


def _cli(run, *argv):
    out, err = io.StringIO(), io.StringIO()
    code = run(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_a_probe_stores_each_calls_workspace_and_the_estimate_then_says_measured():
    backend = FakeBackend(conv_sizes=first_conv_forward)
    result = run_probe(_local(_config()), backend)
    assert result.status == "done" and result.cudnn_version == FakeBackend.CUDNN
    assert len(result.conv_workspaces) == 8  # three forwards, three weight gradients, two input gradients
    assert sorted(e["workspace_bytes"] for e in result.conv_workspaces)[-2:] == [0, W]
    before = estimate(_local(_config()))
    assert before.conv_workspaces == "estimated"

    assert calibrate(result, DEVICE).stored.conv_workspaces == tuple(result.conv_workspaces)
    after = estimate(_local(_config()))
    assert after.conv_workspaces == "measured" and after.exact
    assert after.peak_high_bytes == after.peak_bytes  # the band has collapsed
    # the workspace is borrowed during the first convolution's forward, on top of what is alive
    # then (in a later iteration, the gradients and the optimizer state too), and freed after it
    assert after.peak_phase[0] == "forward" and after.peak_phase[1] > 1
    workspace = [t for t in after.peak_tensors if t.name == "cudnn_workspace"]
    assert [t.block for t in workspace] == [W]
    assert after.peak_bytes - W < before.peak_bytes
    forward = {p.iteration: p for p in after.timeline if p.phase == "forward"}
    assert all(p.components["workspace"] >= W and p.end_components["workspace"] < W for p in forward.values())
    assert after.peak_reserved_bytes >= after.peak_bytes


def test_benchmark_mode_is_measured_as_the_config_says_and_kept_apart():
    backend = FakeBackend(conv_sizes=lambda call, batch: (4096, 1 << 20))
    result = run_probe(_local(_config(cudnn_benchmark=True)), backend)
    assert backend.conv_measured == [("course-cnn", 8, True)]
    assert {e["benchmark"] for e in result.conv_workspaces} == {True}
    calibrate(result, DEVICE)
    assert estimate(_local(_config(cudnn_benchmark=True))).conv_workspaces == "measured"
    assert estimate(_local(_config())).conv_workspaces == "estimated"  # without benchmark: not measured


def test_the_command_says_how_many_calls_it_measured_and_estimate_gpu_local_finds_them():
    code, out, _ = _cli(lambda a, o, e: run_probe_cli(a, o, e, backend=FakeBackend(conv_sizes=first_conv_forward),
                                                      device=DEVICE), *CNN)
    assert code == 0
    assert "cuDNN convolution workspaces: 8 calls measured alone (cuDNN 91000, benchmark off)" in out
    code, out, err = _cli(run_estimate, *CNN, "--gpu", "local", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["conv_workspaces"] == "measured"
    code, out, _ = _cli(run_estimate, *CNN, "--gpu", "local")
    assert "convolution workspaces: measured for this GPU and cuDNN version" in out


def test_json_counts_the_measured_calls():
    code, out, _ = _cli(lambda a, o, e: run_probe_cli(a, o, e, backend=FakeBackend(), device=DEVICE), *CNN, "--json")
    assert code == 0
    measured = json.loads(out)["measured"]
    assert measured["conv_workspaces_measured"] == 8 and measured["cudnn_version"] == FakeBackend.CUDNN


def test_a_failed_measurement_is_told_and_the_loops_calibration_still_saved():
    code, out, _ = _cli(lambda a, o, e: run_probe_cli(a, o, e, backend=FakeBackend(fail_at="conv_workspaces"),
                                                      device=DEVICE), *CNN)
    assert code == 0
    assert "cuDNN convolution workspaces not measured: RuntimeError: the measuring process ended" in out
    cal = find_calibration("Fake GPU")
    assert cal is not None and cal.conv_workspaces == ()
    assert estimate(_local(_config())).conv_workspaces == "estimated"


def test_a_probe_of_another_model_adds_to_the_stored_workspaces():
    run_probe_cli(CNN, io.StringIO(), io.StringIO(), backend=FakeBackend(), device=DEVICE)
    other = ["--model", "course-cnn", "--dataset", "cifar10", "--batch-size", "16"]
    run_probe_cli(other, io.StringIO(), io.StringIO(), backend=FakeBackend(), device=DEVICE)
    run_probe_cli(["--hidden", "16"], io.StringIO(), io.StringIO(), backend=FakeBackend(), device=DEVICE)  # no conv
    cal = find_calibration("Fake GPU")
    assert sorted({e["input"][0] for e in cal.conv_workspaces}) == [8, 16] and len(cal.conv_workspaces) == 16
    assert estimate(_local(_config(batch_size=8))).conv_workspaces == "measured"
    assert estimate(_local(_config(batch_size=16))).conv_workspaces == "measured"


def test_a_calibration_file_of_the_old_format_still_reads_and_a_probe_replaces_its_entry():
    old = {"gpu_name": "Fake GPU", "torch_version": "0.0-fake", "workspace_bytes": 18087936,
           "cuda_context_bytes": 500000, "memory_bytes": 10**9, "arch": "ampere", "sm_count": 40,
           "threads_per_sm": 1536, "measured_at": "2025-01-02T00:00:00+00:00"}
    path = read_calibration_file().path
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "entries": [old]}))
    read = read_calibration_file()
    assert not read.problems and read.entries[0].conv_workspaces == () and read.entries[0].cudnn_version == 0
    assert estimate(_local(_config())).conv_workspaces == "estimated"
    run_probe_cli(CNN, io.StringIO(), io.StringIO(), backend=FakeBackend(), device=DEVICE)
    (entry,) = json.loads(path.read_text())["entries"]
    assert entry["cudnn_version"] == FakeBackend.CUDNN and len(entry["conv_workspaces"]) == 8


def test_the_stored_workspaces_are_bounded_the_newest_kept():
    def made(i):
        return {"gpu": "G", "cudnn": 1, "benchmark": False, "direction": "forward", "input": [i, 3, 8, 8],
                "weight": [4, 3, 3, 3], "stride": [1, 1], "padding": [1, 1], "dilation": [1, 1], "groups": 1,
                "transposed": False, "dtype": "float32", "workspace_bytes": i}

    old = [made(i) for i in range(1, MAX_CONV_ENTRIES + 1)]
    new = [made(1) | {"workspace_bytes": 7}, made(MAX_CONV_ENTRIES + 1)]
    merged = merged_workspaces(old, new)
    assert len(merged) == MAX_CONV_ENTRIES and merged[:2] == tuple(new)
    cal = Calibration("G", "1", 1 << 20, 1 << 20, 1 << 30, cudnn_version=1, conv_workspaces=tuple(old))
    save_calibration(cal)
    assert len(find_calibration("G").conv_workspaces) == MAX_CONV_ENTRIES


def test_the_child_that_measures_reports_its_error_in_one_line(monkeypatch):
    """The real measuring runs in a spawned child; without CUDA it fails there, and says why."""
    import torch

    from core.measure.conv_workspaces import calls_of, measure_in_child

    if torch.cuda.is_available():
        pytest.skip("a CUDA device is here: see the next test")
    calls = calls_of(_config())
    with pytest.raises(RuntimeError) as caught:
        measure_in_child(calls[:1], 8, benchmark=False, timeout_s=120)
    assert "\n" not in str(caught.value) and str(caught.value)


def test_on_a_gpu_each_call_is_measured_in_a_child():
    import torch

    from core.measure.backend import TorchCudaBackend

    if not torch.cuda.is_available():
        pytest.skip("needs a CUDA device")
    cudnn, entries = TorchCudaBackend().conv_workspaces(_config())
    assert cudnn == torch.backends.cudnn.version() and len(entries) == 8
    assert {e["gpu"] for e in entries} == {torch.cuda.get_device_name()}
