"""A program run through the whole caching allocator: reserved memory, and where it runs out.

This walks every block, small and large, through core.engine.allocator.caching, so it knows
the segments: `memory_reserved` after every phase, its peak, and, under a memory budget, the
first request the allocator cannot meet. Asked to, it also records the block each tensor got,
which core.engine.simulate then uses for `memory_allocated` instead of walking the large pool
again (and which follows the allocator's settings: expandable segments split every block).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .allocator.caching import AllocatorOOM, CachingAllocator
from .allocator.conf import AllocConf
from .simulate import Placement
from .step.convolutions import BoundConv
from .step.program import ALLOC, BULK, FREE, SCRATCH, Program
from .step.scratch import scratch_blocks

__all__ = ["Replay", "conv_workspace", "replay"]


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
    oom_slot: int = -1
    """The slot whose allocation the allocator could not meet (Program.slot_names), or -1."""
    placement: Placement | None = field(default=None, compare=False, repr=False)
    """The block of every tensor and the scratch of every column sum, when asked for."""

    @property
    def fits(self) -> bool:
        return self.oom is None


def replay(program: Program, batch: int, sm_count: int, threads_per_sm: int, capacity: int | None = None,
           conf: AllocConf | None = None, limit: int | None = None, phases: int | None = None,
           record: bool = False) -> Replay:
    """Run the program's first `phases` phases (all by default) through a fresh allocator;
    `record`: keep the Placement of a run that got through."""
    allocator = CachingAllocator(capacity, conf, limit)
    malloc, free = allocator.malloc, allocator.free
    singles: dict[int, int] = {}
    bulks: dict[int, list[int]] = {}
    blocks: dict[int, int] = {}
    scratch: dict[int, int] = {}
    ends: list[int] = []
    peaks: list[int] = []
    phase, top, i = -1, 0, 0
    try:
        for i, ev in enumerate(program.events):
            kind = ev[0]
            if kind == ALLOC:
                singles[ev[1]], size = malloc(ev[2] * batch + ev[3])
                if record:
                    blocks[ev[1]] = size
            elif kind == FREE:
                slot = ev[1]
                if slot in singles:
                    free(singles.pop(slot))
                else:
                    for ptr in bulks.pop(slot):
                        free(ptr)
            elif kind == BULK:
                bulks[ev[1]] = [malloc(n)[0] for n in program.member_bytes[ev[1]]]
            elif kind == SCRATCH:
                spec = program.scratches[ev[1]]
                if isinstance(spec, BoundConv):
                    taken = conv_workspace(allocator, spec, batch)
                    if taken:
                        scratch[i] = taken
                    continue
                borrowed = [malloc(n) for n in scratch_blocks(spec, batch, sm_count, threads_per_sm) if n]
                for ptr, _ in borrowed:
                    free(ptr)
                if borrowed:
                    scratch[i] = sum(size for _, size in borrowed)
            else:  # PHASE
                if phase >= 0:
                    ends.append(allocator.reserved)
                    peaks.append(allocator.peak_reserved)
                top = max(top, allocator.peak_reserved)
                allocator.peak_reserved = allocator.reserved
                phase = ev[1]
                if phases is not None and phase >= phases:
                    break
        else:
            ends.append(allocator.reserved)
            peaks.append(allocator.peak_reserved)
    except AllocatorOOM as oom:
        top = max(top, allocator.peak_reserved)
        failed = program.events[i]
        slot = failed[1] if failed[0] in (ALLOC, BULK) else -1
        return Replay(allocator.peak_allocated, top, allocator.reserved_at_peak, tuple(ends), tuple(peaks), oom, phase,
                      slot)
    placement = Placement(blocks, scratch) if record else None
    return Replay(allocator.peak_allocated, max(top, allocator.peak_reserved), allocator.reserved_at_peak, tuple(ends),
                  tuple(peaks), placement=placement)



def conv_workspace(allocator: CachingAllocator, conv: BoundConv, batch: int) -> int:
    """A cuDNN call's workspace through the allocator; the bytes its largest block took (0: none).

    Benchmark mode, first call of a shape: the largest workspace of the engines it times,
    halved while the allocator runs out (generate_and_filter_plans), freed, then the allocator's
    cache emptied. Then the engine's own workspace; where the allocator runs out (having
    released its cached segments first, as its malloc does), the next engine runs: at worst one
    without workspace (try_configs). So a workspace never ends the run."""
    taken = 0
    if conv.first and conv.policy.benchmark:
        size = conv.find_size(batch)
        while size:
            try:
                ptr, taken = allocator.malloc(size)
            except AllocatorOOM:
                size //= 2
                continue
            allocator.free(ptr)
            break
        allocator.release_cached()
    size = conv.size(batch)
    if size:
        try:
            ptr, block = allocator.malloc(size)
        except AllocatorOOM:
            return taken
        allocator.free(ptr)
        taken = max(taken, block)
    return taken
