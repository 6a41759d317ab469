"""The canonical training loop's model and optimizer, made with torch (imported on call).

This is the loop of ../shared/reference/README.md; core.measure.backend runs it phase by phase."""

from __future__ import annotations

from typing import Any

from ..engine.config import TrainingConfig
from ..engine.step.optimizers import OPTIMIZERS

__all__ = ["build_model", "make_optimizer"]


def build_model(config: TrainingConfig) -> Any:
    """nn.Sequential(Flatten, [Linear, ReLU]*, Linear) as the config describes it, on the CPU."""
    from torch import nn

    layers: list[nn.Module] = [nn.Flatten()]
    linears = config.mlp.linears
    for fan_in, fan_out in linears[:-1]:
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    layers.append(nn.Linear(*linears[-1]))
    return nn.Sequential(*layers)


def make_optimizer(config: TrainingConfig, params: Any) -> Any:
    import torch

    spec = OPTIMIZERS[config.optimizer]
    return getattr(torch.optim, spec.torch_class)(params, **spec.kwargs)
