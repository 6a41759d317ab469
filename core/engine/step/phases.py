"""The canonical training loop's phases, shared by the engine's programs and the probe.

The engine writes a step as seven phases (setup once, then per iteration transfer, forward,
loss, zero_grad, backward, step); the probe can only stop the loop between the five that it
measures, so forward covers the loss, and zero_grad falls in backward (or in transfer when the
config zeroes the gradients before the forward pass)."""

from __future__ import annotations

__all__ = ["ITERATIONS", "LABEL_BYTES", "MEASURED_PHASES", "PHASES", "measured_phase"]

ITERATIONS = 3
"""The loop runs three iterations: the first creates the optimizer state, the second is the
first to find the previous iteration's tensors alive, the third shows the steady state."""

LABEL_BYTES = 8
"""A label is one int64 class index."""

PHASES = ("setup", "transfer", "forward", "loss", "zero_grad", "backward", "step")
MEASURED_PHASES = ("setup", "transfer", "forward", "backward", "step")


def measured_phase(phase: str, zero_grad: str) -> str:
    """The measured phase that covers one of the engine's phases."""
    if phase == "loss":
        return "forward"
    if phase == "zero_grad":
        return "transfer" if zero_grad == "before-forward" else "backward"
    return phase
