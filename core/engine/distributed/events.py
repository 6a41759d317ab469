"""A traced step's program as a list the distributed engines can edit, and back.

A compiled Program merges runs of small tensors into BULK events; here every tensor is one
`Alloc` again (its name, bytes as `per_sample × B + fixed`, component and TensorInfo), so that the
parameters, their gradients and the optimizer state can be found by name and resized, and the
engines' own tensors put between them. `rebuild` compiles the edited list into a new Program."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from ..model.rows import TensorInfo
from ..step.program import ALLOC, BULK, COMPONENTS, FREE, PHASE, SCRATCH, Program

__all__ = ["Alloc", "Event", "Free", "Phase", "Scratch", "expand", "fixed_shape", "rebuild"]


@dataclass(frozen=True)
class Alloc:
    key: Any
    name: str
    component: str
    per_sample: int
    fixed: int
    info: TensorInfo | None = None

    def resized(self, nbytes: int, shape: tuple[int, ...], itemsize: int, dtype: str, name: str = "") -> Alloc:
        info = self.info
        new_info = TensorInfo(tuple((0, d) for d in shape), itemsize, info.module if info else "", dtype)
        return replace(self, name=name or self.name, per_sample=0, fixed=nbytes, info=new_info)


@dataclass(frozen=True)
class Free:
    key: Any


@dataclass(frozen=True)
class Phase:
    name: str
    iteration: int


@dataclass(frozen=True)
class Scratch:
    spec: Any


Event = Alloc | Free | Phase | Scratch


def fixed_shape(info: TensorInfo | None) -> tuple[int, ...] | None:
    """The shape of a tensor whose size does not depend on the batch; None otherwise."""
    if info is None or any(a for a, _ in info.shape):
        return None
    return tuple(b for _, b in info.shape)


def expand(program: Program) -> list[Event]:
    """The program's events, every BULK member an Alloc of its own."""
    return list(_expand(program))


def _expand(p: Program) -> Iterator[Event]:
    members = getattr(p, "members", {})
    for ev in p.events:
        kind = ev[0]
        if kind == PHASE:
            yield Phase(*p.phases[ev[1]])
        elif kind == SCRATCH:
            yield Scratch(p.scratches[ev[1]])
        elif kind == ALLOC:
            _, slot, per_sample, fixed, comp = ev
            yield Alloc(slot, p.slot_names[slot], COMPONENTS[comp], per_sample, fixed, p.slot_info[slot])
        elif kind == BULK:
            for i, m in enumerate(members[ev[1]]):
                yield Alloc((ev[1], i), m.name, COMPONENTS[ev[3]], 0, m.nbytes, m.info)
        elif kind == FREE and ev[1] in members:
            yield from (Free((ev[1], i)) for i in range(len(members[ev[1]])))
        elif kind == FREE:
            yield Free(ev[1])


def rebuild(events: Iterable[Event]) -> Program:
    p = Program()
    slots: dict[Any, int] = {}
    for ev in events:
        if isinstance(ev, Phase):
            p.phase(ev.name, ev.iteration)
        elif isinstance(ev, Scratch):
            p.scratch(ev.spec)
        elif isinstance(ev, Alloc):
            slots[ev.key] = p.alloc_slot(ev.name, ev.component, ev.per_sample, ev.fixed, ev.info)
        else:
            p.free_slot(slots.pop(ev.key))
    return p.compiled()
