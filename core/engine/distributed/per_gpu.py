"""The per-GPU figures of a DDP or FSDP estimate: rank 0's peak and reserved memory, what
nvidia-smi shows with NCCL's own memory beside them, and the batch per GPU with the global one."""

from __future__ import annotations

from dataclasses import dataclass

from .nccl import NcclEstimate, nccl_estimate

__all__ = ["PerGpu", "per_gpu"]


@dataclass(frozen=True)
class PerGpu:
    strategy: str
    gpus: int
    batch_size: int
    peak_bytes: int
    reserved_bytes: int
    context_bytes: int
    nccl: NcclEstimate
    max_batch_size: int

    @property
    def global_batch(self) -> int:
        return self.gpus * self.batch_size

    @property
    def max_global_batch(self) -> int:
        return self.gpus * self.max_batch_size

    @property
    def device_used_bytes(self) -> int:
        """nvidia-smi per GPU: reserved, the CUDA context and NCCL's low estimate."""
        return self.reserved_bytes + self.context_bytes + self.nccl.low

    @property
    def device_used_high_bytes(self) -> int:
        return self.reserved_bytes + self.context_bytes + self.nccl.high

    def to_dict(self) -> dict[str, object]:
        return {"strategy": self.strategy, "gpus": self.gpus, "batch_size_per_gpu": self.batch_size,
                "global_batch": self.global_batch, "peak_bytes_per_gpu": self.peak_bytes,
                "reserved_bytes_per_gpu": self.reserved_bytes, "nccl_bytes": self.nccl.to_dict(),
                "device_used_bytes_per_gpu": self.device_used_bytes,
                "device_used_high_bytes_per_gpu": self.device_used_high_bytes,
                "max_batch_size_per_gpu": self.max_batch_size, "max_global_batch": self.max_global_batch}


def per_gpu(strategy: str, gpus: int, batch: int, peak: int, reserved: int, context: int, max_batch: int) -> PerGpu:
    return PerGpu(strategy, gpus, batch, peak, reserved, context, nccl_estimate(gpus), max_batch)
