"""A model of PyTorch's CUDA caching allocator."""

from .pools import MIN_BLOCK, SMALL_SIZE, LargePool, round_size

__all__ = ["MIN_BLOCK", "SMALL_SIZE", "LargePool", "round_size"]
