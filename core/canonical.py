"""The canonical training loop, run for real on a CUDA device (torch imported on call).

This is the loop of ../shared/reference/README.md; `measure` returns what PyTorch's allocator
reports, phase by phase, so it can be held against the engine's prediction.
"""

from __future__ import annotations

from .config import TrainingConfig

__all__ = ["measure", "build_model", "make_optimizer"]

_OPTIMIZERS = {
    "sgd": ("SGD", {"lr": 0.01}),
    "sgd-momentum": ("SGD", {"lr": 0.01, "momentum": 0.9}),
    "adam": ("Adam", {"lr": 1e-3}),
    "adamw": ("AdamW", {"lr": 1e-3}),
    "rmsprop": ("RMSprop", {"lr": 1e-3}),
    "adagrad": ("Adagrad", {"lr": 1e-2}),
}


def build_model(config: TrainingConfig):
    from torch import nn

    layers: list = [nn.Flatten()]
    widths = (config.in_features, *config.hidden)
    for fan_in, fan_out in zip(widths, widths[1:]):
        layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
    layers.append(nn.Linear(widths[-1], config.classes))
    return nn.Sequential(*layers)


def make_optimizer(config: TrainingConfig, params):
    import torch

    name, kwargs = _OPTIMIZERS[config.optimizer]
    return getattr(torch.optim, name)(params, **kwargs)


def measure(config: TrainingConfig, iterations: int = 3, device: str = "cuda") -> dict:
    """Runs the loop and returns max_memory_allocated and per-phase figures (bytes)."""
    import torch
    from torch import nn

    dtype = getattr(torch, config.dtype)
    model = build_model(config).to(device=device, dtype=dtype)
    optimizer = make_optimizer(config, model.parameters())
    images = torch.rand(config.batch_size, *config.input_shape)
    labels = torch.randint(0, config.classes, (config.batch_size,))
    phases = []
    for _ in range(iterations):
        row = {}
        torch.cuda.reset_peak_memory_stats(device)
        if config.zero_grad == "before-forward":
            optimizer.zero_grad()
        x = images.to(device, dtype)
        y = labels.to(device)
        out = model(x)
        loss = nn.CrossEntropyLoss()(out, y)
        row["fwd_peak"], row["fwd_end"] = torch.cuda.max_memory_allocated(device), torch.cuda.memory_allocated(device)
        torch.cuda.reset_peak_memory_stats(device)
        if config.zero_grad == "after-forward":
            optimizer.zero_grad()
        loss.backward()
        row["bwd_peak"], row["bwd_end"] = torch.cuda.max_memory_allocated(device), torch.cuda.memory_allocated(device)
        torch.cuda.reset_peak_memory_stats(device)
        optimizer.step()
        row["step_peak"], row["step_end"] = torch.cuda.max_memory_allocated(device), torch.cuda.memory_allocated(device)
        phases.append(row)
    return {"phases": phases, "peak_allocated_bytes": max(max(r.values()) for r in phases)}
