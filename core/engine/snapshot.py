"""The predicted step as a memory snapshot, in the format `torch.cuda.memory._dump_snapshot`
writes, so that PyTorch's memory viewer (https://pytorch.org/memory_viz) opens it.

The estimate's program is run once more through the whole caching allocator, recording what
PyTorch's allocator records with `_record_memory_history()`: a `segment_alloc` for each
cudaMalloc, `alloc` for each tensor (its requested size, as PyTorch records `orig_size`),
`free_requested` and `free_completed` for each free, `segment_free` when cached segments go back
and `oom` where it runs out. Each entry's frames name the tensor and the phase of the loop (the
innermost frame first, as PyTorch orders them). `segments` is the allocator's state after the
last event, as a snapshot dumped at the end of the loop holds it, with each block's state.
"""

from __future__ import annotations

import contextlib
import pickle
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .allocator.caching import AllocatorOOM, CachingAllocator
from .max_batch import Budget
from .replay import conv_workspace
from .step.convolutions import BoundConv
from .step.program import ALLOC, BULK, FREE, SCRATCH, Program
from .step.scratch import scratch_blocks

if TYPE_CHECKING:
    from .estimate import Estimate

__all__ = ["predicted_snapshot", "write_snapshot"]

Frame = dict[str, Any]
Entry = dict[str, Any]


class _Recording(CachingAllocator):
    """The caching allocator, writing a trace entry for every action it takes."""

    def __init__(self, budget: Budget) -> None:
        super().__init__(budget.capacity, budget.conf, budget.limit)
        self.trace: list[Entry] = []
        self.frames: list[Frame] = []
        self.segments: dict[int, tuple[int, bool]] = {}
        """Segment address → (size, small pool); mapped pages for expandable segments."""
        self.requested: dict[int, int] = {}
        self.phase = ""

    def _entry(self, action: str, addr: int, size: int) -> None:
        self.trace.append({"action": action, "addr": addr, "size": size, "stream": 0, "frames": list(self.frames),
                           "time_us": len(self.trace)})

    def malloc(self, nbytes: int) -> tuple[int, int]:
        try:
            ptr, size = super().malloc(nbytes)
        except AllocatorOOM as oom:
            self._sync_segments()
            self.trace.append({"action": "oom", "size": nbytes, "stream": 0, "frames": list(self.frames),
                               "device_free": max(0, oom.limit - oom.reserved), "time_us": len(self.trace)})
            raise
        self._sync_segments()
        self.requested[ptr] = nbytes
        self._entry("alloc", ptr, nbytes)
        return ptr, size

    def free(self, ptr: int) -> None:
        nbytes = self.requested.pop(ptr)
        self._entry("free_requested", ptr, nbytes)
        super().free(ptr)
        self._entry("free_completed", ptr, nbytes)

    def release_cached(self) -> None:
        super().release_cached()
        self._sync_segments()

    def _sync_segments(self) -> None:
        """segment_alloc / segment_free (segment_map / segment_unmap when expandable) for what
        changed since the last look."""
        now = {head.ptr: (sum(b.size for b in _chain(head)), head.pool.small) for head in self._mapped_runs()}
        for ptr, (size, _) in self.segments.items():
            if now.get(ptr, (0, False))[0] != size:
                self._entry("segment_unmap" if self.conf.expandable_segments else "segment_free", ptr, size)
        for ptr, (size, _) in now.items():
            if self.segments.get(ptr, (0, False))[0] != size:
                self._entry("segment_map" if self.conf.expandable_segments else "segment_alloc", ptr, size)
        self.segments = now

    def _mapped_runs(self) -> list[Any]:
        """The first block of each run of mapped blocks: a segment (a mapped range when expandable)."""
        blocks = [*self._used.values(), *(b for pool in (self._small, self._large) for b in pool.blocks.values())]
        return [b for b in blocks if b.prev is None or not b.prev.mapped]

    def segment_list(self) -> list[dict[str, Any]]:
        out = []
        born = {e["addr"]: e["frames"] for e in self.trace if e["action"] == "alloc"}
        for ptr in sorted(self.segments):
            size, small = self.segments[ptr]
            head = next(b for b in self._mapped_runs() if b.ptr == ptr)
            blocks = [self._block(b, born) for b in _chain(head)]
            allocated = sum(b["size"] for b in blocks if b["state"] == "active_allocated")
            out.append({"device": 0, "address": ptr, "total_size": size, "stream": 0,
                        "segment_type": "small" if small else "large", "segment_pool_id": (0, 0),
                        "allocated_size": allocated, "active_size": allocated,
                        "requested_size": sum(b["requested_size"] for b in blocks),
                        "is_expandable": self.conf.expandable_segments, "frames": [], "blocks": blocks})
        return out

    def _block(self, b: Any, born: dict[int, list[Frame]]) -> dict[str, Any]:
        """A block as the snapshot lists it; `born`: the frames of the alloc that made each live one."""
        if b.allocated:
            return {"address": b.ptr, "size": b.size, "requested_size": self.requested[b.ptr],
                    "state": "active_allocated", "frames": born.get(b.ptr, [])}
        return {"address": b.ptr, "size": b.size, "requested_size": 0, "state": "inactive", "frames": []}


