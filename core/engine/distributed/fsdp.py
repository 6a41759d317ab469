"""FSDP2 (`fully_shard`) as allocator events around the traced single-GPU step, rank 0's view.

Modelled from torch/distributed/fsdp/_fully_shard/ (torch 2.14), not traced: FSDP refuses to run
forward on meta parameters, and the few tensors it adds are fixed by its source:

* setup: each parameter is only its padded shard (`_sharded_param_data`; the model is built on
  the meta device and materialised after `fully_shard`, PyTorch's recipe).
* forward, per unit (`FSDPParamGroup.pre_forward`): the all-gather output (N × the unit's padded
  shards, one flat tensor, `foreach_all_gather`), then one unsharded tensor per parameter
  (`init_all_gather_outputs`, N padded shards each, `foreach_all_gather_copy_out`). The flat output
  is kept until the next unit's copy-out (`comm_ctx.all_gather_state`, the implicit forward
  prefetch), the last one until the root's post-forward. `post_forward` frees the unsharded
  parameters when reshard_after_forward (never the root's: lazy init keeps the root unsharded).
* backward, per unit in reverse: `pre_backward` gathers again if resharded and prefetches the
  next unit's all-gather (`_backward_prefetch`); `post_backward`, once the unit's gradients are
  computed, frees its unsharded parameters, releases the previous reduce-scatter input
  (`reduce_scatter_max_input_buffers` 1), allocates this one (N × padded shards, reduce dtype),
  frees the unsharded gradients after the copy-in, and allocates the reduce-scatter output (the
  shard, reduce dtype), cast to the parameter dtype if that differs. That flat output is the
  unit's sharded gradients (views, `torch.as_strided`) until `zero_grad` drops them. The root's
  post_backward runs in the final callback, which then frees the last reduce-scatter input.
* the optimizer's state and its foreach temporaries are shard-sized.
* world size 1 takes FSDP's own shortcut: no all-gather buffer, the unsharded parameter is a copy
  of the shard (`wait_for_unshard`), and the reduce "scatter" is a copy into the output.

What is not here: the separate CUDA streams FSDP allocates on (the caching allocator keeps each
stream's blocks apart, which changes reserved memory, never `memory_allocated`), the
`_reshard_after_forward` int form, CPU offload, HSDP.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from typing import Any

from .events import Alloc, Event, Free, Phase, fixed_shape
from .sharding import ShardedParam, shard
from .states import grad_of, model_states, unit_of

__all__ = ["FsdpPlan", "fsdp_events"]


@dataclass(frozen=True)
class FsdpPlan:
    world: int
    units: tuple[str, ...]
    """The wrapped modules (core.engine.distributed.states.units); "" the root adds its own."""
    reshard_after_forward: bool = True
    orig_itemsize: int = 4
    """The sharded parameters', optimizer state's and sharded gradients' element size."""
    orig_dtype: str = "float32"
    param_itemsize: int = 4
    """What the unsharded parameters and gradients hold (MixedPrecisionPolicy.param_dtype)."""
    reduce_itemsize: int = 4
    """The reduce-scatter's element size (MixedPrecisionPolicy.reduce_dtype)."""


def fsdp_events(events: Sequence[Event], plan: FsdpPlan) -> list[Event]:
    return _Fsdp(events, plan).run()


