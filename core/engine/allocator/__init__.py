"""A model of PyTorch's CUDA caching allocator: its sizes (pools) and the allocator (caching)."""

from .caching import AllocatorOOM, CachingAllocator
from .pools import MIN_BLOCK, SMALL_SIZE, round_size, segment_size

__all__ = ["MIN_BLOCK", "SMALL_SIZE", "AllocatorOOM", "CachingAllocator", "round_size", "segment_size"]
