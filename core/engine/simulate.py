"""Runs a compiled training-step program through the allocator model.

Only large-pool blocks (over 1 MiB) and the column sums' scratch need the allocator model: every
other block counts exactly its rounded size. So a run sizes every tensor at once, takes the
large blocks from a Placement the whole allocator recorded (core.engine.replay) or runs the
allocator over the few large events itself, and gets `memory_allocated` after every event as
a running sum. Phase peaks, the components at a peak and the tensors alive there are read off
that sum.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate
from operator import neg
from typing import Any, NamedTuple

from .allocator.caching import CachingAllocator
from .allocator.pools import SMALL_SIZE, round_size
from .step.convolutions import BoundConv
from .step.program import (
    ALLOC,
    BULK,
    COMPONENTS,
    FREE,
    PHASE,
    SCRATCH,
    TEMPORARIES,
    WORKSPACE,
    Event,
    Member,
    Program,
)
from .step.scratch import Scratch

__all__ = ["Group", "LiveTensor", "Mark", "Placement", "Run", "simulate"]


class LiveTensor(NamedTuple):
    """A tensor alive at a moment: the bytes it asked for and the block it holds (a tuple: the
    formulas build a few dozen at every estimate, and a frozen dataclass took five times as long)."""

    name: str
    component: str
    requested: int
    block: int
    shape: tuple[int, ...] | None = None
    """A traced tensor's shape and element size; None: the name says it (the MLP's x, z1, ...)."""
    itemsize: int = 0
    dtype: str = ""


@dataclass
class Group:
    """The tensors of one component alive at a moment: how many, the bytes they asked for and
    hold, whether one holds a whole cached block (512 B or more beyond its request), and the
    first `shown` of them as LiveTensors (building one for each of a deep model's thousand
    tensors took longer than the rest of a re-estimate)."""

    count: int = 0
    requested: int = 0
    blocks: int = 0
    whole: bool = False
    shown: list[LiveTensor] = field(default_factory=list)

    def add(self, tensor: LiveTensor, shown: int) -> None:
        """One more tensor, kept as one of the first `shown`."""
        self.tally(tensor.requested, tensor.block)
        if len(self.shown) < shown:
            self.shown.append(tensor)

    def tally(self, requested: int, block: int) -> None:
        """One more tensor, counted only."""
        self.count += 1
        self.requested += requested
        self.blocks += block
        self.whole = self.whole or block - requested >= 512

    def tally_all(self, other: Group) -> None:
        """Another group's tensors, counted only."""
        self.count += other.count
        self.requested += other.requested
        self.blocks += other.blocks
        self.whole = self.whole or other.whole


class Mark(NamedTuple):
    """One phase of the timeline: its peak, the value at its end, the event of the peak and
    the phase's last event."""

    phase: int
    peak: int
    end: int
    event: int
    last_event: int


class Placement(NamedTuple):
    """Where the allocator put a run's tensors: the block each ALLOC slot got (its unsplit rest
    included), per SCRATCH event the bytes its blocks took, and memory_allocated after every
    event (what the blocks add up to, as the allocator counted it)."""

    blocks: dict[int, int]
    scratch: dict[int, int]
    running: array[int]


