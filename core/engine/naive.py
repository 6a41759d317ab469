"""The course's estimate: the four places, added up without rounding, workspace or timeline."""

from __future__ import annotations

from ..units import grouped
from .config import TrainingConfig
from .explain import phrases
from .figures import Figure
from .step.optimizers import OPTIMIZERS
from .step.phases import LABEL_BYTES

__all__ = ["naive_estimate"]


def naive_estimate(config: TrainingConfig, language: str = "en") -> dict[str, Figure]:
    """The four places, with formulas whose words are in `language` ("en", "zh_CN")."""
    say = phrases(language)
    s, b = config.itemsize, config.batch_size
    count = config.mlp.parameter_count
    copies = len(OPTIMIZERS[config.optimizer].state)
    c, h, w = config.image_shape
    widths = sum(2 * n for n in config.hidden) + config.class_count
    return {
        "parameters_and_gradients": Figure(
            2 * count * s, say["naive_params"].format(count=grouped(count), size=s, bytes=grouped(2 * count * s))
        ),
        "optimizer_state": Figure(
            copies * count * s, f"{copies} × {grouped(count)} × {s} B = {grouped(copies * count * s)} B"
        ),
        "data_batch": Figure(
            b * (c * h * w * s + LABEL_BYTES),
            f"{b} × ({c} × {h} × {w} × {s} B + {LABEL_BYTES} B {say['naive_label']})"
            f" = {grouped(b * (c * h * w * s + LABEL_BYTES))} B",
        ),
        "activations": Figure(
            b * widths * s,
            f"{b} × ({say['naive_hidden']} + {config.class_count}) × {s} B = {b} × {grouped(widths)} × {s} B"
            f" = {grouped(b * widths * s)} B",
        ),
    }
