"""Any model's training step, traced on PyTorch's meta device into the engine's allocator program.

The loop runs for real, with torch, but on tensors that have shapes and no data: a dispatch
mode sees every op's outputs (allocations) and a finalizer on each storage sees it freed. What
CUDA does differently from the meta device (cuDNN batch norm, the fused dropout, autocast, the
cuBLAS and cuDNN workspaces, the reductions' staging buffers) is put back by rules. Imports torch:
use it from `core.engine.estimate` only for the models that need it."""

from .step import TracedStep, traced_step

__all__ = ["TracedStep", "traced_step"]
