"""A training step written as allocator events, and the builder that writes it.

Compiled events are tuples whose first item is the kind:

* ``(ALLOC, slot, per_sample, fixed, component)``: `per_sample × B + fixed` bytes;
* ``(FREE, slot)``; a slot is the tensor a loop variable or the autograd graph holds;
* ``(SCRATCH, index)``: memory a kernel borrows for its own length, `Program.scratches[index]`
  (core.engine.step.scratch): the staging buffer and semaphores of a reduction;
* ``(PHASE, index)``: a new phase of the timeline begins; `Program.phases[index]` names it;
* ``(BULK, slot, nbytes, component)``: several small fixed-size tensors allocated one after the
  other and freed together (a foreach list, the parameters), taken as one event. They come from
  the small pool, where each counts exactly its rounded size, so one sum is exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from ..allocator.pools import SMALL_SIZE, round_size
from .scratch import Scratch

__all__ = ["ALLOC", "BULK", "COMPONENTS", "FREE", "PHASE", "SCRATCH", "Program"]

ALLOC, FREE, SCRATCH, PHASE, BULK = 0, 1, 2, 3, 4
Event = tuple[int, ...]

COMPONENTS = (
    "parameters",
    "gradients",
    "optimizer_state",
    "input_batch",
    "activations",
    "temporaries",
    "workspace",
)
TEMPORARIES = COMPONENTS.index("temporaries")
WORKSPACE = COMPONENTS.index("workspace")


class Member(NamedTuple):
    """One of the small tensors a BULK event stands for."""

    name: str
    nbytes: int
    info: Any


class Program:
    def __init__(self) -> None:
        self.events: Sequence[Event] = []
        self.phases: list[tuple[str, int]] = []
        self._slots: dict[str, int] = {}
        self.slot_names: list[str] = []
        self.slot_info: list[Any] = []
        """Per slot, what a traced tensor is (core.engine.model.rows.TensorInfo); None for the MLP."""
        self.scratches: list[Scratch] = []

    def _append(self, event: Event) -> None:
        assert isinstance(self.events, list), "a compiled program is final"
        self.events.append(event)

    @property
    def slot_count(self) -> int:
        return len(self.slot_names)

    def _new_slot(self, name: str) -> int:
        self._slots[name] = len(self.slot_names)
        self.slot_names.append(name.rstrip("'"))
        self.slot_info.append(None)
        return self._slots[name]

    def alloc_slot(self, name: str, component: str, per_sample: int, fixed: int, info: Any = None) -> int:
        """An allocation known by its slot, not by a name (a traced tensor); returns the slot."""
        slot = len(self.slot_names)
        self.slot_names.append(name)
        self.slot_info.append(info)
        self._append((ALLOC, slot, per_sample, fixed, COMPONENTS.index(component)))
        return slot

    def free_slot(self, slot: int) -> None:
        self._append((FREE, slot))

    def alloc(self, name: str, component: str, per_sample: int = 0, fixed: int = 0) -> None:
        slot = self._new_slot(name)
        self._append((ALLOC, slot, per_sample, fixed, COMPONENTS.index(component)))

    def free(self, name: str) -> None:
        self._append((FREE, self._slots.pop(name)))

    def rename(self, new: str, old: str) -> None:
        self._slots[old] = self._slots.pop(new)

    def scratch(self, spec: Scratch) -> None:
        self._append((SCRATCH, len(self.scratches)))
        self.scratches.append(spec)

    def phase(self, name: str, iteration: int) -> None:
        self._append((PHASE, len(self.phases)))
        self.phases.append((name, iteration))

    def compiled(self) -> Program:
        self.members: dict[int, list[Member]] = {}
        self.member_bytes: dict[int, list[int]] = {}
        """Per BULK slot, the bytes its members ask for."""
        self.events = tuple(self._bulked(list(self.events)))
        return self

    def _bulked(self, events: list[Event]) -> list[Event]:
        frees = {ev[1]: i for i, ev in enumerate(events) if ev[0] == FREE}
        groups = [g for g in _small_fixed_runs(events) if _freed_together(frees, g)]
        first_of = {g[0][1]: g for g in groups}
        member = {ev[1]: g[0][1] for g in groups for ev in g}
        out: list[Event] = []
        for ev in events:
            slot = ev[1] if ev[0] in (ALLOC, FREE) else -1
            if slot not in member:
                out.append(ev)
            elif ev[0] == ALLOC and slot in first_of:
                group = first_of[slot]
                self.members[slot] = [Member(self.slot_names[e[1]], e[3], self.slot_info[e[1]]) for e in group]
                self.member_bytes[slot] = [e[3] for e in group]
                out.append((BULK, slot, sum(round_size(e[3]) for e in group), ev[4]))
            elif ev[0] == FREE and (not out or out[-1] != (FREE, member[slot])):
                out.append((FREE, member[slot]))
        return out


def _small_fixed_runs(events: list[Event]) -> list[list[Event]]:
    """Runs of two or more consecutive small, batch-independent allocations of one component."""
    runs: list[list[Event]] = []
    run: list[Event] = []
    for ev in events:
        small = ev[0] == ALLOC and ev[2] == 0 and round_size(ev[3]) <= SMALL_SIZE
        if small and run and run[-1][4] == ev[4]:
            run.append(ev)
            continue
        if len(run) > 1:
            runs.append(run)
        run = [ev] if small else []
    if len(run) > 1:
        runs.append(run)
    return runs


def _freed_together(frees: dict[int, int], group: list[Event]) -> bool:
    """True if the group is never freed, or freed by consecutive events and nothing between;
    `frees` maps a slot to the index of the event that frees it."""
    where = sorted(frees[ev[1]] for ev in group if ev[1] in frees)
    return not where or (len(where) == len(group) and where[-1] - where[0] == len(where) - 1)
