"""A model as a list of layers, written the way PyTorch names them, with the shape after each.

    Conv2d(32, 3, padding=1), BatchNorm2d, ReLU, MaxPool2d(2), Flatten, Linear(512), ReLU,
    Dropout(0.5), Linear

Layers are separated by commas (also "，" and "、" as Chinese input methods type them), semicolons
or new lines. Arguments, by position or by name:

* ``Conv2d(out_channels, kernel_size, stride=1, padding=0)``: in_channels is the previous shape's;
* ``MaxPool2d(kernel_size, stride=kernel_size, padding=0)``, ``AvgPool2d(...)`` likewise;
* ``BatchNorm2d``, ``ReLU``, ``Flatten``: no arguments;
* ``Dropout(p=0.5)``;
* ``Linear(out_features)``: in_features is the flattened previous shape; the last Linear gives
  the dataset's classes, so write it without a number (or with the class count).

Names are case-insensitive. Each layer's output shape is checked as it is read: a layer that
breaks the shapes raises ConfigError naming the layer, its position and the shape it got.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ...units import grouped
from ..errors import ConfigError
from .parameters import weight_parameters

__all__ = ["COURSE_CNN", "LAYER_PARAMS", "Layer", "LayerShape", "layer_shapes", "parse_layers"]

COURSE_CNN = (
    "Conv2d(32, 3, padding=1), BatchNorm2d, ReLU, MaxPool2d(2), "
    "Conv2d(64, 3, padding=1), BatchNorm2d, ReLU, MaxPool2d(2), "
    "Conv2d(128, 3, padding=1), BatchNorm2d, ReLU, MaxPool2d(2), "
    "Flatten, Linear(512), ReLU, Dropout(0.5), Linear"
)
"""The course's CNN (../shared/reference/README.md), sized for any dataset by the layer list."""

LAYER_PARAMS: dict[str, tuple[str, ...]] = {
    "Conv2d": ("out_channels", "kernel_size", "stride", "padding"),
    "BatchNorm2d": (),
    "ReLU": (),
    "MaxPool2d": ("kernel_size", "stride", "padding"),
    "AvgPool2d": ("kernel_size", "stride", "padding"),
    "Dropout": ("p",),
    "Flatten": (),
    "Linear": ("out_features",),
}
"""Each kind of layer a list takes, in the course's order, with its arguments in order."""
_REQUIRED = {"Conv2d": 2, "MaxPool2d": 1, "AvgPool2d": 1}
_ALIASES = {name.lower(): name for name in LAYER_PARAMS} | {
    "conv": "Conv2d", "bn": "BatchNorm2d", "batchnorm": "BatchNorm2d", "maxpool": "MaxPool2d",
    "avgpool": "AvgPool2d", "fc": "Linear",
}
_ITEM = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*(?:\((.*)\))?\s*$", re.DOTALL)
_SEPARATORS = re.compile(r"[,、;\n]")


@dataclass(frozen=True)
class Layer:
    kind: str
    args: tuple[tuple[str, float], ...] = ()
    """(parameter name, value) as written; defaults are filled in by `arg`."""

    def arg(self, name: str, default: float | None = None) -> float | None:
        return next((v for k, v in self.args if k == name), default)

    def int_arg(self, name: str, default: int | None = None) -> int | None:
        value = self.arg(name, default)
        return None if value is None else int(value)

    @property
    def text(self) -> str:
        if not self.args:
            return self.kind
        return f"{self.kind}({', '.join(f'{k}={_number(v)}' for k, v in self.args)})"


@dataclass(frozen=True)
class LayerShape:
    """One layer as it sits in the model: the shape it gives one sample and its parameters."""

    layer: Layer
    index: int
    output: tuple[int, ...]
    parameters: int
    formula: str


def parse_layers(text: str) -> tuple[Layer, ...]:
    """The layers of `text`; raises ConfigError naming the item that cannot be read. Full-width
    punctuation and digits, as Chinese input methods type them, read as their ASCII forms."""
    items = _split(unicodedata.normalize("NFKC", text))
    if not items:
        raise ConfigError("layers", text, "no_layers")
    return tuple(_parse_item(item, i) for i, item in enumerate(items, 1))


def layer_shapes(layers: tuple[Layer, ...], input_shape: tuple[int, ...], classes: int) -> list[LayerShape]:
    """The output shape (C, H, W) or (features,) after every layer, checked; the last Linear gets
    `classes`. Raises ConfigError naming the layer that breaks the shapes."""
    linears = [i for i, layer in enumerate(layers) if layer.kind == "Linear"]
    if not linears:
        raise ConfigError("layers", "", "no_last_linear")
    if linears[-1] != len(layers) - 1:
        tail = layers[linears[-1] + 1]
        raise ConfigError("layers", tail.text, "after_last_linear", n=linears[-1] + 2)
    shape: tuple[int, ...] = input_shape
    rows = []
    for i, layer in enumerate(layers):
        last = i == linears[-1]
        shape, count, formula = _apply(layer, i + 1, shape, classes if last else None)
        rows.append(LayerShape(layer, i + 1, shape, count, formula))
    return rows


def _split(text: str) -> list[str]:
    """Items separated at top level: commas inside parentheses belong to the item."""
    items, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth == 0 and _SEPARATORS.match(ch):
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [item.strip() for item in items if item.strip()]


