"""An oracle for the engine's caching allocator: PyTorch's rules with its default settings, read
from c10/cuda/CUDACachingAllocator.cpp (malloc, get_free_block, should_split,
get_allocation_size, free_block, try_merge_blocks, release_cached_blocks) and written out the
plain, slow way. It shares no code and no constant with core.engine.allocator: each segment is a
list of blocks in address order, and every search looks at every block.

* A request is rounded up to a multiple of 512 B (512 B at the least).
* A request of at most 1 MiB is served from the small pool, a larger one from the large pool.
* The pool's free block that fits with the smallest (size, address) is taken; if there is none,
  a new segment is asked for: 2 MiB for the small pool, 20 MiB for a large request under 10 MiB,
  else the request rounded up to 2 MiB.
* The block is split if what is left is at least 512 B (small pool) or more than 1 MiB (large
  pool); an unsplit rest is handed out with it and counts as allocated.
* A freed block merges with the free blocks beside it in its segment.
* When the device cannot give a new segment (`budget` bytes reserved at most), every segment that
  is one free block is given back and the device asked once more; then it is out of memory.

New segments get increasing addresses, so the lowest address among equal sizes is the oldest
segment's block (real cudaMalloc addresses are the device's choice, which no model can know).
"""

from __future__ import annotations

from dataclasses import dataclass, field

KIB = 1024
MIB = 1024 * KIB


class OracleOutOfMemory(Exception):
    pass


@dataclass
class Block:
    address: int
    size: int
    allocated: bool = False


@dataclass
class Segment:
    small: bool
    blocks: list[Block] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(b.size for b in self.blocks)


class OracleAllocator:
    def __init__(self, budget: int | None = None) -> None:
        self.budget = budget
        self.segments: list[Segment] = []
        self.next_address = 0
        self.allocated = self.reserved = self.peak_allocated = self.peak_reserved = 0

    def malloc(self, nbytes: int) -> tuple[int, int]:
        """(address, bytes counted as allocated)."""
        size = 512 * max(1, -(-nbytes // 512))
        small = size <= 1 * MIB
        found = self.best_fit(size, small)
        if found is None:
            found = self.new_segment(size, small)
        if found is None:
            self.empty_cache()
            found = self.new_segment(size, small)
        if found is None:
            raise OracleOutOfMemory(nbytes)
        segment, block = found
        rest = block.size - size
        if (small and rest >= 512) or (not small and rest > 1 * MIB):
            block.size = size
            i = segment.blocks.index(block)
            segment.blocks.insert(i + 1, Block(block.address + size, rest))
        block.allocated = True
        self.allocated += block.size
        self.peak_allocated = max(self.peak_allocated, self.allocated)
        return block.address, block.size

    def best_fit(self, size: int, small: bool) -> tuple[Segment, Block] | None:
        fits = [(b.size, b.address, s, b) for s in self.segments if s.small == small
                for b in s.blocks if not b.allocated and b.size >= size]
        if not fits:
            return None
        _, _, segment, block = min(fits, key=lambda f: (f[0], f[1]))
        return segment, block

    def new_segment(self, size: int, small: bool) -> tuple[Segment, Block] | None:
        if small:
            nbytes = 2 * MIB
        elif size < 10 * MIB:
            nbytes = 20 * MIB
        else:
            nbytes = 2 * MIB * -(-size // (2 * MIB))
        if self.budget is not None and self.reserved + nbytes > self.budget:
            return None
        block = Block(self.next_address, nbytes)
        self.next_address += nbytes + (1 << 50)  # far apart: no two segments ever touch
        segment = Segment(small, [block])
        self.segments.append(segment)
        self.reserved += nbytes
        self.peak_reserved = max(self.peak_reserved, self.reserved)
        return segment, block

    def free(self, address: int) -> None:
        for segment in self.segments:
            for block in segment.blocks:
                if block.address == address and block.allocated:
                    block.allocated = False
                    self.allocated -= block.size
                    segment.blocks = _merged(segment.blocks)
                    return
        raise KeyError(address)

    def empty_cache(self) -> None:
        """Give back every segment that is one free block."""
        for segment in list(self.segments):
            if len(segment.blocks) == 1 and not segment.blocks[0].allocated:
                self.segments.remove(segment)
                self.reserved -= segment.size


def _merged(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        if out and not out[-1].allocated and not block.allocated:
            out[-1].size += block.size
        else:
            out.append(block)
    return out
