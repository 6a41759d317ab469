"""Training on several GPUs: DistributedDataParallel and FSDP2 (`fully_shard`), per GPU.

The design: the distributed engines are **modelled from their source as allocator events around
the traced single-GPU step**, not traced. Tracing them needs a process group and real devices:
under the fake process group (torch.testing._internal.distributed.fake_pg) FSDP refuses to run
forward on meta parameters, and DDP fails inside its communication hook; making them run would
mean patching both at private seams that move between releases. What they add to a GPU's memory
is a handful of tensors whose sizes and lifetimes their source fixes (the reducer's buckets, the
all-gather and reduce-scatter buffers, the shards), placed by the step's own events (the first
and last allocation of each block in forward, the gradients in backward), so one trace serves
every GPU count, and the whole caching allocator replays the result as it does a one-GPU step.
The figures are rank 0's, the largest (sharding.py). NCCL's own memory is outside the allocator:
an estimate (nccl.py)."""

from __future__ import annotations

from functools import lru_cache

from ..catalog import DTYPES
from ..model.rows import ModuleRow
from ..step.program import Program
from .buckets import BUCKET_CAP_BYTES, FIRST_BUCKET_BYTES, Bucket, Tensor, assign_buckets, ddp_buckets
from .ddp import DdpPlan, ddp_events, ddp_tensors
from .events import expand, rebuild
from .fsdp import FsdpPlan, fsdp_events
from .nccl import NcclEstimate, nccl_estimate
from .per_gpu import PerGpu, per_gpu
from .sharding import ShardedParam, padded_rows, shard
from .states import units

__all__ = [
    "BUCKET_CAP_BYTES", "FIRST_BUCKET_BYTES", "Bucket", "DdpPlan", "FsdpPlan", "NcclEstimate", "PerGpu", "ShardedParam",
    "Tensor", "assign_buckets", "ddp_buckets", "ddp_layout", "ddp_program", "fsdp_program", "nccl_estimate",
    "padded_rows", "per_gpu", "shard", "units",
]


@lru_cache(maxsize=64)
def ddp_program(program: Program, plan: DdpPlan) -> Program:
    """The one-GPU step with DDP's tensors (a program is a traced step's, cached by identity)."""
    return rebuild(ddp_events(expand(program), plan))


def ddp_layout(program: Program, plan: DdpPlan) -> list[Bucket]:
    """The reducer's buckets at construction, for the tables."""
    params, _ = ddp_tensors(expand(program))
    return ddp_buckets(params, plan.bucket_cap, plan.first_bucket)


@lru_cache(maxsize=64)
def fsdp_program(program: Program, plan: FsdpPlan) -> Program:
    """The one-GPU step (traced in the policy's param dtype) with FSDP2's shards and buffers."""
    return rebuild(fsdp_events(expand(program), plan))


def fsdp_plan(world: int, modules: tuple[ModuleRow, ...], reshard: bool, dtype: str,
              param_dtype: str | None) -> FsdpPlan:
    """The plan for `fully_shard` on each unit of the model, then on the model. `dtype` is the
    model's; `param_dtype` MixedPrecisionPolicy's (reduce_dtype float32), None for no policy."""
    orig = DTYPES[dtype]
    compute = DTYPES[param_dtype] if param_dtype else orig
    return FsdpPlan(world, units(modules), reshard, orig, dtype, compute, orig if param_dtype else compute)
