"""One training configuration, validated where it is made."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from functools import cached_property

from .allocator.conf import AllocConf, parse_alloc_conf
from .catalog import DATASETS, DTYPES, GpuSpec, gpus
from .errors import ConfigError
from .model.layers import layer_shapes
from .model.mlp import Mlp
from .model.spec import ModelSpec, model_spec
from .schema import AMP_DTYPES, FIELDS, INTEGER_DTYPES, ZERO_GRAD_CHOICES, Count, default

__all__ = ["AMP_DTYPES", "MAX_TENSOR_BYTES", "ZERO_GRAD_CHOICES", "ConfigError", "TrainingConfig"]

MAX_TENSOR_BYTES = 1 << 64
"""A tensor larger than a 64-bit address space could ever hold is bad input, not a big model."""
_CHECKED = tuple(f for f in FIELDS if not f.attr)
"""The fields TrainingConfig holds as they are given: their kinds check them."""
_BATCH = next(f for f in _CHECKED if f.key == "batch_size")


@dataclass(frozen=True)
class TrainingConfig:
    dataset: str = default("dataset")
    hidden: tuple[int, ...] = default("hidden")
    dtype: str = default("dtype")
    optimizer: str = default("optimizer")
    batch_size: int = default("batch_size")
    gpu: str = default("gpu")
    zero_grad: str = default("zero_grad")
    input_shape: tuple[int, ...] | None = default("input_shape")
    """One sample's shape: (C, H, W) for the datasets' images; any 1 to 4 sizes for a custom input."""
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
    accumulation_steps: int = default("accumulation_steps")
    """Gradient accumulation: per optimizer step, this many micro-batches of batch_size / N samples
    (x = images[i].to(...), forward, loss / N, backward), then step() and zero_grad() once."""
    alloc_conf: str = default("alloc_conf")
    """PYTORCH_CUDA_ALLOC_CONF, e.g. "expandable_segments:True" (core.engine.allocator.conf)."""
    allocator_limit_bytes: int | None = default("allocator_limit_bytes")
    """What torch.cuda.set_per_process_memory_fraction(N / total_memory) lets the allocator use."""
    cudnn_benchmark: bool = default("cudnn_benchmark")
    """torch.backends.cudnn.benchmark: the first call of each convolution shape times every cuDNN
    engine (core.engine.step.convolutions)."""
    gpus: int = default("gpus")
    """The world size: how many GPUs train together, each on `batch_size` samples."""
    strategy: str = default("strategy")
    """"none", "ddp" or "fsdp" (core.engine.distributed)."""
    fsdp_reshard_after_forward: bool = default("fsdp_reshard_after_forward")
    """fully_shard(block, reshard_after_forward=...) for every top-level block (the root keeps
    PyTorch's default: not resharded after forward)."""
    fsdp_mixed_precision: str | None = default("fsdp_mixed_precision")
    """MixedPrecisionPolicy(param_dtype=this, reduce_dtype=float32); None: no policy."""
    ddp_bucket_view: bool = default("ddp_bucket_view")
    """DistributedDataParallel(gradient_as_bucket_view=...)."""
    input_dtype: str | None = default("input_dtype")
    """A custom input's dtype: None for `dtype`, or int64 / int32 token ids below `vocab`."""
    vocab: int | None = default("vocab")
    target: str = default("target")
    """The loss's target: "sample" (scores (B, classes) against (B,) ids) or "token" (scores
    (B, L, classes) against (B, L) ids, L the input's first size)."""
    mode: str = default("mode")
    """"train": the training loop; "inference": model.eval() under torch.inference_mode(), forward only."""
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
        self._check_distributed()
        self._check_input()
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
        self._check_accumulation()

    def _check_accumulation(self) -> None:
        """The batch splits into equal micro-batches; the distributed engines are modelled around
        one backward per step."""
        n = self.accumulation_steps
        if n == 1:
            return
        if self.batch_size % n:
            raise ConfigError("accumulation_steps", n, "accumulation_divides", batch=self.batch_size)
        if self.strategy != "none":
            raise ConfigError("accumulation_steps", n, "accumulation_distributed", strategy=self.strategy)

    def _check_distributed(self) -> None:
        """The distributed options go with their strategy (the blocks FSDP shards are checked
        when the model is traced)."""
        if self.strategy == "none" and self.gpus > 1:
            raise ConfigError("gpus", self.gpus, "gpus_need_strategy")
        if self.strategy != "fsdp" and not self.fsdp_reshard_after_forward:
            raise ConfigError("fsdp_reshard_after_forward", False, "strategy_only", wanted="fsdp")
        if self.strategy != "fsdp" and self.fsdp_mixed_precision is not None:
            raise ConfigError("fsdp_mixed_precision", self.fsdp_mixed_precision, "strategy_only", wanted="fsdp")
        if self.strategy != "ddp" and self.ddp_bucket_view:
            raise ConfigError("ddp_bucket_view", True, "strategy_only", wanted="ddp")
        if self.fsdp_mixed_precision is not None and self.amp is not None:
            raise ConfigError("fsdp_mixed_precision", self.fsdp_mixed_precision, "fsdp_with_amp")
        if self.fsdp_mixed_precision is not None and self.dtype != "float32":
            raise ConfigError("dtype", self.dtype, "mp_float32")

    @property
    def distributed(self) -> bool:
        return self.strategy != "none"

    def _check_input(self) -> None:
        """Token ids need a vocabulary and a model that embeds them; inference trains nothing."""
        if self.input_dtype in INTEGER_DTYPES:
            if self.vocab is None:
                raise ConfigError("vocab", None, "ids_need_vocab", dtype=self.input_dtype)
            if self.model_spec.kind in ("mlp", "layers"):
                raise ConfigError("input_dtype", self.input_dtype, "mlp_ids")
        elif self.vocab is not None:
            raise ConfigError("vocab", self.vocab, "only_with", other="input_dtype", wanted="int64 or int32")
        if self.mode == "inference":
            for key in ("checkpoint_segments", "checkpoint_blocks"):
                if getattr(self, key):
                    raise ConfigError(key, getattr(self, key), "not_in_inference")
            if self.accumulation_steps > 1:
                raise ConfigError("accumulation_steps", self.accumulation_steps, "not_in_inference")
            if self.distributed:
                raise ConfigError("strategy", self.strategy, "not_in_inference")

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
        s, image = self.itemsize, self.in_features * self.input_itemsize
        if self.dataset == "custom" and image >= MAX_TENSOR_BYTES:
            raise ConfigError("input_shape", self.input_shape, "image_unaddressable")
        if self.dataset == "custom" and self.class_count * s >= MAX_TENSOR_BYTES:
            raise ConfigError("classes", self.classes, "unaddressable")
        for i, (fan_in, fan_out) in enumerate(self.mlp.linears if self.model_spec.kind == "mlp" else ()):
            if fan_in * fan_out * s >= MAX_TENSOR_BYTES:
                raise ConfigError(*self._larger_side(i, fan_in, fan_out), "weight_unaddressable")
        self._check_batch_bytes()

    def _check_batch_bytes(self) -> None:
        if self.batch_size * max(self.widths) * self.itemsize >= MAX_TENSOR_BYTES:
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
    def input_itemsize(self) -> int:
        """Bytes of one input element: the model's dtype, or the token ids'."""
        return INTEGER_DTYPES.get(self.input_dtype or "", 0) or DTYPES[self.input_dtype or self.dtype]

    @property
    def token_ids(self) -> bool:
        return self.input_dtype in INTEGER_DTYPES

    @property
    def inference(self) -> bool:
        return self.mode == "inference"

    @property
    def image_shape(self) -> tuple[int, ...]:
        """One sample's shape: (C, H, W) of a dataset's image, or the custom shape."""
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
        n = 1
        for d in self.image_shape:
            n *= d
        return n

    @property
    def is_plain_mlp(self) -> bool:
        """The course MLP in the plain loop: the engine writes its program by hand, without torch."""
        return (self.model_spec.kind == "mlp" and self.amp is None and self.checkpoint_segments is None
                and not self.checkpoint_blocks and not self.distributed and self.mode == "train"
                and self.target == "sample" and self.input_dtype in (None, self.dtype)
                and self.accumulation_steps == 1)

    @property
    def micro_batch(self) -> int:
        """Samples per forward pass: the batch, or one of its accumulation_steps micro-batches.
        What a step's program is evaluated at."""
        return self.batch_size // self.accumulation_steps

    def with_batch(self, batch_size: int) -> TrainingConfig:
        """This config at another batch size. Only the batch is read and checked again: the rest
        was when this config was made, and no other check reads the batch (a copy with every
        field read again took longer than the course MLP's whole estimate)."""
        other = copy.copy(self)
        object.__setattr__(other, "batch_size", _BATCH.read(batch_size))
        other._check_accumulation()
        other._check_batch_bytes()
        return other
