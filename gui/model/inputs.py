"""InputState: every input of the window as shown (texts as typed, keys of the choices), and the
TrainingConfig it describes."""

from __future__ import annotations

from dataclasses import dataclass, fields

from core import DATASETS, DTYPES, OPTIMIZERS, ZERO_GRAD_CHOICES, ConfigError, GpuSpec, TrainingConfig, gpus
from core.units import gib_to_bytes

from .errors import InputError
from .parsing import parse_batch, parse_gib, parse_hidden

__all__ = ["CUSTOM_DATASETS", "SPIN_LIMITS", "InputState", "LocalGpu", "choice_keys"]

CUSTOM_DATASETS = ("custom", "folder")
"""Datasets whose shape and classes are inputs: a custom shape, or the image folder read."""

SPIN_LIMITS = {"channels": (1, 4096), "height": (1, 65_536), "width": (1, 65_536), "classes": (1, 10_000_000)}


@dataclass(frozen=True)
class LocalGpu:
    """This machine's GPU: found by a worker (name and memory) or calibrated (`spec` set)."""

    name: str
    memory_bytes: int
    spec: GpuSpec | None = None

    @property
    def calibrated(self) -> bool:
        return self.spec is not None and self.spec.runtime is not None


def choice_keys(field: str, local: LocalGpu | None = None) -> tuple[str, ...]:
    """The keys a choice input can take."""
    if field == "dataset":
        return (*DATASETS, *CUSTOM_DATASETS)
    if field == "dtype":
        return tuple(DTYPES)
    if field == "optimizer":
        return tuple(OPTIMIZERS)
    if field == "zero_grad":
        return ZERO_GRAD_CHOICES
    if field == "gpu":
        return (*gpus(), "custom", *(("local",) if local is not None else ()))
    raise KeyError(field)


@dataclass(frozen=True)
class InputState:
    dataset: str = "mnist"
    channels: int = 3
    height: int = 32
    width: int = 32
    classes: int = 10
    hidden: str = "128"
    dtype: str = "float32"
    optimizer: str = "adam"
    zero_grad: str = "after-forward"
    batch_size: str = "64"
    gpu: str = "h100-80gb"
    gpu_gib: str = "24"

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @property
    def custom_shape(self) -> bool:
        return self.dataset in CUSTOM_DATASETS

    def config(self, local: LocalGpu | None = None) -> TrainingConfig:
        """The config these inputs describe; raises InputError naming the first bad one."""
        hidden = parse_hidden(self.hidden)
        batch = parse_batch(self.batch_size)
        gpu, memory, local_spec = self.gpu, None, None
        if gpu == "custom":
            memory = gib_to_bytes(parse_gib(self.gpu_gib))
        elif gpu == "local":
            if local is None:
                raise InputError("gpu", "local", "no_local")
            if local.spec is None:
                gpu, memory = "custom", local.memory_bytes
            else:
                local_spec = local.spec
        custom = self.custom_shape
        try:
            return TrainingConfig(
                dataset="custom" if custom else self.dataset,
                hidden=hidden,
                dtype=self.dtype,
                optimizer=self.optimizer,
                batch_size=batch,
                gpu=gpu,
                zero_grad=self.zero_grad,
                input_shape=(self.channels, self.height, self.width) if custom else None,
                classes=self.classes if custom else None,
                gpu_memory_bytes=memory,
                local_gpu=local_spec,
            )
        except ConfigError as exc:
            raise InputError.from_config_error(exc) from exc
