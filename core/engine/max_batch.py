"""The largest batch that trains: the loop run through the whole allocator until it runs out.

A training run dies when the caching allocator cannot get another segment, not when the sum of
the tensors reaches the GPU's size: reserved memory runs ahead of allocated memory (segments,
blocks rounded up, cached blocks that do not fit the next request). So a batch fits when
core.engine.replay gets through the loop without an AllocatorOOM, against what cudaMalloc can
get (CUDA's total memory less the CUDA context) or the share set_per_process_memory_fraction
allows. The search runs EDGE_ITERATIONS iterations, as the reference measured its edge.

Where the catalogue estimates the CUDA context (every architecture but Hopper), the budget takes
the high side of its range (`RuntimeCosts.cuda_context_range`), as the band of cuDNN workspaces
does: the verdict and the batch sizes err on the side that still runs. Where the context is
measured or calibrated, the range is that one figure.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from .allocator.conf import AllocConf
from .catalog import runtime_for
from .config import TrainingConfig
from .replay import Replay, replay
from .step.program import Program

__all__ = [
    "EDGE_ITERATIONS", "MAX_BATCH_SEARCH", "Budget", "budget_for", "clear_outcomes", "fits_within", "largest_batch",
    "largest_batch_of", "placed_run", "run_within", "smallest_capacity",
]

EDGE_ITERATIONS = 2
MAX_BATCH_SEARCH = 1 << 40
PAGE = 2 << 20


@dataclass(frozen=True)
class Budget:
    """What the allocator may use, and how it behaves."""

    capacity: int
    """Bytes cudaMalloc can get: CUDA's total memory less the CUDA context (its high side where
    estimated)."""
    limit: int | None
    """set_per_process_memory_fraction's share (the CUDA context is outside it); None: no limit."""
    conf: AllocConf
    sm_count: int
    threads_per_sm: int


def budget_for(config: TrainingConfig) -> Budget:
    gpu = config.gpu_spec
    capacity = max(0, gpu.usable_bytes - runtime_for(gpu).cuda_context_range[1])  # a card below the context
    return Budget(capacity, config.allocator_limit, config.alloc, gpu.sm_count, gpu.threads_per_sm)


@lru_cache(maxsize=512)
def run_within(program: Program, batch: int, budget: Budget, iterations: int | None = None) -> Replay:
    """The program at `batch` through the allocator, its first `iterations` iterations (all by
    default), in a fresh process's allocator under the budget."""
    phases = None
    if iterations is not None:
        phases = next((i for i, (_, it) in enumerate(program.phases) if it > iterations), None)
    return replay(program, batch, budget.sm_count, budget.threads_per_sm, budget.capacity, budget.conf,
                  budget.limit, phases)


def fits_within(program: Program, batch: int, budget: Budget, iterations: int) -> bool:
    """Whether the program's first `iterations` iterations at `batch` get through the allocator.
    A run of more iterations answers it too (its first ones are this run), and so does a run of
    fewer that ran out: the edge searches for two and for all iterations share their runs."""
    key = (program, batch, budget)
    known = _outcomes.get(key, [])
    for ran, ran_out_in in known:
        if ran >= iterations or ran_out_in is not None:
            return ran_out_in is None or ran_out_in > iterations
    run = run_within(program, batch, budget, iterations)
    ran_out = None if run.fits else program.phases[run.oom_phase][1] if run.oom_phase >= 0 else -1
    known.append((iterations, ran_out))
    _outcomes[key] = known
    while len(_outcomes) > _OUTCOMES_KEPT:
        del _outcomes[next(iter(_outcomes))]
    return run.fits


_outcomes: dict[tuple[Program, int, Budget], list[tuple[int, int | None]]] = {}
"""Per program, batch and budget: (iterations run, the iteration it ran out in: None if it did
not, -1 before the first) of each run."""
_OUTCOMES_KEPT = 4096


def clear_outcomes() -> None:
    _outcomes.clear()


@lru_cache(maxsize=16)
def placed_run(program: Program, batch: int, budget: Budget, unlimited: bool = False) -> Replay:
    """The whole program at `batch` under the budget (`unlimited`: with no end to the device's
    memory), recording where each tensor went (a few kept: the window asks at every batch)."""
    capacity, limit = (None, None) if unlimited else (budget.capacity, budget.limit)
    return replay(program, batch, budget.sm_count, budget.threads_per_sm, capacity, budget.conf, limit, record=True)


def largest_batch(program: Program, budget: Budget, iterations: int = EDGE_ITERATIONS) -> int:
    """The largest batch whose first `iterations` iterations run without the allocator running
    out; 0 if not even a batch of one does. Doubling, then bisection."""
    return largest_batch_of((program,), budget, iterations)


@lru_cache(maxsize=1024)
def largest_batch_of(programs: tuple[Program, ...], budget: Budget, iterations: int = EDGE_ITERATIONS) -> int:
    """The largest batch at which every one of `programs` runs (both sides of a band): the batch
    found fits them all, which the smaller of their own edges need not (an allocator's fit is not
    monotonic in the batch)."""

    def fits(batch: int) -> bool:
        return all(fits_within(program, batch, budget, iterations) for program in programs)

    if not fits(1):
        return 0
    lo, hi = 1, 2
    while fits(hi):
        lo, hi = hi, hi * 2
        if hi > MAX_BATCH_SEARCH:
            return lo
    while hi - lo > 1:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if fits(mid) else (lo, mid)
    return lo


def smallest_capacity(program: Program, batch: int, budget: Budget) -> int:
    """The least memory cudaMalloc must be able to get for the whole program to run at `batch`
    (an allocator limit set aside), to 2 MiB; bisection between the allocated peak and what an
    unbounded allocator reserves."""
    free = replace(budget, capacity=1 << 62, limit=None)
    top = run_within(program, batch, free)
    lo, hi = top.peak_allocated // PAGE, -(-top.peak_reserved // PAGE)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        fits = run_within(program, batch, replace(free, capacity=mid * PAGE)).fits
        lo, hi = (lo, mid) if fits else (mid, hi)
    return hi * PAGE