class _Fsdp:
    def __init__(self, events: Sequence[Event], plan: FsdpPlan) -> None:
        self.events, self.plan = events, plan
        states = model_states(events)
        self.params = {a.name: shard(a.name, states.shape(a), plan.world) for a in states.params}
        self.unit_params: dict[str, list[ShardedParam]] = {}
        for name, p in self.params.items():
            self.unit_params.setdefault(unit_of(name, plan.units), []).append(p)
        self.order = [u for u in ("", *plan.units) if u in self.unit_params]
        self.by_shape = {p.shape: p for p in self.params.values()}
        self.out: list[Event] = []
        self.keys = count()
        self.unsharded: dict[str, list[Any]] = {}
        self.gather_state: Any = None
        self.prefetched: dict[str, Any] = {}
        self.rs_held: list[Any] = []
        self.sharded_grads: dict[str, Any] = {}
        self.grads: dict[Any, str] = {}
        """Live unsharded gradient key → its parameter."""
        self.dropped: set[Any] = set()

    # -- events --
    def alloc(self, name: str, component: str, nbytes: int, shape: tuple[int, ...], itemsize: int) -> Any:
        key = ("fsdp", next(self.keys))
        self.out.append(Alloc(key, name, component, 0, 0).resized(nbytes, shape, itemsize, ""))
        return key

    def free(self, key: Any) -> None:
        self.out.append(Free(key))

    def shard_numel(self, unit: str) -> int:
        return sum(p.shard_numel for p in self.unit_params[unit])

    # -- FSDPParamGroup --
    def unshard(self, unit: str, forward: bool) -> None:
        if unit in self.unsharded:
            return
        plan, label = self.plan, unit or "root"
        if plan.world == 1:
            self.unsharded[unit] = [self._copy_out_one(p) for p in self.unit_params[unit]]
            return
        gathered = self.prefetched.pop(unit, None) or self._all_gather(unit)
        if forward and self.gather_state is not None:
            self.free(self.gather_state)
            self.gather_state = None
        self.unsharded[unit] = [self.alloc(f"{p.name} (unsharded)", "parameters", p.padded_numel * plan.param_itemsize,
                                           (p.padded_numel,), plan.param_itemsize) for p in self.unit_params[unit]]
        if forward:
            self.gather_state = gathered
        else:
            self.free(gathered)
        del label

    def _copy_out_one(self, p: ShardedParam) -> Any:
        """World size 1: the unsharded parameter is a copy of the shard (cast first if the policy
        sets a param dtype)."""
        plan = self.plan
        cast = None
        if plan.param_itemsize != plan.orig_itemsize:
            cast = self.alloc(f"{p.name} (cast)", "temporaries", p.shard_numel * plan.param_itemsize,
                              (p.shard_numel,), plan.param_itemsize)
        key = self.alloc(f"{p.name} (unsharded)", "parameters", p.padded_numel * plan.param_itemsize,
                         (p.padded_numel,), plan.param_itemsize)
        if cast is not None:
            self.free(cast)
        return key

    def _all_gather(self, unit: str) -> Any:
        plan, numel = self.plan, self.shard_numel(unit)
        copy_in = None
        if plan.param_itemsize != plan.orig_itemsize:
            copy_in = self.alloc(f"{unit or 'root'} all-gather input", "temporaries", numel * plan.param_itemsize,
                                 (numel,), plan.param_itemsize)
        key = self.alloc(f"{unit or 'root'} all-gather output", "parameters", numel * plan.world * plan.param_itemsize,
                         (numel * plan.world,), plan.param_itemsize)
        if copy_in is not None:
            self.free(copy_in)
        return key

    def prefetch(self, unit: str) -> None:
        if self.plan.world > 1 and unit not in self.unsharded and unit not in self.prefetched:
            self.prefetched[unit] = self._all_gather(unit)

    def reshard(self, unit: str) -> None:
        for key in self.unsharded.pop(unit, []):
            self.free(key)

    def post_backward(self, unit: str) -> None:
        plan = self.plan
        self.reshard(unit)
        mine = [k for k, name in self.grads.items() if unit_of(name, plan.units) == unit]
        if not mine:
            return
        for key in self.rs_held:
            self.free(key)
        numel, label = self.shard_numel(unit), unit or "root"
        rs_in = self.alloc(f"{label} reduce-scatter input", "gradients", numel * plan.world * plan.reduce_itemsize,
                           (numel * plan.world,), plan.reduce_itemsize)
        for key in mine:
            self.free(key)
            del self.grads[key]
        out = self.alloc(f"{label} sharded gradients", "gradients", numel * plan.reduce_itemsize, (numel,),
                         plan.reduce_itemsize)
        if plan.reduce_itemsize != plan.orig_itemsize:
            cast = self.alloc(f"{label} sharded gradients", "gradients", numel * plan.orig_itemsize, (numel,),
                              plan.orig_itemsize)
            self.free(out)
            out = cast
        self.sharded_grads[unit] = out
        self.rs_held = [rs_in]

    # -- the step --
    def run(self) -> list[Event]:
        segments = _segments(self.events)
        for phase, body in segments:
            if phase is not None:
                self.out.append(phase)
            name = phase.name if phase is not None else "setup"
            if name == "setup":
                self._setup(body)
            elif name == "forward":
                self._forward(body)
            elif name == "loss":
                self._end_forward()
                self._plain(body)
            elif name == "backward":
                self._backward(body)
            elif name == "step":
                self._step(body)
            else:
                self._plain(body)
        return self.out

    def _setup(self, body: list[Event]) -> None:
        plan = self.plan
        for ev in body:
            p = self.params.get(ev.name) if isinstance(ev, Alloc) else None
            if isinstance(ev, Alloc) and p is not None:
                self.out.append(ev.resized(p.shard_numel * plan.orig_itemsize, p.shard_shape, plan.orig_itemsize,
                                           plan.orig_dtype, f"{p.name} (shard)"))
            else:
                self.out.append(ev)

    def _forward(self, body: list[Event]) -> None:
        self.current: str | None = None
        if "" in self.unit_params:
            self.unshard("", forward=True)
        for ev in body:
            if isinstance(ev, Alloc) and ev.info is not None and ev.info.module:
                unit = unit_of(ev.info.module, self.plan.units) or None
                if unit != self.current:
                    self._leave()
                    if unit is not None and unit in self.unit_params:
                        self.unshard(unit, forward=True)
                    self.current = unit
            self.out.append(ev)

    def _leave(self) -> None:
        if self.current is not None and self.plan.reshard_after_forward:
            self.reshard(self.current)
        self.current = None

    def _end_forward(self) -> None:
        """The last unit's post-forward, then the root's: the last all-gather output goes."""
        self._leave()
        if self.gather_state is not None:
            self.free(self.gather_state)
            self.gather_state = None

    def _backward(self, body: list[Event]) -> None:
        last: dict[str, int] = {}
        first: dict[str, int] = {}
        for i, ev in enumerate(body):
            param = grad_of(ev.name) if isinstance(ev, Alloc) else None
            if param in self.params:
                unit = unit_of(param, self.plan.units)
                last[unit] = i
                first.setdefault(unit, i)
        order = sorted((u for u in last if u), key=lambda u: last[u])
        starts = self._pre_backward_points(body, order, first)
        ends = {last[u]: u for u in order}
        if order and "" in self.unsharded:
            self.prefetch(order[0])
        if order and starts.get(-1) is not None:
            self._pre_backward(starts[-1], order)
        for i, ev in enumerate(body):
            if isinstance(ev, Free) and ev.key in self.dropped:
                continue
            self.out.append(ev)
            param = grad_of(ev.name) if isinstance(ev, Alloc) else None
            if isinstance(ev, Alloc) and param in self.params:
                self.grads[ev.key] = param
                self.dropped.add(ev.key)
            if i in starts:
                self._pre_backward(starts[i], order)
            if i in ends:
                self.post_backward(ends[i])
                nxt = order.index(ends[i]) + 1
                if nxt < len(order):
                    self._pre_backward(order[nxt], order)
        if "" in self.unit_params:
            self.post_backward("")
        for key in self.rs_held:
            self.free(key)
        self.rs_held = []

    def _pre_backward_points(self, body: list[Event], order: list[str], first: dict[str, int]) -> dict[int, str]:
        """Where the first unit in backward order gathers: after the last root gradient computed
        before its own (the layers after it in forward, a ResNet's fc), else at the start (-1)."""
        if not order:
            return {}
        start = first[order[0]]
        before = [i for i, ev in enumerate(body[:start])
                  if isinstance(ev, Alloc) and (grad_of(ev.name) or "\0") in self.params
                  and unit_of(grad_of(ev.name) or "", self.plan.units) == ""]
        return {before[-1] if before else -1: order[0]}

    def _pre_backward(self, unit: str, order: list[str]) -> None:
        if unit not in self.unsharded:
            self.unshard(unit, forward=False)
        nxt = order.index(unit) + 1
        if nxt < len(order):
            self.prefetch(order[nxt])

    def _step(self, body: list[Event]) -> None:
        plan = self.plan
        for ev in body:
            shape = fixed_shape(ev.info) if isinstance(ev, Alloc) else None
            p = self.by_shape.get(shape) if shape is not None else None
            if isinstance(ev, Alloc) and p is not None:
                self.out.append(ev.resized(p.shard_numel * plan.orig_itemsize, p.shard_shape, plan.orig_itemsize,
                                           plan.orig_dtype))
            else:
                self.out.append(ev)

    def _plain(self, body: list[Event]) -> None:
        """zero_grad and transfer: the unsharded gradients are gone already; when the first
        gradient is dropped, every unit's sharded gradients go with it (set_to_none)."""
        for ev in body:
            if isinstance(ev, Free) and ev.key in self.dropped:
                self.dropped.discard(ev.key)
                for key in self.sharded_grads.values():
                    self.free(key)
                self.sharded_grads = {}
                continue
            self.out.append(ev)


def _segments(events: Sequence[Event]) -> list[tuple[Phase | None, list[Event]]]:
    out: list[tuple[Phase | None, list[Event]]] = [(None, [])]
    for ev in events:
        if isinstance(ev, Phase):
            out.append((ev, []))
        else:
            out[-1][1].append(ev)
    return [(p, body) for p, body in out if p is not None or body]
