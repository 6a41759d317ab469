"""The estimate: the predicted peak of `torch.cuda.max_memory_allocated()`, where it goes, when
it happens, and what batch size fits."""

from __future__ import annotations

import copy
import json
import sys
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from . import max_batch
from .allocator.caching import CachingAllocator
from .allocator.conf import AllocConf
from .catalog import CATALOGUE_CUDNN, RuntimeCosts, runtime_for
from .config import TrainingConfig
from .errors import ConfigError
from .explain import SHOWN, component_formula, workspace_formula
from .figures import Figure
from .lasting import lasting_imports
from .max_batch import Budget, budget_for, largest_batch, largest_batch_of, placed_run, run_within, smallest_capacity
from .model.mlp import LayerRow
from .model.rows import ModuleRow
from .naive import naive_estimate
from .oom import OutOfMemoryAt, out_of_memory_at
from .replay import Replay
from .simulate import Group, LiveTensor, Run, simulate
from .step.bind import bind_workspaces, workspace_source
from .step.conv_table import WorkspaceTable, parse_entry, shipped_table
from .step.convolutions import WorkspacePolicy
from .step.mlp import LoopShape, loop_program
from .step.phases import ITERATIONS
from .step.program import COMPONENTS, Program

if TYPE_CHECKING:
    from .distributed import PerGpu

__all__ = [
    "ALL_COMPONENTS",
    "RECOMMENDED_FRACTION",
    "Estimate",
    "Step",
    "TimelinePoint",
    "clear_caches",
    "estimate",
    "loop_shape",
    "max_batch_size",
    "recommended_batch",
    "step_for",
    "workspace_policy",
]

RECOMMENDED_FRACTION = 0.8
"""The course's rule: train at about 0.8 of the largest batch that fits."""
ALL_COMPONENTS = COMPONENTS


class TimelinePoint(NamedTuple):
    """One phase of one iteration: its peak and what it ends with, each split by component."""

    phase: str
    iteration: int
    bytes: int
    end_bytes: int
    components: dict[str, int]
    end_components: dict[str, int]
    reserved_bytes: int = 0
    """The peak of memory_reserved in the phase."""

    def to_dict(self) -> dict[str, object]:
        return {
            "phase": self.phase,
            "iteration": self.iteration,
            "bytes": self.bytes,
            "end_bytes": self.end_bytes,
            "components": dict(self.components),
            "end_components": dict(self.end_components),
            "reserved_bytes": self.reserved_bytes,
        }


@dataclass(frozen=True)
class Step:
    """A config's training step for every batch size, whoever wrote it: the program, and for a
    traced model its modules."""

    program: Program
    modules: tuple[ModuleRow, ...] | None = None
    """None: the course MLP, whose layer table the engine writes itself."""
    parameter_count: int = 0


def step_for(config: TrainingConfig, warm: bool = False) -> Step:
    """The step of the config's model: written by hand for the plain MLP loop (no torch), traced
    on the meta device for every other model or loop (imports torch the first time)."""
    if config.is_plain_mlp:
        return _mlp_step(loop_shape(config, warm))
    with lasting_imports():
        from .trace import traced_step

    runtime = runtime_for(config.gpu_spec)
    traced = traced_step(_traced_config(config), (runtime.cublas_handle_bytes, runtime.cublaslt_bytes), warm)
    step = Step(traced.program, traced.modules, traced.parameter_count)
    return _distributed(config, step) if config.distributed else step


def _traced_config(config: TrainingConfig) -> TrainingConfig:
    """What the one-GPU trace runs: under FSDP's MixedPrecisionPolicy the model computes in the
    param dtype, as a model of that dtype does (the shards stay in the config's dtype)."""
    if config.fsdp_mixed_precision is None:
        return config
    return replace(config, dtype=config.fsdp_mixed_precision, fsdp_mixed_precision=None)


