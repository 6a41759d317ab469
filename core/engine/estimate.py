"""The estimate: the predicted peak of `torch.cuda.max_memory_allocated()`, where it goes, when
it happens, and what batch size fits."""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property, lru_cache
from typing import NamedTuple

from .allocator.pools import LargePool
from .catalog import GpuSpec, RuntimeCosts, runtime_for
from .config import TrainingConfig
from .explain import component_formula, workspace_formula
from .figures import Figure
from .model.mlp import LayerRow
from .naive import naive_estimate
from .simulate import LiveTensor, Mark, Run, simulate
from .step.mlp import LoopShape, loop_program
from .step.program import COMPONENTS

__all__ = [
    "ALL_COMPONENTS",
    "RECOMMENDED_FRACTION",
    "Estimate",
    "TimelinePoint",
    "clear_caches",
    "estimate",
    "loop_shape",
    "max_batch_size",
    "recommended_batch",
]

RECOMMENDED_FRACTION = 0.8
"""The course's rule: train at about 0.8 of the largest batch that fits."""
MAX_BATCH_SEARCH = 1 << 40
ALL_COMPONENTS = COMPONENTS


class TimelinePoint(NamedTuple):
    """One phase of one iteration: its peak and what it ends with, each split by component."""

    phase: str
    iteration: int
    bytes: int
    end_bytes: int
    components: dict[str, int]
    end_components: dict[str, int]

    def to_dict(self) -> dict[str, object]:
        return {
            "phase": self.phase,
            "iteration": self.iteration,
            "bytes": self.bytes,
            "end_bytes": self.end_bytes,
            "components": dict(self.components),
            "end_components": dict(self.end_components),
        }


class Estimate:
    """The prediction for one config. Explanations (formulas, tables) are built on first use."""

    def __init__(self, config: TrainingConfig, run: Run, max_batch: int) -> None:
        self.config = config
        self.runtime: RuntimeCosts = runtime_for(config.gpu_spec)
        self._run = run
        self.peak_bytes, self._top = run.peak_in(0, len(run.values))
        self.peak_phase: tuple[str, int] = run.program.phases[run.phase_of(self._top)]
        self.component_bytes: dict[str, int] = dict(zip(COMPONENTS, run.components_at(self._top)))
        self.max_batch_size: int = max_batch

    @cached_property
    def timeline(self) -> list[TimelinePoint]:
        return [_timeline_point(self._run, m) for m in self._run.marks]

    @cached_property
    def peak_tensors(self) -> list[LiveTensor]:
        """The tensors alive at the peak, with the bytes asked for and the block held."""
        tensors = self._run.live_at(self._top)
        scratch = self._run.scratch.get(self._top, 0)
        if scratch:
            tensors.append(LiveTensor("column-sum staging buffer", "temporaries", scratch, scratch))
        return tensors

    @cached_property
    def components(self) -> dict[str, Figure]:
        return self.explained("en")

    def explained(self, language: str) -> dict[str, Figure]:
        """The components at the peak with their formulas in `language` ("en", "zh_CN")."""
        if language == "en" and "components" in self.__dict__:
            return self.components
        return _component_figures(self.config, self.peak_tensors, self.runtime, language)

    @cached_property
    def layers(self) -> list[LayerRow]:
        c = self.config
        return c.mlp.layer_table(c.image_shape, c.batch_size, c.itemsize)

    @property
    def parameter_count(self) -> int:
        return self.config.mlp.parameter_count

    @cached_property
    def naive(self) -> dict[str, Figure]:
        return naive_estimate(self.config)

    def naive_explained(self, language: str) -> dict[str, Figure]:
        """The course's estimate with its formulas in `language` ("en", "zh_CN")."""
        return self.naive if language == "en" else naive_estimate(self.config, language)

    @property
    def naive_bytes(self) -> int:
        return sum(f.bytes for f in self.naive.values())

    @property
    def gpu_memory_bytes(self) -> int:
        return self.config.gpu_spec.memory_bytes

    @property
    def device_total_bytes(self) -> int:
        return self.peak_bytes + self.runtime.cuda_context_bytes

    @property
    def fits(self) -> bool:
        return self.device_total_bytes <= self.gpu_memory_bytes

    @property
    def recommended_batch_size(self) -> int:
        return recommended_batch(self.max_batch_size)

    def to_dict(self) -> dict[str, object]:
        cfg = self.config
        return {
            "config": {
                "dataset": cfg.dataset,
                "input_shape": list(cfg.input_shape or ()),
                "classes": cfg.classes,
                "hidden": list(cfg.hidden),
                "dtype": cfg.dtype,
                "optimizer": cfg.optimizer,
                "batch_size": cfg.batch_size,
                "zero_grad": cfg.zero_grad,
                "gpu": cfg.gpu,
            },
            "peak_bytes": self.peak_bytes,
            "peak_phase": {"phase": self.peak_phase[0], "iteration": self.peak_phase[1]},
            "components": {k: f.bytes for k, f in self.components.items()},
            "formulas": {k: f.formula for k, f in self.components.items()},
            "timeline": [p.to_dict() for p in self.timeline],
            "parameter_count": self.parameter_count,
            "layers": [row.to_dict() for row in self.layers],
            "naive_bytes": self.naive_bytes,
            "naive_components": {k: f.to_dict() for k, f in self.naive.items()},
            "cuda_context_bytes": self.runtime.cuda_context_bytes,
            "workspace_bytes": self.runtime.workspace_bytes,
            "runtime_source": self.runtime.source,
            "runtime_note": self.runtime.note,
            "device_total_bytes": self.device_total_bytes,
            "gpu_memory_bytes": self.gpu_memory_bytes,
            "fits": self.fits,
            "max_batch_size": self.max_batch_size,
            "recommended_batch_size": self.recommended_batch_size,
        }


