"""Ops whose meta kernel is slow or allocates in another order than CUDA.

Some meta kernels are Python decompositions (batch norm, its backward, the foreach lists) that
take milliseconds an op; the outputs they make are simple, so these make them directly, with the
shapes, dtypes and strides the real kernel gives. In-place foreach ops allocate nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import torch

__all__ = ["FAST", "ShapeMismatch", "allocation_order", "depthwise_backend", "pointwise"]

aten = torch.ops.aten

def allocation_order(op: str, args: tuple[Any, ...], count: int) -> tuple[int, ...] | None:
    """The order CUDA allocates an op's `count` outputs in, where it is not their order: the fused
    dropout makes its bool mask first (dropout_cuda), and the depthwise convolution kernel its
    weight gradient before its input gradient (conv_depthwise2d_backward_cuda)."""
    if op == "native_dropout" and count == 2:
        return (1, 0)
    if op == "convolution_backward" and count >= 2 and args[10][0] and args[10][1] and _depthwise(args):
        return (1, 0, *range(2, count))
    return None


def _depthwise(args: tuple[Any, ...]) -> bool:
    return depthwise_backend(args[1], args[2], args[9])


def depthwise_backend(x: torch.Tensor, weight: torch.Tensor, groups: int) -> bool:
    """ATen's CudaDepthwise2d backend: groups equal to the input channels, float32 or bfloat16
    (float16 goes to cuDNN for some shapes), NCHW."""
    return (x.dim() == 4 and groups > 1 and x.shape[1] == groups and weight.shape[0] % groups == 0
            and x.dtype in (torch.float32, torch.bfloat16) and x.is_contiguous())


def _empty_like(t: torch.Tensor, memory_format: torch.memory_format | None = None) -> torch.Tensor:
    """torch.empty_like of a dense tensor, without its Python meta kernel."""
    if memory_format is torch.channels_last and t.dim() == 4:
        _, c, h, w = t.shape
        return torch.empty_strided(t.shape, (h * w * c, 1, w * c, c), dtype=t.dtype, device=t.device)
    if memory_format is torch.contiguous_format or not (t.is_contiguous() or t.is_contiguous(
            memory_format=torch.channels_last)):
        return torch.empty(t.shape, dtype=t.dtype, device=t.device)
    return torch.empty_strided(t.shape, t.stride(), dtype=t.dtype, device=t.device)


def _acc_dtype(t: torch.Tensor) -> torch.dtype:
    return torch.float64 if t.dtype == torch.float64 else torch.float32


def _batch_norm(x: torch.Tensor, weight: Any, bias: Any, running_mean: Any, running_var: Any, training: bool,
                momentum: float, eps: float) -> tuple[torch.Tensor, ...]:
    c = x.shape[1]
    stats = (c,) if training else (0,)
    out = _empty_like(x)
    return out, x.new_empty(stats, dtype=_acc_dtype(x)), x.new_empty(stats, dtype=_acc_dtype(x))


def _batch_norm_backward(grad: torch.Tensor, x: torch.Tensor, weight: Any, running_mean: Any, running_var: Any,
                         save_mean: Any, save_invstd: Any, train: bool, eps: float,
                         mask: list[bool]) -> tuple[Any, ...]:
    like = weight if weight is not None else x.new_empty((x.shape[1],))
    grad_input = _empty_like(x) if mask[0] else None
    grad_weight = _empty_like(like) if mask[1] else None
    grad_bias = _empty_like(like) if mask[2] else None
    return grad_input, grad_weight, grad_bias


def _cudnn_batch_norm(x: torch.Tensor, weight: torch.Tensor, *args: Any) -> tuple[torch.Tensor, ...]:
    c = x.shape[1]
    fmt = torch.channels_last if x.dim() == 4 and not x.is_contiguous() else torch.contiguous_format
    out = _empty_like(x, memory_format=fmt)
    return out, weight.new_empty((c,)), weight.new_empty((c,)), x.new_empty((0,), dtype=torch.uint8)


def _cudnn_batch_norm_backward(x: torch.Tensor, grad: torch.Tensor, weight: torch.Tensor,
                               *args: Any) -> tuple[torch.Tensor, ...]:
    return _empty_like(x), _empty_like(weight), _empty_like(weight)


class ShapeMismatch(RuntimeError):
    """CUDA's check on a matrix product, which the fast kernels below make as cuBLAS's caller
    does: a model whose Linear does not fit its input fails here, in the forward pass, with
    PyTorch's own message, not later in backward."""

    def __init__(self, m1: tuple[int, ...], m2: tuple[int, ...]) -> None:
        self.m1, self.m2 = m1, m2
        super().__init__(self.message())

    def message(self, traced_batch: int | None = None, batch: int | None = None) -> str:
        """PyTorch's words; the rows of mat1 that are the traced batch read as `batch`."""
        rows = batch if batch is not None and self.m1[0] == traced_batch else self.m1[0]
        return (f"mat1 and mat2 shapes cannot be multiplied ({rows}x{self.m1[1]} and "
                f"{self.m2[0]}x{self.m2[1]})")