def _distributed(config: TrainingConfig, step: Step) -> Step:
    """Rank 0's step under DDP or FSDP (core.engine.distributed)."""
    from .distributed import DdpPlan, ddp_program, fsdp_plan, fsdp_program

    if config.strategy == "ddp":
        return replace(step, program=ddp_program(step.program, DdpPlan(config.gpus, config.ddp_bucket_view)))
    modules = step.modules or ()
    plan = fsdp_plan(config.gpus, modules, config.fsdp_reshard_after_forward, config.dtype,
                     config.fsdp_mixed_precision)
    if not plan.units:
        raise ConfigError("strategy", "fsdp", "fsdp_no_blocks", name=config.model_spec.name)
    return replace(step, program=fsdp_program(step.program, plan))


@lru_cache(maxsize=256)
def _mlp_step(shape: LoopShape) -> Step:
    return Step(loop_program(shape), None, shape.mlp.parameter_count)


class Estimate:
    """The prediction for one config. Explanations (formulas, tables) are built on first use."""

    def __init__(self, config: TrainingConfig, run: Run, allocator: Replay, step: Step, budget: Budget,
                 fresh: Step, conv_workspaces: str = "none", high: Estimate | None = None) -> None:
        self.config = config
        self.conv_workspaces = conv_workspaces
        """Where the cuDNN convolution workspaces come from: "none" (no cuDNN convolution),
        "measured" (the table, or this GPU's calibration, holds every call) or "estimated"
        (nothing measured for some call: this estimate has no workspace for those, the low side
        of the band, and `high` has the upper bound of core.engine.step.convolutions)."""
        self.high = high
        """The high side of the band when the workspaces are estimated; None otherwise."""
        self.allocator = allocator
        """The step through the whole caching allocator: reserved memory, and whether it runs out."""
        self.step = step
        self.budget = budget
        self._fresh = fresh
        self.runtime: RuntimeCosts = runtime_for(config.gpu_spec)
        self._run = run
        self.peak_bytes, self._top = run.peak_in(0, len(run.values))

    @cached_property
    def peak_phase(self) -> tuple[str, int]:
        """The phase and iteration of the peak."""
        return self._run.program.phases[self._run.phase_of(self._top)]

    @cached_property
    def component_bytes(self) -> dict[str, int]:
        """What each component holds at the peak."""
        return dict(zip(COMPONENTS, self._run.components_at(self._top)))

    @cached_property
    def max_batch_size(self) -> int:
        """The largest batch that trains, in a fresh process: every iteration the estimate runs
        gets through the allocator, as `fits` says of a batch; the high side's where the
        convolution workspaces are estimated. The one figure the result and the remedies show (see
        `max_batch_two_iterations` for the edge as probe measures it)."""
        if self.high is None:
            return self.low_max_batch_size
        micro = largest_batch_of((self._fresh.program, self.high._fresh.program), self.budget, ITERATIONS)
        return micro * self.config.accumulation_steps

    @cached_property
    def low_max_batch_size(self) -> int:
        """This estimate's own edge, every iteration run: without the high side's workspaces
        when they are estimated (the pre-workspace engine's edge: an unmeasured convolution
        borrows nothing), so the band of the largest batch is `max_batch_size` to this."""
        return largest_batch(self._fresh.program, self.budget, ITERATIONS) * self.config.accumulation_steps

    @cached_property
    def max_batch_two_iterations(self) -> int:
        """The edge as the reference and `probe --max-batch` measure it: the first two iterations
        run. At or above `max_batch_size`: a third iteration's fragmentation can need a segment
        the first two did not."""
        if self.high is None:
            return self.low_max_batch_two_iterations
        micro = largest_batch_of((self._fresh.program, self.high._fresh.program), self.budget)
        return micro * self.config.accumulation_steps

    @cached_property
    def low_max_batch_two_iterations(self) -> int:
        """`max_batch_two_iterations` of this estimate's own program (see `low_max_batch_size`)."""
        return largest_batch(self._fresh.program, self.budget) * self.config.accumulation_steps

    @property
    def exact(self) -> bool:
        """No figure rests on a guess of cuDNN's workspaces (the CUDA context aside: see
        `cuda_context_range`)."""
        return self.conv_workspaces != "estimated"

    @property
    def peak_high_bytes(self) -> int:
        """The high side of the allocated peak: `peak_bytes` unless the workspaces are estimated."""
        return self.high.peak_bytes if self.high is not None else self.peak_bytes

    @property
    def reserved_high_bytes(self) -> int:
        """The high side of `peak_reserved_bytes`."""
        return self.high.peak_reserved_bytes if self.high is not None else self.peak_reserved_bytes

    @property
    def cuda_context_range(self) -> tuple[int, int]:
        """(low, high) of the CUDA context: one figure where measured or calibrated, a range where
        the catalogue estimates it."""
        return self.runtime.cuda_context_range

    @property
    def device_used_high_bytes(self) -> int:
        """The high side of `device_used_bytes`: the high reserved peak and the high context."""
        return self.reserved_high_bytes + self.cuda_context_range[1]

    @property
    def peak_reserved_bytes(self) -> int:
        """The predicted `torch.cuda.max_memory_reserved()`: when it does not fit, up to the
        moment it runs out (see `out_of_memory`, and `unbounded_reserved_bytes`)."""
        return self.allocator.peak_reserved

    @cached_property
    def out_of_memory(self) -> OutOfMemoryAt | None:
        """The allocation the allocator cannot meet, with what it held at that moment; None when
        it fits."""
        return out_of_memory_at(self.allocator, self.step.program)

    @cached_property
    def unbounded_reserved_bytes(self) -> int:
        """What the allocator would reserve at most with memory to spare: beside `peak_bytes`
        (which, when it does not fit, is the peak it would reach with memory to spare) the
        reserved figure that goes with it. Equal to `peak_reserved_bytes` when it fits."""
        if self.allocator.fits:
            return self.peak_reserved_bytes
        program = self.step.program
        return placed_run(program, self.config.micro_batch, self.budget, unlimited=True).peak_reserved

    @property
    def cached_at_peak_bytes(self) -> int:
        """What the allocator held cached (reserved, not allocated) when the allocated peak came:
        drawn above the peak, it makes the bar what the device gives at that moment."""
        return max(0, self.allocator.reserved_at_peak - self.allocator.peak_allocated)

    @property
    def device_used_bytes(self) -> int:
        """What nvidia-smi would show for the process at the peak: reserved plus the CUDA context
        (when it does not fit: at the moment it runs out)."""
        return self.peak_reserved_bytes + self.runtime.cuda_context_bytes

    @cached_property
    def demand_bytes(self) -> int:
        """The least device memory (reserved plus the context, its high side where estimated, as
        the verdict takes it) the step runs in: what a GPU needs to fit it. With less, the
        allocator gives back cached segments before it gives up, so this can be below what it
        reserves on a larger GPU."""
        context = self.cuda_context_range[1]
        if self.allocator.fits:
            return self.peak_reserved_bytes + context
        return smallest_capacity(self.step.program, self.config.micro_batch, self.budget) + context

    @cached_property
    def timeline(self) -> list[TimelinePoint]:
        run, reserved = self._run, self.allocator.phase_peak_reserved
        marks, phases = run.marks, run.program.phases
        peaks = run.components_over([m.event for m in marks])
        ends = run.components_over([m.last_event for m in marks], scratch=False)
        return [TimelinePoint(*phases[m.phase], m.peak, m.end, dict(zip(COMPONENTS, peak)), dict(zip(COMPONENTS, end)),
                              reserved[m.phase] if m.phase < len(reserved) else 0)
                for m, peak, end in zip(marks, peaks, ends)]

    @cached_property
    def peak_tensors(self) -> list[LiveTensor]:
        """The tensors alive at the peak, with the bytes asked for and the block held."""
        tensors = self._run.live_at(self._top)
        scratch = self._peak_scratch()
        return [*tensors, scratch] if scratch is not None else tensors

    @cached_property
    def peak_groups(self) -> dict[str, Group]:
        """Per component, the tensors alive at the peak: their counts and bytes, and the first
        of them the formulas show (every workspace)."""
        groups = self._run.groups_at(self._top, _FORMULA_SHOWN)
        scratch = self._peak_scratch()
        if scratch is not None:
            groups[scratch.component].add(scratch, _FORMULA_SHOWN.get(scratch.component, 0))
        return groups

    def _peak_scratch(self) -> LiveTensor | None:
        """The buffer a kernel borrowed at the peak, if it came then: a cuDNN workspace or a
        reduction's staging buffer."""
        scratch = self._run.scratch.get(self._top, 0)
        if not scratch:
            return None
        component = COMPONENTS[self._run.scratch_component(self._top)]
        name = "cudnn_workspace" if component == "workspace" else "reduction staging buffer"
        return LiveTensor(name, component, scratch, scratch)

    @cached_property
    def components(self) -> dict[str, Figure]:
        return self.explained("en")

    def explained(self, language: str) -> dict[str, Figure]:
        """The components at the peak with their formulas in `language` ("en", "zh_CN")."""
        if language == "en" and "components" in self.__dict__:
            return self.components
        return _component_figures(self.config, self.peak_groups, self.runtime, self.parameter_count, language)

    @cached_property
    def layers(self) -> list[LayerRow]:
        """A row per layer (per module of a traced model), at this batch size."""
        c = self.config
        if self.step.modules is None:
            return c.mlp.layer_table(c.image_shape, c.micro_batch, c.itemsize)
        return [_module_row(m, c.micro_batch, c.itemsize) for m in self.step.modules]

    @property
    def parameter_count(self) -> int:
        return self.step.parameter_count

    @property
    def trainable_parameter_count(self) -> int:
        """Of `parameter_count`, those with requires_grad (torchinfo's "Trainable params")."""
        modules = self.step.modules
        return modules[0].trainable_parameters if modules else self.parameter_count

    @cached_property
    def naive(self) -> dict[str, Figure]:
        return self.naive_explained("en")

    def naive_explained(self, language: str) -> dict[str, Figure]:
        """The course's estimate with its formulas in `language` ("en", "zh_CN")."""
        if language == "en" and "naive" in self.__dict__:
            return self.naive
        return naive_estimate(self.config, self.parameter_count, self._activation_counts(), language)

    def _activation_counts(self) -> list[int] | None:
        """Elements per sample of every layer's output the course counts, for a traced model."""
        if self.step.modules is None:
            return None
        b, parents = self.config.micro_batch, _parents(self.step.modules)
        return [(_numel(row.output_at(b) or ()) // b) for row in self.step.modules
                if row.kind not in _CONTAINERS and row.output is not None and row.depth > 0
                and row.name not in parents]

    @property
    def naive_bytes(self) -> int:
        return sum(f.bytes for f in self.naive.values())

    @cached_property
    def course_moment(self) -> TimelinePoint:
        """The moment the course draws: the end of the forward pass and its loss, every
        activation alive for backward, in the first iteration that also holds the previous
        gradients and the optimizer state (the second). Its `end_components` and `end_bytes` are
        the composition then; the peak's (`component_bytes`) is at `peak_phase`, often later."""
        ends = [p for p in self.timeline if p.phase == "loss"] or [p for p in self.timeline if p.phase == "forward"]
        return next((p for p in ends if p.iteration == 2), ends[0])

    @cached_property
    def naive_differences(self) -> dict[str, int]:
        """Why the peak is not the course's estimate, in bytes that add up to `peak_bytes -
        naive_bytes`: the cuBLAS workspaces and the temporaries alive at the peak (the course
        counts neither), the rounding of every other tensor up to the allocator's blocks (512 B,
        or whole cached blocks), and the rest, the moment: the peak comes at `peak_phase`, when
        some of the four places are not (yet, or any more) what the course adds up, and holds
        what the course does not count (autocast's weight copies, GradScaler, the loss)."""
        groups = self.peak_groups
        workspace, temporaries = groups["workspace"].blocks, groups["temporaries"].blocks
        rounding = sum(g.blocks - g.requested for c, g in groups.items() if c not in ("workspace", "temporaries"))
        moment = self.peak_bytes - self.naive_bytes - workspace - temporaries - rounding
        return {"workspace": workspace, "temporaries": temporaries, "block_rounding": rounding, "moment": moment}

    @property
    def gpu_memory_bytes(self) -> int:
        return self.config.gpu_spec.memory_bytes

    @cached_property
    def persistent_bytes(self) -> dict[str, int]:
        """What lives through the whole run whatever the batch: the parameters, their gradients
        and the optimizer state, at the end of the first step, and the library workspaces."""
        first = [p for p in self.timeline if p.iteration <= 1]
        end = next((p for p in first if p.phase == "step"), first[-1]).end_components
        return {k: end[k] for k in ("parameters", "gradients", "optimizer_state", "workspace")}

    @property
    def usable_bytes(self) -> int:
        """What the allocator can use at most: CUDA's total memory, or the allocator limit."""
        limit = self.config.allocator_limit
        return limit if limit is not None else self.config.gpu_spec.usable_bytes

    @property
    def fits(self) -> bool:
        """The allocator gets through all three iterations: reserved memory never needs more
        than the device (or the allocator limit) gives; on both sides of the band."""
        return self.allocator.fits and (self.high is None or self.high.fits)

    @property
    def recommended_batch_size(self) -> int:
        """RECOMMENDED_FRACTION of the largest batch, a whole number of micro-batches."""
        steps = self.config.accumulation_steps
        return recommended_batch(self.max_batch_size) // steps * steps

    @cached_property
    def per_gpu(self) -> PerGpu | None:
        """Under DDP or FSDP: the figures per GPU (rank 0's), NCCL's memory and the global batch;
        None on one GPU."""
        c = self.config
        if not c.distributed:
            return None
        from .distributed import per_gpu

        return per_gpu(c.strategy, c.gpus, c.batch_size, self.peak_bytes, self.peak_reserved_bytes,
                       self.runtime.cuda_context_bytes, self.max_batch_size)

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
                "model": cfg.model_spec.name,
                "amp": cfg.amp,
                "grad_scaler": cfg.grad_scaler if cfg.amp else None,
                "checkpoint_segments": cfg.checkpoint_segments,
                "checkpoint_blocks": cfg.checkpoint_blocks,
                "alloc_conf": cfg.alloc.text,
                "allocator_limit_bytes": cfg.allocator_limit_bytes,
                "cudnn_benchmark": cfg.cudnn_benchmark,
                "gpus": cfg.gpus,
                "strategy": cfg.strategy,
                "fsdp_reshard_after_forward": cfg.fsdp_reshard_after_forward if cfg.strategy == "fsdp" else None,
                "fsdp_mixed_precision": cfg.fsdp_mixed_precision,
                "ddp_bucket_view": cfg.ddp_bucket_view if cfg.strategy == "ddp" else None,
                "mode": cfg.mode,
                "input_dtype": cfg.input_dtype,
                "vocab": cfg.vocab,
                "target": cfg.target,
                "accumulation_steps": cfg.accumulation_steps,
            },
            "exact": self.exact,
            "conv_workspaces": self.conv_workspaces,
            "peak_bytes": self.peak_bytes,
            "peak_high_bytes": self.peak_high_bytes,
            "reserved_high_bytes": self.reserved_high_bytes,
            "device_used_high_bytes": self.device_used_high_bytes,
            "cuda_context_range": list(self.cuda_context_range),
            "peak_phase": {"phase": self.peak_phase[0], "iteration": self.peak_phase[1]},
            "components": {k: f.bytes for k, f in self.components.items()},
            "formulas": {k: f.formula for k, f in self.components.items()},
            "timeline": [p.to_dict() for p in self.timeline],
            "parameter_count": self.parameter_count,
            "trainable_parameter_count": self.trainable_parameter_count,
            "layers": [row.to_dict() for row in self.layers],
            "naive_bytes": self.naive_bytes,
            "naive_components": {k: f.to_dict() for k, f in self.naive.items()},
            "naive_differences": dict(self.naive_differences),
            "course_moment": {"phase": self.course_moment.phase, "iteration": self.course_moment.iteration,
                              "bytes": self.course_moment.end_bytes,
                              "components": dict(self.course_moment.end_components)},
            "cuda_context_bytes": self.runtime.cuda_context_bytes,
            "workspace_bytes": self.runtime.workspace_bytes,
            "runtime_source": self.runtime.source,
            "runtime_note": self.runtime.note,
            "peak_reserved_bytes": self.peak_reserved_bytes,
            "unbounded_reserved_bytes": self.unbounded_reserved_bytes,
            "cached_at_peak_bytes": self.cached_at_peak_bytes,
            "device_used_bytes": self.device_used_bytes,
            "gpu_memory_bytes": self.gpu_memory_bytes,
            "usable_bytes": self.usable_bytes,
            "persistent_bytes": self.persistent_bytes,
            "fits": self.fits,
            "out_of_memory_in": self.out_of_memory_in.to_dict() if self.out_of_memory_in is not None else None,
            "max_batch_size": self.max_batch_size,
            "max_batch_size_two_iterations": self.max_batch_two_iterations,
            "recommended_batch_size": self.recommended_batch_size,
            "distributed": self.per_gpu.to_dict() if self.per_gpu is not None else None,
        }

    @property
    def out_of_memory_in(self) -> OutOfMemoryAt | None:
        """Where the step runs out: the failing allocation on the band's low side, else on its
        high side; None when both fit (what `fits` says)."""
        if self.out_of_memory is None and self.high is not None:
            return self.high.out_of_memory_in
        return self.out_of_memory


