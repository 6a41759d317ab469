"""memcalc's core: the prediction engine (`core.engine`), measuring on a real GPU
(`core.measure`), datasets and their samples (`core.datasets`) and the command line (`core.cli`).

`import core` gives the engine's public names and imports neither torch nor Qt:

    from core import TrainingConfig, estimate
    e = estimate(TrainingConfig(dataset="mnist", hidden=(512, 256), batch_size=256, gpu="t4-16gb"))
    e.peak_bytes, e.peak_reserved_bytes, e.device_used_bytes, e.fits, e.max_batch_size

The same figures as `main.py estimate` (`e.to_dict()` is its --json); `compare_gpus(config)` its
--compare-gpus; `write_snapshot(e, path)` its --memory-viz. The course MLP needs no torch; other
models import it when traced. Bad input raises ConfigError (a ValueError naming the field)."""

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
    GpuRow,
    GpuSpec,
    TimelinePoint,
    TrainingConfig,
    compare_gpus,
    estimate,
    gpus,
    max_batch_size,
    predicted_snapshot,
    recommended_batch,
    runtime_costs,
    write_snapshot,
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
    "GpuRow",
    "GpuSpec",
    "TimelinePoint",
    "TrainingConfig",
    "compare_gpus",
    "estimate",
    "gpus",
    "human_bytes",
    "max_batch_size",
    "predicted_snapshot",
    "recommended_batch",
    "runtime_costs",
    "write_snapshot",
]
