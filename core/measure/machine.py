"""What this machine has: the CPU, and each CUDA device with the facts the engine needs.

`machine_info()` never raises and imports torch only when called; without torch or without a
GPU it says so (``gpus == []`` and ``gpu_note`` gives the reason) and still describes the CPU.
`device_memory()` is a cheap sampler for a live gauge: NVML when pynvml is importable (it
does not create a CUDA context), else torch.cuda.mem_get_info.
"""

from __future__ import annotations

import os
import platform

__all__ = ["ARCHITECTURES", "architecture", "cpu_info", "device_memory", "first_gpu", "gpu_devices", "machine_info"]

ARCHITECTURES = {7: "Volta", 8: "Ampere", 9: "Hopper", 10: "Blackwell", 12: "Blackwell"}
"""Compute capability major → generation; the minor numbers that differ are in `architecture`."""


def architecture(major: int, minor: int) -> str:
    """Compute capability → generation name: 7.5 Turing, 8.9 Ada, 8.0/8.6 Ampere, 9.0 Hopper..."""
    if (major, minor) == (7, 5):
        return "Turing"
    if (major, minor) == (8, 9):
        return "Ada"
    return ARCHITECTURES.get(major, f"unknown (compute capability {major}.{minor})")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            for line in f:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine() or "unknown CPU"


def _physical_cores() -> int | None:
    try:
        import psutil  # optional: only used when it is already installed

        return psutil.cpu_count(logical=False)
    except ImportError:
        pass
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            text = f.read()
    except OSError:
        return None
    cores, physical = set(), None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "physical id":
            physical = value.strip()
        elif key.strip() == "core id":
            cores.add((physical, value.strip()))
    return len(cores) or None


def cpu_info() -> dict:
    return {"model": _cpu_model(), "cores": _physical_cores(), "threads": os.cpu_count()}


def gpu_devices(torch) -> list[dict]:
    devices = []
    for index in range(torch.cuda.device_count()):
        p = torch.cuda.get_device_properties(index)
        devices.append({
            "index": index,
            "name": p.name,
            "total_memory_bytes": p.total_memory,
            "compute_capability": f"{p.major}.{p.minor}",
            "architecture": architecture(p.major, p.minor),
            "sm_count": p.multi_processor_count,
            "threads_per_sm": getattr(p, "max_threads_per_multi_processor", None),
        })
    return devices


def machine_info() -> dict:
    """CPU, and for each CUDA device its name, memory, compute capability, generation and SMs."""
    info: dict = {"cpu": cpu_info(), "platform": platform.platform(), "python": platform.python_version(),
                  "torch": None, "cuda": None, "cudnn": None, "gpus": [], "gpu_note": ""}
    try:
        import torch
    except ImportError:
        info["gpu_note"] = "PyTorch is not installed"
        return info
    info["torch"] = torch.__version__
    info["cuda"] = torch.version.cuda
    try:
        info["cudnn"] = torch.backends.cudnn.version() if torch.backends.cudnn.is_available() else None
        if not torch.cuda.is_available():
            info["gpu_note"] = "no CUDA device (torch.cuda.is_available() is False)"
            return info
        info["gpus"] = gpu_devices(torch)
    except Exception as e:  # a driver error is a fact about this machine, not a crash
        info["gpu_note"] = f"CUDA error: {e}".splitlines()[0]
    return info


def first_gpu() -> dict | None:
    """The first CUDA device as `machine_info` describes it; None without one. Imports torch."""
    gpus = machine_info()["gpus"]
    return gpus[0] if gpus else None


def device_memory(index: int = 0) -> tuple[int, int, int] | None:
    """(used, free, total) bytes of device `index` as the driver sees it; None without a GPU."""
    try:
        import pynvml  # optional

        pynvml.nvmlInit()
        mem = pynvml.nvmlDeviceGetMemoryInfo(pynvml.nvmlDeviceGetHandleByIndex(index))
        return int(mem.used), int(mem.free), int(mem.total)
    except Exception:  # not installed, or no NVML driver: fall back to torch
        pass
    try:
        import torch

        if not torch.cuda.is_available():
            return None
        free, total = torch.cuda.mem_get_info(index)
        return total - free, free, total
    except Exception:
        return None
