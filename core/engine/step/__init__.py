"""The training step written as the allocations and frees it makes on a CUDA device."""
