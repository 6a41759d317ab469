"""What every replay of one program shares, and what its requests are at one batch."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import Any, NamedTuple

from ..allocator.pools import LARGE_BUFFER, SMALL_SIZE, round_size
from ..step.convolutions import BoundConv
from ..step.program import ALLOC, BULK, Event, Program
from ..step.scratch import Scratch, scratch_blocks

__all__ = ["Borrow", "Events", "Plan", "Sized", "Workspace", "plan_of"]


class Workspace(NamedTuple):
    """A cuDNN call's workspaces at one batch: whether benchmark mode times its engines here
    (the first call of its shape) and the largest of theirs, then the engine's own."""

    times: bool
    find: int
    size: int


Blocks = tuple[tuple[int, int], ...]
"""Blocks as (round_size, bytes asked for)."""
Borrow = Blocks | Workspace | None
"""What a SCRATCH event borrows at one batch: its blocks as (round_size, bytes asked for), or the
workspaces of its cuDNN call; None: nothing."""


class Sized:
    """A program's requests at one batch. What only the pools apart read (the scratches' blocks
    per pool, the small key, the margin) is worked out on first use: the max-batch search's runs
    are whole and never ask."""

    def __init__(self, batch: int, rounded: list[int], distinct: list[Borrow], scratch: list[int],
                 growing: list[int] | None) -> None:
        self.batch = batch
        self.rounded = rounded
        """Per size formula, the rounded request."""
        self._distinct, self._scratch, self._growing = distinct, scratch, growing
        self.borrows = [distinct[i] for i in scratch]
        """Per SCRATCH event, what it borrows."""

    @cached_property
    def _parted(self) -> list[tuple[Blocks, Blocks]]:
        parted = [_parted(b) for b in self._distinct]
        return [parted[i] for i in self._scratch]

    @cached_property
    def small_borrows(self) -> list[Blocks]:
        """Per SCRATCH event, the blocks it takes from the small pool, as (round_size, bytes asked for)."""
        return [small for small, _ in self._parted]

    @cached_property
    def large_borrows(self) -> list[Blocks]:
        """Per SCRATCH event, the blocks it takes from the large pool."""
        return [large for _, large in self._parted]

    @cached_property
    def small_key(self) -> tuple[Any, ...] | None:
        """Every request at this batch that comes from the small pool and depends on the batch: runs
        with equal keys do the same in the small pool. None: the pools cannot be taken apart here
        (a slot with two size formulas, a large bulk member, or a benchmark-mode workspace, which
        empties the allocator's cache)."""
        if self._growing is None or any(isinstance(b, Workspace) and b.times for b in self._distinct):
            return None
        rounded = self.rounded
        return (tuple(rounded[i] if rounded[i] <= SMALL_SIZE else 0 for i in self._growing),
                tuple(self.small_borrows))

    @cached_property
    def margin(self) -> int:
        """More than any one request can add to reserved memory."""
        largest = max(self.rounded, default=0)
        for borrow in self._distinct:
            if isinstance(borrow, Workspace):
                largest = max(largest, borrow.find, borrow.size)
            elif borrow is not None:
                largest = max(largest, *(size for size, _ in borrow))
        return round_size(largest) + LARGE_BUFFER


class Events:
    """What the replays of every program with these events share (both sides of a workspace
    band bind the same events to other workspaces): each request's size formula numbered (equal
    formulas, as in every iteration, are rounded once per batch), the bulk members' rounded
    sizes, and the small pool's parts already run (core.engine.replay.split)."""

    def __init__(self, events: Sequence[Event], member_bytes: Any) -> None:
        specs: dict[tuple[int, int], int] = {}
        ops: list[tuple[Any, ...]] = []
        for ev in events:
            if ev[0] == ALLOC:
                ops.append((ALLOC, ev[1], specs.setdefault((ev[2], ev[3]), len(specs)), ev[2], ev[3]))
            elif ev[0] == BULK:
                ops.append((BULK, ev[1], tuple((round_size(n), n) for n in member_bytes[ev[1]])))
            else:
                ops.append(ev)
        self.events = events
        self.ops = tuple(ops)
        self.specs = tuple(specs)
        self.growing = [i for i, (per_sample, _) in enumerate(self.specs) if per_sample]
        self.separable = _separable(self.ops)
        """Whether the small pool's part can be run on its own: every bulk member is small and
        every slot always has one size formula (so one pool)."""
        self.small_parts: dict[tuple[Any, ...], Any] = {}
        """Per small key and allocator settings, the small pool's part of a run."""
        self.small_keys_seen: set[tuple[Any, ...]] = set()
        """The small keys and allocator settings of the runs made whole."""


