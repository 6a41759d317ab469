"""CUDA autocast on the meta device: what `torch.autocast("cuda")` casts, and when it frees it.

Meta tensors carry no autocast key and PyTorch's own autocast kernels only cast CUDA tensors,
so a trace would keep everything in float32. Here the CUDA policy of
aten/src/ATen/autocast_mode.cpp is registered as Python kernels at the AutocastCUDA key for the
length of a trace, and the key is included for meta tensors: the casts happen above autograd, as
on CUDA, so backward converts the gradients back. Lists (torch 2.14, the same as 2.11's but for
newer ops):

* lower precision: the matrix products and convolutions cast every floating argument (the bias
  too) to the autocast dtype; float32 parameters are cast once and cached until the outermost
  autocast block exits, as `cached_cast` does;
* float32: losses, norms, exp/log and the like cast half-precision arguments to float32;
* float32 unless a dtype is given: softmax, sums and cumulative ops pass dtype=float32;
* promote: ops of several tensors cast them to the widest.
"""

from __future__ import annotations

import contextlib
import warnings
import weakref
from collections.abc import Callable, Iterator
from typing import Any

import torch

__all__ = ["cuda_autocast"]

_LOWER = (
    "_convolution", "_convolution.deprecated", "conv1d", "conv2d", "conv3d", "conv_tbc", "conv_transpose1d",
    "conv_transpose2d.input", "conv_transpose3d.input", "convolution", "prelu", "addmm", "addmv", "addr", "matmul",
    "einsum", "mm", "mv", "linalg_vecdot", "linear", "addbmm", "baddbmm", "bmm", "chain_matmul", "linalg_multi_dot",
    "_thnn_fused_lstm_cell", "_thnn_fused_gru_cell", "lstm_cell", "gru_cell", "rnn_tanh_cell", "rnn_relu_cell",
    "_scaled_dot_product_flash_attention", "scaled_dot_product_attention", "cudnn_convolution",
    "cudnn_convolution_transpose",
)
_FP32 = (
    "acos", "asin", "cosh", "erfinv", "exp", "expm1", "log", "log10", "log2", "log1p", "reciprocal", "rsqrt", "sinh",
    "tan", "pow.Tensor_Scalar", "pow.Tensor_Tensor", "pow.Scalar", "softplus", "layer_norm", "native_layer_norm",
    "rms_norm", "group_norm", "frobenius_norm.dim", "nuclear_norm", "nuclear_norm.dim", "cosine_similarity",
    "poisson_nll_loss", "cosine_embedding_loss", "nll_loss", "nll_loss2d", "hinge_embedding_loss", "kl_div",
    "l1_loss", "smooth_l1_loss", "huber_loss", "mse_loss", "margin_ranking_loss", "multilabel_margin_loss",
    "soft_margin_loss", "triplet_margin_loss", "multi_margin_loss", "binary_cross_entropy_with_logits", "dist",
    "pdist", "cdist", "renorm", "logsumexp", "upsample_nearest1d", "_upsample_nearest_exact1d", "upsample_nearest2d",
    "_upsample_nearest_exact2d", "upsample_nearest3d", "_upsample_nearest_exact3d", "upsample_linear1d",
    "upsample_bilinear2d", "_upsample_bilinear2d_aa", "upsample_trilinear3d", "upsample_bicubic2d",
    "_upsample_bicubic2d_aa",
)
_FP32_DTYPE = (
    "prod", "prod.dim_int", "softmax.int", "log_softmax.int", "cumprod", "cumsum", "linalg_vector_norm",
    "linalg_matrix_norm", "linalg_matrix_norm.str_ord", "sum", "sum.dim_IntList",
)
_PROMOTE = ("addcdiv", "addcmul", "atan2", "bilinear", "cross", "dot", "vdot", "grid_sampler", "index_put",
            "tensordot", "scatter_add")

_KEY = torch._C.DispatchKey.AutocastCUDA


class _Casts:
    """The autocast cache: float32 leaves cast to the low dtype, kept until the block exits."""

    def __init__(self) -> None:
        self.cached: dict[int, tuple[weakref.ref[torch.Tensor], torch.Tensor]] = {}

    def clear(self) -> None:
        self.cached.clear()

    def cast(self, t: Any, dtype: torch.dtype) -> Any:
        if not _eligible(t) or t.dtype == dtype:
            return t
        cacheable = (dtype == torch.get_autocast_dtype("cuda") and t.dtype == torch.float32 and t.requires_grad
                     and t.is_leaf and not t._is_view() and torch.is_autocast_cache_enabled())
        if not cacheable:
            return t.to(dtype)
        hit = self.cached.get(id(t))
        if hit is not None and hit[0]() is t:
            return hit[1]
        casted = t.to(dtype)
        self.cached[id(t)] = (weakref.ref(t), casted)
        return casted


