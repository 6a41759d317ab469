"""One training configuration, validated where it is made."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from .catalog import DATASETS, DTYPES, GpuSpec, gpus
from .model.mlp import Mlp
from .step.optimizers import OPTIMIZERS

__all__ = ["MAX_TENSOR_BYTES", "ZERO_GRAD_CHOICES", "ConfigError", "TrainingConfig", "parse_sizes"]

ZERO_GRAD_CHOICES = ("after-forward", "before-forward")
MAX_TENSOR_BYTES = 1 << 64
"""A tensor larger than a 64-bit address space could ever hold is bad input, not a big model."""


class ConfigError(ValueError):
    """Bad input. The message names the field and the offending value."""

    def __init__(self, field_name: str, value: object, reason: str, message: str | None = None) -> None:
        super().__init__(message or f"{field_name}: {value!r} {reason}")
        self.field = field_name
        self.value = value


def _positive_int(field_name: str, value: object) -> int:
    if isinstance(value, str):
        try:
            value = int(value.strip())
        except ValueError:
            raise ConfigError(field_name, value, "is not a whole number") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(field_name, value, "is not a whole number")
    if value <= 0:
        raise ConfigError(field_name, value, "must be at least 1")
    return value


def parse_sizes(field_name: str, text: str) -> tuple[int, ...]:
    """'512, 256' → (512, 256); '' → (). Every item must be a positive whole number."""
    items = [t.strip() for t in text.replace(";", ",").split(",")]
    if items == [""]:
        return ()
    return tuple(_positive_int(field_name, t) for t in items)


@dataclass(frozen=True)
class TrainingConfig:
    dataset: str = "mnist"
    hidden: tuple[int, ...] = (128,)
    dtype: str = "float32"
    optimizer: str = "adam"
    batch_size: int = 64
    gpu: str = "h100-80gb"
    zero_grad: str = "after-forward"
    input_shape: tuple[int, int, int] | None = None
    classes: int | None = None
    gpu_memory_bytes: int | None = None
    local_gpu: GpuSpec | None = field(default=None, repr=False, compare=False)
    """For gpu="local": this machine's GPU, as core.measure.calibration describes it."""
    gpu_spec: GpuSpec = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        if self.dataset != "custom" and self.dataset not in DATASETS:
            raise ConfigError("dataset", self.dataset, f"is not one of {', '.join([*DATASETS, 'custom'])}")
        if self.dtype not in DTYPES:
            raise ConfigError("dtype", self.dtype, f"is not one of {', '.join(DTYPES)}")
        if self.optimizer not in OPTIMIZERS:
            raise ConfigError("optimizer", self.optimizer, f"is not one of {', '.join(OPTIMIZERS)}")
        if self.zero_grad not in ZERO_GRAD_CHOICES:
            raise ConfigError("zero_grad", self.zero_grad, f"is not one of {', '.join(ZERO_GRAD_CHOICES)}")
        hidden = self.hidden
        if isinstance(hidden, str):
            hidden = parse_sizes("hidden", hidden)
        set_(self, "hidden", tuple(_positive_int("hidden", h) for h in hidden))
        set_(self, "batch_size", _positive_int("batch_size", self.batch_size))
        self._set_shape()
        set_(self, "gpu_spec", self._resolve_gpu())
        self._check_sizes()

    def _set_shape(self) -> None:
        set_ = object.__setattr__
        if self.dataset == "custom":
            if self.input_shape is None or self.classes is None:
                raise ConfigError("input_shape", self.input_shape, "and classes are needed for a custom dataset")
            shape = tuple(self.input_shape)
            if len(shape) != 3:
                raise ConfigError("input_shape", self.input_shape, "must be three sizes C,H,W")
            set_(self, "input_shape", tuple(_positive_int("input_shape", v) for v in shape))
            set_(self, "classes", _positive_int("classes", self.classes))
        else:
            spec = DATASETS[self.dataset]
            set_(self, "input_shape", spec.shape)
            set_(self, "classes", spec.classes)

    def _resolve_gpu(self) -> GpuSpec:
        if self.gpu == "custom":
            size = _positive_int("gpu_memory_bytes", self.gpu_memory_bytes)
            return GpuSpec("custom", "Custom GPU", size, arch="generic")
        if self.gpu == "local":
            return self._local_gpu()
        catalog = gpus()
        if self.gpu not in catalog:
            raise ConfigError("gpu", self.gpu, "is not a known GPU (see --list-gpus)")
        return catalog[self.gpu]

    def _local_gpu(self) -> GpuSpec:
        if self.local_gpu is None:
            raise ConfigError("gpu", "local", "has no calibration yet: run `main.py probe` on a machine with a GPU")
        return self.local_gpu

    def _check_sizes(self) -> None:
        """A tensor no machine could address is bad input; the message names the value that made it."""
        s, image = self.itemsize, self.in_features * self.itemsize
        if self.dataset == "custom" and image >= MAX_TENSOR_BYTES:
            raise ConfigError("input_shape", self.input_shape, "makes an image larger than any machine can address")
        if self.dataset == "custom" and self.class_count * s >= MAX_TENSOR_BYTES:
            raise ConfigError("classes", self.classes, "is more than any machine can address")
        for fan_in, fan_out in self.mlp.linears:
            if fan_in * fan_out * s >= MAX_TENSOR_BYTES:
                culprit = next((h for h in self.hidden if h in (fan_in, fan_out)), None)
                name, value = ("hidden", culprit) if culprit else ("input_shape", self.input_shape)
                if culprit is None and fan_out == self.class_count:
                    name, value = "classes", self.classes
                raise ConfigError(name, value, "makes a weight larger than any machine can address")
        if self.batch_size * max(self.widths) * s >= MAX_TENSOR_BYTES:
            raise ConfigError("batch_size", self.batch_size, "makes a batch larger than any machine can address")

    @property
    def itemsize(self) -> int:
        return DTYPES[self.dtype]

    @property
    def image_shape(self) -> tuple[int, int, int]:
        """(C, H, W) of one image: the dataset's, or the custom shape."""
        assert self.input_shape is not None  # set by __post_init__
        return self.input_shape

    @property
    def class_count(self) -> int:
        assert self.classes is not None  # set by __post_init__
        return self.classes

    @property
    def mlp(self) -> Mlp:
        c, h, w = self.image_shape
        return Mlp(c * h * w, self.hidden, self.class_count)

    @property
    def widths(self) -> tuple[int, ...]:
        return self.mlp.widths

    @property
    def in_features(self) -> int:
        return self.mlp.in_features

    def with_batch(self, batch_size: int) -> TrainingConfig:
        return replace(self, batch_size=batch_size)
