"""The caching allocator's sizes, each rule written once (c10/cuda/CUDACachingAllocator.cpp).

* every request is rounded up to a multiple of 512 bytes (`round_size`);
* requests of at most 1 MiB come from the small pool, larger ones from the large pool;
* a new segment is 2 MiB for the small pool, 20 MiB for a large request below 10 MiB, and the
  request rounded up to 2 MiB above (`segment_size`).

How blocks are found, split and merged is core.engine.allocator.caching.
"""

from __future__ import annotations

__all__ = [
    "LARGE_BUFFER", "MIN_BLOCK", "MIN_LARGE_ALLOC", "ROUND_LARGE", "SMALL_BUFFER", "SMALL_SIZE", "round_size",
    "segment_size",
]

MIN_BLOCK = 512
"""Every request is rounded up to a multiple of this (kMinBlockSize)."""
SMALL_SIZE = 1 << 20
"""The largest request of the small pool (kSmallSize)."""
SMALL_BUFFER = 2 << 20
"""The small pool's segments (kSmallBuffer)."""
LARGE_BUFFER = 20 << 20
"""The large pool's segment for a request below MIN_LARGE_ALLOC (kLargeBuffer)."""
MIN_LARGE_ALLOC = 10 << 20
ROUND_LARGE = 2 << 20
"""Larger requests get a segment of their size rounded up to this (kRoundLarge)."""


def round_size(nbytes: int) -> int:
    """The block size the allocator reserves for a request of `nbytes`."""
    if nbytes < MIN_BLOCK:
        return MIN_BLOCK
    return -(-nbytes // MIN_BLOCK) * MIN_BLOCK


def segment_size(size: int) -> int:
    """The new segment cudaMalloc is asked for, for a rounded request (get_allocation_size)."""
    if size <= SMALL_SIZE:
        return SMALL_BUFFER
    if size < MIN_LARGE_ALLOC:
        return LARGE_BUFFER
    return -(-size // ROUND_LARGE) * ROUND_LARGE
