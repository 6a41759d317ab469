"""The largest batch that really fits: probes of growing batches, doubling then bisecting.

    search = find_max_batch(config, TorchCudaBackend(), on_trial=..., should_stop=...)
    search.max_batch_size, search.recommended_batch_size, search.trials

Each trial is a full `core.probe.run_probe` of the config at one batch size, which empties the
allocator's cache when it ends, so trials don't see each other's cached blocks. Doubling from
`start` finds a batch that fits and one that doesn't; bisection then closes the gap, so a
boundary N costs about 2·log2(N) trials. Callbacks, as in core.probe, are plain callables run
on the searching thread: ``progress(phase, iteration)`` inside each trial, ``on_trial(Trial)``
after each, ``should_stop()`` between phases (a cancelled trial ends the search).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine.config import TrainingConfig
from ..engine.estimate import recommended_batch
from ..engine.max_batch import EDGE_ITERATIONS
from .probe import Backend, ProbeResult, Progress, run_probe

__all__ = ["MaxBatchSearch", "Trial", "find_max_batch"]

LIMIT = 1 << 24


@dataclass(frozen=True)
class Trial:
    batch_size: int
    fits: bool
    peak_allocated_bytes: int
    median_step_seconds: float | None
    samples_per_second: float | None
    message: str = ""

    @classmethod
    def of(cls, result: ProbeResult) -> Trial:
        message = result.oom.message if result.oom else (result.error or "")
        return cls(result.config.batch_size, result.status == "done", result.peak_allocated_bytes,
                   result.median_step_seconds, result.samples_per_second, message)


@dataclass
class MaxBatchSearch:
    status: str = "running"  # then "done", "cancelled", "error" (a trial failed other than by OOM)
    trials: list[Trial] = field(default_factory=list)
    max_batch_size: int = 0
    limit_reached: bool = False
    error: str = ""

    @property
    def recommended_batch_size(self) -> int:
        return recommended_batch(self.max_batch_size)

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "max_batch_size": self.max_batch_size,
            "recommended_batch_size": self.recommended_batch_size,
            "limit_reached": self.limit_reached,
            "error": self.error,
            "trials": [vars(t) for t in self.trials],
        }


def find_max_batch(
    config: TrainingConfig,
    backend: Backend,
    start: int = 1,
    limit: int = LIMIT,
    iterations: int = EDGE_ITERATIONS,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_trial: Callable[[Trial], None] | None = None,
) -> MaxBatchSearch:
    """The largest batch in [1, limit] whose loop runs; 0 if not even `start` (≥ 1) fits."""
    search = MaxBatchSearch()

    def fits(batch: int) -> bool | None:
        result = run_probe(config.with_batch(batch), backend, iterations, progress, should_stop)
        if result.status in ("cancelled", "error"):
            search.status, search.error = result.status, result.error or ""
            return None
        search.trials.append(Trial.of(result))
        if on_trial is not None:
            on_trial(search.trials[-1])
        return result.status == "done"

    lo, hi = 0, max(1, min(start, limit))  # lo fits (0: nothing yet), hi is the next to try
    while True:
        ok = fits(hi)
        if ok is None:
            return search
        if not ok:
            break
        lo = search.max_batch_size = hi
        if hi >= limit:
            search.limit_reached, search.status = True, "done"
            return search
        hi = min(hi * 2, limit)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        ok = fits(mid)
        if ok is None:
            return search
        lo, hi = (mid, hi) if ok else (lo, mid)
        search.max_batch_size = lo
    search.status = "done"
    return search
