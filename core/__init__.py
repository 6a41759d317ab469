"""memcalc's core: the prediction engine (`core.engine`), measuring on a real GPU
(`core.measure`), datasets and their samples (`core.datasets`) and the command line (`core.cli`).

`import core` gives the engine's public names and imports neither torch nor Qt."""

from .engine import (
    ALL_COMPONENTS,
    DATASETS,
    DTYPES,
    OPTIMIZERS,
    RECOMMENDED_FRACTION,
    ZERO_GRAD_CHOICES,
    ConfigError,
    DatasetSpec,
    Estimate,
    Figure,
    GpuSpec,
    TimelinePoint,
    TrainingConfig,
    estimate,
    gpus,
    max_batch_size,
    recommended_batch,
    runtime_costs,
)
from .units import human_bytes

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
    "GpuSpec",
    "TimelinePoint",
    "TrainingConfig",
    "estimate",
    "gpus",
    "human_bytes",
    "max_batch_size",
    "recommended_batch",
    "runtime_costs",
]
