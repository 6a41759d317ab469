"""Formulas for the tensors alive at the peak: '64 × 1 × 28 × 28 × 4 B = 200,704 B'."""

from __future__ import annotations

import re
from functools import lru_cache

from ..units import grouped
from .config import TrainingConfig
from .simulate import Group, LiveTensor
from .step.optimizers import OPTIMIZERS
from .step.phases import LABEL_BYTES

__all__ = ["PHRASES", "SHOWN", "component_formula", "phrases", "tensor_formula", "tensor_shape", "workspace_formula"]

_PARAM = re.compile(r"(?:.*_)?([Wb])(\d+)$")
SHOWN = 6

# The words around the numbers, per interface language; the numbers and names stay as they are.
PHRASES: dict[str, dict[str, str]] = {
    "en": {
        "none": "nothing of this kind is alive at the peak",
        "scalar": "{name} = one {dtype} scalar, {width} B",
        "more": "{count} more {bytes} B",
        "total": "total {bytes} B",
        "blocks_512": "held in 512-byte blocks: {bytes} B",
        "blocks_whole": "held in whole cached blocks: {bytes} B",
        "parameters": "{count} parameters × {size} B: ",
        "state": "{copies} of the parameters ({names}): ",
        "copy": "1 copy",
        "copies": "{n} copies",
        "workspace": "workspaces the allocator keeps for cuBLAS: {parts} = {bytes} B ({source})",
        "cublas_workspace": "cuBLAS, main thread",
        "cublaslt_workspace": "cuBLASLt",
        "cublas_workspace_autograd": "cuBLAS, autograd thread",
        "measured": "measured",
        "estimated": "estimated",
        "calibrated": "calibrated on this machine",
        "naive_params": "2 × {count} parameters × {size} B = {bytes} B",
        "naive_label": "label",
        "naive_hidden": "2 × Σ hidden",
        "naive_outputs": "(Σ of the {n} layers' outputs)",
        "naive_autocast": "{dtype} under autocast",
    },
    "zh_CN": {
        "none": "峰值时没有这类张量",
        "scalar": "{name} = 一个 {dtype} 标量，{width} B",
        "more": "另外 {count} 个，{bytes} B",
        "total": "合计 {bytes} B",
        "blocks_512": "按 512 字节块分配：{bytes} B",
        "blocks_whole": "占用整块缓存：{bytes} B",
        "parameters": "{count} 个参数 × {size} B：",
        "state": "参数的 {copies}（{names}）：",
        "copy": "1 份副本",
        "copies": "{n} 份副本",
        "workspace": "分配器为 cuBLAS 保留的工作区：{parts} = {bytes} B（{source}）",
        "cublas_workspace": "cuBLAS 主线程",
        "cublaslt_workspace": "cuBLASLt",
        "cublas_workspace_autograd": "cuBLAS 自动求导线程",
        "measured": "实测",
        "estimated": "估计值",
        "calibrated": "本机校准",
        "naive_params": "2 × {count} 个参数 × {size} B = {bytes} B",
        "naive_label": "标签",
        "naive_hidden": "2 × Σ 隐藏层宽度",
        "naive_outputs": "（{n} 个层的输出之和）",
        "naive_autocast": "autocast 下为 {dtype}",
    },
}


def phrases(language: str) -> dict[str, str]:
    return PHRASES.get(language, PHRASES["en"])


def tensor_shape(name: str, config: TrainingConfig) -> tuple[int, ...] | None:
    """The shape of a tensor of the loop, from its role name; None if it has no simple one."""
    role, j = _role(name)
    if role == "input":
        return (config.micro_batch, *config.image_shape)
    if role == "labels":
        return (config.micro_batch,)
    if role == "scores":
        return (config.micro_batch, config.class_count)
    if role == "scalar":
        return ()
    if role == "activation":
        return (config.micro_batch, config.widths[j])
    if role == "weight":
        return (config.widths[j], config.widths[j - 1])
    if role == "bias":
        return (config.widths[j],)
    return None