def _parse_item(item: str, position: int) -> Layer:
    found = _ITEM.match(item)
    if not found:
        raise ConfigError("layers", item, "layer_form", n=position)
    kind = _ALIASES.get(found.group(1).lower())
    if kind is None:
        raise ConfigError("layers", item, "layer_kind", n=position, kinds=", ".join(LAYER_PARAMS))
    return Layer(kind, _parse_args(kind, found.group(2) or "", item, position))


def _parse_args(kind: str, text: str, item: str, position: int) -> tuple[tuple[str, float], ...]:
    names, args = LAYER_PARAMS[kind], list[tuple[str, float]]()
    parts = [p.strip() for p in text.split(",")] if text.strip() else []
    for n, part in enumerate(parts):
        key, _, value = part.rpartition("=")
        key = key.strip() or (names[n] if n < len(names) else "")
        if key not in names:
            what = f"argument {part!r}" if key else f"argument {n + 1}"
            raise ConfigError("layers", item, "layer_takes_no", n=position, kind=kind, what=what)
        if any(k == key for k, _ in args):
            raise ConfigError("layers", item, "layer_twice", n=position, key=key)
        args.append((key, _value(kind, key, value.strip(), item, position)))
    missing = [name for name in names[:_REQUIRED.get(kind, 0)] if all(k != name for k, _ in args)]
    if missing:
        raise ConfigError("layers", item, "layer_needs", n=position, kind=kind, what=", ".join(missing))
    return tuple(args)


def _value(kind: str, key: str, text: str, item: str, position: int) -> float:
    try:
        value = float(text) if key == "p" else int(text)
    except ValueError:
        raise ConfigError("layers", item, "layer_not_number", n=position, key=key, text=repr(text)) from None
    if key == "p" and not 0 <= value < 1:
        raise ConfigError("layers", item, "layer_p", n=position, text=text)
    low = 0 if key == "padding" else 1
    if key != "p" and value < low:
        raise ConfigError("layers", item, "layer_at_least", n=position, key=key, text=text, low=low)
    if key != "p" and value > 1 << 31:
        raise ConfigError("layers", item, "layer_too_large", n=position, key=key, text=text)
    return value


def _apply(
    layer: Layer, position: int, shape: tuple[int, ...], classes: int | None
) -> tuple[tuple[int, ...], int, str]:
    """(output shape, parameter count, its formula) of one layer on a sample of `shape`."""
    kind = layer.kind
    if kind in ("Conv2d", "MaxPool2d", "AvgPool2d", "BatchNorm2d"):
        _need_image(layer, position, shape)
    if kind == "Conv2d":
        return _conv(layer, position, shape)
    if kind in ("MaxPool2d", "AvgPool2d"):
        return _pool(layer, position, shape)
    if kind == "BatchNorm2d":
        c = shape[0]
        return shape, 2 * c, f"2 × {grouped(c)} = {grouped(2 * c)}"
    if kind == "Flatten":
        flat = 1
        for d in shape:
            flat *= d
        return (flat,), 0, "0"
    if kind == "Linear":
        return _linear(layer, position, shape, classes)
    return shape, 0, "0"


def _need_image(layer: Layer, position: int, shape: tuple[int, ...]) -> None:
    if len(shape) != 3:
        raise ConfigError("layers", layer.text, "layer_needs_image", n=position, shape=_shape(shape))


def _conv(layer: Layer, position: int, shape: tuple[int, ...]) -> tuple[tuple[int, ...], int, str]:
    c = shape[0]
    out, k = layer.int_arg("out_channels"), layer.int_arg("kernel_size")
    assert out is not None and k is not None
    stride, padding = layer.int_arg("stride", 1) or 1, layer.int_arg("padding", 0) or 0
    oh, ow = _window(layer, position, shape, k, stride, padding)
    return (out, oh, ow), *weight_parameters(out, c, (k, k))


def _pool(layer: Layer, position: int, shape: tuple[int, ...]) -> tuple[tuple[int, ...], int, str]:
    k = layer.int_arg("kernel_size")
    assert k is not None
    stride, padding = layer.int_arg("stride", k) or k, layer.int_arg("padding", 0) or 0
    if 2 * padding > k:
        raise ConfigError("layers", layer.text, "layer_padding", n=position, p=padding, k=k)
    oh, ow = _window(layer, position, shape, k, stride, padding)
    return (shape[0], oh, ow), 0, "0"


def _window(layer: Layer, position: int, shape: tuple[int, ...], k: int, stride: int, padding: int) -> tuple[int, int]:
    _, h, w = shape
    oh, ow = (h + 2 * padding - k) // stride + 1, (w + 2 * padding - k) // stride + 1
    if oh < 1 or ow < 1:
        raise ConfigError("layers", layer.text, "layer_window", n=position, shape=_shape(shape), window=f"{k}×{k}")
    return oh, ow


def _linear(
    layer: Layer, position: int, shape: tuple[int, ...], classes: int | None
) -> tuple[tuple[int, ...], int, str]:
    if len(shape) != 1:
        raise ConfigError("layers", layer.text, "layer_needs_flat", n=position, shape=_shape(shape))
    fan_in, out = shape[0], layer.int_arg("out_features")
    if classes is not None:
        if out is not None and out != classes:
            raise ConfigError("layers", layer.text, "last_linear_sized", n=position, c=classes)
        out = classes
    if out is None:
        raise ConfigError("layers", layer.text, "linear_needs_out", n=position)
    return (out,), *weight_parameters(out, fan_in)


def _shape(shape: tuple[int, ...]) -> str:
    return "×".join(str(d) for d in shape)


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)
