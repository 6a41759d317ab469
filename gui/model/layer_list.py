"""The layer builder's list, without Qt: adding, removing, moving and setting layers, and the
shape after each one, with the layer that breaks the shapes and why."""

from __future__ import annotations

from dataclasses import dataclass

from core import ConfigError
from core.engine.model.layers import LAYER_PARAMS, Layer, LayerShape, layer_shapes, parse_layers

__all__ = ["ARGUMENTS", "LAYER_KINDS", "LayerCheck", "argument", "check_layers", "insert_layer", "layers_text",
           "move_layer", "new_layer", "parse_text", "remove_layer", "set_argument"]

LAYER_KINDS = tuple(LAYER_PARAMS)

ARGUMENTS: dict[str, tuple[tuple[str, float], ...]] = {
    "Conv2d": (("out_channels", 32), ("kernel_size", 3), ("stride", 1), ("padding", 1)),
    "MaxPool2d": (("kernel_size", 2), ("stride", 2), ("padding", 0)),
    "AvgPool2d": (("kernel_size", 2), ("stride", 2), ("padding", 0)),
    "Dropout": (("p", 0.5),),
    "Linear": (("out_features", 512),),
}
"""Each kind's settings, in order, with the value a new layer starts from."""

_DEFAULTS = {"stride": None, "padding": 0}  # what a layer without the argument uses (stride: the kernel's for pools)


def new_layer(kind: str) -> Layer:
    return Layer(kind, ARGUMENTS.get(kind, ()))


def parse_text(text: str) -> tuple[Layer, ...]:
    """The layers of a saved list; () for an empty one. Raises ConfigError for one that cannot be read."""
    return parse_layers(text) if text.strip() else ()


def layers_text(layers: tuple[Layer, ...]) -> str:
    return ", ".join(layer.text for layer in layers)


def insert_layer(layers: tuple[Layer, ...], index: int, layer: Layer) -> tuple[Layer, ...]:
    index = max(0, min(len(layers), index))
    return (*layers[:index], layer, *layers[index:])


def remove_layer(layers: tuple[Layer, ...], index: int) -> tuple[Layer, ...]:
    return (*layers[:index], *layers[index + 1:]) if 0 <= index < len(layers) else layers


def move_layer(layers: tuple[Layer, ...], index: int, step: int) -> tuple[Layer, ...]:
    """The layer at `index` moved `step` places (−1 up, +1 down), where there is room."""
    target = index + step
    if not (0 <= index < len(layers) and 0 <= target < len(layers)):
        return layers
    moved = list(layers)
    moved[index], moved[target] = moved[target], moved[index]
    return tuple(moved)


def argument(layer: Layer, name: str) -> float | None:
    """A setting as the layer uses it (a pool's stride is its kernel unless given); None: not set
    (the last Linear's out_features, which the dataset's classes give)."""
    value = layer.arg(name)
    if value is not None:
        return value
    if name == "stride":
        return layer.arg("kernel_size", 1) if layer.kind in ("MaxPool2d", "AvgPool2d") else 1
    return _DEFAULTS.get(name)


def set_argument(layer: Layer, name: str, value: float | None) -> Layer:
    """`layer` with setting `name` at `value` (None drops it: the default, or the classes)."""
    names = [n for n, _ in ARGUMENTS.get(layer.kind, ())]
    current = dict(layer.args)
    if value is None:
        current.pop(name, None)
    else:
        current[name] = value
    return Layer(layer.kind, tuple((n, current[n]) for n in names if n in current))


@dataclass(frozen=True)
class LayerCheck:
    """The shape after each layer up to the one that breaks them; `bad` is that layer's index
    (0-based; len(layers) when the end is wrong, such as no Linear), `error` why."""

    rows: tuple[LayerShape, ...]
    bad: int | None = None
    error: ConfigError | None = None


def check_layers(layers: tuple[Layer, ...], input_shape: tuple[int, ...], classes: int) -> LayerCheck:
    if not layers:
        return LayerCheck((), 0, ConfigError("layers", "", "no_layers"))
    try:
        return LayerCheck(tuple(layer_shapes(layers, input_shape, classes)))
    except ConfigError as exc:
        position = exc.params.get("n")
        bad = position - 1 if isinstance(position, int) else len(layers)
        return LayerCheck(_rows_before(layers[:bad], input_shape, classes), bad, exc)


def _rows_before(prefix: tuple[Layer, ...], input_shape: tuple[int, ...], classes: int) -> tuple[LayerShape, ...]:
    """The shapes of the layers before the bad one (a Flatten and a Linear end them, as the
    checker wants a model to end)."""
    try:
        return tuple(layer_shapes((*prefix, Layer("Flatten"), Layer("Linear")), input_shape, classes)[:len(prefix)])
    except ConfigError:
        return ()
