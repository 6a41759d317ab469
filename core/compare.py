"""Predicted next to measured: the same quantities, taken at the same moments of the loop.

Components are what `memory_allocated` grows by in iteration 1 (see ProbeResult.components),
and the engine's timeline gives the same differences, so both sides measure one thing. Phase
peaks pair each measured phase with the engine's phases it covers (forward = forward + loss,
backward = zero_grad + backward, and zero_grad-before-forward falls in transfer).
"""

from __future__ import annotations

from dataclasses import dataclass

from .estimate import Estimate, TimelinePoint
from .probe import ProbeResult

__all__ = [
    "Row", "REFERENCE_PHASE_KEYS", "component_rows", "phase_group", "phase_rows", "predicted_components",
    "reference_phase_figures", "totals_rows",
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


def phase_group(phase: str, zero_grad: str) -> str:
    """The measured phase that covers one of the engine's phases."""
    if phase == "loss":
        return "forward"
    if phase == "zero_grad":
        return "transfer" if zero_grad == "before-forward" else "backward"
    return phase


def _predicted_ends(e: Estimate) -> dict[tuple[str, int], int]:
    """Predicted memory_allocated at the end of each measured phase, without the workspace."""
    ends: dict[tuple[str, int], int] = {}
    for p in e.timeline:
        ends[(phase_group(p.phase, e.config.zero_grad), p.iteration)] = _end(p)
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
        key = (phase_group(p.phase, e.config.zero_grad), p.iteration)
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
        Row("device use at peak", e.device_total_bytes, result.device_peak_used_bytes),
    ]


def reference_phase_figures(e: Estimate) -> list[dict[str, int]]:
    """Per iteration, the six figures of the reference file's `phases_without_workspace`:
    forward (transfer to loss) and backward (zero_grad and backward) as measured phases."""
    out = []
    for it in sorted({p.iteration for p in e.timeline if p.iteration}):
        points = [p for p in e.timeline if p.iteration == it]
        fwd = [p for p in points if phase_group(p.phase, e.config.zero_grad) in ("transfer", "forward")]
        bwd = [p for p in points if phase_group(p.phase, e.config.zero_grad) == "backward"]
        step = [p for p in points if p.phase == "step"]
        figures = (_peak(fwd), _end(fwd[-1]), _peak(bwd), _end(bwd[-1]), _peak(step), _end(step[0]))
        out.append(dict(zip(REFERENCE_PHASE_KEYS, figures)))
    return out


def _peak(points: list[TimelinePoint]) -> int:
    return max(p.bytes - p.components["workspace"] for p in points)


def _end(point: TimelinePoint) -> int:
    return point.end_bytes - point.end_components["workspace"]