def _chain(head: Any) -> list[Any]:
    """The mapped blocks from `head` to the end of its segment (or mapped range)."""
    out, b = [], head
    while b is not None and b.mapped:
        out.append(b)
        b = b.next
    return out


def predicted_snapshot(e: Estimate) -> dict[str, Any]:
    """The estimate's step (every iteration, a fresh process, its GPU and allocator settings) as
    `torch.cuda.memory._snapshot()` returns it."""
    batch, program = e.config.micro_batch, e.step.program
    allocator = _Recording(e.budget)
    with contextlib.suppress(AllocatorOOM):  # the trace ends with its "oom" entry
        _run(allocator, program, batch, e.budget)
    return {"segments": allocator.segment_list(), "device_traces": [allocator.trace],
            "allocator_settings": {"PYTORCH_CUDA_ALLOC_CONF": e.config.alloc.text},
            "memcalc": {"config": e.to_dict()["config"], "peak_bytes": e.peak_bytes,
                        "peak_reserved_bytes": e.peak_reserved_bytes}}


def _run(allocator: _Recording, program: Program, batch: int, budget: Budget) -> None:
    live: dict[int, list[int]] = {}
    for ev in program.events:
        kind = ev[0]
        if kind == ALLOC:
            allocator.frames = _frames(program, ev[1], allocator.phase)
            live[ev[1]] = [allocator.malloc(ev[2] * batch + ev[3])[0]]
        elif kind == BULK:
            members = program.members[ev[1]]
            live[ev[1]] = []
            for m in members:
                allocator.frames = _frames(program, ev[1], allocator.phase, m.name)
                live[ev[1]].append(allocator.malloc(m.nbytes)[0])
        elif kind == FREE:
            for ptr in live.pop(ev[1]):
                allocator.free(ptr)
        elif kind == SCRATCH:
            spec = program.scratches[ev[1]]
            allocator.frames = [_frame(type(spec).__name__), _frame(allocator.phase)]
            if isinstance(spec, BoundConv):
                conv_workspace(allocator, spec, batch)
                continue
            borrowed = [allocator.malloc(n)[0] for n in scratch_blocks(spec, batch, budget.sm_count,
                                                                        budget.threads_per_sm) if n]
            for ptr in borrowed:
                allocator.free(ptr)
        else:
            name, iteration = program.phases[ev[1]]
            allocator.phase = f"{name} (iteration {iteration})" if iteration else name


def _frame(name: str) -> Frame:
    return {"filename": "memcalc", "line": 0, "name": name}


def _frames(program: Program, slot: int, phase: str, name: str = "") -> list[Frame]:
    return [_frame(name or program.slot_names[slot]), _frame(phase)]


def write_snapshot(e: Estimate, path: str | Path) -> None:
    """The predicted snapshot as the pickle file `torch.cuda.memory._dump_snapshot(path)` writes."""
    with open(path, "wb") as f:
        pickle.dump(predicted_snapshot(e), f)
