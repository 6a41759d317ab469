"""The choices a user has: datasets, dtypes and GPUs, with the facts memcalc needs of each."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "CATALOGUE_CUDNN",
    "CUBLASLT_WORKSPACE_BYTES",
    "DATASETS",
    "DTYPES",
    "DatasetSpec",
    "GpuSpec",
    "RuntimeCosts",
    "gpus",
    "runtime_costs",
    "runtime_for",
    "split_workspace",
]


@dataclass(frozen=True)
class DatasetSpec:
    label: str
    channels: int
    height: int
    width: int
    classes: int
    train_size: int
    """Images in the training split: a batch cannot usefully be larger."""

    @property
    def shape(self) -> tuple[int, int, int]:
        return (self.channels, self.height, self.width)


DATASETS: dict[str, DatasetSpec] = {
    "mnist": DatasetSpec("MNIST", 1, 28, 28, 10, 60_000),
    "fashion-mnist": DatasetSpec("Fashion-MNIST", 1, 28, 28, 10, 60_000),
    "cifar10": DatasetSpec("CIFAR-10", 3, 32, 32, 10, 50_000),
    "cifar100": DatasetSpec("CIFAR-100", 3, 32, 32, 100, 50_000),
    "imagenet": DatasetSpec("ImageNet-1k", 3, 224, 224, 1000, 1_281_167),
}

DTYPES: dict[str, int] = {"float32": 4, "float16": 2, "bfloat16": 2, "float64": 8}


CATALOGUE_CUDNN = 91900
"""The cuDNN of the catalogue's torch (2.11.0+cu130, as the reference measured it)."""

CUBLASLT_WORKSPACE_BYTES = 1 << 20
"""PyTorch's default cuBLASLt workspace (CUBLASLT_WORKSPACE_SIZE, 1024 KiB)."""


@dataclass(frozen=True)
class RuntimeCosts:
    """Memory the CUDA libraries take besides the tensors. `source` says where the figures come
    from: "measured" (the catalogue's reference machine), "estimated" (catalogue, from library
    defaults) or "calibrated" (measured on this machine, see core.calibration).

    `workspace_bytes` is what the allocator keeps for cuBLAS once a training step has run whose
    forward pass took the cuBLASLt path: a cuBLAS workspace for each thread's handle (the main
    thread's at the first matmul, the autograd thread's at the first matmul of backward) and
    one cuBLASLt workspace."""

    workspace_bytes: int
    cuda_context_bytes: int
    source: str
    note: str = ""
    cuda_context_high_bytes: int | None = None
    """Where the context is estimated, the most it plausibly takes (the CUDA context with cuBLAS'
    and cuDNN's handles and loaded kernels); None where it was measured or calibrated."""
    cudnn_version: int = 0
    """The cuDNN version the figures hold for (`torch.backends.cudnn.version()`); 0: the
    catalogue's (CATALOGUE_CUDNN)."""
    conv_workspaces: tuple[dict[str, Any], ...] = field(default=(), compare=False, hash=False)
    """cuDNN convolution workspaces a probe measured on this GPU, as entries of
    core.engine.step.conv_table."""

    @property
    def cuda_context_range(self) -> tuple[int, int]:
        """(low, high) of the CUDA context: one figure where measured or calibrated."""
        high = self.cuda_context_high_bytes
        return self.cuda_context_bytes, max(self.cuda_context_bytes, high if high is not None else 0)

    @property
    def cublas_handle_bytes(self) -> int:
        """The cuBLAS workspace of one thread's handle."""
        return split_workspace(self.workspace_bytes)[0]

    @property
    def cublaslt_bytes(self) -> int:
        return split_workspace(self.workspace_bytes)[1]


def split_workspace(total: int, cublaslt: bool = True) -> tuple[int, int]:
    """A step's `total` workspace as (one thread's cuBLAS workspace, the cuBLASLt workspace):
    two handles (main and autograd threads) of equal size, and cuBLASLt's if the forward pass
    took its path."""
    lt = min(CUBLASLT_WORKSPACE_BYTES, total) if cublaslt else 0
    return (total - lt) // 2, lt


@dataclass(frozen=True)
class GpuSpec:
    key: str
    name: str
    memory_bytes: int
    """The memory nvidia-smi lists for the card."""
    arch: str = "hopper"
    sm_count: int = 132
    threads_per_sm: int = 2048
    cuda_memory_bytes: int | None = None
    """What CUDA reports (`torch.cuda.get_device_properties(0).total_memory`), the most the
    allocator can ever use; None where it has not been measured."""
    runtime: RuntimeCosts | None = field(default=None, compare=False)
    """Calibrated runtime costs of this very GPU; None: the catalogue's figures for `arch`."""

    @property
    def usable_bytes(self) -> int:
        """CUDA's total memory where it is known, else the listed memory (an upper estimate)."""
        return self.cuda_memory_bytes if self.cuda_memory_bytes is not None else self.memory_bytes


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(resources.files(__package__).joinpath("data").joinpath(name).read_text("utf-8"))
    return data


@lru_cache(maxsize=1)
def gpus() -> dict[str, GpuSpec]:
    return {g["key"]: GpuSpec(**g) for g in _load("gpus.json")["gpus"]}


@lru_cache(maxsize=1)
def _runtime() -> dict[str, RuntimeCosts]:
    return {arch: RuntimeCosts(**v) for arch, v in _load("runtime.json")["architectures"].items()}


def runtime_costs(arch: str) -> RuntimeCosts:
    """The catalogue's costs for an architecture; an unknown one gets the generic estimate."""
    table = _runtime()
    return table.get(arch, table["generic"])


def runtime_for(gpu: GpuSpec) -> RuntimeCosts:
    """The GPU's own calibrated costs when it carries them, else the catalogue's for its arch."""
    return gpu.runtime if gpu.runtime is not None else runtime_costs(gpu.arch)
