"""The course's MLP, layer by layer: shapes, parameter counts and their formulas."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .units import grouped

__all__ = ["LayerRow", "layer_table", "parameter_count"]


@dataclass(frozen=True)
class LayerRow:
    name: str
    output_shape: tuple[int, ...]
    weight_shape: tuple[int, ...] | None
    bias_shape: tuple[int, ...] | None
    parameters: int
    formula: str
    bytes: int

    def to_dict(self) -> dict:
        return asdict(self)


def _linear(index: int, fan_in: int, fan_out: int, batch: int, itemsize: int) -> LayerRow:
    count = fan_in * fan_out + fan_out
    return LayerRow(
        name=f"Linear{index} ({grouped(fan_in)} → {grouped(fan_out)})",
        output_shape=(batch, fan_out),
        weight_shape=(fan_out, fan_in),
        bias_shape=(fan_out,),
        parameters=count,
        formula=f"{grouped(fan_in)} × {grouped(fan_out)} + {grouped(fan_out)} = {grouped(count)}",
        bytes=count * itemsize,
    )


def layer_table(
    input_shape: tuple[int, int, int], hidden: tuple[int, ...], classes: int, batch: int, itemsize: int
) -> list[LayerRow]:
    c, h, w = input_shape
    flat = c * h * w
    rows = [LayerRow(f"Flatten ({c}×{h}×{w} → {grouped(flat)})", (batch, flat), None, None, 0, "0", 0)]
    widths = (flat, *hidden, classes)
    for i, (fan_in, fan_out) in enumerate(zip(widths, widths[1:]), 1):
        rows.append(_linear(i, fan_in, fan_out, batch, itemsize))
        if i <= len(hidden):
            rows.append(LayerRow("ReLU", (batch, fan_out), None, None, 0, "0", 0))
    return rows


def parameter_count(input_features: int, hidden: tuple[int, ...], classes: int) -> int:
    widths = (input_features, *hidden, classes)
    return sum(a * b + b for a, b in zip(widths, widths[1:]))
