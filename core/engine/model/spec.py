"""Which network the loop trains: the course MLP, a layer list (the course CNN is one), a
torchvision architecture or a class in the user's own Python file."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import ConfigError
from .layers import COURSE_CNN, Layer, parse_layers

__all__ = ["MODEL_NAMES", "ModelSpec", "model_file_path", "model_spec", "torchvision_models"]

MODEL_NAMES = ("mlp", "course-cnn")
"""The models memcalc knows by name besides torchvision's."""


@dataclass(frozen=True)
class ModelSpec:
    kind: str
    """"mlp", "layers", "torchvision" or "file"."""
    name: str
    """What the user chose: "mlp", "course-cnn", "layers", "resnet18" or "net.py:Net"."""
    layers: tuple[Layer, ...] = ()
    file: str = ""
    attr: str = ""

    @property
    def is_sequence(self) -> bool | None:
        """Whether the model is a sequence of layers (checkpoint_sequential applies); None: only
        the built module can tell (a user's file)."""
        return None if self.kind == "file" else self.kind in ("mlp", "layers")


@lru_cache(maxsize=1)
def torchvision_models() -> tuple[str, ...]:
    """torchvision's classification architectures, from the catalogue (no torch import)."""
    text = resources.files("core.engine").joinpath("data").joinpath("torchvision_models.json").read_text("utf-8")
    return tuple(json.loads(text)["models"])


def model_spec(model: str, layers: str | None, model_file: str | None) -> ModelSpec:
    """The model the three options describe; raises ConfigError when they disagree or name no model."""
    if not isinstance(model, str):
        raise ConfigError("model", model, "not_model_name")
    if not model.strip():  # said as such, not as an unknown name or one that clashes with layers
        raise ConfigError("model", model, "empty")
    given = [name for name, value in (("layers", layers), ("model_file", model_file)) if value is not None]
    if len(given) > 1:
        raise ConfigError(given[1], model_file, "not_with_layers")
    if given and model not in ("mlp", given[0].replace("model_file", "file")):
        raise ConfigError("model", model, "not_together", other=given[0])
    if layers is not None or model == "layers":
        return ModelSpec("layers", "layers", parse_layers(_text("layers", layers)))
    if model_file is not None or model == "file":
        return _file_spec(_text("model_file", model_file))
    if model == "mlp":
        return ModelSpec("mlp", "mlp")
    if model == "course-cnn":
        return ModelSpec("layers", "course-cnn", parse_layers(COURSE_CNN))
    if model in torchvision_models():
        return ModelSpec("torchvision", model)
    raise ConfigError("model", model, "unknown_model")


def _text(field: str, value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(field, value, "empty" if isinstance(value, str) else "not_text")
    return value


def _file_spec(text: str) -> ModelSpec:
    """'path/to/net.py:Net' → the file and the name in it."""
    path, sep, attr = text.strip().rpartition(":")
    if not sep or not path or not attr.isidentifier():
        raise ConfigError("model_file", text, "file_form")
    return ModelSpec("file", text.strip(), file=path, attr=attr)


def model_file_path(file: str) -> Path:
    """The model file's path with ~ expanded; ConfigError naming it when it is not a regular file
    (missing, a folder, a name too long for the system, a user with no home)."""
    try:
        path = Path(file).expanduser()
        if path.is_file():
            return path
        code, error = ("not_file" if path.exists() else "missing"), ""
    except RuntimeError as e:  # "~nosuchuser/net.py"
        code, error = "no_home", str(e).rstrip(".")
    except (OSError, ValueError) as e:  # a name too long, a NUL byte in it
        code, error = "cannot_open", str(getattr(e, "strerror", None) or e)
    raise ConfigError("model_file", file, code, **({"error": error} if error else {}))
