"""cuDNN's convolution workspaces: what each convolution borrows from the caching allocator.

Every cuDNN convolution call (forward, the input gradient, the weight gradient) asks the caching
allocator for the workspace of the engine it runs, runs, and frees it (`run_conv_plan` in
aten/src/ATen/native/cudnn/Conv_v8.cpp). The block stays cached. The size is cuDNN's choice per
GPU, cuDNN version, dtype, TF32 and shape, so the engine takes it from a measured table
(core.engine.step.conv_table) where there is one, and otherwise gives a band:

* **low**: no workspace (cuDNN always has an implicit-GEMM engine that needs none);
* **high**: `upper_bound`, the largest workspace of the engine families cuDNN's heuristics
  choose from (see there).

Near the edge, a workspace that cannot be had is no out-of-memory: `try_configs` catches the
OutOfMemoryError and runs the next engine the heuristics list, down to one without workspace.
The caching allocator has released its cached segments before it raised (core.engine.replay
models both). With `torch.backends.cudnn.benchmark = True`, the first call of each shape
first times every engine (`get_plans_from_find`): it allocates the largest of their workspaces
that fits (halving it on out-of-memory), frees it and, by default
(`_cudnn_get_conv_benchmark_empty_cache`), empties the allocator's cache."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from math import ceil, prod

from ..model.dims import Dim, dims_at
from .conv_table import DIRECTIONS, WorkspaceTable

__all__ = [
    "DIRECTIONS", "SPLIT_K_TILE", "BoundConv", "ConvWorkspace", "WorkspacePolicy", "upper_bound", "workspace_sizes",
]

SPLIT_K_TILE = 128
"""The largest CTA tile (M and N) of cuDNN's GEMM-like engines: the fewer tiles, the more splits."""
SPLIT_K_MIN_DEPTH = 32
"""The smallest slice of the reduction a split-K part works on (one K tile)."""
SPLIT_K_WAVES = 2
"""Split-K fills the GPU: at most this many CTAs per SM in all."""
WINOGRAD_TILE = 36
"""Winograd F(4×4, 3×3): each 4×4 output tile is computed from a 6×6 input tile."""
ACC_BYTES = 4
"""Partial sums and transforms are float32, whatever the data's dtype."""


@dataclass(frozen=True)
class ConvWorkspace:
    """One cuDNN convolution call in the traced step: its direction and geometry. Unbound, it
    borrows nothing (the low side); `WorkspacePolicy.bind` gives it its size."""

    direction: str
    """"forward", "backward_data" or "backward_filter"."""
    input: tuple[Dim, ...]
    weight: tuple[int, ...]
    output: tuple[Dim, ...]
    stride: tuple[int, ...]
    padding: tuple[int, ...]
    dilation: tuple[int, ...]
    groups: int
    transposed: bool
    dtype: str
    channels_last: bool = False

    def blocks(self, batch: int, sm_count: int, threads_per_sm: int) -> tuple[int, ...]:
        return ()

    def key_at(self, batch: int) -> tuple[object, ...]:
        """What cuDNN's plan cache (and the measured table) tells this call by, at a batch."""
        return (self.direction, dims_at(self.input, batch), self.weight, self.stride, self.padding, self.dilation,
                self.groups, self.transposed, self.dtype)


def upper_bound(conv: ConvWorkspace, batch: int, sm_count: int, benchmark: bool = False) -> int:
    """The largest workspace this call can plausibly take, in bytes: the largest of the
    workspaces of the engine families cuDNN's heuristics rank (the first one that fits runs):

    * implicit GEMM (precomputed or not): no workspace beyond a few index bytes;
    * split-K GEMM (TF32, float32 and half engines on Ampere and later): float32 partial sums,
      one copy of the result per split; splits are only worth it while the result's tiles
      (SPLIT_K_TILE squared) leave the GPU idle, so at most SPLIT_K_WAVES × SMs / tiles,
      and each split works on at least SPLIT_K_MIN_DEPTH of the reduction;
    * Winograd non-fused (2-D 3×3 filters, stride and dilation 1, no groups): the transformed
      input, filter and output, 36 float32 values per 4×4 tile and channel;
    * with benchmark mode, FFT and FFT-tiling engines too (they are timed, so their workspace is
      allocated): the transformed input, filter and output in the frequency domain.

    No number here is fitted to a measurement: the rule only knows the shapes and the SMs."""
    x, y = dims_at(conv.input, batch), dims_at(conv.output, batch)
    direction = conv.direction
    if conv.transposed:  # a transposed convolution's forward is the backward of data of its adjoint
        x, y = y, x
        direction = {"forward": "backward_data", "backward_data": "forward"}.get(direction, direction)
    families = [_split_k(direction, x, y, conv.weight, conv.groups, sm_count)]
    if _winograd_shape(conv):
        families.append(_winograd(direction, x, y))
    if benchmark and len(x) == 4:
        families.append(_fft(x, y, conv.weight, conv.padding))
    return max(families)