def recommended_batch(max_batch: int) -> int:
    """The batch to train at: RECOMMENDED_FRACTION of the largest that fits, rounded down."""
    return int(max_batch * RECOMMENDED_FRACTION)


def loop_shape(config: TrainingConfig, warm: bool = False) -> LoopShape:
    """What the config's program depends on (the batch size aside)."""
    runtime = runtime_for(config.gpu_spec)
    return LoopShape(
        mlp=config.mlp,
        itemsize=config.itemsize,
        optimizer=config.optimizer,
        zero_grad_before_forward=config.zero_grad == "before-forward",
        workspace=(runtime.cublas_handle_bytes, runtime.cublaslt_bytes),
        single_sample=config.batch_size == 1,
        warm=warm,
    )


def estimate(config: TrainingConfig, cached: LargePool | None = None) -> Estimate:
    """The estimate for a fresh process. With `cached`, for a warm process: one that ran this loop
    for other configs before, without `empty_cache()`, so that it holds the cuBLAS workspaces from
    the start and its allocator the segments those runs left cached (`cached` is updated: the
    run's tensors are freed into it at the end)."""
    gpu, shape = config.gpu_spec, loop_shape(config, warm=cached is not None)
    run = simulate(loop_program(shape), config.batch_size, gpu.sm_count, gpu.threads_per_sm, cached)
    return Estimate(config, run, _max_batch_for(shape, gpu))


def _timeline_point(run: Run, mark: Mark) -> TimelinePoint:
    peak = dict(zip(COMPONENTS, run.components_at(mark.event)))
    end = dict(zip(COMPONENTS, run.components_at(mark.last_event, scratch=False)))
    return TimelinePoint(*run.program.phases[mark.phase], mark.peak, mark.end, peak, end)


def _component_figures(
    config: TrainingConfig, tensors: list[LiveTensor], runtime: RuntimeCosts, language: str
) -> dict[str, Figure]:
    figures = {}
    for comp in COMPONENTS:
        mine = [t for t in tensors if t.component == comp]
        formula = (
            workspace_formula(mine, runtime.source, runtime.note, language) if comp == "workspace"
            else component_formula(config, comp, mine, language)
        )
        figures[comp] = Figure(sum(t.block for t in mine), formula)
    return figures


def max_batch_size(config: TrainingConfig) -> int:
    """The largest batch whose step fits on the GPU, the CUDA context included; 0 if none."""
    return _max_batch_for(loop_shape(config), config.gpu_spec)


def _max_batch_for(shape: LoopShape, gpu: GpuSpec) -> int:
    """In a fresh process, like every estimate's own batch."""
    budget = gpu.memory_bytes - runtime_for(gpu).cuda_context_bytes
    if shape.single_sample or shape.warm:
        shape = replace(shape, single_sample=False, warm=False)
    return _max_batch(shape, budget, gpu.sm_count, gpu.threads_per_sm)


@lru_cache(maxsize=1024)
def _max_batch(shape: LoopShape, budget: int, sm_count: int, threads_per_sm: int) -> int:
    """Doubling, then bisection; a batch of one sample runs its own program (no cuBLASLt)."""

    def fits(batch: int) -> bool:
        program = loop_program(replace(shape, single_sample=True) if batch == 1 else shape)
        return simulate(program, batch, sm_count, threads_per_sm).peak <= budget

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


def clear_caches() -> None:
    """Forget the programs and max batch sizes computed so far (benchmarks time a cold start)."""
    _max_batch.cache_clear()
    loop_program.cache_clear()
