"""What the estimate tells about a model's parts: a row per module, and what a tensor is."""

from __future__ import annotations

from dataclasses import dataclass

from .dims import Dim, dims_at

__all__ = ["ModuleRow", "TensorInfo"]


@dataclass(frozen=True)
class TensorInfo:
    """A traced tensor: its shape at any batch, its element size and the module that made it."""

    shape: tuple[Dim, ...]
    itemsize: int
    module: str
    dtype: str = ""

    def shape_at(self, batch: int) -> tuple[int, ...]:
        return dims_at(self.shape, batch)


@dataclass(frozen=True)
class ModuleRow:
    """One module of the model (depth 0 is the model itself)."""

    name: str
    kind: str
    depth: int
    output: tuple[Dim, ...] | None
    """The shape of its output at any batch; None if it gives no single tensor."""
    parameters: int
    """Parameters it holds itself (not its children's)."""
    formula: str
    saved: Dim
    """Bytes its forward leaves alive for backward (outputs and internals), at any batch."""
    weight_shape: tuple[int, ...] | None = None
    bias_shape: tuple[int, ...] | None = None
    total_parameters: int = 0
    """Its own parameters and its children's, as torchinfo counts a module (the model's: all)."""
    trainable_parameters: int = 0
    """Of `total_parameters`, those with requires_grad (what the optimizer updates)."""

    def output_at(self, batch: int) -> tuple[int, ...] | None:
        return None if self.output is None else dims_at(self.output, batch)

    def saved_at(self, batch: int) -> int:
        a, b = self.saved
        return a * batch + b
