"""What CUDA kernels borrow from the caching allocator that no op output shows.

The staging buffer and semaphores of a reduction (core.engine.step.reductions) are allocated
after the reduction's output and freed before the op returns; `convolution_backward` computes the
bias gradient as a sum over (N, H, W) of the output gradient after its other outputs. The plan
says which scratch follows which output of an op (-1: after all of them)."""

from __future__ import annotations

from typing import Any

import torch

__all__ = ["plan"]

Plan = dict[int, list[tuple[Any, ...]]]


def plan(op: str, args: tuple[Any, ...], outputs: list[torch.Tensor]) -> Plan:
    """Scratches as (kind, concrete shape, dims, elem bytes, acc bytes, channels_last) records,
    keyed by the output they follow."""
    if op in ("sum", "mean") and args and isinstance(args[0], torch.Tensor):
        return {-1: [_reduction(args[0], _dims(args))]} if _dense(args[0]) else {}
    if op == "convolution_backward" and len(args) > 10 and args[10][2] and _dense(args[0]):
        grad = args[0]
        return {-1: [_reduction(grad, tuple(d for d in range(grad.dim()) if d != 1))]}
    return {}


def _dims(args: tuple[Any, ...]) -> tuple[int, ...]:
    x = args[0]
    dims = args[1] if len(args) > 1 and isinstance(args[1], (list, tuple)) else None
    if not dims:
        return tuple(range(x.dim()))
    return tuple(d % x.dim() for d in dims)


def _dense(t: torch.Tensor) -> bool:
    return bool(t.is_contiguous() or t.is_contiguous(memory_format=torch.channels_last))


def _reduction(t: torch.Tensor, dims: tuple[int, ...]) -> tuple[Any, ...]:
    channels_last = t.dim() == 4 and not t.is_contiguous() and t.is_contiguous(memory_format=torch.channels_last)
    acc = 8 if t.dtype == torch.float64 else 4
    return ("reduce", tuple(t.shape), dims, t.element_size(), acc, channels_last)
