"""One training configuration, validated where it is made."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property

from .allocator.conf import AllocConf, parse_alloc_conf
from .catalog import DATASETS, DTYPES, GpuSpec, gpus
from .errors import ConfigError
from .model.layers import layer_shapes
from .model.mlp import Mlp
from .model.spec import ModelSpec, model_spec
from .step.optimizers import OPTIMIZERS

__all__ = [
    "AMP_DTYPES", "MAX_TENSOR_BYTES", "ZERO_GRAD_CHOICES", "ConfigError", "TrainingConfig", "parse_sizes",
]

ZERO_GRAD_CHOICES = ("after-forward", "before-forward")
AMP_DTYPES = ("float16", "bfloat16")
MAX_TENSOR_BYTES = 1 << 64
"""A tensor larger than a 64-bit address space could ever hold is bad input, not a big model."""


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
    """'512, 256' → (512, 256); '' → (). Every item must be a positive whole number. Full-width
    digits and commas ("512，256") and "、", as Chinese input methods type them, are read too."""
    text = unicodedata.normalize("NFKC", text).replace("、", ",").replace(";", ",")
    items = [t.strip() for t in text.split(",")]
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
    model: str = "mlp"
    """"mlp" (from `hidden`), "course-cnn" or a torchvision name; see `layers` and `model_file`."""
    layers: str | None = None
    """A layer list (core.engine.model.layers) instead of a named model."""
    model_file: str | None = None
    """"path.py:NAME": an nn.Module subclass or a function returning one, built with no arguments."""
    amp: str | None = None
    """Mixed precision: forward and loss under torch.autocast("cuda", dtype=amp), the model float32."""
    grad_scaler: bool = True
    """With amp: the loop uses torch.amp.GradScaler("cuda")."""
    checkpoint_segments: int | None = None
    """The forward pass through torch.utils.checkpoint.checkpoint_sequential(model, N, x)."""
    checkpoint_blocks: bool = False
    """Each top-level block of the model (a child module with modules of its own: a ResNet's
    layer1..4, VGG's features) through torch.utils.checkpoint.checkpoint(use_reentrant=False),
    for any model; checkpoint_segments is for a sequence of layers."""
    alloc_conf: str = ""
    """PYTORCH_CUDA_ALLOC_CONF, e.g. "expandable_segments:True" (core.engine.allocator.conf)."""
    allocator_limit_bytes: int | None = None
    """What torch.cuda.set_per_process_memory_fraction(N / total_memory) lets the allocator use."""
    local_gpu: GpuSpec | None = field(default=None, repr=False, compare=False)
    """For gpu="local": this machine's GPU, as core.measure.calibration describes it."""
    gpu_spec: GpuSpec = field(init=False, repr=False, compare=False)
    model_spec: ModelSpec = field(init=False, repr=False, compare=False)
    alloc: AllocConf = field(init=False, repr=False, compare=False)

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
        if not isinstance(hidden, (tuple, list)):
            raise ConfigError("hidden", hidden, "is not a list of sizes")
        set_(self, "hidden", tuple(_positive_int("hidden", h) for h in hidden))
        set_(self, "batch_size", _positive_int("batch_size", self.batch_size))
        self._set_shape()
        set_(self, "gpu_spec", self._resolve_gpu())
        set_(self, "model_spec", model_spec(self.model, self.layers, self.model_file))
        set_(self, "alloc", parse_alloc_conf(self.alloc_conf))
        self._check_limit()
        self._check_training()
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

    def _check_limit(self) -> None:
        if self.allocator_limit_bytes is None:
            return
        limit = _positive_int("allocator_limit_bytes", self.allocator_limit_bytes)
        if limit > self.gpu_spec.usable_bytes:
            raise ConfigError("allocator_limit_bytes", limit, f"is more than the {self.gpu_spec.usable_bytes:,} B "
                              f"CUDA reports for {self.gpu_spec.name}")
        object.__setattr__(self, "allocator_limit_bytes", limit)

    @property
    def allocator_limit(self) -> int | None:
        """The limit as the allocator keeps it: size_t(fraction × total_memory)."""
        if self.allocator_limit_bytes is None:
            return None
        total = self.gpu_spec.usable_bytes
        return int(self.allocator_limit_bytes / total * total)

    def _check_training(self) -> None:
        """Mixed precision and checkpointing, as the loop would run them."""
        if self.amp is not None:
            if self.amp not in AMP_DTYPES:
                raise ConfigError("amp", self.amp, f"is not one of {', '.join(AMP_DTYPES)}")
            if self.dtype != "float32":
                raise ConfigError("dtype", self.dtype, "must be float32 with amp: autocast keeps the model in float32 "
                                  "and computes in the amp dtype")
        if not isinstance(self.grad_scaler, bool):
            raise ConfigError("grad_scaler", self.grad_scaler, "is not true or false")
        if self.checkpoint_segments is not None:
            segments = _positive_int("checkpoint_segments", self.checkpoint_segments)
            set_ = object.__setattr__
            set_(self, "checkpoint_segments", segments)
            self._check_segments(segments)

    def _check_segments(self, segments: int) -> None:
        spec = self.model_spec
        if spec.is_sequence is False:
            raise ConfigError("checkpoint_segments", segments, f"applies to models that are a sequence of layers "
                              f"(nn.Sequential); {spec.name} is not one")
        if spec.is_sequence and segments > self.sequence_length:
            raise ConfigError("checkpoint_segments", segments, f"is more than the model's {self.sequence_length} "
                              "layers")

    @property
    def sequence_length(self) -> int:
        """How many modules the model's nn.Sequential holds (MLP and layer lists)."""
        if self.model_spec.kind == "mlp":
            return 2 * len(self.hidden) + 2
        return len(self.model_spec.layers)

    def _check_sizes(self) -> None:
        if self.model_spec.kind == "layers":
            layer_shapes(self.model_spec.layers, self.image_shape, self.class_count)
        s, image = self.itemsize, self.in_features * self.itemsize
        if self.dataset == "custom" and image >= MAX_TENSOR_BYTES:
            raise ConfigError("input_shape", self.input_shape, "makes an image larger than any machine can address")
        if self.dataset == "custom" and self.class_count * s >= MAX_TENSOR_BYTES:
            raise ConfigError("classes", self.classes, "is more than any machine can address")
        for fan_in, fan_out in self.mlp.linears if self.model_spec.kind == "mlp" else ():
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

    @cached_property
    def mlp(self) -> Mlp:
        """The course MLP from `hidden` (for other models, the MLP their loop's data would feed)."""
        return Mlp(self.in_features, self.hidden, self.class_count)

    @property
    def widths(self) -> tuple[int, ...]:
        return self.mlp.widths

    @property
    def in_features(self) -> int:
        c, h, w = self.image_shape
        return c * h * w

    @property
    def is_plain_mlp(self) -> bool:
        """The course MLP in the plain loop: the engine writes its program by hand, without torch."""
        return (self.model_spec.kind == "mlp" and self.amp is None and self.checkpoint_segments is None
                and not self.checkpoint_blocks)

    def with_batch(self, batch_size: int) -> TrainingConfig:
        return replace(self, batch_size=batch_size)
