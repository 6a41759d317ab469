"""The course's estimate: the four places, added up without rounding, workspace or timeline.

Under mixed precision it follows autocast as the course teaches it: the parameters, their
gradients, the optimizer state and the input batch stay float32; the layers' outputs are in the
autocast dtype (2 B). What the real peak holds besides (the cuBLAS workspace, 512-byte blocks,
the moment of the peak, temporaries, autocast's weight copies) is Estimate.naive_differences."""

from __future__ import annotations

from functools import lru_cache

from ..units import grouped
from .catalog import DTYPES
from .config import TrainingConfig
from .explain import phrases
from .figures import Figure
from .step.optimizers import OPTIMIZERS
from .step.phases import LABEL_BYTES

__all__ = ["naive_estimate"]


def naive_estimate(
    config: TrainingConfig, count: int, layer_outputs: list[int] | None = None, language: str = "en"
) -> dict[str, Figure]:
    """The four places for a model of `count` parameters, with formulas whose words are in
    `language` ("en", "zh_CN"). `layer_outputs` are the elements per sample of every layer's output
    (None: the course MLP's, 2 × Σ hidden + classes)."""
    say = phrases(language)
    b = config.micro_batch
    sample = " × ".join(str(d) for d in config.image_shape)
    unit = config.input_itemsize
    features = config.in_features
    parameters, state = _parameter_figures(count, config.itemsize, len(OPTIMIZERS[config.optimizer].state), language)
    return {
        "parameters_and_gradients": parameters,
        "optimizer_state": state,
        "data_batch": Figure(
            b * (features * unit + LABEL_BYTES),
            f"{b} × ({sample} × {unit} B + {LABEL_BYTES} B {say['naive_label']})"
            f" = {grouped(b * (features * unit + LABEL_BYTES))} B",
        ),
        "activations": _activations(config, layer_outputs, say),
    }


@lru_cache(maxsize=256)
def _parameter_figures(count: int, s: int, copies: int, language: str) -> tuple[Figure, Figure]:
    """The parameters with their gradients, and the optimizer state: the same at every batch."""
    say = phrases(language)
    return (
        Figure(2 * count * s, say["naive_params"].format(count=grouped(count), size=s, bytes=grouped(2 * count * s))),
        Figure(copies * count * s, f"{copies} × {grouped(count)} × {s} B = {grouped(copies * count * s)} B"),
    )


def _activations(config: TrainingConfig, layer_outputs: list[int] | None, say: dict[str, str]) -> Figure:
    """Every layer's output, kept for backward: in the autocast dtype under mixed precision."""
    s, b = (DTYPES[config.amp], config.micro_batch) if config.amp else (config.itemsize, config.micro_batch)
    unit = f"{s} B ({say['naive_autocast'].format(dtype=config.amp)})" if config.amp else f"{s} B"
    if layer_outputs is None:
        widths = sum(2 * n for n in config.hidden) + config.class_count
        return Figure(b * widths * s, f"{b} × ({say['naive_hidden']} + {config.class_count}) × {unit} = "
                                      f"{b} × {grouped(widths)} × {s} B = {grouped(b * widths * s)} B")
    total = sum(layer_outputs)
    return Figure(b * total * s, f"{b} × {say['naive_outputs'].format(n=len(layer_outputs))} {grouped(total)} "
                                 f"× {unit} = {grouped(b * total * s)} B")