def _eligible(t: Any) -> bool:
    return (isinstance(t, torch.Tensor) and t.device.type in ("meta", "cuda") and t.is_floating_point()
            and t.dtype != torch.float64)


def _map(
    args: tuple[Any, ...], kwargs: dict[str, Any], fn: Callable[[Any], Any]
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    def one(a: Any) -> Any:
        if isinstance(a, (list, tuple)):
            return type(a)(fn(x) for x in a)
        return fn(a)

    return tuple(one(a) for a in args), {k: one(v) for k, v in kwargs.items()}


def _tensors(args: tuple[Any, ...], kwargs: dict[str, Any]) -> list[torch.Tensor]:
    out: list[torch.Tensor] = []
    for a in [*args, *kwargs.values()]:
        out += [x for x in (a if isinstance(a, (list, tuple)) else [a]) if isinstance(x, torch.Tensor)]
    return out


def _redispatch(op: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    with torch._C._ExcludeDispatchKeyGuard(torch._C.DispatchKeySet(_KEY)):
        return op(*args, **kwargs)


def _kernel(op: Any, policy: str, casts: _Casts) -> Callable[..., Any]:
    def lower(*args: Any, **kwargs: Any) -> Any:
        dtype = torch.get_autocast_dtype("cuda")
        return _redispatch(op, *_map(args, kwargs, lambda t: casts.cast(t, dtype)))

    def fp32(*args: Any, **kwargs: Any) -> Any:
        return _redispatch(op, *_map(args, kwargs, lambda t: casts.cast(t, torch.float32)))

    def fp32_dtype(*args: Any, **kwargs: Any) -> Any:
        return _redispatch(op, *_with_float32(op, args, kwargs))

    def promote(*args: Any, **kwargs: Any) -> Any:
        eligible = [t for t in _tensors(args, kwargs) if _eligible(t)]
        low = torch.get_autocast_dtype("cuda")
        dtype = torch.float32 if any(t.dtype == torch.float32 for t in eligible) else low
        return _redispatch(op, *_map(args, kwargs, lambda t: casts.cast(t, dtype)))

    return {"lower": lower, "fp32": fp32, "fp32_dtype": fp32_dtype, "promote": promote}[policy]


def _with_float32(op: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """fp32_set_opt_dtype: a missing dtype becomes float32 when the first argument is eligible."""
    if not args or not _eligible(args[0]):
        return args, kwargs
    names = [a.name for a in op._schema.arguments]
    if "dtype" not in names:
        return args, kwargs
    at = names.index("dtype")
    if at < len(args):
        if args[at] is None:
            args = (*args[:at], torch.float32, *args[at + 1:])
    elif kwargs.get("dtype") is None:
        kwargs = {**kwargs, "dtype": torch.float32}
    return args, kwargs


def _overload(name: str) -> Any:
    base, _, overload = name.partition(".")
    packet = getattr(torch.ops.aten, base, None)
    return None if packet is None else getattr(packet, overload or "default", None)


@contextlib.contextmanager
def cuda_autocast() -> Iterator[None]:
    """Within the block, torch.autocast("cuda", ...) casts meta tensors as it casts CUDA ones."""
    from torch.cuda.amp import common
    from torch.utils import checkpoint

    casts = _Casts()
    lib = torch.library.Library("aten", "IMPL")
    saved = (common.amp_definitely_not_available, torch.cuda.is_bf16_supported, torch.clear_autocast_cache,
             checkpoint._infer_device_type)
    original_clear, original_infer = saved[2], saved[3]

    def clear() -> None:
        casts.clear()
        original_clear()

    try:
        common.amp_definitely_not_available = lambda: False
        torch.cuda.is_bf16_supported = lambda *a, **k: True
        torch.clear_autocast_cache = clear
        checkpoint._infer_device_type = lambda *a: "cuda" if original_infer(*a) == "meta" else original_infer(*a)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for policy, names in (("lower", _LOWER), ("fp32", _FP32), ("fp32_dtype", _FP32_DTYPE),
                                  ("promote", _PROMOTE)):
                for name in names:
                    op = _overload(name)
                    if op is not None:
                        lib.impl(name, _kernel(op, policy, casts), "AutocastCUDA")
        with torch._C._IncludeDispatchKeyGuard(_KEY):
            yield
    finally:
        lib._destroy()
        (common.amp_definitely_not_available, torch.cuda.is_bf16_supported, torch.clear_autocast_cache,
         checkpoint._infer_device_type) = saved