_ROLES = {
    "x": "input", "y": "labels", "out": "scores", "log_probs": "scores", "grad_log_probs": "scores",
    "grad_out": "scores", "loss": "scalar", "total_weight": "scalar", "grad_loss": "scalar",
}
_ACTIVATION = re.compile(r"(?:grad_)?([za])(\d+)")


@lru_cache(maxsize=1024)
def _role(name: str) -> tuple[str, int]:
    """What a tensor's name says of its shape, and the layer it names ("none", 0: nothing);
    remembered, as the names are the same at every batch."""
    if name in _ROLES:
        return _ROLES[name], 0
    found = _ACTIVATION.fullmatch(name)
    if found:
        return "activation", int(found.group(2))
    found = _PARAM.fullmatch(name)
    if found:
        return "weight" if found.group(1) == "W" else "bias", int(found.group(2))
    return "none", 0


def tensor_formula(t: LiveTensor, config: TrainingConfig, language: str = "en") -> str:
    """'x = 64 × 1 × 28 × 28 × 4 B = 200,704 B'."""
    if t.shape is not None:
        return _formula(t.name, t.requested, t.shape, t.itemsize, t.dtype or config.dtype,
                        t.component == "workspace", language)
    width = LABEL_BYTES if t.name == "y" else config.itemsize
    return _formula(t.name, t.requested, tensor_shape(t.name, config), width, t.dtype or config.dtype, False,
                    language)


@lru_cache(maxsize=4096)
def _formula(name: str, requested: int, shape: tuple[int, ...] | None, width: int, dtype: str, opaque: bool,
             language: str) -> str:
    """A tensor's formula from what it reads (remembered: most tensors do not change with the
    batch, and a key holding the config, batch and all, never met the same tensor twice);
    `opaque`: a traced workspace, shown by its bytes alone."""
    if shape is None or opaque:
        return f"{name} {grouped(requested)} B"
    if not shape:
        return phrases(language)["scalar"].format(name=name, dtype=dtype, width=width)
    factors = " × ".join(grouped(n) for n in (*shape, width))
    return f"{name} = {factors} B = {grouped(requested)} B"


def component_formula(
    config: TrainingConfig, component: str, tensors: Group, parameter_count: int, language: str = "en"
) -> str:
    """The formula of a component's tensors at a moment (`tensors.shown`: at least its first SHOWN)."""
    words = phrases(language)
    if not tensors.count:
        return words["none"]
    shown = tensors.shown[:SHOWN]
    parts = [tensor_formula(t, config, language) for t in shown]
    if tensors.count > len(shown):
        rest = tensors.requested - sum(t.requested for t in shown)
        parts.append(words["more"].format(count=tensors.count - len(shown), bytes=grouped(rest)))
    if tensors.count > 1:
        parts.append(words["total"].format(bytes=grouped(tensors.requested)))
    if tensors.blocks != tensors.requested:
        parts.append(words["blocks_whole" if tensors.whole else "blocks_512"].format(bytes=grouped(tensors.blocks)))
    return _heading(config, component, parameter_count, words) + "; ".join(parts)


def workspace_formula(tensors: Group, source: str, note: str, language: str = "en") -> str:
    """The library workspaces alive, one per handle that has run a matmul, and where their
    sizes come from (`tensors.shown`: all of them)."""
    words = phrases(language)
    if not tensors.count:
        return words["none"]
    parts = " + ".join(f"{words.get(t.name, t.name)} {grouped(t.requested)} B" for t in tensors.shown)
    origin = words.get(source, source) + (f", {note}" if note else "")
    text = words["workspace"].format(parts=parts, bytes=grouped(tensors.requested), source=origin)
    blocks = tensors.blocks
    return text + ("; " + words["blocks_whole"].format(bytes=grouped(blocks)) if blocks != tensors.requested else "")


def _heading(config: TrainingConfig, component: str, parameter_count: int, words: dict[str, str]) -> str:
    if component == "parameters":
        return words["parameters"].format(count=grouped(parameter_count), size=config.itemsize)
    if component == "optimizer_state":
        state = OPTIMIZERS[config.optimizer].state
        copies = words["copy"] if len(state) == 1 else words["copies"].format(n=len(state))
        return words["state"].format(copies=copies, names=", ".join(state))
    return ""