class _Layout:
    """What a program's runs share, whatever the batch: per slot, its size formula and
    component; per event, where its signed size is found; per component, its events."""

    def __init__(self, program: Program) -> None:
        events = program.events
        n = program.slot_count
        specs: dict[tuple[int, int], int] = {}
        self.spec_of_slot = [0] * n
        self.component_of_slot = [0] * n
        self.alloc_event = [len(events)] * n  # bulk members other than the first: never
        self.free_event = [len(events)] * n
        self.signed_index = [2 * n] * len(events)  # into blocks + negated blocks + [0]
        self.component_events: list[list[int]] = [[] for _ in COMPONENTS]
        self.phase_starts = []
        tensors = []  # slots of single tensors; a bulk of small ones is never large, whatever its sum
        for i, ev in enumerate(events):
            kind, slot = ev[0], ev[1]
            if kind in (ALLOC, BULK):
                spec = (ev[2], ev[3]) if kind == ALLOC else (0, ev[2])
                self.spec_of_slot[slot] = specs.setdefault(spec, len(specs))
                self.component_of_slot[slot] = ev[4] if kind == ALLOC else ev[3]
                self.signed_index[i] = slot
                self.alloc_event[slot] = i
                if kind == ALLOC:
                    tensors.append(slot)
            elif kind == FREE:
                self.free_event[slot] = i
                self.signed_index[i] = n + slot
            elif kind == PHASE:
                self.phase_starts.append(i)
            if kind in (ALLOC, BULK, FREE):
                self.component_events[self.component_of_slot[slot]].append(i)
        self.specs = list(specs)
        spans = enumerate(zip(self.alloc_event, self.free_event))
        lifetimes = sorted((first, slot, last) for slot, (first, last) in spans if first < len(events))
        self.first_events = [first for first, _, _ in lifetimes]
        """The event each slot that ever holds a tensor gets it, first to last."""
        self.lifetimes = [(slot, last) for _, slot, last in lifetimes]
        """Those slots in that order, each with the event that frees it."""
        self.bulk_tensors = {
            slot: tuple(LiveTensor(m.name, COMPONENTS[self.component_of_slot[slot]], m.nbytes, round_size(m.nbytes))
                        for m in members)
            for slot, members in program.members.items() if all(m.info is None for m in members)
        }
        """Per BULK slot of untraced tensors, its members as LiveTensors: the same at every batch."""
        self.bulks = {slot: _bulk(members) for slot, members in program.members.items()}
        """Per bulk slot, its small tensors counted (they do not depend on the batch)."""
        self.component_rank = [_ranks(evs, len(events)) for evs in self.component_events]
        self._large_from = self._thresholds(tensors)
        self._steps = sorted(set(self._large_from.values()))
        self._large_events: dict[int, tuple[tuple[int, Event], ...]] = {}

    def _thresholds(self, tensors: list[int]) -> dict[int, int]:
        """Per tensor that can be large: the smallest batch from which its block is over 1 MiB."""
        out = {}
        for slot in tensors:
            per_sample, fixed = self.specs[self.spec_of_slot[slot]]
            if per_sample:
                out[slot] = max(0, (SMALL_SIZE - fixed) // per_sample + 1)
            elif fixed > SMALL_SIZE:
                out[slot] = 0
        return out

    def large_events(self, events: Sequence[Event], batch: int) -> tuple[tuple[int, Event], ...]:
        """The events the large pool sees at this batch: its allocs and frees, and the scratch."""
        key = bisect_right(self._steps, batch)
        if key not in self._large_events:
            large = {s for s, b in self._large_from.items() if b <= batch}
            self._large_events[key] = tuple(
                (i, ev) for i, ev in enumerate(events)
                if ev[0] == SCRATCH or (ev[0] in (ALLOC, FREE) and ev[1] in large)
            )
        return self._large_events[key]


def _ranks(events: list[int], length: int) -> list[int]:
    """For every event of the program, how many of `events` ran up to and including it."""
    hits = [0] * length
    for i in events:
        hits[i] = 1
    return list(accumulate(hits))


@lru_cache(maxsize=256)
def _layout(program: Program) -> _Layout:
    return _Layout(program)


class Run:
    """`memory_allocated` after every event of one program at one batch size."""

    def __init__(
        self, program: Program, batch: int, sm_count: int, threads_per_sm: int, cached: CachingAllocator | None = None,
        placement: Placement | None = None,
    ) -> None:
        self.program, self.batch, self._layout = program, batch, _layout(program)
        self._placement = placement
        self.scratch: dict[int, int] = {}
        if placement is None:
            self.blocks = self._formula_blocks()
            self._walk_large_pool(batch, sm_count, threads_per_sm, cached)
            self.running = array("q", accumulate(self.deltas))
        else:
            self.scratch = dict(placement.scratch)
            self.running = placement.running
        self.values = self.running
        if self.scratch:
            self.values = array("q", self.running)
            for i, extra in self.scratch.items():
                self.values[i] += extra

    @cached_property
    def blocks(self) -> list[int]:
        """Per slot, the block its tensor holds (a bulk's: its small blocks' sum); of a placed
        run, read only where a tensor is shown (at the peak)."""
        blocks = self._formula_blocks()
        assert self._placement is not None
        for slot, block in self._placement.blocks.items():
            blocks[slot] = block
        return blocks

    def _formula_blocks(self) -> list[int]:
        sizes = [round_size(per_sample * self.batch + fixed) for per_sample, fixed in self._layout.specs]
        return list(map(sizes.__getitem__, self._layout.spec_of_slot))

    @cached_property
    def deltas(self) -> list[int]:
        """What each event adds to memory_allocated."""
        signed = [*self.blocks, *map(neg, self.blocks), 0]
        return list(map(signed.__getitem__, self._layout.signed_index))

    def _walk_large_pool(self, batch: int, sm_count: int, threads_per_sm: int, cached: CachingAllocator | None) -> None:
        """Block sizes of the large tensors, and the scratch bytes of the column sums. On a
        `cached` pool, what the loop still holds at its end is freed into it afterwards."""
        pool = cached if cached is not None else CachingAllocator()
        blocks, addresses = self.blocks, {}
        for i, ev in self._layout.large_events(self.program.events, batch):
            kind = ev[0]
            if kind == ALLOC:
                addresses[ev[1]], blocks[ev[1]] = pool.malloc(blocks[ev[1]])
            elif kind == FREE:
                pool.free(addresses.pop(ev[1]))
            else:
                small, large = _scratch(self.program.scratches[ev[1]], batch, sm_count, threads_per_sm)
                for size in large:
                    addr, block = pool.malloc(size)
                    pool.free(addr)
                    small += block
                if small:
                    self.scratch[i] = small
        if cached is not None:
            for addr in addresses.values():
                pool.free(addr)

    @property
    def peak(self) -> int:
        return max(self.values)

    def peak_in(self, first: int, last: int) -> tuple[int, int]:
        """(peak, first event reaching it) over events first..last-1."""
        peak = max(self.values[first:last])
        return peak, self.values.index(peak, first, last)

    @cached_property
    def marks(self) -> list[Mark]:
        starts, values, running = self._layout.phase_starts, self.values, self.running
        marks = []
        for j, (first, last) in enumerate(zip(starts, [*starts[1:], len(values)])):
            peak = max(values[first:last])
            marks.append(Mark(j, peak, running[last - 1], values.index(peak, first, last), last - 1))
        return marks

    def phase_of(self, event: int) -> int:
        return bisect_right(self._layout.phase_starts, event) - 1

    @cached_property
    def _component_running(self) -> list[list[int]]:
        """Per component: what it holds after each of its events (0 before the first)."""
        deltas = self.deltas.__getitem__
        return [[0, *accumulate(map(deltas, events))] for events in self._layout.component_events]

    def components_at(self, event: int, scratch: bool = True) -> tuple[int, ...]:
        """What each component holds just after `event` ran, its scratch buffer included unless
        `scratch` is False (the buffer is gone once the column sum has finished)."""
        ranks = self._layout.component_rank
        live = [running[rank[event]] for rank, running in zip(ranks, self._component_running)]
        if scratch and event in self.scratch:
            live[self.scratch_component(event)] += self.scratch[event]
        return tuple(live)

    def components_over(self, events: Sequence[int], scratch: bool = True) -> list[tuple[int, ...]]:
        """`components_at` of each of `events`, read a component at a time (a timeline asks for
        two per phase, and one event at a time took most of its time)."""
        columns = [[running[rank[event]] for event in events]
                   for rank, running in zip(self._layout.component_rank, self._component_running)]
        rows = list(zip(*columns))
        if scratch and self.scratch:
            for j, event in enumerate(events):
                if event in self.scratch:
                    live = list(rows[j])
                    live[self.scratch_component(event)] += self.scratch[event]
                    rows[j] = tuple(live)
        return rows

    def scratch_component(self, event: int) -> int:
        """A cuDNN workspace counts as workspace; a reduction's staging buffer as a temporary."""
        ev = self.program.events[event]
        return WORKSPACE if ev[0] == SCRATCH and isinstance(self.program.scratches[ev[1]], BoundConv) else TEMPORARIES

    def live_slots(self, event: int) -> list[int]:
        """The slots holding a tensor just after `event` ran."""
        layout = self._layout
        return [slot for slot, last in layout.lifetimes[:bisect_right(layout.first_events, event)] if event < last]

    def live_at(self, event: int) -> list[LiveTensor]:
        """The tensors alive just after `event` ran (the scratch buffer is not a tensor)."""
        tensors: list[LiveTensor] = []
        for slot in self.live_slots(event):
            tensors += self._tensors(slot)
        return tensors

    def groups_at(self, event: int, shown: dict[str, int]) -> dict[str, Group]:
        """Per component, the tensors alive just after `event` ran, the first `shown[component]`
        of them as LiveTensors."""
        groups = {c: Group() for c in COMPONENTS}
        members, bulks = self.program.members, self._layout.bulks
        for slot in self.live_slots(event):
            component = COMPONENTS[self._layout.component_of_slot[slot]]
            group, limit = groups[component], shown.get(component, 0)
            room = limit - len(group.shown)
            if slot in members:
                group.tally_all(bulks[slot])
                if room > 0:
                    made = self._layout.bulk_tensors.get(slot)
                    group.shown += made[:room] if made is not None else [
                        _live(m.name, component, m.nbytes, round_size(m.nbytes), m.info, self.batch)
                        for m in members[slot][:room]]
            elif room > 0:
                group.add(self._tensors(slot)[0], limit)
            else:
                group.tally(self._requested(slot), self.blocks[slot])
        return groups

    def _tensors(self, slot: int) -> Sequence[LiveTensor]:
        """The tensor a slot holds, or a bulk's small tensors."""
        layout, program = self._layout, self.program
        if slot in layout.bulk_tensors:
            return layout.bulk_tensors[slot]
        component = COMPONENTS[layout.component_of_slot[slot]]
        if slot in program.members:
            return [_live(m.name, component, m.nbytes, round_size(m.nbytes), m.info, self.batch)
                    for m in program.members[slot]]
        return [_live(program.slot_names[slot], component, self._requested(slot), self.blocks[slot],
                      program.slot_info[slot], self.batch)]

    def _requested(self, slot: int) -> int:
        per_sample, fixed = self._layout.specs[self._layout.spec_of_slot[slot]]
        return per_sample * self.batch + fixed


def _bulk(members: list[Member]) -> Group:
    group = Group()
    for m in members:
        group.tally(m.nbytes, round_size(m.nbytes))
    return group


def _live(name: str, component: str, requested: int, block: int, info: Any, batch: int) -> LiveTensor:
    if info is None:
        return LiveTensor(name, component, requested, block)
    return LiveTensor(name, component, requested, block, info.shape_at(batch), info.itemsize, info.dtype)


@lru_cache(maxsize=4096)
def _scratch(spec: Scratch, batch: int, sm_count: int, threads_per_sm: int) -> tuple[int, tuple[int, ...]]:
    """A scratch's blocks, allocated, used and freed at once: (bytes of the small blocks, sizes
    of the blocks that come from the large pool)."""
    small, large = 0, []
    for n in spec.blocks(batch, sm_count, threads_per_sm):
        if not n:
            continue
        size = round_size(n)
        if size > SMALL_SIZE:
            large.append(size)
        else:
            small += size
    return small, tuple(large)


def simulate(
    program: Program, batch: int, sm_count: int, threads_per_sm: int, cached: CachingAllocator | None = None,
    placement: Placement | None = None,
) -> Run:
    """One run of the program. By default on a fresh process's allocator; with `cached`, on one
    that earlier runs in the same process left segments cached in (no `empty_cache()` between);
    with a `placement`, where the whole allocator put each tensor."""
    return Run(program, batch, sm_count, threads_per_sm, cached, placement)
