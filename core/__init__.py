"""memcalc's engine: how much GPU memory a training step takes. Imports neither torch nor Qt."""

from .catalog import DATASETS, DTYPES, DatasetSpec, GpuSpec, gpus, runtime_costs
from .config import ZERO_GRAD_CHOICES, ConfigError, TrainingConfig, parse_sizes
from .estimate import ALL_COMPONENTS, Estimate, TimelinePoint, estimate, max_batch_size
from .figures import Figure
from .optimizers import OPTIMIZERS
from .units import human_bytes

__all__ = [
    "ALL_COMPONENTS",
    "ConfigError",
    "DATASETS",
    "DTYPES",
    "DatasetSpec",
    "Estimate",
    "Figure",
    "GpuSpec",
    "OPTIMIZERS",
    "TimelinePoint",
    "TrainingConfig",
    "ZERO_GRAD_CHOICES",
    "estimate",
    "gpus",
    "human_bytes",
    "max_batch_size",
    "parse_sizes",
    "runtime_costs",
]
