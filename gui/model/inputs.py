"""InputState: every input of the window as shown (texts as typed, keys of the choices), and the
TrainingConfig it describes."""

from __future__ import annotations

from dataclasses import dataclass, fields

from core import DATASETS, DTYPES, OPTIMIZERS, ZERO_GRAD_CHOICES, ConfigError, GpuSpec, TrainingConfig, gpus
from core.engine.schema import ANY, FIELDS, Choice, Count, Field, Sizes, default
from core.engine.schema import field as schema_field

from .errors import InputError
from .parsing import parse_batch, parse_gib, parse_hidden, parse_limit_gib, parse_split_mib
from .sources import COURSE_CNN, MODEL_SOURCES, architectures, model_options

__all__ = ["AMP_CHOICES", "CUSTOM_DATASETS", "DECLARED", "SPIN_LIMITS", "InputState", "LocalGpu", "choice_keys"]

CUSTOM_DATASETS = ("custom", "folder")
"""Datasets whose shape and classes are inputs: a custom shape, or the image folder read."""

DECLARED: tuple[Field, ...] = tuple(f for f in FIELDS if f.window)
"""The fields whose inputs the window makes from their declaration alone (InputState.options)."""
_DECLARED_KEYS = frozenset(f.key for f in DECLARED)


def _spin_limits() -> dict[str, tuple[int, int]]:
    shape = schema_field("input_shape").kind
    classes, segments = schema_field("classes").kind, schema_field("checkpoint_segments").kind
    assert isinstance(shape, Sizes) and isinstance(classes, Count) and isinstance(segments, Count)
    # the window's custom shape is an image, C×H×W, in boxes of these bounds (the command line
    # takes any 1 to 4 sizes up to the schema's bound)
    highs = dict(zip(("channels", "height", "width"), (4096, 65_536, 65_536)))
    return {**{name: (shape.item.low, high) for name, high in highs.items()}, "classes": (classes.low, classes.high),
            "checkpoint_segments": (0, segments.high)}


SPIN_LIMITS = _spin_limits()
"""The schema's bounds for the window's number boxes; checkpoint_segments 0 is off."""

AMP_CHOICES = ("none", "float16", "bfloat16")


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
    if field == "model":
        return MODEL_SOURCES
    if field == "architecture":
        return architectures()
    if field == "amp":
        return AMP_CHOICES
    kind = schema_field(field).kind
    if isinstance(kind, Choice):
        return tuple(kind.choices())
    raise KeyError(field)