def _gemm(direction: str, x: tuple[int, ...], y: tuple[int, ...], w: tuple[int, ...],
          groups: int) -> tuple[int, int, int]:
    """(rows, columns, reduction depth) of one group's implicit GEMM in that direction."""
    n, c, k = x[0], x[1], y[1]
    kernel = prod(w[2:])
    if direction == "forward":
        return n * prod(y[2:]), k // groups, w[1] * kernel
    if direction == "backward_data":
        return n * prod(x[2:]), c // groups, (k // groups) * kernel
    return k // groups, w[1] * kernel, n * prod(y[2:])


def _split_k(direction: str, x: tuple[int, ...], y: tuple[int, ...], w: tuple[int, ...], groups: int,
             sm_count: int) -> int:
    rows, cols, depth = _gemm(direction, x, y, w, groups)
    tiles = ceil(rows / SPLIT_K_TILE) * ceil(cols / SPLIT_K_TILE) * groups
    splits = min(ceil(depth / SPLIT_K_MIN_DEPTH), max(1, ceil(SPLIT_K_WAVES * sm_count / tiles)))
    return splits * rows * cols * groups * ACC_BYTES if splits > 1 else 0


def _winograd_shape(conv: ConvWorkspace) -> bool:
    return (len(conv.weight) == 4 and tuple(conv.weight[2:]) == (3, 3) and conv.groups == 1
            and all(s == 1 for s in conv.stride) and all(d == 1 for d in conv.dilation))


def _winograd(direction: str, x: tuple[int, ...], y: tuple[int, ...]) -> int:
    n, c, k = x[0], x[1], y[1]
    spatial = x if direction == "backward_data" else y
    tiles = n * ceil(spatial[2] / 4) * ceil(spatial[3] / 4)
    return WINOGRAD_TILE * ACC_BYTES * (tiles * c + tiles * k + c * k)


def _fft(x: tuple[int, ...], y: tuple[int, ...], w: tuple[int, ...], padding: tuple[int, ...]) -> int:
    """Whole-image FFT (complex float32, half the spectrum kept) of input, filter and output."""
    n, c, k = x[0], x[1], y[1]
    h, wd = x[2] + 2 * padding[0], x[3] + 2 * padding[1]
    spectrum = h * (wd // 2 + 1)
    return 2 * ACC_BYTES * spectrum * (n * c + c * w[0] + n * k)


@dataclass(frozen=True)
class WorkspacePolicy:
    """How the workspaces of one estimate are sized: the GPU and cuDNN version the measured table
    is read for, benchmark mode, and the side of the band for calls the table does not hold."""

    gpu: str
    cudnn: int
    benchmark: bool
    sm_count: int
    high: bool
    table: WorkspaceTable
    """Compared by identity: a calibrated table is another table."""

    def measured(self, conv: ConvWorkspace, batch: int) -> tuple[int, int] | None:
        if not self.table.holds(self.gpu, self.cudnn, self.benchmark):  # spares the key at every batch
            return None
        return self.table.lookup(self.gpu, self.cudnn, self.benchmark, conv.key_at(batch))


@dataclass(frozen=True)
class BoundConv:
    """A convolution's workspace under a policy. `first`: the first call of its shape in the
    process, the one benchmark mode times every engine at."""

    conv: ConvWorkspace
    policy: WorkspacePolicy
    first: bool

    def blocks(self, batch: int, sm_count: int, threads_per_sm: int) -> tuple[int, ...]:
        size = self.size(batch)
        return (size,) if size else ()

    @property
    def times_engines(self) -> bool:
        """Benchmark mode times every engine at this call (the first of its shape)."""
        return self.first and self.policy.benchmark

    def size(self, batch: int) -> int:
        """The workspace of the engine that runs: measured, or the policy's side of the band."""
        return _size(self.conv, self.policy, batch)[0]

    def find_size(self, batch: int) -> int:
        """Benchmark mode, first call: the largest workspace of the engines it times."""
        if not self.times_engines:
            return 0
        return _size(self.conv, self.policy, batch)[1]

    def measured_at(self, batch: int) -> bool:
        return self.policy.measured(self.conv, batch) is not None


def workspace_sizes(conv: ConvWorkspace, policy: WorkspacePolicy, batch: int) -> tuple[int, int]:
    """(the engine's workspace, benchmark mode's largest) of a call under a policy: the first
    and the later calls of a shape share it. Without benchmark mode, nothing is timed: the
    second is the first."""
    found = policy.measured(conv, batch)
    if found is not None:
        return found
    if not policy.high:
        return 0, 0
    size = upper_bound(conv, batch, policy.sm_count)
    return size, upper_bound(conv, batch, policy.sm_count, benchmark=True) if policy.benchmark else size


_size = lru_cache(maxsize=8192)(workspace_sizes)
