"""DistributedDataParallel's gradient buckets, as the reducer lays them out.

`torch.nn.parallel.DistributedDataParallel` hands its parameters in definition order to
`dist._compute_bucket_assignment_by_size` with the limits `[first_bucket_bytes_cap,
bucket_bytes_cap]` (`_BucketCapacityConfig`: 1 MiB, `dist._DEFAULT_FIRST_BUCKET_BYTES`, then
`bucket_cap_mb`, 25 MiB by default). c10d's `compute_bucket_assignment_by_size` (reducer.cpp)
keeps one open bucket per (dtype, device), adds each tensor to it, and closes it once its bytes
reach the limit (the tensor that crosses it stays in); the next bucket of that type takes the next
limit. Leftover buckets close at the end, and the list is sorted by the smallest index each holds.
DDP then reverses the list, so bucket 0 holds the last parameters (whose gradients come first in
backward), and the 1 MiB bucket is the last. `Reducer::initialize_buckets` allocates one flat
tensor per bucket (`at::empty({numel}, options)`), in that reversed order.

After the first iteration the reducer rebuilds the buckets once (`_rebuild_buckets`, at the
second forward) with the gradients in the order they became ready, the same two limits, and no
sort: the rebuilt list starts with the first gradient ready.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["BUCKET_CAP_BYTES", "FIRST_BUCKET_BYTES", "Bucket", "Tensor", "assign_buckets", "ddp_buckets"]

FIRST_BUCKET_BYTES = 1024 * 1024
"""dist._DEFAULT_FIRST_BUCKET_BYTES."""
BUCKET_CAP_BYTES = 25 * 1024 * 1024
"""bucket_cap_mb=25, DDP's default."""


@dataclass(frozen=True)
class Tensor:
    """What the bucketing sees of a parameter: its name, elements, element size and dtype."""

    name: str
    numel: int
    itemsize: int
    dtype: str = "float32"

    @property
    def nbytes(self) -> int:
        return self.numel * self.itemsize


@dataclass(frozen=True)
class Bucket:
    """One flat gradient buffer: the parameters (indices into the list given) it holds."""

    indices: tuple[int, ...]
    nbytes: int
    dtype: str


def assign_buckets(tensors: Sequence[Tensor], limits: Sequence[int], order: Sequence[int] | None = None
                   ) -> list[Bucket]:
    """c10d's compute_bucket_assignment_by_size: `order` is tensor_indices (the ready order when
    rebuilding); without it the buckets are sorted by their smallest index."""
    indices = list(order) if order is not None else list(range(len(tensors)))
    open_: dict[str, tuple[list[int], int]] = {}
    limit_at: dict[str, int] = {}
    out: list[Bucket] = []
    for i in indices:
        t = tensors[i]
        members, size = open_.get(t.dtype, ([], 0))
        members.append(i)
        size += t.nbytes
        step = limit_at.setdefault(t.dtype, 0)
        if size >= limits[step]:
            out.append(Bucket(tuple(members), size, t.dtype))
            members, size = [], 0
            limit_at[t.dtype] = min(step + 1, len(limits) - 1)
        open_[t.dtype] = (members, size)
    out += [Bucket(tuple(m), s, d) for d, (m, s) in open_.items() if m]
    if order is None:
        out.sort(key=lambda b: min(b.indices))
    return out


def ddp_buckets(tensors: Sequence[Tensor], cap: int = BUCKET_CAP_BYTES, first: int = FIRST_BUCKET_BYTES,
                ready: Sequence[int] | None = None) -> list[Bucket]:
    """The reducer's buckets in the order it allocates them: at construction (`ready` None) the
    assignment reversed; rebuilt (`ready`: the parameters in the order their gradients became
    ready) as the rebuild assigns them."""
    if ready is not None:
        return assign_buckets(tensors, (first, cap), ready)
    return list(reversed(assign_buckets(tensors, (first, cap))))