@dataclass(frozen=True)
class InputState:
    dataset: str = "mnist"
    channels: int = 3
    height: int = 32
    width: int = 32
    classes: int = 10
    input_shape: str = "3, 32, 32"
    """The custom dataset's sample shape as typed: 1 to 4 sizes (the image folder's is channels, height, width)."""
    hidden: str = schema_field("hidden").text(default("hidden"))
    dtype: str = default("dtype")
    optimizer: str = default("optimizer")
    zero_grad: str = default("zero_grad")
    batch_size: str = schema_field("batch_size").text(default("batch_size"))
    gpu: str = default("gpu")
    gpu_gib: str = "24"
    model: str = "mlp"
    """One of MODEL_SOURCES."""
    architecture: str = "resnet18"
    layers: str = COURSE_CNN
    """The layer builder's list, as text."""
    model_file: str = ""
    model_name: str = ""
    """The class or function in model_file."""
    amp: str = "none"
    grad_scaler: bool = True
    checkpoint_segments: int = 0
    expandable_segments: bool = False
    max_split_mb: str = ""
    allocator_limit_gib: str = ""
    options: tuple[tuple[str, str], ...] = ()
    """The DECLARED fields set otherwise than their default: (key, text as the field reads it)."""

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls))

    @property
    def custom_shape(self) -> bool:
        return self.dataset in CUSTOM_DATASETS

    def image_shape(self) -> tuple[int, ...]:
        """One sample's shape: (C, H, W) of the dataset's or the folder's images, or the custom shape
        (the default image shape while the typed one is invalid: the error names it)."""
        if self.dataset == "custom":
            try:
                return self.sample_shape()
            except InputError:
                return (3, 32, 32)
        if self.custom_shape:
            return (self.channels, self.height, self.width)
        return DATASETS[self.dataset].shape

    def sample_shape(self) -> tuple[int, ...]:
        """The custom dataset's shape as the command line reads it; InputError names a bad one."""
        try:
            return schema_field("input_shape").read(self.input_shape)
        except ConfigError as exc:
            raise InputError.from_config_error(exc) from exc

    def class_count(self) -> int:
        return self.classes if self.custom_shape else DATASETS[self.dataset].classes

    def config(self, local: LocalGpu | None = None) -> TrainingConfig:
        """The config these inputs describe; raises InputError naming the first bad one."""
        hidden = parse_hidden(self.hidden) if self.model == "mlp" else (128,)
        model = model_options(self.model, self.architecture, self.layers, self.model_file, self.model_name)
        batch = parse_batch(self.batch_size)
        gpu, memory, local_spec = self.gpu, None, None
        if gpu == "custom":
            memory = parse_gib(self.gpu_gib)
        elif gpu == "local":
            if local is None:
                raise InputError("gpu", "local", "no_local")
            if local.spec is None:
                gpu, memory = "custom", local.memory_bytes
            else:
                local_spec = local.spec
        custom = self.custom_shape
        shape = self.sample_shape() if self.dataset == "custom" else (self.channels, self.height, self.width)
        limit = parse_limit_gib(self.allocator_limit_gib)
        try:
            return TrainingConfig(
                dataset="custom" if custom else self.dataset,
                hidden=hidden,
                dtype=self.dtype,
                optimizer=self.optimizer,
                batch_size=batch,
                gpu=gpu,
                zero_grad=self.zero_grad,
                input_shape=shape if custom else None,
                classes=self.classes if custom else None,
                gpu_memory_bytes=memory,
                local_gpu=local_spec,
                **model,  # type: ignore[arg-type]
                **self._memory_options(),  # type: ignore[arg-type]
                allocator_limit_bytes=limit,
                **self.declared(),  # type: ignore[arg-type]
            )
        except ConfigError as exc:
            raise InputError.from_config_error(exc) from exc

    @staticmethod
    def options_of(values: dict[str, str]) -> tuple[tuple[str, str], ...]:
        """InputState.options for these declared fields' texts: only those unlike the default, sorted."""
        defaults = {f.key: f.text(f.default) for f in DECLARED}
        return tuple(sorted((k, v) for k, v in values.items() if k in defaults and v != defaults[k]))

    def option(self, key: str) -> str:
        """A DECLARED field's text as the input holds it."""
        return dict(self.options).get(key, schema_field(key).text(default(key)))

    def applies(self, f: Field) -> bool:
        """Whether a declared field goes with the other inputs (`only_with`): its input is shown then.
        The other is a declared field (which must apply itself) or one of InputState's own inputs
        (`dataset`); ANY: the other set otherwise than its default."""
        if f.only_with is None:
            return True
        other, wanted = f.only_with
        if other not in _DECLARED_KEYS:
            return getattr(self, other, None) == wanted if other in _OWN else True
        shown, declared = self.option(other), schema_field(other)
        if not self.applies(declared):
            return False
        return shown != declared.text(declared.default) if wanted is ANY else shown == declared.text(wanted)

    def declared(self) -> dict[str, object]:
        """The DECLARED fields' values as TrainingConfig takes them (a field that does not apply
        keeps its default); InputError names a bad one."""
        values = {}
        for f in DECLARED:
            if not self.applies(f):
                values[f.config_attr] = f.default
                continue
            text = self.option(f.key)
            if f.default is None and text == f.text(None):  # left empty: the field's default
                values[f.config_attr] = None
                continue
            try:
                values[f.config_attr] = f.read(text)
            except ConfigError as exc:
                raise InputError.from_config_error(exc) from exc
        return values

    def _memory_options(self) -> dict[str, object]:
        """Mixed precision, checkpointing and PYTORCH_CUDA_ALLOC_CONF as TrainingConfig options."""
        amp = None if self.amp == "none" else self.amp
        split = parse_split_mib(self.max_split_mb)
        conf = [*(["expandable_segments:True"] if self.expandable_segments else []),
                *([f"max_split_size_mb:{split}"] if split is not None else [])]
        return {"amp": amp, "grad_scaler": self.grad_scaler if amp else True,
                "checkpoint_segments": self.checkpoint_segments or None, "alloc_conf": ",".join(conf)}


_OWN = frozenset(InputState.names())
"""InputState's own inputs, which a declared field's `only_with` may name (the dataset)."""
