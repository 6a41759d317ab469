"""What an estimate computes on first use, computed before it reaches the GUI thread: in the
worker thread, or in the estimate process before the result is pickled back."""

from __future__ import annotations

from collections.abc import Callable

from core import Estimate, TrainingConfig
from core.engine.remedies import Remedy, remedies

__all__ = ["PREPARED", "REMEDY_PREPARED", "prepared", "prepared_remedies"]

PREPARED = ("max_batch_size", "max_batch_two_iterations", "timeline", "components", "peak_tensors",
            "layers", "naive", "persistent_bytes", "out_of_memory", "unbounded_reserved_bytes", "naive_differences",
            "course_moment")
"""What the views and exports read of an Estimate (the max batch search alone takes a second for
a deep model)."""

REMEDY_PREPARED = ("max_batch_size", "demand_bytes")
"""What the remedies panel reads of each remedy's estimate."""


HIGH_PREPARED = ("out_of_memory", "unbounded_reserved_bytes")
"""What the views read of the band's high side (`Estimate.high`), when it does not fit."""


def prepared(result: Estimate) -> Estimate:
    for name in PREPARED:
        getattr(result, name, None)
    if result.high is not None:
        for name in HIGH_PREPARED:
            getattr(result.high, name, None)
    return result


def prepared_remedies(config: TrainingConfig, find: Callable[[TrainingConfig], list[Remedy]] = remedies
                      ) -> list[Remedy]:
    found = find(config)
    for remedy in found:
        for name in REMEDY_PREPARED:
            getattr(remedy.estimate, name)
    return found
