"""Runs a compiled training-step program through the allocator model.

The result is the timeline: for every phase of every iteration, the peak of
`memory_allocated`, the value at the phase's end, and what each component held at the peak.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from .allocator import MIN_BLOCK, SMALL_SIZE, LargePool, round_size
from .program import ALLOC, BULK, COMPONENTS, FREE, PHASE, TEMPORARIES, Program
from .reductions import reduction_scratch

__all__ = ["LiveTensor", "simulate_marks", "peak_only", "live_at"]


@dataclass(frozen=True)
class LiveTensor:
    name: str
    component: str
    requested: int
    block: int


_scratch = lru_cache(maxsize=4096)(reduction_scratch)


def _run(
    program: Program, batch: int, sm_count: int, threads_per_sm: int, record: bool,
    stop: int = -1, shortcut: bool = True,
):
    """Runs the events; returns (overall peak, marks), or the slots when stopped at `stop`."""
    events = program.events
    pool = LargePool()
    malloc, free = pool.malloc, pool.free
    slots: list = [None] * program.slot_count
    large: set[int] = set()
    live = [0, 0, 0, 0, 0, 0]
    allocated = peak = overall = 0
    at_peak = tuple(live)
    marks: list[tuple[int, int, int, tuple, int]] = []
    phase_index = peak_event = -1
    second, third = program.iteration_starts[2], program.iteration_starts[3]
    if stop >= 0:
        bounds: tuple[int, ...] = (stop,)
    else:
        bounds = (second, third, len(events)) if shortcut else (len(events),)
    begin = 0
    for end in bounds:
        for i, ev in enumerate(events[begin:end], begin):
            kind = ev[0]
            if kind == ALLOC:
                n = ev[2] * batch + ev[3]
                size = MIN_BLOCK if n < MIN_BLOCK else -(-n // MIN_BLOCK) * MIN_BLOCK
                if size <= SMALL_SIZE:
                    slots[ev[1]] = (-1, size, ev[4])
                else:
                    addr, size = malloc(size)
                    slots[ev[1]] = (addr, size, ev[4])
                    large.add(ev[1])
                allocated += size
                live[ev[4]] += size
                if allocated > peak:
                    peak, peak_event = allocated, i
                    if record:
                        at_peak = tuple(live)
            elif kind == FREE:
                addr, size, comp = slots[ev[1]]
                slots[ev[1]] = None
                if addr >= 0:
                    free(addr)
                    large.discard(ev[1])
                allocated -= size
                live[comp] -= size
            elif kind == BULK:
                slots[ev[1]] = (-1, ev[2], ev[3])
                allocated += ev[2]
                live[ev[3]] += ev[2]
                if allocated > peak:
                    peak, peak_event = allocated, i
                    if record:
                        at_peak = tuple(live)
            elif kind == PHASE:
                if phase_index >= 0:
                    marks.append((phase_index, peak, allocated, at_peak, peak_event))
                if peak > overall:
                    overall = peak
                phase_index, peak, at_peak, peak_event = ev[1], allocated, tuple(live), i
            else:
                extra = _scratch_bytes(pool, batch, ev[1], ev[2], sm_count, threads_per_sm)
                if allocated + extra > peak:
                    peak, peak_event = allocated + extra, i
                    if record:
                        scratch_live = list(live)
                        scratch_live[TEMPORARIES] += extra
                        at_peak = tuple(scratch_live)
        if stop >= 0:
            return slots
        if end == second:
            snapshot = _layout(program, large, slots, pool, allocated)
        elif end == third and _layout(program, large, slots, pool, allocated) == snapshot:
            return _repeat_last_iteration(program, marks, max(overall, peak), phase_index, peak, allocated, at_peak, peak_event)
        begin = end
    marks.append((phase_index, peak, allocated, at_peak, peak_event))
    return max(overall, peak), marks


def _scratch_bytes(pool: LargePool, batch: int, cols: int, acc: int, sm_count: int, threads_per_sm: int) -> int:
    """The column sum's staging buffer and semaphores: allocated, used, freed at once."""
    extra = 0
    for n in _scratch(batch, cols, acc, sm_count, threads_per_sm):
        if not n:
            break
        size = round_size(n)
        if size > SMALL_SIZE:
            addr, size = pool.malloc(size)
            pool.free(addr)
        extra += size
    return extra


def _layout(program: Program, large: set[int], slots: list, pool: LargePool, allocated: int) -> tuple:
    """What decides the rest of the run: the bytes allocated, the free blocks, and which
    loop variable or parameter holds which large block."""
    if not large and not pool.free_blocks:
        return allocated, (), ()
    names = program.slot_names
    held = sorted((names[s], slots[s][0]) for s in large)
    return allocated, sorted(pool.free_blocks.items()), held


def _repeat_last_iteration(program, marks, overall, phase_index, peak, allocated, at_peak, peak_event):
    """Iteration 3 starts from the layout iteration 2 started from, so it repeats iteration 2."""
    marks.append((phase_index, peak, allocated, at_peak, peak_event))
    first_phase = program.events[program.iteration_starts[3]][1]
    per_iteration = first_phase - program.events[program.iteration_starts[2]][1]
    shift = program.iteration_starts[3] - program.iteration_starts[2]
    repeated = [
        (index + per_iteration, pk, end, comps, event + shift)
        for index, pk, end, comps, event in marks
        if first_phase - per_iteration <= index < first_phase
    ]
    return overall, marks + repeated


def simulate_marks(program: Program, batch: int, sm_count: int, threads_per_sm: int) -> list[tuple]:
    """(phase index, peak, end, components at the peak, event of the peak) for every phase."""
    return _run(program, batch, sm_count, threads_per_sm, True)[1]


def live_at(program: Program, batch: int, sm_count: int, threads_per_sm: int, event: int) -> list[LiveTensor]:
    """The tensors alive just after event number `event` (a phase's peak) ran."""
    slots = _run(program, batch, sm_count, threads_per_sm, False, stop=event + 1)
    tensors = []
    for slot, held in enumerate(slots):
        if held is None:  # never allocated yet, or freed: a free empties its slot
            continue
        component = COMPONENTS[held[2]]
        if slot in program.members:
            tensors += [LiveTensor(n, component, b, round_size(b)) for n, b in program.members[slot]]
            continue
        ev = program.events[program.alloc_event[slot]]
        tensors.append(LiveTensor(program.slot_names[slot], component, ev[2] * batch + ev[3], held[1]))
    return tensors


def peak_only(program: Program, batch: int, sm_count: int, threads_per_sm: int) -> int:
    return _run(program, batch, sm_count, threads_per_sm, False)[0]
