"""Runtime costs measured on this machine, stored per (GPU name, torch version).

Two figures the tensors don't explain, measured by a probe (core.probe) in a fresh process:

* **library workspace**: what `memory_allocated()` still holds once the probe has dropped every
  tensor of the loop it ran (model, optimizer, batch, outputs) and collected garbage. Only the
  cuBLAS/cuBLASLt workspaces, which the caching allocator keeps for the handles after the first
  matmul, are left. It is stored as the catalogue states it (core.engine.catalog.RuntimeCosts): two
  handles' cuBLAS workspaces and PyTorch's default cuBLASLt workspace, which a probe whose
  forward pass took no cuBLASLt path (a batch of one) did not see. This does not depend on the
  engine's own model of the tensors, so a calibration can't hide an engine error. It is valid
  only if the process held nothing before the probe (``start_allocated_bytes == 0``);
  `calibration_from_probe` checks that.
* **CUDA context**: device memory in use (total − free, `mem_get_info`) once CUDA is
  initialised, minus what the allocator of this process had reserved by then. Other processes
  on the same GPU count too: calibrate on an otherwise idle GPU.

The file is ``calibration.json`` in ``platformdirs.user_config_dir("memcalc")``, or in
``$MEMCALC_CONFIG_DIR`` when that is set (tests). The engine uses a calibration through a
`GpuSpec` that carries it (`gpu_spec`, or ``TrainingConfig(gpu="local")``); its figures then
say ``source == "calibrated"``, catalogue figures say "measured" or "estimated".
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path

from ..engine.catalog import CUBLASLT_WORKSPACE_BYTES, GpuSpec, RuntimeCosts, split_workspace
from .probe import ProbeResult

__all__ = [
    "ARCH_KEYS", "Calibrated", "Calibration", "calibrate", "calibration_from_probe", "calibration_path",
    "find_calibration", "gpu_spec", "load_calibrations", "save_calibration", "stored_local_gpu",
]

FILE_NAME = "calibration.json"
ARCH_KEYS = {"Volta": "volta", "Turing": "turing", "Ampere": "ampere", "Ada": "ada", "Hopper": "hopper",
             "Blackwell": "blackwell"}
"""machine.architecture() names → the catalogue's arch keys (runtime.json)."""


@dataclass(frozen=True)
class Calibration:
    gpu_name: str
    torch_version: str
    workspace_bytes: int
    cuda_context_bytes: int
    memory_bytes: int
    arch: str = "hopper"
    sm_count: int = 132
    threads_per_sm: int = 2048
    measured_at: str = ""

    @property
    def runtime(self) -> RuntimeCosts:
        note = f"measured on this machine: {self.gpu_name}, torch {self.torch_version}"
        return RuntimeCosts(self.workspace_bytes, self.cuda_context_bytes, "calibrated",
                            note + (f", {self.measured_at[:10]}" if self.measured_at else ""))


def calibration_path() -> Path:
    folder = os.environ.get("MEMCALC_CONFIG_DIR")
    if not folder:
        import platformdirs

        folder = platformdirs.user_config_dir("memcalc")
    return Path(folder) / FILE_NAME


def load_calibrations() -> list[Calibration]:
    """Every stored calibration, oldest first; [] if there is no file or it can't be read."""
    try:
        data = json.loads(calibration_path().read_text("utf-8"))
        return [Calibration(**entry) for entry in data["entries"]]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def save_calibration(cal: Calibration) -> Path:
    """Stores `cal`, replacing an earlier one for the same GPU name and torch version."""
    if not cal.measured_at:
        cal = Calibration(**{**asdict(cal), "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
    kept = [c for c in load_calibrations() if (c.gpu_name, c.torch_version) != (cal.gpu_name, cal.torch_version)]
    path = calibration_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"version": 1, "entries": [asdict(c) for c in [*kept, cal]]}
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=1), "utf-8")
    tmp.replace(path)
    return path


def find_calibration(gpu_name: str | None = None, torch_version: str | None = None) -> Calibration | None:
    """The latest calibration of that GPU (any GPU if None), for that torch version if given."""
    found = [
        c for c in load_calibrations()
        if (gpu_name is None or c.gpu_name == gpu_name) and (torch_version is None or c.torch_version == torch_version)
    ]
    return max(found, key=lambda c: c.measured_at) if found else None


def gpu_spec(device: dict, calibration: Calibration | None = None) -> GpuSpec:
    """A GpuSpec for a device as core.machine describes it, with the calibration's costs if any."""
    return GpuSpec(
        key="local",
        name=device["name"],
        memory_bytes=device["total_memory_bytes"],
        arch=ARCH_KEYS.get(device["architecture"], "hopper"),
        sm_count=device["sm_count"],
        threads_per_sm=device.get("threads_per_sm") or 2048,
        runtime=calibration.runtime if calibration else None,
    )


def stored_local_gpu() -> GpuSpec | None:
    """The most recently calibrated GPU of this machine, read from the file alone (no torch)."""
    cal = find_calibration()
    if cal is None:
        return None
    device = {"name": cal.gpu_name, "total_memory_bytes": cal.memory_bytes, "sm_count": cal.sm_count,
              "threads_per_sm": cal.threads_per_sm, "architecture": ""}
    return replace(gpu_spec(device, cal), arch=cal.arch)


def calibration_from_probe(result: ProbeResult, device: dict) -> Calibration | None:
    """A calibration from a finished probe that started on a clean process; else None."""
    if result.status != "done" or result.start_allocated_bytes != 0:
        return None
    if result.workspace_bytes is None or result.context_bytes is None:
        return None
    handle, _ = split_workspace(result.workspace_bytes, result.takes_cublaslt)
    return Calibration(
        gpu_name=device["name"],
        torch_version=result.torch_version,
        workspace_bytes=2 * handle + CUBLASLT_WORKSPACE_BYTES,
        cuda_context_bytes=result.context_bytes,
        memory_bytes=device["total_memory_bytes"],
        arch=ARCH_KEYS.get(device["architecture"], "hopper"),
        sm_count=device["sm_count"],
        threads_per_sm=device.get("threads_per_sm") or 2048,
    )


@dataclass(frozen=True)
class Calibrated:
    """What a probe taught about this machine: the calibration it measured (None when the run
    was not clean), the stored entry for this GPU and torch version, and where it was written."""

    measured: Calibration | None
    stored: Calibration | None
    path: Path | None


def calibrate(result: ProbeResult, device: dict | None, save: bool = True) -> Calibrated:
    """A probe's calibration, stored (unless `save` is False) in place of an earlier one."""
    measured = calibration_from_probe(result, device) if device is not None else None
    if measured is None or not save:
        return Calibrated(measured, None, None)
    path = save_calibration(measured)
    return Calibrated(measured, find_calibration(measured.gpu_name, measured.torch_version), path)
