"""What every replay of one program shares, and what its requests are at one batch."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from functools import cached_property, lru_cache
from itertools import chain
from typing import Any, NamedTuple

from ..allocator.pools import round_size
from ..step.convolutions import BoundConv, ConvWorkspace, WorkspacePolicy, workspace_sizes
from ..step.program import ALLOC, BULK, FREE, Event, Program
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
    """A program's requests at one batch."""

    def __init__(self, batch: int, rounded: list[int], distinct: list[Borrow], scratch: list[int]) -> None:
        self.batch = batch
        self.rounded = rounded
        """Per size formula, the rounded request."""
        self._distinct = distinct
        self.borrows = [distinct[i] for i in scratch]
        """Per SCRATCH event, what it borrows."""

    @cached_property
    def codes(self) -> tuple[array[int], array[int], array[int], int]:
        """The compiled walk's words for them (core.engine.replay._compiled): the rounded
        requests; per distinct scratch spec (`Plan.scratch_codes` numbers them per SCRATCH
        event), (NOTHING, 0, 0, 0), (BLOCKS, first, count, 0) into the blocks as (round_size,
        bytes) pairs, or (WORKSPACE, times, find, size); the blocks; the most blocks one spec
        borrows."""
        words: list[tuple[int, int, int, int]] = []
        blocks, most = array("q"), 0
        for borrow in self._distinct:
            if borrow is None:
                words.append((NOTHING, 0, 0, 0))
            elif isinstance(borrow, Workspace):
                words.append((WORKSPACE, int(borrow.times), borrow.find, borrow.size))
            else:
                words.append((BLOCKS, len(blocks) // 2, len(borrow), 0))
                blocks.extend(chain.from_iterable(borrow))
                most = max(most, len(borrow))
        return array("q", self.rounded), array("q", chain.from_iterable(words)), blocks, most


NOTHING, BLOCKS, WORKSPACE = 0, 1, 2
"""What a SCRATCH event borrows, in the compiled walk's words."""


class Events:
    """What the replays of every program with these events share (both sides of a workspace
    band bind the same events to other workspaces): each request's size formula numbered (equal
    formulas, as in every iteration, are rounded once per batch), the bulk members' rounded
    sizes, and the compiled walk's words for them."""

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

    @cached_property
    def codes(self) -> tuple[array[int], array[int], int]:
        """The compiled walk's words for the ops (core.engine.replay._compiled), five per op:
        (ALLOC, slot, size formula, per sample, fixed), (FREE, slot, 0, 0, 0), (BULK, slot, first,
        count, 0) into the members as (round_size, bytes) pairs, (SCRATCH or PHASE, index, 0, 0,
        0); the members; the highest slot."""
        words, members, slots = array("q"), array("q"), 0
        for op in self.ops:
            if op[0] == BULK:
                words.extend((BULK, op[1], len(members) // 2, len(op[2]), 0))
                members.extend(word for member in op[2] for word in member)
            else:
                words.extend((*op, 0, 0, 0, 0)[:5])
            if op[0] in (ALLOC, FREE, BULK):
                slots = max(slots, op[1])
        return words, members, slots


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
        convs: dict[tuple[ConvWorkspace, WorkspacePolicy], int] = {}
        self._conv_of = [convs.setdefault((spec.conv, spec.policy), len(convs)) if isinstance(spec, BoundConv) else -1
                         for spec in self._scratch_specs]
        """Per distinct scratch spec, its convolution's place in `_convs` (-1: none): the first
        call of a shape and the later ones share their workspaces."""
        self._convs = list(convs)
        self._at: dict[tuple[int, int, int], Sized] = {}

    @cached_property
    def scratch_codes(self) -> array[int]:
        """Per SCRATCH event, its distinct spec's number, for the compiled walk."""
        return array("q", self._scratch)

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
        sizes = [workspace_sizes(conv, policy, batch) for conv, policy in self._convs]
        distinct = [_borrow(spec, sizes[conv] if conv >= 0 else (0, 0), batch, sm_count, threads_per_sm)
                    for spec, conv in zip(self._scratch_specs, self._conv_of)]
        return Sized(batch, rounded, distinct, self._scratch)


_BATCHES_KEPT = 8


def _borrow(spec: Scratch, workspaces: tuple[int, int], batch: int, sm_count: int, threads_per_sm: int) -> Borrow:
    """What a scratch spec borrows at a batch; `workspaces`: a convolution's (the engine's,
    benchmark mode's largest)."""
    if isinstance(spec, BoundConv):
        times, (size, find) = spec.times_engines, workspaces
        return Workspace(times, find if times else 0, size) if times or size else None
    blocks = scratch_blocks(spec, batch, sm_count, threads_per_sm)
    return tuple((round_size(n), n) for n in blocks if n) or None


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