class Plan:
    """What every replay of one program shares, whatever the batch: its `Events`, and its scratch
    specs compared once per program rather than at every replay. Per batch (a few kept): `Sized`."""

    def __init__(self, program: Program) -> None:
        self.program = program
        self.shared = _events_of(program)
        self.ops = self.shared.ops
        distinct: dict[Scratch, int] = {}
        self._scratch = [distinct.setdefault(spec, len(distinct)) for spec in program.scratches]
        self._scratch_specs = list(distinct)
        self.banded = any(isinstance(spec, BoundConv) for spec in program.scratches)
        """Whether the program is one side of a workspace band, whose other side shares its
        small pool's part."""
        self._at: dict[tuple[int, int, int], Sized] = {}

    def at(self, batch: int, sm_count: int, threads_per_sm: int) -> Sized:
        key = (batch, sm_count, threads_per_sm)
        found = self._at.get(key)
        if found is None:
            found = self._at[key] = self._sized(batch, sm_count, threads_per_sm)
            while len(self._at) > _BATCHES_KEPT:
                del self._at[next(iter(self._at))]
        return found

    def _sized(self, batch: int, sm_count: int, threads_per_sm: int) -> Sized:
        rounded = [round_size(per_sample * batch + fixed) for per_sample, fixed in self.shared.specs]
        distinct = [_borrow(spec, batch, sm_count, threads_per_sm) for spec in self._scratch_specs]
        return Sized(batch, rounded, distinct, self._scratch, self.shared.growing if self.shared.separable else None)


_BATCHES_KEPT = 8


def _separable(ops: tuple[tuple[Any, ...], ...]) -> bool:
    spec_of: dict[int, int] = {}
    for op in ops:
        if op[0] == BULK and any(size > SMALL_SIZE for size, _ in op[2]):
            return False
        if op[0] == ALLOC and spec_of.setdefault(op[1], op[2]) != op[2]:
            return False
    return True


def _borrow(spec: Scratch, batch: int, sm_count: int, threads_per_sm: int) -> Borrow:
    if isinstance(spec, BoundConv):
        times, size = spec.times_engines, spec.size(batch)
        return Workspace(times, spec.find_size(batch), size) if times or size else None
    blocks = scratch_blocks(spec, batch, sm_count, threads_per_sm)
    return tuple((round_size(n), n) for n in blocks if n) or None


def _parted(borrow: Borrow) -> tuple[Blocks, Blocks]:
    """A scratch's blocks as (the small pool's, the large pool's)."""
    if borrow is None:
        return (), ()
    if isinstance(borrow, Workspace):
        if not borrow.size:
            return (), ()
        block = ((round_size(borrow.size), borrow.size),)
        return (block, ()) if block[0][0] <= SMALL_SIZE else ((), block)
    return tuple(b for b in borrow if b[0] <= SMALL_SIZE), tuple(b for b in borrow if b[0] > SMALL_SIZE)


@lru_cache(maxsize=64)
def plan_of(program: Program) -> Plan:
    return Plan(program)


def _events_of(program: Program) -> Events:
    """The programs' shared `Events`, by the identity of their events (kept alive with it)."""
    found = _shared.get(id(program.events))
    if found is None or found.events is not program.events:
        found = _shared[id(program.events)] = Events(program.events, program.member_bytes)
        while len(_shared) > _EVENTS_KEPT:
            del _shared[next(iter(_shared))]
    return found


_shared: dict[int, Events] = {}
_EVENTS_KEPT = 64
