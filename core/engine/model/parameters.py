"""A weighted layer's parameters and their formula, for every model source (the MLP, the layer
builder, a traced module): "3 × 3 × 3 × 32 + 32 = 896"."""

from __future__ import annotations

from math import prod

from ...units import grouped

__all__ = ["weight_parameters"]


def weight_parameters(out: int, fan_in: int, kernel: tuple[int, ...] = (), bias: bool = True) -> tuple[int, str]:
    """(count, formula) of a Linear (`kernel` empty) or a convolution's weight of shape
    (out, fan_in, *kernel), and its bias of `out` if it has one."""
    count = prod(kernel) * fan_in * out + (out if bias else 0)
    head = " × ".join([*map(str, kernel), grouped(fan_in), grouped(out)])
    return count, head + (f" + {grouped(out)}" if bias else "") + f" = {grouped(count)}"
