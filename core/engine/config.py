"""One training configuration, validated where it is made."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from .allocator.conf import AllocConf, parse_alloc_conf
from .catalog import DATASETS, DTYPES, GpuSpec, gpus
from .errors import ConfigError
from .model.layers import layer_shapes
from .model.mlp import Mlp
from .model.spec import ModelSpec, model_spec
from .schema import AMP_DTYPES, FIELDS, ZERO_GRAD_CHOICES, Count, default

__all__ = ["AMP_DTYPES", "MAX_TENSOR_BYTES", "ZERO_GRAD_CHOICES", "ConfigError", "TrainingConfig"]

MAX_TENSOR_BYTES = 1 << 64
"""A tensor larger than a 64-bit address space could ever hold is bad input, not a big model."""
_CHECKED = tuple(f for f in FIELDS if not f.attr)
"""The fields TrainingConfig holds as they are given: their kinds check them."""


@dataclass(frozen=True)
class TrainingConfig:
    dataset: str = default("dataset")
    hidden: tuple[int, ...] = default("hidden")
    dtype: str = default("dtype")
    optimizer: str = default("optimizer")
    batch_size: int = default("batch_size")
    gpu: str = default("gpu")
    zero_grad: str = default("zero_grad")
    input_shape: tuple[int, int, int] | None = default("input_shape")
    classes: int | None = default("classes")
    gpu_memory_bytes: int | None = None
    model: str = default("model")
    """"mlp" (from `hidden`), "course-cnn" or a torchvision name; see `layers` and `model_file`."""
    layers: str | None = default("layers")
    """A layer list (core.engine.model.layers) instead of a named model."""
    model_file: str | None = default("model_file")
    """"path.py:NAME": an nn.Module subclass or a function returning one, built with no arguments."""
    amp: str | None = default("amp")
    """Mixed precision: forward and loss under torch.autocast("cuda", dtype=amp), the model float32."""
    grad_scaler: bool = default("grad_scaler")
    """With amp: the loop uses torch.amp.GradScaler("cuda")."""
    checkpoint_segments: int | None = default("checkpoint_segments")
    """The forward pass through torch.utils.checkpoint.checkpoint_sequential(model, N, x)."""
    checkpoint_blocks: bool = default("checkpoint_blocks")
    """Each top-level block of the model (a child module with modules of its own: a ResNet's
    layer1..4, VGG's features) through torch.utils.checkpoint.checkpoint(use_reentrant=False),
    for any model; checkpoint_segments is for a sequence of layers."""
    alloc_conf: str = default("alloc_conf")
    """PYTORCH_CUDA_ALLOC_CONF, e.g. "expandable_segments:True" (core.engine.allocator.conf)."""
    allocator_limit_bytes: int | None = default("allocator_limit_bytes")
    """What torch.cuda.set_per_process_memory_fraction(N / total_memory) lets the allocator use."""
    cudnn_benchmark: bool = default("cudnn_benchmark")
    """torch.backends.cudnn.benchmark: the first call of each convolution shape times every cuDNN
    engine (core.engine.step.convolutions)."""
    local_gpu: GpuSpec | None = field(default=None, repr=False, compare=False)
    """For gpu="local": this machine's GPU, as core.measure.calibration describes it."""
    gpu_spec: GpuSpec = field(init=False, repr=False, compare=False)
    model_spec: ModelSpec = field(init=False, repr=False, compare=False)
    alloc: AllocConf = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        for f in _CHECKED:
            value = getattr(self, f.key)
            if value is not None:
                set_(self, f.key, f.read(value))
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
                raise ConfigError("input_shape", self.input_shape, "custom_needs")
        else:
            spec = DATASETS[self.dataset]
            set_(self, "input_shape", spec.shape)
            set_(self, "classes", spec.classes)

    def _resolve_gpu(self) -> GpuSpec:
        if self.gpu == "custom":
            size = Count().read("gpu_memory_bytes", self.gpu_memory_bytes)
            return GpuSpec("custom", "Custom GPU", size, arch="generic")
        if self.gpu == "local":
            return self._local_gpu()
        catalog = gpus()
        if self.gpu not in catalog:
            raise ConfigError("gpu", self.gpu, "unknown_gpu")
        return catalog[self.gpu]

    def _local_gpu(self) -> GpuSpec:
        if self.local_gpu is None:
            raise ConfigError("gpu", "local", "no_calibration")
        return self.local_gpu

    def _check_limit(self) -> None:
        if self.allocator_limit_bytes is None:
            return
        limit = self.allocator_limit_bytes
        if limit > self.gpu_spec.usable_bytes:
            raise ConfigError("allocator_limit_bytes", limit, "limit_above_gpu", size=f"{self.gpu_spec.usable_bytes:,}",
                              gpu=self.gpu_spec.name)

    @property
    def allocator_limit(self) -> int | None:
        """The limit as the allocator keeps it: size_t(fraction × total_memory)."""
        if self.allocator_limit_bytes is None:
            return None
        total = self.gpu_spec.usable_bytes
        return int(self.allocator_limit_bytes / total * total)

    def _check_training(self) -> None:
        """Mixed precision and checkpointing, as the loop would run them."""
        if self.amp is not None and self.dtype != "float32":
            raise ConfigError("dtype", self.dtype, "amp_float32")
        if self.checkpoint_segments is not None:
            self._check_segments(self.checkpoint_segments)

    def _check_segments(self, segments: int) -> None:
        spec = self.model_spec
        if spec.is_sequence is False:
            raise ConfigError("checkpoint_segments", segments, "not_sequence", name=spec.name)
        if spec.is_sequence and segments > self.sequence_length:
            raise ConfigError("checkpoint_segments", segments, "more_than_layers", n=self.sequence_length)

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
            raise ConfigError("input_shape", self.input_shape, "image_unaddressable")
        if self.dataset == "custom" and self.class_count * s >= MAX_TENSOR_BYTES:
            raise ConfigError("classes", self.classes, "unaddressable")
        for i, (fan_in, fan_out) in enumerate(self.mlp.linears if self.model_spec.kind == "mlp" else ()):
            if fan_in * fan_out * s >= MAX_TENSOR_BYTES:
                raise ConfigError(*self._larger_side(i, fan_in, fan_out), "weight_unaddressable")
        if self.batch_size * max(self.widths) * s >= MAX_TENSOR_BYTES:
            raise ConfigError("batch_size", self.batch_size, "batch_unaddressable")

    def _larger_side(self, i: int, fan_in: int, fan_out: int) -> tuple[str, object]:
        """The field that gives the larger side of linear `i`'s weight: the one to blame for its size."""
        last = len(self.hidden)
        if fan_in >= fan_out:
            return ("input_shape", self.input_shape) if i == 0 else ("hidden", self.hidden[i - 1])
        return ("classes", self.classes) if i == last else ("hidden", self.hidden[i])

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
