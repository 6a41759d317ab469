"""DistributedDataParallel as allocator events around the traced single-GPU step.

Modelled from torch/nn/parallel/distributed.py and c10d's reducer.cpp and comm.cpp, not traced (DDP
over a fake process group fails inside its communication hook, and what it adds is fixed by its
source). Every GPU holds the whole model, its gradients and the optimizer state, as on one GPU;
DDP adds:

* construction (`_sync_module_states`): parameters and buffers broadcast from rank 0 through
  `_broadcast_coalesced`, which flattens them into buffers of up to 250 MiB per dtype
  (`broadcast_bucket_size`), at most two in flight, each freed once copied back;
* the reducer's gradient buckets (core.engine.distributed.buckets), one flat tensor per bucket,
  alive for the whole run: a second copy of the gradients, or their home with
  gradient_as_bucket_view, where each gradient autograd makes is copied into its bucket view and
  freed at once (`mark_variable_ready_dense`: `grad = bucket_view`);
* the buckets rebuilt once, at the second forward, in the order the gradients became ready: the
  new buckets are allocated before the old ones go (DDP's own comment at `_rebuild_buckets`);
* each forward, with buffers (batch norm's statistics), `_sync_buffers`' broadcast of them,
  flattened the same way;
* the all-reduce runs in place on each bucket (divided while copied in, `at::mul_out`); NCCL's
  own buffers live outside the caching allocator (core.engine.distributed.nccl).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

from .buckets import BUCKET_CAP_BYTES, FIRST_BUCKET_BYTES, Bucket, Tensor, assign_buckets, ddp_buckets
from .events import Alloc, Event, Free, Phase
from .states import grad_of, model_states

__all__ = ["BROADCAST_BUCKET_BYTES", "DdpPlan", "ddp_events", "ddp_tensors"]

BROADCAST_BUCKET_BYTES = 250 * 1024 * 1024
"""DistributedDataParallel.broadcast_bucket_size."""
_IN_FLIGHT = 2
"""broadcast_coalesced keeps at most two flattened buckets in flight."""


@dataclass(frozen=True)
class DdpPlan:
    world: int
    bucket_view: bool = False
    bucket_cap: int = BUCKET_CAP_BYTES
    first_bucket: int = FIRST_BUCKET_BYTES


def _tensor(a: Alloc) -> Tensor:
    info = a.info
    itemsize = info.itemsize if info is not None else 1
    return Tensor(a.name, a.fixed // itemsize, itemsize, info.dtype if info is not None and info.dtype else "?")


def ddp_tensors(events: Sequence[Event]) -> tuple[list[Tensor], list[Tensor]]:
    """(parameters, buffers) as the bucketing sees them."""
    states = model_states(events)
    return [_tensor(a) for a in states.params], [_tensor(a) for a in states.buffers]


def ddp_events(events: Sequence[Event], plan: DdpPlan) -> list[Event]:
    params, buffers = ddp_tensors(events)
    names = [t.name for t in params]
    ready = _ready_order(events, names)
    out: list[Event] = []
    keys = count()

    def alloc(name: str, nbytes: int) -> Any:
        key = ("ddp", next(keys))
        out.append(Alloc(key, name, "gradients", 0, 0).resized(nbytes, (nbytes,), 1, "uint8"))
        return key

    def broadcast(tensors: list[Tensor], what: str) -> None:
        flying: list[Any] = []
        for i, b in enumerate(assign_buckets(tensors, (BROADCAST_BUCKET_BYTES,))):
            if len(flying) >= _IN_FLIGHT:
                out.append(Free(flying.pop(0)))
            flying.append(alloc(f"DDP {what} broadcast {i}", b.nbytes))
        out.extend(Free(k) for k in flying)

    def make_buckets(layout: list[Bucket]) -> list[Any]:
        return [alloc(f"DDP gradient bucket {i}", b.nbytes) for i, b in enumerate(layout)]

    buckets: list[Any] = []
    dropped: set[Any] = set()
    phase = ""
    for ev in events:
        if isinstance(ev, Phase):
            if phase == "setup":
                broadcast(params + buffers, "parameters")
                buckets = make_buckets(ddp_buckets(params, plan.bucket_cap, plan.first_bucket))
            out.append(ev)
            phase = ev.name
            if ev.name == "forward" and ev.iteration == 2 and ready:
                old = buckets
                buckets = make_buckets(ddp_buckets(params, plan.bucket_cap, plan.first_bucket, ready))
                out.extend(Free(k) for k in old)
            if ev.name == "forward" and buffers:
                broadcast(buffers, "buffers")
            continue
        if isinstance(ev, Free) and ev.key in dropped:
            dropped.discard(ev.key)
            continue
        out.append(ev)
        if plan.bucket_view and isinstance(ev, Alloc) and grad_of(ev.name) in names:
            out.append(Free(ev.key))
            dropped.add(ev.key)
    return out


def _ready_order(events: Sequence[Event], names: list[str]) -> list[int]:
    """The parameters in the order their gradients were made in the first backward."""
    index = {n: i for i, n in enumerate(names)}
    order: list[int] = []
    phase = ""
    for ev in events:
        if isinstance(ev, Phase):
            if phase == "backward" and order:
                break
            phase = ev.name
        elif phase == "backward" and isinstance(ev, Alloc):
            i = index.get(grad_of(ev.name) or "")
            if i is not None and i not in order:
                order.append(i)
    return order + [i for i in range(len(names)) if i not in order]