_CONTAINERS = {"Sequential", "ModuleList", "ModuleDict", "Flatten", "Identity"}


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


@lru_cache(maxsize=64)
def _parents(modules: tuple[ModuleRow, ...]) -> frozenset[str]:
    """The names of the modules that have children."""
    return frozenset(m.name.rpartition(".")[0] for m in modules if "." in m.name)


def _module_row(m: ModuleRow, batch: int, itemsize: int) -> LayerRow:
    return LayerRow(m.name or m.kind, m.output_at(batch) or (), m.weight_shape, m.bias_shape, m.parameters, m.formula,
                    m.parameters * itemsize, m.kind, m.depth, m.saved_at(batch), m.total_parameters,
                    m.trainable_parameters)


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
        warm=warm,
    )


def estimate(config: TrainingConfig, cached: CachingAllocator | None = None) -> Estimate:
    """The estimate for a fresh process: memory_allocated as the whole allocator gives it under
    the config's settings and the GPU's memory (near the edge, where the allocator has released
    its cached segments to go on, blocks fall where they would after that release); for a step
    that runs out, the peak it would reach with memory to spare.

    With `cached`, for a warm process: one that ran this loop for other configs before, without
    `empty_cache()`, so that it holds the cuBLAS workspaces from the start and its allocator the
    segments those runs left cached (`cached` is updated: the run's tensors are freed into it at
    the end; the default allocator settings, as the reference rows were measured)."""
    batch = config.micro_batch
    fresh = step_for(config)
    raw = step_for(config, warm=True) if cached is not None else fresh
    low = workspace_policy(config, high=False)
    source = workspace_source(raw.program, low, batch)
    upper = None
    if source == "estimated":
        high = workspace_policy(config, high=True)
        pool = copy.deepcopy(cached) if cached is not None else None
        upper = _estimate(config, _bound(raw, high), _bound(fresh, high), pool, source)
    bound = _bound(fresh, low)
    return _estimate(config, _bound(raw, low) if raw is not fresh else bound, bound, cached, source, upper)


