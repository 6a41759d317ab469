"""The course's MLP, Flatten → [Linear → ReLU]* → Linear: its widths, parameters and layer table."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cached_property, lru_cache

from ...units import grouped
from .parameters import weight_parameters

__all__ = ["LayerRow", "Mlp"]


@dataclass(frozen=True)
class LayerRow:
    name: str
    output_shape: tuple[int, ...]
    weight_shape: tuple[int, ...] | None
    bias_shape: tuple[int, ...] | None
    parameters: int
    formula: str
    bytes: int
    """Parameter bytes."""
    kind: str = ""
    depth: int = 1
    saved_bytes: int = 0
    """Bytes of the layer's outputs (and internals) that stay alive for backward."""
    total_parameters: int | None = None
    """Its parameters and its children's (torchinfo's count); None: `parameters`, it has no children."""
    trainable_parameters: int | None = None
    """Of those, the ones with requires_grad; None: all of `total_parameters`."""

    def __post_init__(self) -> None:
        if self.total_parameters is None:
            object.__setattr__(self, "total_parameters", self.parameters)
        if self.trainable_parameters is None:
            object.__setattr__(self, "trainable_parameters", self.total_parameters)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


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
        rows = [LayerRow(_flatten_name(input_shape, self.in_features), (batch, self.in_features), None, None, 0, "0",
                         0, kind="Flatten")]
        last = len(self.linears)
        for i, ((fan_in, fan_out), (name, count, formula)) in enumerate(zip(self.linears, self._linear_rows), 1):
            # what autograd keeps: each ReLU its output (Linear's output dies with the ReLU after
            # it); the last Linear's output is the logits `out`, which the loss keeps
            kept = batch * fan_out * itemsize if i == last else 0
            rows.append(LayerRow(name, (batch, fan_out), (fan_out, fan_in), (fan_out,), count, formula,
                                 count * itemsize, kind="Linear", saved_bytes=kept))
            if i <= len(self.hidden):
                rows.append(LayerRow("ReLU", (batch, fan_out), None, None, 0, "0", 0, kind="ReLU",
                                     saved_bytes=batch * fan_out * itemsize))
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
