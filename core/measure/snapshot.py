"""A memory snapshot (`torch.cuda.memory._dump_snapshot`) read back, and held against the
prediction without running anything.

A snapshot's trace records each tensor's requested size, not the block the allocator counted
in `memory_allocated`. The block is recovered from the addresses, under the allocator's default
rules: a tensor's block runs from its address to the next live block of its segment (or the
segment's end) when the free block it took was not split, which in the large pool is when at
most 1 MiB would have been left, in the small pool when nothing would; otherwise it is the
request rounded up to 512 B. So the allocated peak read here is `max_memory_allocated()` over
the recorded span; the reserved peak adds up `segment_alloc` and `segment_free`.

Only plain Python values are unpickled: a snapshot holds nothing else, and a file that asks for
any class is refused rather than run.
"""

from __future__ import annotations

import pickle
from bisect import bisect_right, insort
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine.estimate import Estimate
from ..engine.snapshot import predicted_snapshot
from .compare import Row

__all__ = [
    "TIMELINE_POINTS",
    "SnapshotError",
    "SnapshotFigures",
    "predicted_figures",
    "read_snapshot",
    "snapshot_figures",
    "snapshot_rows",
]

TIMELINE_POINTS = 200
_SMALL_SEGMENT = 2 << 20
_LARGE_SPLIT = 1 << 20


class SnapshotError(ValueError):
    """The file is not a memory snapshot memcalc can read; the message says why."""


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise SnapshotError(f"it asks to load {module}.{name}; a memory snapshot holds plain values only")


def read_snapshot(path: str | Path) -> dict[str, Any]:
    """The snapshot dict of a `_dump_snapshot` pickle. SnapshotError for anything else."""
    try:
        with open(path, "rb") as f:
            data = _PlainUnpickler(f).load()
    except OSError as e:
        raise SnapshotError(e.strerror or str(e)) from None
    except SnapshotError:
        raise
    except Exception as e:  # a damaged pickle raises whatever its bytes lead to
        raise SnapshotError(f"not a pickle file ({type(e).__name__})") from None
    if not isinstance(data, dict) or not isinstance(data.get("segments"), list) \
            or not isinstance(data.get("device_traces"), list):
        raise SnapshotError("not a memory snapshot: no segments and device_traces")
    if not any(data["device_traces"]):
        raise SnapshotError("the snapshot has no trace: record it with "
                            "torch.cuda.memory._record_memory_history() before the loop")
    return data


