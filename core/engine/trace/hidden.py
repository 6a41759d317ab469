"""What CUDA kernels borrow from the caching allocator that no op output shows.

The staging buffer and semaphores of a reduction (core.engine.step.reductions) are allocated
after the reduction's output and freed before the op returns; `convolution_backward` computes the
bias gradient as a sum over (N, H, W) of the output gradient after its other outputs. A cuDNN
convolution borrows its workspace after allocating its output (ConvShared.cpp: the output, then
`raw_cudnn_convolution_forward_out`); in backward the input gradient and its workspace come
first, then the weight gradient and its workspace, then the bias gradient. The plan says which
scratch follows which output of an op (its index among the outputs that exist; -1: after all of
them)."""

from __future__ import annotations

from typing import Any

import torch

from .kernels import depthwise_backend

__all__ = ["plan"]

Plan = dict[int, list[tuple[Any, ...]]]


def plan(op: str, args: tuple[Any, ...], outputs: list[torch.Tensor]) -> Plan:
    """Scratches as (kind, concrete shape, dims, elem bytes, acc bytes, channels_last) records,
    keyed by the output they follow."""
    if op in ("sum", "mean") and args and isinstance(args[0], torch.Tensor):
        return {-1: [_reduction(args[0], _dims(args))]} if _dense(args[0]) else {}
    if op == "convolution" and len(args) > 8 and _cudnn(args[0], args[1], args[8]):
        return {0: [_conv("forward", args[0], args[1], outputs[0], args[3:9])]} if outputs else {}
    if op == "convolution_backward" and len(args) > 10:
        return _conv_backward(args, outputs)
    return {}


def _conv_backward(args: tuple[Any, ...], outputs: list[torch.Tensor]) -> Plan:
    grad, x, w, mask = args[0], args[1], args[2], args[10]
    out: Plan = {}
    if _cudnn(x, w, args[9]):
        geometry, index = args[4:10], 0
        if mask[0]:
            out[index] = [_conv("backward_data", x, w, grad, geometry)]
            index += 1
        if mask[1]:
            out[index] = [_conv("backward_filter", x, w, grad, geometry)]
    if mask[2] and _dense(grad):
        out[-1] = [_reduction(grad, tuple(d for d in range(grad.dim()) if d != 1))]
    return out


def _cudnn(x: Any, w: Any, groups: int) -> bool:
    """The convolution runs on cuDNN (ATen's select_conv_backend on CUDA): a float tensor of 3 to
    5 dimensions, not one of the depthwise shapes ATen's own kernel takes."""
    if not isinstance(x, torch.Tensor) or not isinstance(w, torch.Tensor) or not 3 <= x.dim() <= 5:
        return False
    if x.dtype not in (torch.float32, torch.float16, torch.bfloat16, torch.float64):
        return False
    return not depthwise_backend(x, w, groups)


def _conv(direction: str, x: torch.Tensor, w: torch.Tensor, y: torch.Tensor, geometry: Any) -> tuple[Any, ...]:
    """A cuDNN call as a record: (kind, direction, input shape, weight shape, output shape, stride,
    padding, dilation, groups, transposed, dtype, channels_last)."""
    stride, padding, dilation, transposed, _, groups = geometry
    channels_last = x.dim() == 4 and not x.is_contiguous() and x.is_contiguous(memory_format=torch.channels_last)
    return ("conv", direction, tuple(x.shape), tuple(w.shape), tuple(y.shape), tuple(stride), tuple(padding),
            tuple(dilation), int(groups), bool(transposed), str(x.dtype).removeprefix("torch."), channels_last)


def _dims(args: tuple[Any, ...]) -> tuple[int, ...]:
    x = args[0]
    dims = args[1] if len(args) > 1 and isinstance(args[1], (list, tuple)) else None
    if not dims:
        return tuple(range(x.dim()))
    return tuple(d % x.dim() for d in dims)


def _dense(t: torch.Tensor) -> bool:
    return bool(t.is_contiguous() or t.is_contiguous(memory_format=torch.channels_last))


def _reduction(t: torch.Tensor, dims: tuple[int, ...]) -> tuple[Any, ...]:
    channels_last = t.dim() == 4 and not t.is_contiguous() and t.is_contiguous(memory_format=torch.channels_last)
    acc = 8 if t.dtype == torch.float64 else 4
    return ("reduce", tuple(t.shape), dims, t.element_size(), acc, channels_last)
