"""A run with the small pool's part computed once and shared.

The caching allocator's two pools have their own free blocks and segments: a request of at most
1 MiB never touches the large pool, nor a larger one the small pool. They meet only where the
allocator runs short (it gives back the cached segments of both pools before it fails) or
empties its cache (benchmark mode's workspaces). Short of that, a run is its small pool's part
and its large pool's part side by side, and memory_allocated and memory_reserved are their sums.

The small pool's part is the same at every batch whose small requests are the same (the
parameters, their gradients and optimizer state, the bulk lists, a batch-sized tensor only at
small batches), and the same on both sides of a workspace band. So it runs once per program,
allocator settings and `Sized.small_key`; each replay then walks only the large pool's events
and adds, between two of them, the highest the small pool reached. Memory reserved never falls
in such a run (nothing is given back), so each phase's peak is its end.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ..allocator.caching import CachingAllocator
from ..allocator.conf import AllocConf
from ..allocator.pools import SMALL_SIZE
from ..simulate import Placement
from ..step.program import ALLOC, BULK, FREE, SCRATCH
from .plan import Plan, Sized
from .result import Replay
from .whole import borrowed

__all__ = ["SmallPart", "large_replay", "small_part"]

_NONE = -(1 << 62)
"""The highest a gap without small-pool requests reached: below anything."""


class SmallPart(NamedTuple):
    """The small pool's part of a run, laid out along its large pool's part."""

    steps: tuple[tuple[Any, ...], ...]
    """The events the large pool's part walks (its requests and frees, and the phases), each as
    `(gap_peak, gap_reserved, small_allocated, small_reserved, event index, event)`: the
    highest memory_allocated the small pool reached since the step before, with its
    memory_reserved then; then its own within this event (after its small blocks, for a scratch
    that takes from both pools), and after it."""
    tail: tuple[int, int, int]
    """After the last step: (gap_peak, gap_reserved, memory_reserved at the end); of a part cut
    at a phase, unused (the walk stops at that phase's step)."""
    blocks: dict[int, int]
    """The block each small tensor got."""
    scratch: dict[int, int]
    """Per SCRATCH event, the bytes its small blocks took."""


def small_part(plan: Plan, sized: Sized, conf: AllocConf | None, phases: int | None = None) -> SmallPart | None:
    """The small pool's part at `sized`'s batch up to the `phases`-th phase (all: None), kept per
    events, allocator settings, small key and phases (a whole program's part serves any); None
    where running it apart would not pay: a program without a band's other side whose small
    requests were not seen before (the whole run is quicker than both parts once)."""
    parts, seen = plan.shared.small_parts, plan.shared.small_keys_seen
    found = parts.get((sized.small_key, conf, None)) or parts.get((sized.small_key, conf, phases))
    if found is None:
        if not plan.banded and (sized.small_key, conf) not in seen:
            if len(seen) >= _SEEN_KEPT:
                seen.clear()
            seen.add((sized.small_key, conf))
            return None
        found = parts[sized.small_key, conf, phases] = _small_part(plan, sized, conf, phases)
        while len(parts) > _PARTS_KEPT:
            del parts[next(iter(parts))]
    return found


_PARTS_KEPT = 8
_SEEN_KEPT = 1024


def _small_part(plan: Plan, sized: Sized, conf: AllocConf | None, phases: int | None) -> SmallPart:
    allocator = CachingAllocator(None, conf)
    malloc, free = allocator.malloc_rounded, allocator.free
    rounded = sized.rounded
    singles: dict[int, int] = {}
    bulks: dict[int, list[int]] = {}
    blocks: dict[int, int] = {}
    scratch: dict[int, int] = {}
    steps: list[tuple[Any, ...]] = []
    gap_peak, gap_reserved = _NONE, 0
    for i, op in enumerate(plan.ops):
        kind, within = op[0], -1
        if kind == ALLOC:
            size = rounded[op[2]]
            if size > SMALL_SIZE:
                steps.append((gap_peak, gap_reserved, allocator.allocated, allocator.reserved, i, op))
                gap_peak = _NONE
                continue
            singles[op[1]], blocks[op[1]] = malloc(size, op[3] * sized.batch + op[4])
            within = allocator.allocated
        elif kind == FREE:
            ptr = singles.pop(op[1], None)
            if ptr is not None:
                free(ptr)
            elif op[1] in bulks:
                for ptr in bulks.pop(op[1]):
                    free(ptr)
            else:
                steps.append((gap_peak, gap_reserved, allocator.allocated, allocator.reserved, i, op))
                gap_peak = _NONE
            continue
        elif kind == BULK:
            bulks[op[1]] = [malloc(size, n)[0] for size, n in op[2]]
            within = allocator.allocated
        elif kind == SCRATCH:
            small = sized.small_borrows[op[1]]
            within = allocator.allocated
            if small:
                scratch[i], within = borrowed(allocator, small)
            steps.append((gap_peak, gap_reserved, within, allocator.reserved, i, op))
            gap_peak = _NONE
            continue
        else:  # PHASE
            steps.append((gap_peak, gap_reserved, allocator.allocated, allocator.reserved, i, op))
            gap_peak = _NONE
            if phases is not None and op[1] >= phases:
                break  # the large pool's walk stops at this step
            continue
        if within > gap_peak:
            gap_peak, gap_reserved = within, allocator.reserved
    return SmallPart(tuple(steps), (gap_peak, gap_reserved, allocator.reserved), blocks, scratch)


def large_replay(part: SmallPart, sized: Sized, conf: AllocConf | None, phases: int | None,
                 record: bool, budget: int = 1 << 62) -> Replay | None:
    """The run's large pool's part beside its small pool's `part`: what the whole run gives
    wherever the allocator never ran short, which is wherever memory reserved stays within
    `budget`; None, as soon as it does not. The Placement is recorded of whole runs only
    (`phases` None)."""
    assert not (record and phases is not None), "a placement is of the whole program"
    allocator = CachingAllocator(None, conf)
    malloc, free = allocator.malloc_rounded, allocator.free
    rounded, batch, large_borrows = sized.rounded, sized.batch, sized.large_borrows
    singles: dict[int, int] = {}
    blocks: dict[int, int] = {}
    scratch: dict[int, int] = {}
    ends: list[int] = []
    peak = at_peak = last = 0
    started = False
    for gap_peak, gap_reserved, small, small_reserved, i, op in part.steps:
        if allocator.allocated + gap_peak > peak:
            peak, at_peak = allocator.allocated + gap_peak, allocator.reserved + gap_reserved
        kind = op[0]
        if kind == ALLOC:
            _, slot, spec, per_sample, fixed = op
            singles[slot], size = malloc(rounded[spec], per_sample * batch + fixed)
            if record:
                blocks[slot] = size
            within = allocator.allocated
            if allocator.reserved + small_reserved > budget:
                return None
        elif kind == FREE:
            free(singles.pop(op[1]))
            continue
        elif kind == SCRATCH:
            large = large_borrows[op[1]]
            if large:
                taken, within = borrowed(allocator, large)
                scratch[i] = taken + part.scratch.get(i, 0)
                if allocator.reserved + small_reserved > budget:
                    return None
            else:
                within = allocator.allocated
        else:  # PHASE
            last = allocator.reserved + small_reserved
            if last > budget:
                return None
            if started:
                ends.append(last)
            started = True
            if phases is not None and op[1] >= phases:
                break
            continue
        if within + small > peak:
            peak, at_peak = within + small, allocator.reserved + small_reserved
    else:
        gap_peak, gap_reserved, small_reserved = part.tail
        if allocator.allocated + gap_peak > peak:
            peak, at_peak = allocator.allocated + gap_peak, allocator.reserved + gap_reserved
        last = allocator.reserved + small_reserved
        if last > budget:
            return None
        ends.append(last)
    placement = Placement({**part.blocks, **blocks}, {**part.scratch, **scratch}) if record else None
    return Replay(peak, last, at_peak, tuple(ends), tuple(ends), placement=placement)
