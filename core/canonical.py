"""The canonical training loop, run for real on a CUDA device (torch imported on call).

This is the loop of ../shared/reference/README.md: `build_model` and `make_optimizer` make it,
core.probe_backend runs it phase by phase, and `measure` returns what PyTorch's allocator
reports in the reference file's shape, so it can be held against the engine's prediction.
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
    """Runs the loop (core.probe on a TorchCudaBackend) and returns max_memory_allocated and the
    per-phase figures of the reference file (bytes): forward begins at the transfer, backward at
    zero_grad(). Raises RuntimeError if the loop runs out of memory or fails."""
    from .probe import TorchCudaBackend, run_probe

    result = run_probe(config, TorchCudaBackend(device), iterations)
    if result.status != "done":
        raise RuntimeError(result.oom.message if result.oom else result.error or result.status)
    phases = []
    for it in range(1, iterations + 1):
        r = {p: result.reading(p, it) for p in ("transfer", "forward", "backward", "step")}
        phases.append({
            "fwd_peak": max(r["transfer"].peak_bytes, r["forward"].peak_bytes),
            "fwd_end": r["forward"].end_bytes,
            "bwd_peak": r["backward"].peak_bytes,
            "bwd_end": r["backward"].end_bytes,
            "step_peak": r["step"].peak_bytes,
            "step_end": r["step"].end_bytes,
        })
    return {"phases": phases, "peak_allocated_bytes": result.peak_allocated_bytes}