def _bound(step: Step, policy: WorkspacePolicy) -> Step:
    program = bind_workspaces(step.program, policy)
    return step if program is step.program else replace(step, program=program)


def _estimate(config: TrainingConfig, step: Step, fresh: Step, cached: CachingAllocator | None, source: str,
              high: Estimate | None = None) -> Estimate:
    gpu, batch, budget = config.gpu_spec, config.micro_batch, budget_for(config)
    program = step.program
    if cached is not None:
        run = simulate(program, batch, gpu.sm_count, gpu.threads_per_sm, cached)
        return Estimate(config, run, run_within(program, batch, budget), step, budget, fresh, source, high)
    allocator = placed_run(program, batch, budget)
    placement = allocator.placement
    if placement is None and budget.conf != AllocConf():  # it runs out: the peak it would reach
        placement = placed_run(program, batch, budget, unlimited=True).placement
    run = simulate(program, batch, gpu.sm_count, gpu.threads_per_sm, placement=placement)
    return Estimate(config, run, allocator, step, budget, step, source, high)


def workspace_policy(config: TrainingConfig, high: bool) -> WorkspacePolicy:
    """How the config's convolution workspaces are sized: the shipped table and the GPU's
    calibrated measurements for its name and cuDNN version; `high`: the upper bound for the
    calls neither holds (else none)."""
    gpu, runtime = config.gpu_spec, runtime_for(config.gpu_spec)
    return WorkspacePolicy(gpu.name, runtime.cudnn_version or CATALOGUE_CUDNN, config.cudnn_benchmark,
                           gpu.sm_count, high, _table(runtime))


