"""A program run through the whole caching allocator: reserved memory, and where it runs out.

core.engine.simulate gets `memory_allocated` fast, from the large pool alone; this walks every
block, small and large, through core.engine.allocator.caching, so it also knows the segments:
`memory_reserved` after every phase, its peak, and, under a memory budget, the first request
the allocator cannot meet.
"""

from __future__ import annotations

from dataclasses import dataclass

from .allocator.caching import AllocatorOOM, CachingAllocator
from .allocator.conf import AllocConf
from .step.program import ALLOC, BULK, FREE, PHASE, SCRATCH, Program
from .step.scratch import scratch_blocks

__all__ = ["Replay", "replay"]


@dataclass(frozen=True)
class Replay:
    """What the allocator did in one run of a program at one batch size."""

    peak_allocated: int
    peak_reserved: int
    reserved_at_peak: int
    """memory_reserved at the moment memory_allocated peaked: the peak plus what sat cached."""
    phase_reserved: tuple[int, ...]
    """memory_reserved at the end of each phase of the program (up to the one that ran out)."""
    phase_peak_reserved: tuple[int, ...]
    """The peak of memory_reserved within each phase."""
    oom: AllocatorOOM | None = None
    oom_phase: int = -1
    """The phase the allocator ran out in (an index into Program.phases), or -1."""

    @property
    def fits(self) -> bool:
        return self.oom is None


def replay(program: Program, batch: int, sm_count: int, threads_per_sm: int, capacity: int | None = None,
           conf: AllocConf | None = None, limit: int | None = None, phases: int | None = None) -> Replay:
    """Run the program's first `phases` phases (all by default) through a fresh allocator."""
    allocator = CachingAllocator(capacity, conf, limit)
    malloc, free = allocator.malloc, allocator.free
    addresses: dict[int, list[int]] = {}
    ends: list[int] = []
    peaks: list[int] = []
    phase, top = -1, 0
    try:
        for ev in program.events:
            kind = ev[0]
            if kind == PHASE:
                if phase >= 0:
                    ends.append(allocator.reserved)
                    peaks.append(allocator.peak_reserved)
                top = max(top, allocator.peak_reserved)
                allocator.peak_reserved = allocator.reserved
                phase = ev[1]
                if phases is not None and phase >= phases:
                    break
            elif kind == ALLOC:
                addresses[ev[1]] = [malloc(ev[2] * batch + ev[3])[0]]
            elif kind == BULK:
                addresses[ev[1]] = [malloc(m.nbytes)[0] for m in program.members[ev[1]]]
            elif kind == FREE:
                for ptr in addresses.pop(ev[1]):
                    free(ptr)
            elif kind == SCRATCH:
                borrowed = [malloc(n)[0] for n in scratch_blocks(program.scratches[ev[1]], batch, sm_count,
                                                                 threads_per_sm) if n]
                for ptr in borrowed:
                    free(ptr)
        else:
            ends.append(allocator.reserved)
            peaks.append(allocator.peak_reserved)
    except AllocatorOOM as oom:
        top = max(top, allocator.peak_reserved)
        return Replay(allocator.peak_allocated, top, allocator.reserved_at_peak, tuple(ends), tuple(peaks), oom, phase)
    return Replay(allocator.peak_allocated, max(top, allocator.peak_reserved), allocator.reserved_at_peak, tuple(ends),
                  tuple(peaks))
