"""The ops that take another path on CUDA than on the meta device, put back for the trace.

A few composite ops look at `is_cuda()` and pick a kernel that allocates other tensors:
dropout uses the fused `native_dropout` (a bool mask, not a float noise tensor), batch norm uses
cuDNN for float32 and half inputs with float32 weights, and a half-precision softmax asked for a
float32 result writes it directly (`half_to_float`) instead of converting its input first. The
overrides are registered at the AutogradMeta key for the length of a trace and removed after, so
nothing else in the process sees them.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from typing import Any

import torch

__all__ = ["cuda_paths", "uses_cudnn_batch_norm"]

aten = torch.ops.aten


def _dropout(x: torch.Tensor, p: float, train: bool) -> torch.Tensor:
    if train and 0 < p < 1 and x.numel() > 0:
        return aten.native_dropout(x, p, train)[0]
    if train and p == 1:
        return aten.mul(x, aten.zeros_like(x))
    return x


def uses_cudnn_batch_norm(x: torch.Tensor, weight: Any, bias: Any, running_mean: Any, running_var: Any,
                          training: bool) -> bool:
    """`_select_batch_norm_backend` of aten/src/ATen/native/Normalization.cpp, as on CUDA."""
    if weight is None or bias is None or x.dim() < 3:
        return False
    if torch.bfloat16 in (x.dtype, weight.dtype) or (x.dtype == torch.float16 and weight.dtype != torch.float32):
        return False
    if x.dtype == torch.float64:
        return False
    stats = (running_mean is None) == (running_var is None) and (running_mean is not None or training)
    small = x.shape[0] <= (880801 if training else 65535)
    return stats and small and x.numel() < 2**31 - 1


def _batch_norm(x: torch.Tensor, weight: Any, bias: Any, running_mean: Any, running_var: Any, training: bool,
                momentum: float, eps: float, cudnn_enabled: bool) -> torch.Tensor:
    if cudnn_enabled and uses_cudnn_batch_norm(x, weight, bias, running_mean, running_var, training):
        fmt = torch.channels_last if x.dim() == 4 and x.is_contiguous(memory_format=torch.channels_last) \
            and not x.is_contiguous() else torch.contiguous_format
        return aten.cudnn_batch_norm(x.contiguous(memory_format=fmt), weight, bias, running_mean, running_var,
                                     training, momentum, eps)[0]
    return aten._batch_norm_impl_index(x, weight, bias, running_mean, running_var, training, momentum, eps,
                                       cudnn_enabled)[0]


def _softmax(fused: Any) -> Any:
    def softmax(x: torch.Tensor, dim: int, dtype: torch.dtype | None = None) -> torch.Tensor:
        if x.dtype == torch.float16 and dtype == torch.float32:
            return fused(x, dim, True)
        return fused(x.to(dtype) if dtype is not None else x, dim, False)

    return softmax


@contextlib.contextmanager
def cuda_paths() -> Iterator[None]:
    """Within the block, meta tensors take the CUDA paths of these composite ops."""
    lib = torch.library.Library("aten", "IMPL")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            lib.impl("dropout", _dropout, "AutogradMeta")
            lib.impl("batch_norm", _batch_norm, "AutogradMeta")
            lib.impl("log_softmax.int", _softmax(aten._log_softmax), "AutogradMeta")
            lib.impl("softmax.int", _softmax(aten._softmax), "AutogradMeta")
        yield
    finally:
        lib._destroy()
