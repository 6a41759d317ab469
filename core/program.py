"""A training step written as allocator events, and the builder that writes it.

Compiled events are tuples whose first item is the kind:

* ``(ALLOC, slot, per_sample, fixed, component)``: `per_sample × B + fixed` bytes;
* ``(FREE, slot)``; a slot is the tensor a loop variable or the autograd graph holds;
* ``(SCRATCH, cols, acc_bytes)``: the column sum of a (B, cols) gradient, which may borrow a
  staging buffer and semaphores for the length of its kernel;
* ``(PHASE, index)``: a new phase of the timeline begins; `Program.phases[index]` names it.
"""

from __future__ import annotations

__all__ = ["ALLOC", "FREE", "SCRATCH", "PHASE", "COMPONENTS", "Program"]

ALLOC, FREE, SCRATCH, PHASE = 0, 1, 2, 3

COMPONENTS = (
    "parameters",
    "gradients",
    "optimizer_state",
    "input_batch",
    "activations",
    "temporaries",
)
TEMPORARIES = COMPONENTS.index("temporaries")


class Program:
    def __init__(self) -> None:
        self.events: list[tuple] = []
        self.phases: list[tuple[str, int]] = []
        self._slots: dict[str, int] = {}
        self.slot_names: list[str] = []

    @property
    def slot_count(self) -> int:
        return len(self.slot_names)

    def _new_slot(self, name: str) -> int:
        self._slots[name] = len(self.slot_names)
        self.slot_names.append(name.rstrip("'"))
        return self._slots[name]

    def alloc(self, name: str, component: str, per_sample: int = 0, fixed: int = 0) -> None:
        slot = self._new_slot(name)
        self.events.append((ALLOC, slot, per_sample, fixed, COMPONENTS.index(component)))

    def free(self, name: str) -> None:
        self.events.append((FREE, self._slots.pop(name)))

    def rename(self, new: str, old: str) -> None:
        self._slots[old] = self._slots.pop(new)

    def column_sum_scratch(self, cols: int, acc_bytes: int) -> None:
        self.events.append((SCRATCH, cols, acc_bytes))

    def phase(self, name: str, iteration: int) -> None:
        self.events.append((PHASE, len(self.phases)))
        self.phases.append((name, iteration))

    def compiled(self) -> "Program":
        self.events = tuple(self.events)  # type: ignore[assignment]
        self.iteration_starts = {}
        for i, ev in enumerate(self.events):
            if ev[0] == PHASE:
                self.iteration_starts.setdefault(self.phases[ev[1]][1], i)
        self.alloc_event = [0] * self.slot_count
        self.free_event = [len(self.events)] * self.slot_count
        for i, ev in enumerate(self.events):
            if ev[0] == ALLOC:
                self.alloc_event[ev[1]] = i
            elif ev[0] == FREE:
                self.free_event[ev[1]] = i
        return self
