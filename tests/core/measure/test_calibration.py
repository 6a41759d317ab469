"""Calibration file round trip, and the engine using it; machine info without a GPU."""

import sys

import pytest

from core import ConfigError, TrainingConfig, estimate
from core.measure.calibration import (
    Calibration,
    calibration_from_probe,
    calibration_path,
    find_calibration,
    gpu_spec,
    load_calibrations,
    save_calibration,
)
from core.measure.machine import architecture, device_memory, machine_info
from core.measure.probe import probe_availability, run_probe
from tests.support.fake_backend import FakeBackend

CAL = Calibration("NVIDIA L4", "2.14.1", 9_437_184, 400_000_000, 23_580_639_232, "ada", 58, 1536,
                  "2025-01-02T00:00:00+00:00")


def test_round_trip_in_the_config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MEMCALC_CONFIG_DIR", str(tmp_path))
    assert load_calibrations() == [] and find_calibration() is None
    path = save_calibration(CAL)
    assert path == tmp_path / "calibration.json" == calibration_path()
    newer = Calibration(**{**vars(CAL), "workspace_bytes": 1, "measured_at": "2025-02-01T00:00:00+00:00"})
    save_calibration(newer)
    other = Calibration(**{**vars(CAL), "torch_version": "2.13.0", "measured_at": "2025-01-05T00:00:00+00:00"})
    save_calibration(other)
    assert len(load_calibrations()) == 2  # one per (GPU, torch version)
    assert find_calibration("NVIDIA L4", "2.14.1") == newer
    assert find_calibration("NVIDIA L4") == newer and find_calibration("NVIDIA T4") is None


def test_a_broken_file_reads_as_no_calibration(tmp_path, monkeypatch):
    monkeypatch.setenv("MEMCALC_CONFIG_DIR", str(tmp_path))
    (tmp_path / "calibration.json").write_text("{not json")
    assert load_calibrations() == []


def test_the_engine_says_whether_figures_are_calibrated_or_catalogue():
    catalogue = estimate(TrainingConfig(gpu="l4-24gb"))
    assert catalogue.runtime.source == "estimated"
    device = {"name": "NVIDIA L4", "total_memory_bytes": CAL.memory_bytes, "architecture": "Ada", "sm_count": 58,
              "threads_per_sm": 1536}
    local = estimate(TrainingConfig(gpu="local", local_gpu=gpu_spec(device, CAL)))
    assert local.runtime.source == "calibrated" and "NVIDIA L4" in local.runtime.note
    assert local.component_bytes["workspace"] == CAL.workspace_bytes
    assert local.device_total_bytes == local.peak_bytes + CAL.cuda_context_bytes
    assert local.to_dict()["runtime_source"] == "calibrated"
    assert "calibrated" in local.components["workspace"].formula
    uncalibrated = estimate(TrainingConfig(gpu="local", local_gpu=gpu_spec(device)))
    assert uncalibrated.runtime == catalogue.runtime


def test_gpu_local_takes_the_stored_calibration():
    """The config is a value: it never reads files; the command line reads the calibration."""
    from core.cli.options import config_from_mapping

    with pytest.raises(ConfigError, match="local"):
        config_from_mapping({"gpu": "local"})
    save_calibration(CAL)
    with pytest.raises(ConfigError, match="local"):
        TrainingConfig(gpu="local")
    config = config_from_mapping({"gpu": "local", "batch_size": 32})
    assert config.gpu_spec.name == "NVIDIA L4" and config.gpu_spec.arch == "ada"
    assert config.with_batch(64).gpu_spec == config.gpu_spec
    assert estimate(config).max_batch_size > 0


@pytest.mark.parametrize("batch", [64, 1])
def test_a_calibration_stores_the_workspace_of_a_step_with_cublaslt(batch):
    """A batch of one takes no cuBLASLt path, so its probe sees two handles' workspaces only; the
    calibration adds PyTorch's default cuBLASLt workspace back, as the catalogue counts it."""
    backend = FakeBackend()
    if batch == 1:
        backend.CUBLASLT = 0
    result = run_probe(TrainingConfig(hidden=(16,), batch_size=batch), backend)
    device = {"name": "Fake GPU", "total_memory_bytes": FakeBackend.TOTAL, "architecture": "Hopper", "sm_count": 132}
    cal = calibration_from_probe(result, device)
    assert cal is not None and cal.workspace_bytes == FakeBackend.WORKSPACE
    assert (cal.runtime.cublas_handle_bytes, cal.runtime.cublaslt_bytes) == (FakeBackend.HANDLE, FakeBackend.CUBLASLT)


@pytest.mark.parametrize("cc, name", [((7, 0), "Volta"), ((7, 5), "Turing"), ((8, 0), "Ampere"), ((8, 6), "Ampere"),
                                      ((8, 9), "Ada"), ((9, 0), "Hopper"), ((10, 0), "Blackwell"),
                                      ((12, 0), "Blackwell")])
def test_architecture_names(cc, name):
    assert architecture(*cc) == name


def test_machine_info_without_a_gpu_still_shows_the_cpu(monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    info = machine_info()
    assert info["gpus"] == [] and "no CUDA device" in info["gpu_note"]
    assert info["cpu"]["threads"] >= 1 and info["cpu"]["model"]
    assert info["torch"] == torch.__version__
    assert device_memory() is None or len(device_memory()) == 3


def test_availability_never_raises(monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert probe_availability() == (False, "no CUDA device (torch.cuda.is_available() is False)")

    def broken():
        raise RuntimeError("CUDA driver initialization failed, you might not have a CUDA gpu.\ndetails")

    monkeypatch.setattr(torch.cuda, "is_available", broken)
    reason = "CUDA error: CUDA driver initialization failed, you might not have a CUDA gpu."
    assert probe_availability() == (False, reason)
    monkeypatch.setitem(sys.modules, "torch", None)
    assert probe_availability() == (False, "PyTorch is not installed")
    assert machine_info()["gpu_note"] == "PyTorch is not installed"