def _check_product(m1: torch.Tensor, m2: torch.Tensor) -> None:
    if m1.shape[1] != m2.shape[0]:
        raise ShapeMismatch(tuple(m1.shape), tuple(m2.shape))


def _matmul(m1: torch.Tensor, m2: torch.Tensor) -> torch.Tensor:
    _check_product(m1, m2)
    return m1.new_empty((m1.shape[0], m2.shape[1]))


def _addmm(bias: torch.Tensor, m1: torch.Tensor, m2: torch.Tensor, **kwargs: Any) -> torch.Tensor:
    _check_product(m1, m2)
    return m1.new_empty((m1.shape[0], m2.shape[1]))


def _like_first(t: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    return _empty_like(t)


def _like(t: torch.Tensor, *args: Any, dtype: torch.dtype | None = None, layout: Any = None, device: Any = None,
          pin_memory: Any = None, memory_format: torch.memory_format | None = None) -> torch.Tensor | None:
    """empty_like, zeros_like and the like on the meta device."""
    if (device is not None and torch.device(device).type != "meta") or memory_format not in (
            None, torch.preserve_format, torch.contiguous_format, torch.channels_last):
        return None
    out = _empty_like(t, None if memory_format is torch.preserve_format else memory_format)
    return out if dtype is None or dtype == out.dtype else out.to(dtype)


def _self(t: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    return t


def pointwise(func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """The output of a pointwise op whose tensor arguments all have one shape, dtype and layout:
    a tensor like the first (or the first itself, in place); None when it takes the real kernel."""
    if kwargs or not _is_pointwise(func):
        return None
    tensors = [a for a in args if isinstance(a, torch.Tensor)]
    if not tensors or any(not isinstance(a, (torch.Tensor, int, float, bool)) for a in args):
        return None
    first = tensors[0]
    if any(t.shape != first.shape or t.dtype != first.dtype or t.stride() != first.stride() for t in tensors[1:]):
        return None
    if any(isinstance(a, float) for a in args) and not first.is_floating_point():
        return None
    if torch.Tag.inplace in func.tags:
        return first
    returns = func._schema.returns
    dense = first.is_contiguous() or first.is_contiguous(memory_format=torch.channels_last)
    if len(returns) != 1 or str(returns[0].type) != "Tensor" or func._schema.is_mutable or not dense:
        return None
    return _empty_like(first) if func.__name__.split(".")[0] not in _NOT_SAME_DTYPE else None


def _is_pointwise(func: Any) -> bool:
    if torch.Tag.pointwise in func.tags:
        return True
    if torch.Tag.inplace not in func.tags:
        return False
    base = getattr(aten, func._schema.name.split("::")[-1][:-1], None)
    overload = getattr(base, func._overloadname, None) if base is not None else None
    return overload is not None and torch.Tag.pointwise in overload.tags


_NOT_SAME_DTYPE = {"eq", "ne", "lt", "le", "gt", "ge", "isnan", "isinf", "isfinite", "logical_not", "logical_and",
                   "logical_or", "logical_xor", "signbit", "div", "true_divide", "sqrt", "rsqrt", "exp", "log",
                   "sigmoid", "tanh", "reciprocal", "pow", "bitwise_not", "abs", "angle", "real", "imag"}


def _foreach_out(tensors: list[torch.Tensor], *args: Any, **kwargs: Any) -> list[torch.Tensor]:
    return [_empty_like(t) for t in tensors]


def _in_place(*args: Any, **kwargs: Any) -> None:
    return None


def _table() -> dict[Any, Callable[..., Any]]:
    table: dict[Any, Callable[..., Any]] = {
        aten.native_batch_norm.default: _batch_norm,
        aten.native_batch_norm_backward.default: _batch_norm_backward,
        aten.threshold_backward.default: _like_first,
        aten.cudnn_batch_norm.default: _cudnn_batch_norm,
        aten.cudnn_batch_norm_backward.default: _cudnn_batch_norm_backward,
        aten.mm.default: _matmul,
        aten.addmm.default: _addmm,
        aten.hardswish_backward.default: _like_first,
        aten.hardswish_.default: _self,
        aten.clone.default: _like_first,
        aten.empty_like.default: _like,
        aten.zeros_like.default: _like,
        aten.ones_like.default: _like,
        aten.full_like.default: _like,
        aten.hardsigmoid_backward.default: _like_first,
    }
    for name in ("_foreach_sqrt", "_foreach_mul", "_foreach_add", "_foreach_div", "_foreach_neg"):
        packet = getattr(aten, name, None)
        for overload in packet.overloads() if packet is not None else ():
            table[getattr(packet, overload)] = _foreach_out
    for name in ("_foreach_add_", "_foreach_mul_", "_foreach_lerp_", "_foreach_addcmul_", "_foreach_addcdiv_",
                 "_foreach_div_", "_foreach_sqrt_", "_foreach_maximum_", "_foreach_zero_", "_foreach_sub_"):
        packet = getattr(aten, name, None)
        for overload in packet.overloads() if packet is not None else ():
            table[getattr(packet, overload)] = _in_place
    return table


FAST: dict[Any, Callable[..., Any]] = _table()
