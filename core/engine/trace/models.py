"""The nn.Module a ModelSpec describes, built with torch (on the meta device for a trace).

The user's own file is imported and run: that is their code, on their machine, as the CLI's help
says. What goes wrong while building is a ConfigError naming the file, the line and the error.
"""

from __future__ import annotations

import inspect
import sys
import traceback
import types
from pathlib import Path
from typing import Any

import torch
from torch import nn

from ..config import TrainingConfig
from ..errors import ConfigError
from ..lasting import lasting_imports
from ..model.layers import Layer, layer_shapes
from ..model.spec import model_file_path
from ..user_code import where

__all__ = ["build_model", "where_in"]

_NO_AUX = {"googlenet", "inception_v3"}


def build_model(config: TrainingConfig, device: str = "meta") -> nn.Module:
    """The config's model, its parameters on `device` ("meta": no memory, no initialisation cost)."""
    spec = config.model_spec
    with torch.device(device):
        if spec.kind == "mlp":
            return _mlp(config)
        if spec.kind == "layers":
            return _layers(spec.layers, config)
        if spec.kind == "torchvision":
            return _torchvision(spec.name, config.class_count)
        return _from_file(spec.file, spec.attr)


def _mlp(config: TrainingConfig) -> nn.Module:
    layers: list[nn.Module] = [nn.Flatten()]
    linears = config.mlp.linears
    for fan_in, fan_out in linears[:-1]:
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    layers.append(nn.Linear(*linears[-1]))
    return nn.Sequential(*layers)


def _layers(layers: tuple[Layer, ...], config: TrainingConfig) -> nn.Module:
    shapes = layer_shapes(layers, config.image_shape, config.class_count)
    inputs = [config.image_shape, *(row.output for row in shapes[:-1])]
    return nn.Sequential(*(_layer(row.layer, shape, row.output) for row, shape in zip(shapes, inputs)))


def _layer(layer: Layer, shape: tuple[int, ...], output: tuple[int, ...]) -> nn.Module:
    kind = layer.kind
    if kind == "Conv2d":
        k = layer.int_arg("kernel_size")
        assert k is not None
        return nn.Conv2d(shape[0], output[0], k, layer.int_arg("stride", 1) or 1, layer.int_arg("padding", 0) or 0)
    if kind in ("MaxPool2d", "AvgPool2d"):
        k = layer.int_arg("kernel_size")
        assert k is not None
        pool = nn.MaxPool2d if kind == "MaxPool2d" else nn.AvgPool2d
        return pool(k, layer.int_arg("stride", k), layer.int_arg("padding", 0) or 0)
    if kind == "BatchNorm2d":
        return nn.BatchNorm2d(shape[0])
    if kind == "Linear":
        return nn.Linear(shape[0], output[0])
    if kind == "Dropout":
        return nn.Dropout(layer.arg("p", 0.5) or 0.0)
    return nn.ReLU() if kind == "ReLU" else nn.Flatten()


def _torchvision(name: str, classes: int) -> nn.Module:
    with lasting_imports():
        import torchvision

    builder = getattr(torchvision.models, name, None)
    if builder is None:
        raise ConfigError("model", name, "not_in_torchvision", version=torchvision.__version__)
    kwargs: dict[str, Any] = {"weights": None, "num_classes": classes}
    if name in _NO_AUX:
        kwargs.update(aux_logits=False, init_weights=True)
    return builder(**kwargs)


def _from_file(file: str, attr: str) -> nn.Module:
    path = model_file_path(file)
    module = _import(path)
    target = getattr(module, attr, None)
    if target is None:
        raise ConfigError("model_file", f"{file}:{attr}", "names_nothing", file=path.name, name=attr)
    if not callable(target):
        raise ConfigError("model_file", f"{file}:{attr}", "not_callable")
    built = _run(path, attr, target)
    if not isinstance(built, nn.Module):
        raise ConfigError("model_file", f"{file}:{attr}", "not_module", type=type(built).__name__)
    return built


def _import(path: Path) -> Any:
    """The file run as a module from its source as it is now: no bytecode cache, which within the
    second of an edit could give the file's old code (and would write __pycache__ beside it)."""
    name = f"memcalc_user_model_{abs(hash(str(path.resolve())))}"
    module = types.ModuleType(name)
    module.__file__ = str(path)
    try:
        code = compile(path.read_bytes(), str(path), "exec", dont_inherit=True)
    except SyntaxError as e:
        if e.lineno is None:
            raise ConfigError("model_file", str(path), "syntax_error_no_line", error=e.msg) from None
        raise ConfigError("model_file", str(path), "syntax_error", line=e.lineno, error=e.msg) from None
    except ValueError as e:  # NUL bytes in the source
        raise ConfigError("model_file", str(path), "not_source", error=str(e)) from None
    except (RecursionError, MemoryError):  # the compiler's own stack
        raise ConfigError("model_file", str(path), "too_deep_to_compile") from None
    except OSError as e:
        raise ConfigError("model_file", str(path), "unreadable", error=e.strerror or e) from None
    try:
        sys.modules[name] = module
        exec(code, module.__dict__)
    except Exception as e:
        raise ConfigError("model_file", str(path), "raised", error=where(e, path)) from None
    finally:
        sys.modules.pop(name, None)
    return module


def _run(path: Path, attr: str, target: Any) -> Any:
    if inspect.isclass(target) and not issubclass(target, nn.Module):
        raise ConfigError("model_file", f"{path}:{attr}", "not_module_class")
    try:
        return target()
    except Exception as e:
        raise ConfigError("model_file", f"{path}:{attr}", "raised_building", error=where(e, path)) from None


def where_in(error: BaseException, path: Path, text: str) -> str:
    """`text`, then the file and the last line of it in the error's traceback: what in the user's
    code raised it ("... (net.py, line 12)")."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if Path(f.filename).resolve() == path.resolve()]
    return f"{text} ({path.name}, line {frames[-1].lineno})" if frames else text