@dataclass
class SnapshotFigures:
    """What a snapshot's trace shows on its busiest device."""

    peak_allocated: int = 0
    """max_memory_allocated over the trace (blocks, as the allocator counts them)."""
    peak_active: int = 0
    """The peak of the requested bytes alive: the top of memory_viz's Active Memory Timeline."""
    peak_reserved: int = 0
    allocations: int = 0
    ooms: int = 0
    timeline: list[int] = field(default_factory=list)
    """memory_allocated after each alloc and free."""
    reserved_timeline: list[int] = field(default_factory=list)

    def sampled(self, points: int = TIMELINE_POINTS) -> list[int]:
        """The timeline at `points` evenly spaced moments, each the peak since the one before."""
        values = self.timeline
        if len(values) <= points:
            return list(values)
        cuts = [len(values) * i // points for i in range(points + 1)]
        return [max(values[a:b]) for a, b in zip(cuts, cuts[1:])]


def snapshot_figures(data: dict[str, Any]) -> SnapshotFigures:
    """The figures of the device with the longest trace."""
    device = max(range(len(data["device_traces"])), key=lambda d: len(data["device_traces"][d]))
    trace = data["device_traces"][device]
    segments = [s for s in data["segments"] if s.get("device", device) == device]
    try:
        return _Walk(trace, segments).figures
    except (KeyError, TypeError) as e:
        raise SnapshotError(f"a trace entry lacks {e}") from None


class _Walk:
    """The trace replayed: segments, live blocks and the two sums."""

    def __init__(self, trace: list[dict[str, Any]], segments: list[dict[str, Any]]) -> None:
        self.segments: dict[int, int] = {}
        self.starts: list[int] = []
        self.live: dict[int, tuple[int, int]] = {}
        """Address → (block, requested)."""
        self.live_starts: list[int] = []
        self.figures = f = SnapshotFigures()
        self.expandable = any(s.get("is_expandable") for s in segments) or any(
            e["action"] == "segment_map" for e in trace)
        """Expandable segments split every block: a tensor's block is its rounded request."""
        self._start(trace, segments)
        allocated, active, reserved = self._initial()
        for e in trace:
            action = e["action"]
            if action == "alloc":
                block = self._block(e["addr"], e["size"])
                self.live[e["addr"]] = (block, e["size"])
                insort(self.live_starts, e["addr"])
                allocated, active = allocated + block, active + e["size"]
                f.allocations += 1
            elif action == "free_completed" and e["addr"] in self.live:
                block, requested = self.live.pop(e["addr"])
                self.live_starts.remove(e["addr"])
                allocated, active = allocated - block, active - requested
            elif action in ("segment_alloc", "segment_map"):
                self._add_segment(e["addr"], e["size"])
                reserved += e["size"]
            elif action in ("segment_free", "segment_unmap"):
                self.segments.pop(e["addr"], None)
                reserved -= e["size"]
            elif action == "oom":
                f.ooms += 1
            else:
                continue
            f.peak_allocated, f.peak_active = max(f.peak_allocated, allocated), max(f.peak_active, active)
            f.peak_reserved = max(f.peak_reserved, reserved)
            f.timeline.append(allocated)
            f.reserved_timeline.append(reserved)

    def _start(self, trace: list[dict[str, Any]], segments: list[dict[str, Any]]) -> None:
        """The segments and blocks that were there before the trace began (a trace can be cut
        short by `max_entries`): those at the end that the trace did not make, and those it frees
        without having made them."""
        made = {e["addr"] for e in trace if e["action"] in ("segment_alloc", "segment_map")}
        for s in segments:
            if s["address"] not in made:
                self._add_segment(s["address"], s["total_size"])
        allocs = {e["addr"] for e in trace if e["action"] == "alloc"}
        for s in segments:
            for b in s.get("blocks", ()):
                if b.get("state") == "active_allocated" and b.get("address") is not None and b["address"] not in allocs:
                    self.live[b["address"]] = (b["size"], b.get("requested_size", b["size"]))
        segs_seen: set[int] = set()
        seen: set[int] = set()
        for e in trace:
            action, addr = e["action"], e.get("addr", -1)
            if action in ("segment_alloc", "segment_map"):
                segs_seen.add(addr)
            elif action in ("segment_free", "segment_unmap") and addr not in segs_seen:
                self._add_segment(addr, e["size"])
            elif action == "alloc":
                seen.add(addr)
            elif action == "free_requested" and addr not in seen and addr not in self.live:
                self.live[addr] = (_round(e["size"]), e["size"])
        self.live_starts = sorted(self.live)

    def _initial(self) -> tuple[int, int, int]:
        return (sum(b for b, _ in self.live.values()), sum(r for _, r in self.live.values()),
                sum(self.segments.values()))

    def _add_segment(self, addr: int, size: int) -> None:
        if addr not in self.segments:
            insort(self.starts, addr)
        self.segments[addr] = size

    def _block(self, addr: int, requested: int) -> int:
        """The block the allocator counted for a request at `addr` (see the module's docstring)."""
        size = _round(requested)
        i = bisect_right(self.starts, addr) - 1
        if i < 0 or self.expandable:
            return size
        start = self.starts[i]
        total = self.segments.get(start, 0)
        if addr >= start + total:
            return size
        j = bisect_right(self.live_starts, addr)
        end = self.live_starts[j] if j < len(self.live_starts) else start + total
        free = min(end, start + total) - addr
        rest = free - size
        small = total == _SMALL_SEGMENT
        return free if rest >= 0 and (rest == 0 if small else rest <= _LARGE_SPLIT) else size


def _round(nbytes: int) -> int:
    return max(512, -(-nbytes // 512) * 512)


def predicted_figures(e: Estimate) -> SnapshotFigures:
    """The estimate's figures read the same way from its own snapshot (core.engine.snapshot)."""
    return snapshot_figures(predicted_snapshot(e))


def snapshot_rows(predicted: SnapshotFigures, measured: SnapshotFigures) -> list[Row]:
    """Predicted beside measured, for the figures a snapshot holds."""
    return [
        Row("peak allocated", predicted.peak_allocated, measured.peak_allocated),
        Row("peak active (requested)", predicted.peak_active, measured.peak_active),
        Row("peak reserved", predicted.peak_reserved, measured.peak_reserved),
        Row("allocations", predicted.allocations, measured.allocations),
    ]
