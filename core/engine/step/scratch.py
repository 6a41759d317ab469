"""Memory a kernel borrows from the caching allocator for its own length, invisible as a tensor.

A scratch is allocated and freed inside one op: it adds to the peak at that moment and can take
or split a cached block, but nothing holds it afterwards. Sizes depend on the batch, so a scratch
keeps the shape of what it works on as `a × B + b` per dimension."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..model.dims import Dim, dims_at
from .convolutions import BoundConv, ConvWorkspace
from .reductions import reduce_scratch

__all__ = ["Reduction", "Scratch", "scratch_blocks"]


@dataclass(frozen=True)
class Reduction:
    """The staging buffer and semaphores of a CUDA sum or mean over `dims` of a dense tensor."""

    shape: tuple[Dim, ...]
    dims: tuple[int, ...]
    elem_bytes: int
    acc_bytes: int
    channels_last: bool = False

    def blocks(self, batch: int, sm_count: int, threads_per_sm: int) -> tuple[int, ...]:
        """Bytes asked for, in order (staging buffer, semaphores); () when the kernel needs none."""
        shape = dims_at(self.shape, batch)
        vec = 8 if self.elem_bytes == 2 else 4
        staging, semaphores = reduce_scratch(shape, _strides(shape, self.channels_last), self.dims, self.elem_bytes,
                                             self.acc_bytes, vec, sm_count, threads_per_sm)
        return (staging, semaphores) if staging else ()


Scratch = Reduction | ConvWorkspace | BoundConv
"""Every kind of scratch the engine knows: a reduction's staging buffer, a cuDNN convolution's
workspace (core.engine.step.convolutions; unbound it borrows nothing)."""


def _strides(shape: tuple[int, ...], channels_last: bool) -> tuple[int, ...]:
    if channels_last and len(shape) == 4:
        _, c, h, w = shape
        return (h * w * c, 1, w * c, c)
    strides, step = [0] * len(shape), 1
    for d in range(len(shape) - 1, -1, -1):
        strides[d] = step
        step *= shape[d]
    return tuple(strides)


@lru_cache(maxsize=8192)
def scratch_blocks(spec: Scratch, batch: int, sm_count: int, threads_per_sm: int) -> tuple[int, ...]:
    """`spec.blocks(...)`, remembered: the same reductions recur in every iteration."""
    return spec.blocks(batch, sm_count, threads_per_sm)
