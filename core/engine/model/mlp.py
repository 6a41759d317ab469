"""The course's MLP, Flatten → [Linear → ReLU]* → Linear: its widths, parameters and layer table."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import NamedTuple

from ...units import grouped
from .parameters import weight_parameters

__all__ = ["LayerRow", "Mlp"]


class LayerRow(NamedTuple):
    """A row of the layer table (a tuple: a traced model's table is built anew at every batch, and
    a frozen dataclass took six times as long per row)."""

    name: str
    output_shape: tuple[int, ...]
    weight_shape: tuple[int, ...] | None
    bias_shape: tuple[int, ...] | None
    parameters: int
    formula: str
    bytes: int
    """Parameter bytes."""
    kind: str
    depth: int
    saved_bytes: int
    """Bytes of the layer's outputs (and internals) that stay alive for backward."""
    total_parameters: int
    """Its parameters and its children's (torchinfo's count)."""
    trainable_parameters: int
    """Of those, the ones with requires_grad."""

    def to_dict(self) -> dict[str, object]:
        return self._asdict()


def _leaf(name: str, output_shape: tuple[int, ...], kind: str, saved_bytes: int = 0,
          weight: tuple[int, int] | None = None, count: int = 0, formula: str = "0", itemsize: int = 0) -> LayerRow:
    """A row of the MLP's table: a layer without children, all its parameters trainable."""
    return LayerRow(name, output_shape, weight, (weight[0],) if weight else None, count, formula, count * itemsize,
                    kind, 1, saved_bytes, count, count)


@dataclass(frozen=True)
class Mlp:
    in_features: int
    hidden: tuple[int, ...]
    classes: int

    @cached_property
    def widths(self) -> tuple[int, ...]:
        """Every Linear's fan-in, then the classes: (in_features, *hidden, classes). Built once:
        the loop asks for it per layer, and 10,000 layers asking for a new tuple each was quadratic."""
        return (self.in_features, *self.hidden, self.classes)

    @property
    def linears(self) -> list[tuple[int, int]]:
        """(fan-in, fan-out) of every Linear, first to last."""
        return list(zip(self.widths, self.widths[1:]))

    def parameter_shapes(self) -> list[tuple[str, tuple[int, ...]]]:
        """(name, shape) of every parameter in `model.parameters()` order: W1, b1, W2, ..."""
        shapes: list[tuple[str, tuple[int, ...]]] = []
        for i, (fan_in, fan_out) in enumerate(self.linears, 1):
            shapes += [(f"W{i}", (fan_out, fan_in)), (f"b{i}", (fan_out,))]
        return shapes

    @property
    def parameter_count(self) -> int:
        return sum(fan_in * fan_out + fan_out for fan_in, fan_out in self.linears)

    def layer_table(self, input_shape: tuple[int, ...], batch: int, itemsize: int) -> list[LayerRow]:
        rows = [_leaf(_flatten_name(input_shape, self.in_features), (batch, self.in_features), "Flatten")]
        last = len(self.linears)
        for i, ((fan_in, fan_out), (name, count, formula)) in enumerate(zip(self.linears, self._linear_rows), 1):
            # what autograd keeps: each ReLU its output (Linear's output dies with the ReLU after
            # it); the last Linear's output is the logits `out`, which the loss keeps
            kept = batch * fan_out * itemsize if i == last else 0
            rows.append(_leaf(name, (batch, fan_out), "Linear", kept, (fan_out, fan_in), count, formula, itemsize))
            if i <= len(self.hidden):
                rows.append(_leaf("ReLU", (batch, fan_out), "ReLU", batch * fan_out * itemsize))
        return rows

    @cached_property
    def _linear_rows(self) -> list[tuple[str, int, str]]:
        """Per Linear, what its row says at every batch: its name, parameters and their formula
        (written once: the window asks for the table at every batch)."""
        rows = []
        for i, (fan_in, fan_out) in enumerate(self.linears, 1):
            count, formula = weight_parameters(fan_out, fan_in)
            rows.append((f"Linear{i} ({grouped(fan_in)} → {grouped(fan_out)})", count, formula))
        return rows


@lru_cache(maxsize=64)
def _flatten_name(input_shape: tuple[int, ...], flat: int) -> str:
    shape = "×".join(str(d) for d in input_shape)
    return f"Flatten ({shape} → {grouped(flat)})"
