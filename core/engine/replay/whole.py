"""The run of a program through one allocator, both pools: reserved memory, and where it runs out.

This walks every block, small and large, through core.engine.allocator.caching, so it knows
the segments: `memory_reserved` after every phase, its peak, and, under a memory budget, the
first request the allocator cannot meet. Asked to, it also records the block each tensor got,
which core.engine.simulate then uses for `memory_allocated` instead of walking the large pool
again (and which follows the allocator's settings: expandable segments split every block).
"""

from __future__ import annotations

from array import array

from ..allocator.caching import AllocatorOOM, CachingAllocator
from ..allocator.conf import AllocConf
from ..simulate import Placement
from ..step.convolutions import BoundConv
from ..step.program import ALLOC, BULK, FREE, SCRATCH
from .plan import Blocks, Borrow, Plan, Workspace
from .result import Replay

__all__ = ["borrowed", "conv_workspace", "whole_replay", "workspace"]


def whole_replay(plan: Plan, batch: int, rounded: list[int], borrows: list[Borrow], capacity: int | None,
                 conf: AllocConf | None, limit: int | None, phases: int | None, record: bool) -> Replay:
    """Run the program's first `phases` phases (all by default) through a fresh allocator;
    `record`: keep the Placement of a run that got through."""
    allocator = CachingAllocator(capacity, conf, limit)
    malloc, free = allocator.malloc_rounded, allocator.free
    singles: dict[int, int] = {}
    bulks: dict[int, list[int]] = {}
    blocks: dict[int, int] = {}
    scratch: dict[int, int] = {}
    ends: list[int] = []
    peaks: list[int] = []
    running: list[int] = []
    phase, top, i = -1, 0, 0
    try:
        for i, op in enumerate(plan.ops):
            if record and i:  # memory_allocated after the op before (the branches below end early)
                running.append(allocator.allocated)
            kind = op[0]
            if kind == ALLOC:
                _, slot, spec, per_sample, fixed = op
                singles[slot], size = malloc(rounded[spec], per_sample * batch + fixed)
                if record:
                    blocks[slot] = size
            elif kind == FREE:
                ptr = singles.pop(op[1], None)
                if ptr is not None:
                    free(ptr)
                else:
                    for ptr in bulks.pop(op[1]):
                        free(ptr)
            elif kind == BULK:
                bulks[op[1]] = [malloc(size, n)[0] for size, n in op[2]]
            elif kind == SCRATCH:
                borrow = borrows[op[1]]
                if borrow is None:
                    continue
                if type(borrow) is Workspace:
                    taken = workspace(allocator, *borrow)
                    if taken:
                        scratch[i] = taken
                    continue
                scratch[i] = borrowed(allocator, borrow)[0]
            else:  # PHASE
                if phase >= 0:
                    ends.append(allocator.reserved)
                    peaks.append(allocator.peak_reserved)
                top = max(top, allocator.peak_reserved)
                allocator.peak_reserved = allocator.reserved
                phase = op[1]
                if phases is not None and phase >= phases:
                    break
        else:
            ends.append(allocator.reserved)
            peaks.append(allocator.peak_reserved)
    except AllocatorOOM as oom:
        top = max(top, allocator.peak_reserved)
        failed = plan.program.events[i]
        slot = failed[1] if failed[0] in (ALLOC, BULK) else -1
        return Replay(allocator.peak_allocated, top, allocator.reserved_at_peak, tuple(ends), tuple(peaks), oom, phase,
                      slot)
    running.append(allocator.allocated)
    placement = Placement(blocks, scratch, array("q", running)) if record else None
    return Replay(allocator.peak_allocated, max(top, allocator.peak_reserved), allocator.reserved_at_peak, tuple(ends),
                  tuple(peaks), placement=placement)


def borrowed(allocator: CachingAllocator, blocks: Blocks) -> tuple[int, int]:
    """A kernel's scratch blocks, taken together and given back: (the bytes they took,
    memory_allocated while it held them)."""
    taken = [allocator.malloc_rounded(size, n) for size, n in blocks]
    held = allocator.allocated
    for ptr, _ in taken:
        allocator.free(ptr)
    return sum(size for _, size in taken), held


def conv_workspace(allocator: CachingAllocator, conv: BoundConv, batch: int) -> int:
    """A cuDNN call's workspace through the allocator; the bytes its largest block took (0: none)."""
    return workspace(allocator, conv.times_engines, conv.find_size(batch), conv.size(batch))


def workspace(allocator: CachingAllocator, times: bool, find: int, size: int) -> int:
    """A cuDNN call's workspaces through the allocator (`times`: benchmark mode times its
    engines at this call, the largest of their workspaces `find`); the bytes its largest block
    took (0: none).

    Benchmark mode, first call of a shape: the largest workspace of the engines it times,
    halved while the allocator runs out (generate_and_filter_plans), freed, then the allocator's
    cache emptied. Then the engine's own workspace; where the allocator runs out (having
    released its cached segments first, as its malloc does), the next engine runs: at worst one
    without workspace (try_configs). So a workspace never ends the run."""
    taken = 0
    if times:
        while find:
            try:
                ptr, taken = allocator.malloc(find)
            except AllocatorOOM:
                find //= 2
                continue
            allocator.free(ptr)
            break
        allocator.release_cached()
    if size:
        try:
            ptr, block = allocator.malloc(size)
        except AllocatorOOM:
            return taken
        allocator.free(ptr)
        taken = max(taken, block)
    return taken
