"""Which GPU: the same training setup estimated on every card of the catalogue.

Each card gets its own CUDA memory, CUDA context, cuBLAS workspaces and SM count (reductions
size their staging buffers by it), so the rows are full estimates, not the peak divided by each
card's size. An allocator limit is left out: it is a share of one card.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from .catalog import GpuSpec, gpus, runtime_for
from .config import TrainingConfig
from .estimate import estimate

__all__ = ["GpuRow", "compare_gpus"]


@dataclass(frozen=True)
class GpuRow:
    """One card: whether the setup trains there, its batches and the share of the card it takes."""

    gpu: GpuSpec
    fits: bool
    max_batch_size: int
    recommended_batch_size: int
    device_used_bytes: int
    """Reserved memory at the peak plus the CUDA context (when it does not fit: as it runs out)."""
    demand_bytes: int
    """The least device memory the step runs in."""
    context_bytes: int
    context_source: str
    """"measured", "estimated" or "calibrated" (core.engine.catalog.RuntimeCosts.source)."""

    @property
    def memory_measured(self) -> bool:
        """CUDA's total memory for this card was measured (else nvidia-smi's figure stands in)."""
        return self.gpu.cuda_memory_bytes is not None

    @property
    def measured(self) -> bool:
        """Every figure the row rests on beside the model was measured on such a card."""
        return self.memory_measured and self.context_source in ("measured", "calibrated")

    @property
    def share(self) -> float:
        """The step's device memory as a fraction of what CUDA gives on the card (over 1: does not fit)."""
        return self.demand_bytes / self.gpu.usable_bytes

    def to_dict(self) -> dict[str, object]:
        g = self.gpu
        return {"gpu": g.key, "name": g.name, "arch": g.arch, "memory_bytes": g.memory_bytes,
                "cuda_memory_bytes": g.cuda_memory_bytes, "usable_bytes": g.usable_bytes,
                "cuda_context_bytes": self.context_bytes, "cuda_context_source": self.context_source,
                "fits": self.fits, "max_batch_size": self.max_batch_size,
                "recommended_batch_size": self.recommended_batch_size, "device_used_bytes": self.device_used_bytes,
                "demand_bytes": self.demand_bytes, "share": self.share, "measured": self.measured}


def compare_gpus(config: TrainingConfig) -> list[GpuRow]:
    """Every catalogue card for `config`: those it fits first, the smallest card first; then the
    rest, the nearest to fitting first."""
    rows = [_row(replace(config, gpu=key, gpu_memory_bytes=None, allocator_limit_bytes=None, local_gpu=None))
            for key in gpus()]
    return sorted(rows, key=lambda r: (not r.fits, r.gpu.usable_bytes if r.fits else -r.gpu.usable_bytes))


def _row(config: TrainingConfig) -> GpuRow:
    e = estimate(config)
    runtime = runtime_for(config.gpu_spec)
    return GpuRow(config.gpu_spec, e.fits, e.max_batch_size, e.recommended_batch_size, e.device_used_bytes,
                  e.demand_bytes, runtime.cuda_context_bytes, runtime.source)
