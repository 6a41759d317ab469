"""Predicted next to measured: the same quantities, taken at the same moments of the loop.

Components are what `memory_allocated` grows by in iteration 1 (see ProbeResult.components),
and the engine's timeline gives the same differences, so both sides measure one thing. Phase
peaks pair each measured phase with the engine's phases it covers (forward = forward + loss,
backward = zero_grad + backward, and zero_grad-before-forward falls in transfer).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..engine.config import TrainingConfig
from ..engine.estimate import Estimate, TimelinePoint
from ..engine.step.phases import ITERATIONS, measured_phase
from .probe import ProbeResult, run_probe

__all__ = [
    "REFERENCE_PHASE_KEYS",
    "Row",
    "component_rows",
    "measure",
    "measured_phase_figures",
    "phase_rows",
    "predicted_components",
    "reference_phase_figures",
    "totals_rows",
]

REFERENCE_PHASE_KEYS = ("fwd_peak", "fwd_end", "bwd_peak", "bwd_end", "step_peak", "step_end")


@dataclass(frozen=True)
class Row:
    name: str
    predicted: int | None
    measured: int | None

    @property
    def difference(self) -> int | None:
        """measured - predicted: positive when reality takes more."""
        return None if self.predicted is None or self.measured is None else self.measured - self.predicted

    @property
    def percent(self) -> float | None:
        d = self.difference
        return None if d is None or not self.predicted else 100.0 * d / self.predicted

    def to_dict(self) -> dict:
        return {"name": self.name, "predicted": self.predicted, "measured": self.measured,
                "difference": self.difference, "percent": self.percent}


def _predicted_ends(e: Estimate) -> dict[tuple[str, int], int]:
    """Predicted memory_allocated at the end of each measured phase, without the workspace."""
    ends: dict[tuple[str, int], int] = {}
    for p in e.timeline:
        ends[(measured_phase(p.phase, e.config.zero_grad), p.iteration)] = _end(p)
    return ends


def predicted_components(e: Estimate) -> dict[str, int]:
    end = _predicted_ends(e)
    return {
        "parameters": end[("setup", 0)],
        "input_batch": end[("transfer", 1)] - end[("setup", 0)],
        "activations": end[("forward", 1)] - end[("transfer", 1)],
        "optimizer_state": end[("step", 1)] - end[("backward", 1)],
        "workspace": e.timeline[-1].end_components["workspace"],
    }


def component_rows(e: Estimate, result: ProbeResult) -> list[Row]:
    measured = result.components()
    return [Row(name, value, measured.get(name)) for name, value in predicted_components(e).items()]


def phase_rows(e: Estimate, result: ProbeResult) -> list[Row]:
    """The peak of each measured phase (max_memory_allocated since the phase began)."""
    predicted: dict[tuple[str, int], int] = {}
    for p in e.timeline:
        key = (measured_phase(p.phase, e.config.zero_grad), p.iteration)
        predicted[key] = max(predicted.get(key, 0), p.bytes)
    return [
        Row(f"{r.phase} {r.iteration}" if r.iteration else r.phase, predicted.get((r.phase, r.iteration)), r.peak_bytes)
        for r in result.readings
    ]


def totals_rows(e: Estimate, result: ProbeResult) -> list[Row]:
    return [
        Row("peak allocated", e.peak_bytes, result.peak_allocated_bytes if result.readings else None),
        Row("peak reserved", None, result.peak_reserved_bytes if result.readings else None),
        Row("CUDA context", e.runtime.cuda_context_bytes, result.context_bytes),
        Row("device use at peak", e.device_used_bytes, result.device_peak_used_bytes),
    ]


def reference_phase_figures(e: Estimate) -> list[dict[str, int]]:
    """Per iteration, the six figures of the reference file's `phases_without_workspace`:
    forward (transfer to loss) and backward (zero_grad and backward) as measured phases."""
    out = []
    for it in sorted({p.iteration for p in e.timeline if p.iteration}):
        points = [p for p in e.timeline if p.iteration == it]
        fwd = [p for p in points if measured_phase(p.phase, e.config.zero_grad) in ("transfer", "forward")]
        bwd = [p for p in points if measured_phase(p.phase, e.config.zero_grad) == "backward"]
        step = [p for p in points if p.phase == "step"]
        figures = (_peak(fwd), _end(fwd[-1]), _peak(bwd), _end(bwd[-1]), _peak(step), _end(step[0]))
        out.append(dict(zip(REFERENCE_PHASE_KEYS, figures)))
    return out


def _peak(points: list[TimelinePoint]) -> int:
    return max(p.bytes - p.components["workspace"] for p in points)


def _end(point: TimelinePoint) -> int:
    return point.end_bytes - point.end_components["workspace"]


def measured_phase_figures(result: ProbeResult) -> list[dict[str, int]]:
    """The same six figures per iteration from a probe's readings (forward begins at the
    transfer, backward at zero_grad())."""
    out = []
    for it in sorted({r.iteration for r in result.readings if r.iteration}):
        r = {phase: result.reading(phase, it) for phase in ("transfer", "forward", "backward", "step")}
        if any(v is None for v in r.values()):
            break
        out.append({
            "fwd_peak": max(r["transfer"].peak_bytes, r["forward"].peak_bytes),  # type: ignore[union-attr]
            "fwd_end": r["forward"].end_bytes,  # type: ignore[union-attr]
            "bwd_peak": r["backward"].peak_bytes,  # type: ignore[union-attr]
            "bwd_end": r["backward"].end_bytes,  # type: ignore[union-attr]
            "step_peak": r["step"].peak_bytes,  # type: ignore[union-attr]
            "step_end": r["step"].end_bytes,  # type: ignore[union-attr]
        })
    return out


def measure(config: TrainingConfig, iterations: int = ITERATIONS, device: str = "cuda") -> dict:
    """Runs the loop on a CUDA device (core.measure.probe) and returns max_memory_allocated and
    the reference file's per-phase figures (bytes). Raises RuntimeError if it fails."""
    from .backend import TorchCudaBackend

    result = run_probe(config, TorchCudaBackend(device), iterations)
    if result.status != "done":
        raise RuntimeError(result.oom.message if result.oom else result.error or result.status)
    return {"phases": measured_phase_figures(result), "peak_allocated_bytes": result.peak_allocated_bytes,
            "peak_reserved_bytes": result.peak_reserved_bytes}
