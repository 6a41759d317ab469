"""A model of PyTorch's CUDA caching allocator, as far as `memory_allocated` can see it.

The rules follow c10/cuda/CUDACachingAllocator.cpp with its default settings:

* every request is rounded up to a multiple of 512 bytes;
* requests of at most 1 MiB come from the small pool, whose 2 MiB segments are always split
  exactly, so a small request counts exactly its rounded size and needs no state here;
* larger requests come from the large pool: the smallest cached free block that fits is taken
  (best fit, lowest address on ties), or a new segment is reserved (20 MiB below 10 MiB, else
  the request rounded up to 2 MiB). A block is split only if more than 1 MiB would be left;
  otherwise the whole block is handed out and `memory_allocated` counts all of it;
* a freed large block merges with the free neighbours of its own segment.
"""

from __future__ import annotations

from bisect import bisect_left, insort

__all__ = ["MIN_BLOCK", "SMALL_SIZE", "LargePool", "round_size"]

MIN_BLOCK = 512
SMALL_SIZE = 1 << 20
LARGE_BUFFER = 20 << 20
MIN_LARGE_ALLOC = 10 << 20
ROUND_LARGE = 2 << 20
_SEGMENT_GAP = 1 << 48


def round_size(nbytes: int) -> int:
    """The block size the allocator reserves for a request of `nbytes`."""
    if nbytes < MIN_BLOCK:
        return MIN_BLOCK
    return -(-nbytes // MIN_BLOCK) * MIN_BLOCK


def segment_size(size: int) -> int:
    """The size of the new large-pool segment reserved for a rounded request."""
    if size < MIN_LARGE_ALLOC:
        return LARGE_BUFFER
    return -(-size // ROUND_LARGE) * ROUND_LARGE


class LargePool:
    """The large pool's blocks: `malloc` returns (address, block size counted as allocated).
    Free blocks are kept sorted by (size, address), so best fit is a bisection."""

    __slots__ = ("_by_size", "_free_ends", "_next_segment", "_used", "free_blocks")

    def __init__(self) -> None:
        self.free_blocks: dict[int, int] = {}  # address -> size
        self._by_size: list[tuple[int, int]] = []  # (size, address) of the free blocks, sorted
        self._free_ends: dict[int, int] = {}  # end address -> address, to find a left neighbour
        self._used: dict[int, int] = {}
        self._next_segment = 0

    @property
    def blocks_in_use(self) -> int:
        return len(self._used)

    def malloc(self, size: int) -> tuple[int, int]:
        i = bisect_left(self._by_size, (size, -1))
        if i == len(self._by_size):
            block = segment_size(size)
            addr = self._next_segment
            self._next_segment += _SEGMENT_GAP * (1 + block // _SEGMENT_GAP)  # never overlapping
        else:
            block, addr = self._by_size.pop(i)
            del self.free_blocks[addr], self._free_ends[addr + block]
        if block - size > SMALL_SIZE:
            self._add_free(addr + size, block - size)
            block = size
        self._used[addr] = block
        return addr, block

    def free(self, addr: int) -> None:
        size = self._used.pop(addr)
        after = self.free_blocks.pop(addr + size, None)
        if after is not None:
            del self._free_ends[addr + size + after]
            self._drop(after, addr + size)
            size += after
        before = self._free_ends.pop(addr, None)
        if before is not None:
            length = self.free_blocks.pop(before)
            self._drop(length, before)
            size += length
            addr = before
        self._add_free(addr, size)

    def _drop(self, size: int, addr: int) -> None:
        del self._by_size[bisect_left(self._by_size, (size, addr))]

    def _add_free(self, addr: int, size: int) -> None:
        self.free_blocks[addr] = size
        self._free_ends[addr + size] = addr
        insort(self._by_size, (size, addr))
