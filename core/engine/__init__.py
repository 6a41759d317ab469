"""The prediction engine: the training step as allocator events, run through a model of PyTorch's
caching allocator. Pure Python: imports neither torch nor Qt."""

from .catalog import DATASETS, DTYPES, DatasetSpec, GpuSpec, RuntimeCosts, gpus, runtime_costs, runtime_for
from .config import ZERO_GRAD_CHOICES, ConfigError, TrainingConfig
from .estimate import (
    ALL_COMPONENTS,
    RECOMMENDED_FRACTION,
    Estimate,
    TimelinePoint,
    estimate,
    max_batch_size,
    recommended_batch,
)
from .figures import Figure
from .gpu_table import GpuRow, compare_gpus
from .snapshot import predicted_snapshot, write_snapshot
from .step.optimizers import OPTIMIZERS, OptimizerSpec

__all__ = [
    "ALL_COMPONENTS",
    "DATASETS",
    "DTYPES",
    "OPTIMIZERS",
    "RECOMMENDED_FRACTION",
    "ZERO_GRAD_CHOICES",
    "ConfigError",
    "DatasetSpec",
    "Estimate",
    "Figure",
    "GpuRow",
    "GpuSpec",
    "OptimizerSpec",
    "RuntimeCosts",
    "TimelinePoint",
    "TrainingConfig",
    "compare_gpus",
    "estimate",
    "gpus",
    "max_batch_size",
    "predicted_snapshot",
    "recommended_batch",
    "runtime_costs",
    "runtime_for",
    "write_snapshot",
]
