"""Measure, on a CUDA device, the workspace each cuDNN convolution of a training step takes.

The calls are the engine's own (core.engine.step.bind.conv_calls of the traced step), so what is
measured is keyed exactly as the engine looks it up. Each direction is run alone on tensors of
the call's shapes: `aten.convolution` for the forward, `aten.convolution_backward` with only the
input gradient, then only the weight gradient. The workspace is the allocator's peak inside the
call less what it held before and the call's outputs; with benchmark mode, the first call of a
shape (which times every engine) gives `find_bytes`, the second the engine's own workspace.

Benchmark mode and cuDNN's plan cache are per process, and one cache serves both modes: measure
each mode in a process of its own (bench/conv_workspaces.py does). Torch is imported inside the
functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..engine.config import TrainingConfig
from ..engine.estimate import step_for
from ..engine.model.dims import dims_at
from ..engine.step.bind import conv_calls
from ..engine.step.convolutions import ConvWorkspace

__all__ = ["calls_of", "entry", "measure_calls"]

Measure = Callable[[ConvWorkspace, int], tuple[int, int]]


def calls_of(config: TrainingConfig) -> list[ConvWorkspace]:
    """The config's distinct cuDNN calls (traced on the meta device)."""
    seen: dict[tuple[object, ...], ConvWorkspace] = {}
    for call in conv_calls(step_for(config).program):
        seen.setdefault(call.key_at(config.batch_size), call)
    return list(seen.values())


def entry(call: ConvWorkspace, batch: int, gpu: str, cudnn: int, benchmark: bool,
          sizes: tuple[int, int]) -> dict[str, Any]:
    """A table entry (core.engine.step.conv_table) for one measured call."""
    return {"gpu": gpu, "cudnn": cudnn, "benchmark": benchmark, "direction": call.direction,
            "input": list(dims_at(call.input, batch)), "weight": list(call.weight), "stride": list(call.stride),
            "padding": list(call.padding), "dilation": list(call.dilation), "groups": call.groups,
            "transposed": call.transposed, "dtype": call.dtype, "workspace_bytes": sizes[0], "find_bytes": sizes[1]}


def measure_calls(calls: Iterable[ConvWorkspace], batch: int, benchmark: bool,
                  measure: Measure | None = None) -> list[dict[str, Any]]:
    """Entries for the calls at `batch` on this process's GPU (`measure`: another way to get
    (workspace, find) bytes, for tests)."""
    import torch

    gpu, cudnn = torch.cuda.get_device_name(), int(torch.backends.cudnn.version() or 0)
    torch.backends.cudnn.benchmark = benchmark
    run = measure or _measure_on_cuda
    return [entry(call, batch, gpu, cudnn, benchmark, run(call, batch)) for call in calls if not call.transposed]


def _measure_on_cuda(call: ConvWorkspace, batch: int) -> tuple[int, int]:
    """(workspace, find) bytes of one call, run twice."""
    first = _borrowed(call, batch)
    second = _borrowed(call, batch)
    return second, first if first > second else 0


def _borrowed(call: ConvWorkspace, batch: int) -> int:
    import torch

    aten = torch.ops.aten
    dtype = getattr(torch, call.dtype)
    x = torch.randn(dims_at(call.input, batch), device="cuda", dtype=dtype)
    w = torch.randn(call.weight, device="cuda", dtype=dtype)
    y_shape = dims_at(call.output, batch)
    zeros = [0] * len(call.stride)
    args = (list(call.stride), list(call.padding), list(call.dilation), False, zeros, call.groups)
    grad = torch.randn(y_shape, device="cuda", dtype=dtype) if call.direction != "forward" else None
    torch.cuda.synchronize()
    before = torch.cuda.memory_allocated()
    torch.cuda.reset_peak_memory_stats()
    if call.direction == "forward":
        out: Any = aten.convolution(x, w, None, *args)
    else:
        mask = [call.direction == "backward_data", call.direction == "backward_filter", False]
        out = aten.convolution_backward(grad, x, w, None, *args, mask)
    torch.cuda.synchronize()
    peak = torch.cuda.max_memory_allocated()
    outputs = out if isinstance(out, tuple) else (out,)
    made = sum(-(-t.untyped_storage().nbytes() // 512) * 512 for t in outputs if t is not None)
    return max(0, peak - before - made)