def _table(runtime: RuntimeCosts) -> WorkspaceTable:
    """The shipped table with what a probe measured on this GPU (its bad entries were refused
    when the calibration was read)."""
    if not runtime.conv_workspaces:
        return shipped_table()
    return _calibrated_table(json.dumps(runtime.conv_workspaces, sort_keys=True))


@lru_cache(maxsize=16)
def _calibrated_table(entries: str) -> WorkspaceTable:
    mine = WorkspaceTable(parse_entry(e, "calibration") for e in json.loads(entries))
    return shipped_table().merged(mine)


def _component_figures(
    config: TrainingConfig, groups: dict[str, Group], runtime: RuntimeCosts, parameter_count: int, language: str
) -> dict[str, Figure]:
    figures = {}
    for comp in COMPONENTS:
        mine = groups[comp]
        formula = (
            workspace_formula(mine, runtime.source, runtime.note, language) if comp == "workspace"
            else component_formula(config, comp, mine, parameter_count, language)
        )
        figures[comp] = Figure(mine.blocks, formula)
    return figures


_FORMULA_SHOWN = {**dict.fromkeys(COMPONENTS, SHOWN), "workspace": 1 << 30}
"""How many of each component's tensors the formulas name: every workspace."""


def max_batch_size(config: TrainingConfig, warm: bool = False) -> int:
    """The largest batch that trains two iterations; 0 if none. `warm`: in a process that holds
    the cuBLAS workspaces already (a probe's later trials). With estimated convolution
    workspaces, the high side's."""
    step, budget = step_for(config, warm), budget_for(config)
    low, high = workspace_policy(config, high=False), workspace_policy(config, high=True)
    micro = largest_batch_of(tuple(bind_workspaces(step.program, p) for p in (low, high)), budget)
    return micro * config.accumulation_steps


def clear_caches() -> None:
    """Forget the programs and max batch sizes computed so far (benchmarks time a cold start)."""
    largest_batch_of.cache_clear()
    bind_workspaces.cache_clear()
    run_within.cache_clear()
    max_batch.clear_outcomes()
    placed_run.cache_clear()
    traced = sys.modules.get("core.engine.trace.step")
    if traced is not None:
        traced.clear_cache()
    _mlp_step.cache_clear()
    loop_program.cache_clear()
