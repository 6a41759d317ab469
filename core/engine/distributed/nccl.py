"""NCCL's device memory: outside PyTorch's caching allocator, so `max_memory_allocated` and
`max_memory_reserved` never count it, but nvidia-smi does. An estimate, not a model: NCCL sizes
its buffers by channels, protocol and topology (NCCL_BUFFSIZE, 4 MiB by default, per channel and
peer; more channels on faster links), and loads its kernels into the context.

The figures are what users measured and NCCL's maintainers explained (github.com/NVIDIA/nccl):
on A100 with NVLink, one communicator and an all-reduce took 544 MB per GPU with two ranks and
688 MB with more (issue #964); "about 1.6 GB" after the first all-reduce is reported too (issue
#864); a single-rank communicator can still map a 512 MiB buffer on an all-NVLink node (issue
#2363). memcalc shows the low figure and the high one beside it; `probe`-style measurement on the
GPU (bench/distributed_check.py) replaces them with what the card really takes.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["NcclEstimate", "nccl_estimate"]

_MB = 1000 * 1000
_MIB = 1 << 20


@dataclass(frozen=True)
class NcclEstimate:
    low: int
    high: int
    note: str

    def to_dict(self) -> dict[str, object]:
        return {"low": self.low, "high": self.high, "note": self.note}


def nccl_estimate(world: int) -> NcclEstimate:
    """NCCL's memory per GPU for one communicator of `world` ranks."""
    if world == 1:
        return NcclEstimate(0, 512 * _MIB, "one rank: no peers; up to a 512 MiB buffer (NVIDIA/nccl#2363)")
    if world == 2:
        return NcclEstimate(544 * _MB, 1600 * _MB, "two ranks: 544 MB on A100 (NVIDIA/nccl#964) to 1.6 GB (#864)")
    return NcclEstimate(688 * _MB, 1600 * _MB, "three or more ranks: 688 MB on A100 (NVIDIA/nccl#964) to 1.6 GB (#864)")
