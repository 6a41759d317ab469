"""Formulas for the tensors alive at the peak: '64 × 1 × 28 × 28 × 4 B = 200,704 B'."""

from __future__ import annotations

import re

from .config import TrainingConfig
from .layers import parameter_count
from .loop import LABEL_BYTES
from .optimizers import OPTIMIZERS
from .simulate import LiveTensor
from .units import grouped

__all__ = ["tensor_shape", "tensor_formula", "component_formula"]

_PARAM = re.compile(r"(?:.*_)?([Wb])(\d+)$")
_SHOWN = 6


def tensor_shape(name: str, config: TrainingConfig) -> tuple[int, ...] | None:
    """The shape of a tensor of the loop, from its role name; None if it has no simple one."""
    b, k = config.batch_size, config.classes
    widths = (config.in_features, *config.hidden, k)
    if name == "x":
        return (b, *config.input_shape)  # type: ignore[misc]
    if name == "y":
        return (b,)
    if name in ("out", "log_probs", "grad_log_probs", "grad_out"):
        return (b, k)
    if name in ("loss", "total_weight", "grad_loss"):
        return ()
    found = re.fullmatch(r"(?:grad_)?([za])(\d+)", name)
    if found:
        return (b, widths[int(found.group(2))])
    found = _PARAM.fullmatch(name)
    if found:
        j = int(found.group(2))
        return (widths[j], widths[j - 1]) if found.group(1) == "W" else (widths[j],)
    return None


def tensor_formula(t: LiveTensor, config: TrainingConfig) -> str:
    shape = tensor_shape(t.name, config)
    if shape is None:
        return f"{t.name} {grouped(t.requested)} B"
    width = LABEL_BYTES if t.name == "y" else config.itemsize
    if not shape:
        return f"{t.name} = one {config.dtype} scalar, {width} B"
    factors = " × ".join(grouped(n) for n in (*shape, width))
    return f"{t.name} = {factors} B = {grouped(t.requested)} B"


def component_formula(config: TrainingConfig, component: str, tensors: list[LiveTensor]) -> str:
    if not tensors:
        return "nothing of this kind is alive at the peak"
    parts = [tensor_formula(t, config) for t in tensors[:_SHOWN]]
    if len(tensors) > _SHOWN:
        rest = sum(t.requested for t in tensors[_SHOWN:])
        parts.append(f"{len(tensors) - _SHOWN} more {grouped(rest)} B")
    requested = sum(t.requested for t in tensors)
    text = _heading(config, component) + "; ".join(parts)
    if len(tensors) > 1:
        text += f"; total {grouped(requested)} B"
    blocks = sum(t.block for t in tensors)
    if blocks != requested:
        whole = any(t.block - t.requested >= 512 for t in tensors)
        text += f"; held in {'whole cached' if whole else '512-byte'} blocks: {grouped(blocks)} B"
    return text


def _heading(config: TrainingConfig, component: str) -> str:
    if component == "parameters":
        count = parameter_count(config.in_features, config.hidden, config.classes)  # type: ignore[arg-type]
        return f"{grouped(count)} parameters × {config.itemsize} B: "
    if component == "optimizer_state":
        state = OPTIMIZERS[config.optimizer].state
        copies = f"{len(state)} cop{'y' if len(state) == 1 else 'ies'}"
        return f"{copies} of the parameters ({', '.join(state)}): "
    return ""
