"""Where a step that does not fit runs out: the allocation the caching allocator cannot meet,
with what it held at that moment, as PyTorch's OutOfMemoryError tells it."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .replay import Replay
from .step.program import Program

__all__ = ["OutOfMemoryAt", "out_of_memory_at"]


@dataclass(frozen=True)
class OutOfMemoryAt:
    """The failing allocation. At that moment reserved ≥ allocated always: the allocator has
    already given back every cached segment it could (its last try), so `reserved_bytes` is what
    it still holds, `allocated_bytes` what the tensors alive take of it."""

    phase: str
    iteration: int
    tensor: str
    """What was being allocated ("layer3.0.conv2 convolution", "grad fc.weight")."""
    requested_bytes: int
    """The bytes that tensor asks for."""
    segment_bytes: int
    """The new segment the allocator asked the device for: PyTorch's "Tried to allocate"."""
    allocated_bytes: int
    """memory_allocated just before the request."""
    reserved_bytes: int
    """memory_reserved just before the request, after the allocator released its cached segments."""
    capacity_bytes: int
    """What the allocator may use at most: CUDA's memory less the context, or the allocator limit."""

    @property
    def free_bytes(self) -> int:
        """What the device (or the limit) still had for a new segment: less than `segment_bytes`."""
        return max(0, self.capacity_bytes - self.reserved_bytes)

    @property
    def cached_bytes(self) -> int:
        """Reserved but not allocated: blocks in segments it could not give back (partly in use)."""
        return self.reserved_bytes - self.allocated_bytes

    def to_dict(self) -> dict[str, object]:
        return {**asdict(self), "free_bytes": self.free_bytes, "cached_bytes": self.cached_bytes}


def out_of_memory_at(replay: Replay, program: Program) -> OutOfMemoryAt | None:
    """The replay's failing allocation; None if it got through."""
    oom = replay.oom
    if oom is None:
        return None
    phase, iteration = program.phases[replay.oom_phase]
    return OutOfMemoryAt(phase, iteration, _tensor_name(program, replay.oom_slot), oom.requested, oom.segment,
                         oom.allocated, oom.reserved, oom.limit)


def _tensor_name(program: Program, slot: int) -> str:
    if slot < 0:
        return "a kernel's scratch buffer"
    name = program.slot_names[slot]
    module = getattr(program.slot_info[slot], "module", "")
    return f"{module} {name}" if module and not name.startswith(module) else name
