from array import array

from ..allocator.caching import AllocatorOOM

class Allocator:
    """CachingAllocator without expandable segments, compiled (_compiled.c)."""

    peak_reserved: int
    def __init__(self, capacity: int | None = None, limit: int | None = None,
                 max_split_size: int | None = None) -> None: ...
    @property
    def allocated(self) -> int: ...
    @property
    def reserved(self) -> int: ...
    @property
    def peak_allocated(self) -> int: ...
    @property
    def reserved_at_peak(self) -> int: ...
    @property
    def blocks_in_use(self) -> int: ...
    def malloc(self, nbytes: int) -> tuple[int, int]: ...
    def malloc_rounded(self, size: int, nbytes: int) -> tuple[int, int]: ...
    def free(self, ptr: int) -> None: ...
    def release_cached(self) -> None: ...

def set_oom(cls: type[AllocatorOOM]) -> None: ...

Walked = tuple[int, int, int, list[int], list[int], dict[int, int] | None, dict[int, int] | None, bytes | None,
               AllocatorOOM | None]

def walk(allocator: Allocator, ops: array[int], members: array[int], slots: int, rounded: array[int],
         scratch_of: array[int], scratches: array[int], blocks: array[int], most_blocks: int, batch: int,
         phases: int, record: bool) -> Walked:
    """A whole run of a program's ops (core.engine.replay.plan's words for them): (the op it
    ended at, its phase, the peak of memory_reserved, memory_reserved at each phase's end, each
    phase's peak, the block per slot, the bytes per scratch and memory_allocated after every op (as
    64-bit integers) when recorded, the out of memory)."""
