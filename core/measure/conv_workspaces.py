"""Measure, on a CUDA device, the workspace each cuDNN convolution of a training step takes.

The calls are the engine's own (core.engine.step.bind.conv_calls of the traced step), so what is
measured is keyed exactly as the engine looks it up. Each direction is run alone on tensors of
the call's shapes: `aten.convolution` for the forward, `aten.convolution_backward` with only the
input gradient, then only the weight gradient. The workspace is the allocator's peak inside the
call less what it held before and the call's outputs; with benchmark mode, the first call of a
shape (which times every engine) gives `find_bytes`, the second the engine's own workspace.

Benchmark mode and cuDNN's plan cache are per process, and one cache serves both modes: measure
each mode in a process of its own: bench/conv_workspaces.py starts one per mode, and a probe,
whose own process has run the loop (and so filled the plan cache), measures in a fresh child
(`measure_in_child`). Torch is imported inside the functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..engine.config import TrainingConfig
from ..engine.estimate import step_for
from ..engine.model.dims import dims_at
from ..engine.step.bind import conv_calls
from ..engine.step.convolutions import ConvWorkspace

__all__ = ["CHILD_TIMEOUT_S", "calls_of", "entries_for", "entry", "measure_calls", "measure_in_child"]

CHILD_TIMEOUT_S = 300.0
"""How long a probe waits for its child to measure every call (a few hundred calls take seconds)."""

Measure = Callable[[ConvWorkspace, int], tuple[int, int]]


def calls_of(config: TrainingConfig) -> list[ConvWorkspace]:
    """The config's distinct cuDNN calls at its micro-batch (traced on the meta device)."""
    seen: dict[tuple[object, ...], ConvWorkspace] = {}
    for call in conv_calls(step_for(config).program):
        seen.setdefault(call.key_at(config.micro_batch), call)
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
    return entries_for(calls, batch, gpu, cudnn, benchmark, measure or _measure_on_cuda)


def entries_for(calls: Iterable[ConvWorkspace], batch: int, gpu: str, cudnn: int, benchmark: bool,
                measure: Measure) -> list[dict[str, Any]]:
    """Entries for the calls (transposed ones aside: they are not measured yet), each sized by
    `measure`."""
    return [entry(call, batch, gpu, cudnn, benchmark, measure(call, batch)) for call in calls if not call.transposed]


def measure_in_child(calls: Iterable[ConvWorkspace], batch: int, benchmark: bool,
                     timeout_s: float = CHILD_TIMEOUT_S) -> list[dict[str, Any]]:
    """`measure_calls` in a fresh process (spawned, as the window's estimate process is, so that
    a bundle starts itself): its cuDNN plan cache is empty, so benchmark mode's first call of
    each shape times every engine as it does in training. Raises RuntimeError with the child's
    error in one line, or TimeoutError; the child never outlives the call."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_serve, args=(send, list(calls), batch, benchmark), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout_s):
            raise TimeoutError(f"measuring the convolutions took more than {timeout_s:.0f} s")
        ok, value = receive.recv()
    except EOFError:
        raise RuntimeError(f"the measuring process ended with exit code {child.exitcode}") from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()
    if not ok:
        raise RuntimeError(value)
    return list(value)


def _serve(send: Any, calls: list[ConvWorkspace], batch: int, benchmark: bool) -> None:
    """The child of `measure_in_child`: its entries, or its error in one line, down the pipe."""
    try:
        send.send((True, measure_calls(calls, batch, benchmark)))
    except BaseException as e:  # reported to the parent, which raises it
        send.send((False, f"{type(e).__name__}: {e}".splitlines()[0]))
    finally:
        send.close()


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
