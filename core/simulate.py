"""Runs a compiled training-step program through the allocator model.

The result is the timeline: for every phase of every iteration, the peak of
`memory_allocated`, the value at the phase's end, and what each component held at the peak.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .allocator import MIN_BLOCK, SMALL_SIZE, LargePool
from .program import ALLOC, COMPONENTS, FREE, PHASE, TEMPORARIES, Program
from .reductions import reduction_scratch

__all__ = ["PhasePoint", "LiveTensor", "simulate", "peak_only", "live_at"]


@dataclass(frozen=True)
class PhasePoint:
    phase: str
    iteration: int
    peak: int
    end: int
    at_peak: tuple[int, ...]
    peak_event: int


@dataclass(frozen=True)
class LiveTensor:
    name: str
    component: str
    requested: int
    block: int


_scratch = lru_cache(maxsize=4096)(reduction_scratch)


def _run(program: Program, batch: int, sm_count: int, threads_per_sm: int, record: bool, stop: int = -1):
    pool = LargePool()
    slots: list = [None] * program.slot_count
    live = [0, 0, 0, 0, 0, 0]
    allocated = peak = overall = 0
    at_peak = tuple(live)
    marks: list[tuple[int, int, int, tuple, int]] = []
    phase_index = peak_event = -1
    for i, ev in enumerate(program.events):
        if i == stop:
            return slots

        kind = ev[0]
        if kind == ALLOC:
            n = ev[2] * batch + ev[3]
            size = MIN_BLOCK if n < MIN_BLOCK else -(-n // MIN_BLOCK) * MIN_BLOCK
            if size <= SMALL_SIZE:
                slots[ev[1]] = (-1, size, ev[4])
            else:
                addr, size = pool.malloc(size)
                slots[ev[1]] = (addr, size, ev[4])
            allocated += size
            if record:
                live[ev[4]] += size
            if allocated > peak:
                peak, peak_event = allocated, i
                if record:
                    at_peak = tuple(live)
        elif kind == FREE:
            addr, size, comp = slots[ev[1]]
            if addr >= 0:
                pool.free(addr)
            allocated -= size
            if record:
                live[comp] -= size
        elif kind == PHASE:
            if phase_index >= 0:
                marks.append((phase_index, peak, allocated, at_peak, peak_event))
            overall = max(overall, peak)
            phase_index, peak, at_peak, peak_event = ev[1], allocated, tuple(live), i
        else:
            extra = 0
            for n in _scratch(batch, ev[1], ev[2], sm_count, threads_per_sm):
                if not n:
                    break
                size = MIN_BLOCK if n < MIN_BLOCK else -(-n // MIN_BLOCK) * MIN_BLOCK
                if size > SMALL_SIZE:
                    addr, size = pool.malloc(size)
                    pool.free(addr)
                extra += size
            if allocated + extra > peak:
                peak, peak_event = allocated + extra, i
                if record:
                    scratch_live = list(live)
                    scratch_live[TEMPORARIES] += extra
                    at_peak = tuple(scratch_live)
    marks.append((phase_index, peak, allocated, at_peak, peak_event))
    return max(overall, peak), marks


def simulate(program: Program, batch: int, sm_count: int, threads_per_sm: int) -> list[PhasePoint]:
    _, marks = _run(program, batch, sm_count, threads_per_sm, True)
    return [
        PhasePoint(*program.phases[i], peak, end, comps, event)
        for i, peak, end, comps, event in marks
    ]


def live_at(program: Program, batch: int, sm_count: int, threads_per_sm: int, event: int) -> list[LiveTensor]:
    """The tensors alive just after event number `event` (a phase's peak) ran."""
    slots = _run(program, batch, sm_count, threads_per_sm, False, stop=event + 1)
    tensors = []
    for slot, held in enumerate(slots):
        if held is None or _freed(program, slot, event):
            continue
        ev = next(e for e in program.events if e[0] == ALLOC and e[1] == slot)
        tensors.append(
            LiveTensor(program.slot_names[slot], COMPONENTS[held[2]], ev[2] * batch + ev[3], held[1])
        )
    return tensors


def _freed(program: Program, slot: int, event: int) -> bool:
    return any(e[0] == FREE and e[1] == slot for e in program.events[: event + 1])


def peak_only(program: Program, batch: int, sm_count: int, threads_per_sm: int) -> int:
    return _run(program, batch, sm_count, threads_per_sm, False)[0]
