"""Where the model comes from: the course MLP, the course CNN, the layer builder's list, a
torchvision architecture or a class in the user's Python file, and the TrainingConfig options
each gives."""

from __future__ import annotations

from dataclasses import fields

from core import TrainingConfig
from core.engine.model.layers import COURSE_CNN
from core.engine.model.spec import torchvision_models

from .errors import InputError

__all__ = ["COURSE_CNN", "MODEL_FIELDS", "MODEL_SOURCES", "architectures", "file_choice", "model_key",
           "model_options", "needs_trace"]

MODEL_SOURCES = ("mlp", "course-cnn", "layers", "torchvision", "file")

_NOT_MODEL = {"batch_size", "gpu", "gpu_memory_bytes", "alloc_conf", "allocator_limit_bytes", "cudnn_benchmark"}
MODEL_FIELDS = tuple(f.name for f in fields(TrainingConfig) if f.compare and f.name not in _NOT_MODEL)
"""The fields that decide the traced step: a change to any other is a re-estimate, not a trace."""


def architectures() -> tuple[str, ...]:
    return torchvision_models()


def file_choice(path: str, name: str) -> str:
    """The model_file option: 'path.py:NAME'."""
    return f"{path.strip()}:{name.strip()}"


def model_options(source: str, architecture: str, layers: str, path: str, name: str) -> dict[str, object]:
    """The TrainingConfig options of a model source; InputError when the source's own input is
    missing (an empty layer list, no file, no class name)."""
    if source == "mlp":
        return {}
    if source == "course-cnn":
        return {"model": "course-cnn"}
    if source == "layers":
        if not layers.strip():
            raise InputError("layers", "", "empty")
        return {"layers": layers}
    if source == "torchvision":
        return {"model": architecture.strip()}
    if source == "file":
        if not path.strip():
            raise InputError("model_file", "", "no_file")
        if not name.strip():
            raise InputError("model_name", "", "no_name")
        return {"model_file": file_choice(path, name)}
    raise InputError("model", source, "empty")


def model_key(config: TrainingConfig) -> tuple[object, ...]:
    """What a trace depends on: configs with the same key share a traced step."""
    return tuple(getattr(config, name) for name in MODEL_FIELDS)


def needs_trace(config: TrainingConfig, last: TrainingConfig | None) -> bool:
    """Whether estimating `config` traces a model anew (`last` was estimated before)."""
    if config.is_plain_mlp:
        return False
    return last is None or model_key(config) != model_key(last)
