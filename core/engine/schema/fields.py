"""A training setup's fields, each declared once: its kind of value, default, bounds, label, help
and the options it goes with. The command line's flags, the JSONL keys, TrainingConfig's checks,
the window's inputs and saved settings, a remedy's "apply" and the JSON output are all read from
here. Adding an option is one `Field` below (and what the engine does with it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalog import DATASETS, DTYPES, gpus
from ..messages import QT_TRANSLATE_NOOP
from ..step.optimizers import OPTIMIZERS
from .values import MAX_LONG_TEXT, Choice, Count, Flag, Gib, Kind, Sizes, Text

__all__ = [
    "AMP_DTYPES",
    "ANY",
    "BATCH_MAX",
    "FIELDS",
    "INPUT_DTYPES",
    "INTEGER_DTYPES",
    "MODES",
    "STRATEGIES",
    "TARGETS",
    "ZERO_GRAD_CHOICES",
    "Field",
    "default",
    "field",
]

ZERO_GRAD_CHOICES = ("after-forward", "before-forward")
STRATEGIES = ("none", "ddp", "fsdp")
"""How the step runs on several GPUs (core.engine.distributed)."""
MODES = ("train", "inference")
TARGETS = ("sample", "token")
INTEGER_DTYPES = {"int64": 8, "int32": 4}
INPUT_DTYPES = (*DTYPES, *INTEGER_DTYPES)
INPUT_DIMS = 4
"""A sample has 1 to 4 dimensions: token ids, a signal, an image, a volume."""
AMP_DTYPES = ("float16", "bfloat16")
BATCH_MAX = 1 << 40
"""The largest batch memcalc takes; the max batch stays far below it for any real model."""
ANY = object()
"""In `Field.only_with`: the other field given, whatever its value."""


@dataclass(frozen=True)
class Field:
    key: str
    """The JSONL key, the command line's --key-with-dashes and TrainingConfig's attribute."""
    kind: Kind
    default: Any
    label: str
    """What the window calls it (a translation source: QT_TRANSLATE_NOOP("Field", ...))."""
    help: str
    """The command line's help and the window's tooltip."""
    attr: str = ""
    """The TrainingConfig attribute, where it is not `key` (the kind converts: GiB to bytes)."""
    only_with: tuple[str, Any] | None = None
    """(key, value): given exactly when that field has that value (ANY: when it is given at all)."""
    optional: bool = False
    """With `only_with`: it may be left out even when the other field has that value."""
    switch: str = ""
    """A command-line switch that sets it to False (--no-grad-scaler), instead of a value."""
    window: bool = False
    """The window makes its input from this declaration (a check box, a list or a number field)."""

    @property
    def flag(self) -> str:
        return self.switch or "--" + self.key.replace("_", "-")

    @property
    def config_attr(self) -> str:
        return self.attr or self.key

    def read(self, value: object) -> Any:
        """`value` as text or JSON, as TrainingConfig holds it; ConfigError names the key."""
        return self.kind.read(self.key, value)

    def text(self, value: Any) -> str:
        return self.kind.text(value)


def _dataset_keys() -> tuple[str, ...]:
    return (*DATASETS, "custom")


def _gpu_keys() -> tuple[str, ...]:
    return (*gpus(), "custom", "local")


FIELDS: tuple[Field, ...] = (
    Field(
        "dataset", Choice(_dataset_keys), "mnist",
        QT_TRANSLATE_NOOP("Field", "Dataset"),
        f"{', '.join(DATASETS)} or custom"),
    Field(
        "hidden", Sizes(Count(1, 1 << 31)), (128,),
        QT_TRANSLATE_NOOP("Field", "Hidden layers"),
        ("hidden layer sizes, e.g. 512,256 (empty: none)")),
    Field(
        "dtype", Choice(lambda: tuple(DTYPES)), "float32",
        QT_TRANSLATE_NOOP("Field", "Dtype"),
        ", ".join(DTYPES)),
    Field(
        "optimizer", Choice(lambda: tuple(OPTIMIZERS)), "adam",
        QT_TRANSLATE_NOOP("Field", "Optimizer"),
        ", ".join(OPTIMIZERS)),
    Field(
        "batch_size", Count(1, BATCH_MAX), 64,
        QT_TRANSLATE_NOOP("Field", "Batch size"),
        ("samples per batch (default 64)")),
    Field(
        "gpu", Choice(_gpu_keys), "h100-80gb",
        QT_TRANSLATE_NOOP("Field", "Target GPU"),
        ("a key from --list-gpus, custom, or local (calibrated)")),
    Field(
        "gpu_memory_gb", Gib(), None,
        QT_TRANSLATE_NOOP("Field", "GPU memory"),
        ("memory of a custom GPU in GiB (2^30 bytes), as cards are sold: a '24 GB' "
         "card has 24 GiB"),
        attr="gpu_memory_bytes", only_with=("gpu", "custom")),
    Field(
        "zero_grad", Choice(lambda: ZERO_GRAD_CHOICES), "after-forward",
        QT_TRANSLATE_NOOP("Field", "zero_grad()"),
        " or ".join(ZERO_GRAD_CHOICES)),
    Field(
        "input_shape", Sizes(Count(1, 1 << 31), fewest=1, most=INPUT_DIMS, names="(C,H,W for images)"), None,
        QT_TRANSLATE_NOOP("Field", "Input shape"),
        ("one sample's shape for --dataset custom: C,H,W for images, 128 for 128 token ids, 2,16000 "
         "for audio"),
        only_with=("dataset", "custom")),
    Field(
        "input_dtype", Choice(lambda: INPUT_DTYPES, (
            ("int64", QT_TRANSLATE_NOOP("Choice", "int64 (token ids)")),
            ("int32", QT_TRANSLATE_NOOP("Choice", "int32 (token ids)")))), None,
        QT_TRANSLATE_NOOP("Field", "Input dtype"),
        QT_TRANSLATE_NOOP("FieldHelp", "the input's dtype for --dataset custom: a float dtype (default: --dtype) "
                          "or int64 / int32 for token ids (with --vocab)"),
        only_with=("dataset", "custom"), optional=True, window=True),
    Field(
        "vocab", Count(1, 1 << 31), None,
        QT_TRANSLATE_NOOP("Field", "Vocabulary"),
        QT_TRANSLATE_NOOP("FieldHelp", "token ids are drawn below this, for --input-dtype int64 or int32"),
        only_with=("input_dtype", ANY), window=True),
    Field(
        "target", Choice(lambda: TARGETS, (
            ("sample", QT_TRANSLATE_NOOP("Choice", "a class per sample")),
            ("token", QT_TRANSLATE_NOOP("Choice", "a class per token")))), "sample",
        QT_TRANSLATE_NOOP("Field", "Loss target"),
        QT_TRANSLATE_NOOP("FieldHelp", "the loss's target: a class per sample (scores (batch, classes)) or per "
                          "token (scores (batch, length, classes) against (batch, length) ids)"),
        only_with=("dataset", "custom"), optional=True, window=True),
    Field(
        "mode", Choice(lambda: MODES, (
            ("train", QT_TRANSLATE_NOOP("Choice", "training")),
            ("inference", QT_TRANSLATE_NOOP("Choice", "inference (forward only)")))), "train",
        QT_TRANSLATE_NOOP("Field", "Mode"),
        QT_TRANSLATE_NOOP("FieldHelp", "train: the training step; inference: model.eval() under "
                          "torch.inference_mode(), forward only (the batch and the outputs, no gradients or "
                          "optimizer state)"),
        window=True),
    Field(
        "classes", Count(1, 10_000_000), None,
        QT_TRANSLATE_NOOP("Field", "Classes"),
        ("number of classes for --dataset custom"),
        only_with=("dataset", "custom")),
    Field(
        "model", Text(), "mlp",
        QT_TRANSLATE_NOOP("Field", "Model"),
        ("mlp (the course MLP from --hidden), course-cnn, or a torchvision "
         "architecture (--list-models)")),
    Field(
        "layers", Text(MAX_LONG_TEXT), None,
        QT_TRANSLATE_NOOP("Field", "Layer list"),
        ("a layer list instead of a named model, e.g. \"Conv2d(32, 3, padding=1), "
         "BatchNorm2d, ReLU, MaxPool2d(2), Flatten, Linear\" (the last Linear gives the classes)")),
    Field(
        "model_file", Text(), None,
        QT_TRANSLATE_NOOP("Field", "Model file"),
        ("path.py:NAME, an nn.Module subclass or a function returning one, built "
         "with no arguments. This imports and runs your own code, as running it with Python "
         "would")),
    Field(
        "amp", Choice(lambda: AMP_DTYPES), None,
        QT_TRANSLATE_NOOP("Field", "Mixed precision"),
        ("mixed precision: float16 or bfloat16 (torch.autocast; the model stays "
         "float32)")),
    Field(
        "grad_scaler", Flag(), True,
        QT_TRANSLATE_NOOP("Field", "GradScaler"),
        ("with --amp, leave out torch.amp.GradScaler"),
        only_with=("amp", ANY), switch="--no-grad-scaler"),
    Field(
        "checkpoint_segments", Count(1, 10_000), None,
        QT_TRANSLATE_NOOP("Field", "Checkpoint segments"),
        ("gradient checkpointing: checkpoint_sequential with N segments (models that "
         "are a sequence of layers)")),
    Field(
        "checkpoint_blocks", Flag(), False,
        QT_TRANSLATE_NOOP("Field", "Checkpoint blocks"),
        QT_TRANSLATE_NOOP("FieldHelp", "Gradient checkpointing of each top-level block (a child module with modules "
                          "inside, e.g. a ResNet's layer1..4), for any model: about one more forward pass per step"),
        window=True),
    Field(
        "accumulation_steps", Count(1, 4096), 1,
        QT_TRANSLATE_NOOP("Field", "Gradient accumulation"),
        QT_TRANSLATE_NOOP("FieldHelp", "Gradient accumulation: each optimizer step runs N micro-batches of batch / N "
                          "samples (forward, loss / N, backward), then step() and zero_grad() once; the batch "
                          "size is the effective batch and must be a multiple of N"),
        window=True),
    Field(
        "alloc_conf", Text(MAX_LONG_TEXT), "",
        QT_TRANSLATE_NOOP("Field", "Allocator settings"),
        ("PYTORCH_CUDA_ALLOC_CONF, e.g. expandable_segments:True or "
         "max_split_size_mb:64")),
    Field(
        "allocator_limit_bytes", Count(1, 1 << 62), None,
        QT_TRANSLATE_NOOP("Field", "Allocator limit"),
        ("what the allocator may use, as "
         "torch.cuda.set_per_process_memory_fraction(N / total_memory) sets it")),
    Field(
        "cudnn_benchmark", Flag(), False,
        QT_TRANSLATE_NOOP("Field", "cuDNN benchmark"),
        QT_TRANSLATE_NOOP("FieldHelp", "torch.backends.cudnn.benchmark: cuDNN times every convolution engine at "
                          "the first call of each shape, with the largest workspace that fits"),
        window=True),
    Field(
        "gpus", Count(1, 1 << 16), 1,
        QT_TRANSLATE_NOOP("Field", "GPUs"),
        QT_TRANSLATE_NOOP("FieldHelp", "How many GPUs train together (the world size); the batch size is per GPU, "
                          "the global batch is GPUs × batch"),
        window=True),
    Field(
        "strategy", Choice(lambda: STRATEGIES, (
            ("none", QT_TRANSLATE_NOOP("Choice", "one GPU")),
            ("ddp", QT_TRANSLATE_NOOP("Choice", "DDP: every GPU holds the model")),
            ("fsdp", QT_TRANSLATE_NOOP("Choice", "FSDP: the model sharded")))), "none",
        QT_TRANSLATE_NOOP("Field", "Strategy"),
        QT_TRANSLATE_NOOP("FieldHelp", "none (one GPU), ddp (DistributedDataParallel: every GPU holds the whole "
                          "model) or fsdp (fully_shard on each top-level block and the model: parameters, "
                          "gradients and optimizer state split across the GPUs)"),
        window=True),
    Field(
        "fsdp_reshard_after_forward", Flag(), True,
        QT_TRANSLATE_NOOP("Field", "Reshard after forward"),
        QT_TRANSLATE_NOOP("FieldHelp", "With fsdp: fully_shard(block, reshard_after_forward=...): free each block's "
                          "gathered parameters after its forward and gather them again in backward (false keeps "
                          "them from forward to backward)"),
        only_with=("strategy", "fsdp"), optional=True, window=True),
    Field(
        "fsdp_mixed_precision", Choice(lambda: AMP_DTYPES), None,
        QT_TRANSLATE_NOOP("Field", "FSDP mixed precision"),
        QT_TRANSLATE_NOOP("FieldHelp", "With fsdp: MixedPrecisionPolicy(param_dtype=this, reduce_dtype=float32): "
                          "parameters gathered and computed in this dtype, gradients reduced and kept in float32"),
        only_with=("strategy", "fsdp"), optional=True),
    Field(
        "ddp_bucket_view", Flag(), False,
        QT_TRANSLATE_NOOP("Field", "Gradients as bucket views"),
        QT_TRANSLATE_NOOP("FieldHelp", "With ddp: DistributedDataParallel(gradient_as_bucket_view=True): the "
                          "gradients live in the reducer's buckets instead of beside them"),
        only_with=("strategy", "ddp"), optional=True, window=True),
)
_BY_KEY = {f.key: f for f in FIELDS}


def field(key: str) -> Field:
    return _BY_KEY[key]


def default(key: str) -> Any:
    """A field's default, for TrainingConfig's and the window's."""
    return _BY_KEY[key].default
