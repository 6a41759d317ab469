"""What a replay of a program found."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..allocator.caching import AllocatorOOM
from ..simulate import Placement

__all__ = ["Replay"]


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
