"""A program run through the whole caching allocator: reserved memory, and where it runs out.

This walks every block, small and large, through core.engine.allocator.caching, so it knows
the segments: `memory_reserved` after every phase, its peak, and, under a memory budget, the
first request the allocator cannot meet. Asked to, it also records the block each tensor got,
which core.engine.simulate then uses for `memory_allocated` instead of walking the large pool
again (and which follows the allocator's settings: expandable segments split every block).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from .allocator.caching import AllocatorOOM, CachingAllocator
from .allocator.conf import AllocConf
from .allocator.pools import round_size
from .simulate import Placement
from .step.convolutions import BoundConv
from .step.program import ALLOC, BULK, FREE, SCRATCH, Program
from .step.scratch import Scratch, scratch_blocks

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
    malloc, free = allocator.malloc_rounded, allocator.free
    plan = _plan(program)
    rounded, borrows = plan.at(batch, sm_count, threads_per_sm)
    singles: dict[int, int] = {}
    bulks: dict[int, list[int]] = {}
    blocks: dict[int, int] = {}
    scratch: dict[int, int] = {}
    ends: list[int] = []
    peaks: list[int] = []
    phase, top, i = -1, 0, 0
    try:
        for i, op in enumerate(plan.ops):
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
                if type(borrow) is _Workspace:
                    taken = _workspace(allocator, *borrow)
                    if taken:
                        scratch[i] = taken
                    continue
                borrowed = [malloc(size, n) for size, n in borrow]
                for ptr, _ in borrowed:
                    free(ptr)
                scratch[i] = sum(size for _, size in borrowed)
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
        failed = program.events[i]
        slot = failed[1] if failed[0] in (ALLOC, BULK) else -1
        return Replay(allocator.peak_allocated, top, allocator.reserved_at_peak, tuple(ends), tuple(peaks), oom, phase,
                      slot)
    placement = Placement(blocks, scratch) if record else None
    return Replay(allocator.peak_allocated, max(top, allocator.peak_reserved), allocator.reserved_at_peak, tuple(ends),
                  tuple(peaks), placement=placement)



class _Workspace(NamedTuple):
    """A cuDNN call's workspaces at one batch: whether benchmark mode times its engines here
    (the first call of its shape) and the largest of theirs, then the engine's own."""

    times: bool
    find: int
    size: int


Borrow = tuple[tuple[int, int], ...] | _Workspace | None
"""What a SCRATCH event borrows at one batch: its blocks as (round_size, bytes asked for), or the
workspaces of its cuDNN call; None: nothing."""


class _Plan:
    """What every replay of one program shares, whatever the batch: its events with each
    request's size formula numbered (equal formulas, as in every iteration, are rounded once per
    batch), the bulk members' rounded sizes, and its scratch specs, compared once per program
    rather than at every replay. Per batch (a few kept): the rounded requests and what each
    SCRATCH event borrows."""

    def __init__(self, program: Program) -> None:
        specs: dict[tuple[int, int], int] = {}
        ops: list[tuple[Any, ...]] = []
        for ev in program.events:
            if ev[0] == ALLOC:
                ops.append((ALLOC, ev[1], specs.setdefault((ev[2], ev[3]), len(specs)), ev[2], ev[3]))
            elif ev[0] == BULK:
                ops.append((BULK, ev[1], tuple((round_size(n), n) for n in program.member_bytes[ev[1]])))
            else:
                ops.append(ev)
        self.ops = tuple(ops)
        self._specs = tuple(specs)
        distinct: dict[Scratch, int] = {}
        self._scratch = [distinct.setdefault(spec, len(distinct)) for spec in program.scratches]
        self._scratch_specs = list(distinct)
        self._at: dict[tuple[int, int, int], tuple[list[int], list[Borrow]]] = {}

    def at(self, batch: int, sm_count: int, threads_per_sm: int) -> tuple[list[int], list[Borrow]]:
        """(per size formula, the rounded request; per SCRATCH event, what it borrows)."""
        key = (batch, sm_count, threads_per_sm)
        found = self._at.get(key)
        if found is None:
            rounded = [round_size(per_sample * batch + fixed) for per_sample, fixed in self._specs]
            sized = [_borrow(spec, batch, sm_count, threads_per_sm) for spec in self._scratch_specs]
            found = self._at[key] = (rounded, [sized[i] for i in self._scratch])
            while len(self._at) > _BATCHES_KEPT:
                del self._at[next(iter(self._at))]
        return found


_BATCHES_KEPT = 8


def _borrow(spec: Scratch, batch: int, sm_count: int, threads_per_sm: int) -> Borrow:
    if isinstance(spec, BoundConv):
        times, size = spec.times_engines, spec.size(batch)
        return _Workspace(times, spec.find_size(batch), size) if times or size else None
    blocks = scratch_blocks(spec, batch, sm_count, threads_per_sm)
    return tuple((round_size(n), n) for n in blocks if n) or None


@lru_cache(maxsize=64)
def _plan(program: Program) -> _Plan:
    return _Plan(program)


def conv_workspace(allocator: CachingAllocator, conv: BoundConv, batch: int) -> int:
    """A cuDNN call's workspace through the allocator; the bytes its largest block took (0: none)."""
    return _workspace(allocator, conv.times_engines, conv.find_size(batch), conv.size(batch))


def _workspace(allocator: CachingAllocator, times: bool, find: int, size: int) -> int:
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
