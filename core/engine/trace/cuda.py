"""The ops that take another path on CUDA than on the meta device, put back for the trace.

A few composite ops look at `is_cuda()` and pick a kernel that allocates other tensors:
dropout uses the fused `native_dropout` (a bool mask, not a float noise tensor), batch norm uses
cuDNN for float32 and half inputs with float32 weights, a half-precision softmax asked for a
float32 result writes it directly (`half_to_float`) instead of converting its input first, and
scaled_dot_product_attention takes a fused kernel that keeps a log-sum-exp, not the attention
matrix, for backward. The
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


def attention_backend(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, mask: Any, dropout_p: float) -> str:
    """The fused kernel scaled_dot_product_attention takes on an H100 (torch 2.11, cuDNN 9.19:
    cuDNN first for half precision, then flash, then memory-efficient; float32 memory-efficient),
    from sdp_utils' checks for dense 4-D inputs; "math" when none applies."""
    if q.dim() != 4 or k.dim() != 4 or v.dim() != 4:
        return "math"
    d_qk, d_v = q.shape[-1], v.shape[-1]
    if q.dtype in (torch.float16, torch.bfloat16):
        sixteenths = dropout_p * 16
        aligned = d_qk <= 128 and d_v <= 128 and d_qk % 8 == 0 and d_v % 8 == 0
        if aligned and abs(sixteenths - round(sixteenths)) < 1e-9 and k.shape[-2] != 1:
            return "cudnn"
        if mask is None and d_qk == d_v and d_qk <= 256:
            return "flash"
        return "efficient" if d_qk % 8 == 0 and d_v % 8 == 0 else "math"
    if q.dtype == torch.float32 and d_qk % 4 == 0 and d_v % 4 == 0:
        return "efficient"
    return "math"


def _attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor, attn_mask: Any = None, dropout_p: float = 0.0,
               is_causal: bool = False, scale: float | None = None, enable_gqa: bool = False) -> torch.Tensor:
    backend = "math" if enable_gqa else attention_backend(q, k, v, attn_mask, dropout_p)
    grad = torch.is_grad_enabled() and any(t.requires_grad for t in (q, k, v))
    if backend == "cudnn":
        return aten._scaled_dot_product_cudnn_attention(q, k, v, attn_mask, grad, dropout_p, is_causal, False,
                                                        scale=scale)[0]
    if backend == "flash":
        return aten._scaled_dot_product_flash_attention(q, k, v, dropout_p, is_causal, False, scale=scale)[0]
    if backend == "efficient":
        return aten._scaled_dot_product_efficient_attention(q, k, v, attn_mask, grad, dropout_p, is_causal,
                                                            scale=scale)[0]
    return aten._scaled_dot_product_attention_math(q, k, v, attn_mask, dropout_p, is_causal, None, scale=scale,
                                                   enable_gqa=enable_gqa)[0]


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
            lib.impl("scaled_dot_product_attention", _attention, "AutogradMeta")
        yield
    finally:
        lib._destroy()
