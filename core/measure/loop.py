"""The canonical training loop's parts, made with torch (imported on call) for a real device.

This is the loop of ../shared/reference/README.md for any model the engine knows: the model is
the one the tracer builds (core.engine.trace.models), made on the CPU and moved; mixed precision
and checkpointing run as the engine models them. core.measure.backend runs it phase by phase."""

from __future__ import annotations

import contextlib
from typing import Any

from ..engine.config import TrainingConfig
from ..engine.step.optimizers import OPTIMIZERS

__all__ = ["autocast", "build_model", "forward", "make_optimizer", "make_scaler"]


def build_model(config: TrainingConfig) -> Any:
    """The config's model on the CPU, with its initial weights."""
    from ..engine.trace.models import build_model as build

    return build(config, device="cpu")


def make_optimizer(config: TrainingConfig, params: Any) -> Any:
    import torch

    spec = OPTIMIZERS[config.optimizer]
    return getattr(torch.optim, spec.torch_class)(params, **spec.kwargs)


def make_scaler(config: TrainingConfig) -> Any:
    """torch.amp.GradScaler("cuda") for mixed precision with a scaler; None otherwise."""
    if config.amp is None or not config.grad_scaler:
        return None
    import torch

    return torch.amp.GradScaler("cuda")


def autocast(config: TrainingConfig) -> Any:
    if config.amp is None:
        return contextlib.nullcontext()
    import torch

    return torch.autocast("cuda", dtype=getattr(torch, config.amp))


def forward(config: TrainingConfig, model: Any, x: Any) -> Any:
    if config.checkpoint_segments is None:
        return model(x)
    from torch.utils.checkpoint import checkpoint_sequential

    return checkpoint_sequential(model, config.checkpoint_segments, x, use_reentrant=False)
