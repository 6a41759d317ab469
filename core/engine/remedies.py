"""When it does not fit: what changing one thing does, each with its peak, max batch and cost.

The course's advice, made exact: a smaller batch first, then mixed precision; gradient
checkpointing trades compute for activations; an optimizer with less state; and the allocator
setting PyTorch recommends against fragmentation. Each remedy is estimated like any config, so
its figures are as right as the estimate's, and the list is ranked by the device memory saved.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from .config import TrainingConfig
from .errors import ConfigError
from .estimate import Estimate, estimate
from .schema import Count, field

__all__ = ["ACCUMULATION_TRIES", "BATCH_REMEDIES", "REMEDY_TEXTS", "Remedy", "accumulation_steps_to_try",
           "remedies"]

BATCH_REMEDIES = ("max_batch", "recommended")
ACCUMULATION_TRIES = 12
"""Gradient accumulation's remedy tries at most this many splits of the batch (each is traced)."""

REMEDY_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "en": {
        "max_batch": ("the largest batch that fits: {batch}", "fewer samples per step: more steps per epoch"),
        "recommended": ("the recommended batch (80 % of the largest): {batch}",
                        "fewer samples per step; room for what the estimate cannot see"),
        "zero_grad": ("zero_grad() before the forward pass", "none: the gradients are freed earlier"),
        "amp_float16": ("mixed precision, float16 (torch.autocast with GradScaler)",
                        "float16 needs the GradScaler against underflowing gradients"),
        "amp_bfloat16": ("mixed precision, bfloat16 (torch.autocast)", "needs a GPU with bfloat16 (Ampere or newer)"),
        "checkpoint": ("gradient checkpointing, {segments} segments",
                       "about one more forward pass per step (slower)"),
        "sgd_momentum": ("SGD with momentum instead of {optimizer}", "one state copy instead of two: "
                         "a different optimizer changes training"),
        "sgd": ("plain SGD instead of {optimizer}", "no optimizer state: a different optimizer changes training"),
        "expandable": ("PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True",
                       "none: the allocator grows its segments instead of caching many"),
        "combined": ("all of these that keep batch {batch}: {what}", "the costs of each"),
        "larger_batch": ("", "more memory per step; fewer steps per epoch"),
        "checkpoint_blocks": ("gradient checkpointing of each block ({blocks})",
                              "those blocks' forward pass runs twice per step (slower)"),
        "with_batch": ("with it the largest batch is {largest}, recommended {recommended}", ""),
        "ddp": ("DDP on {gpus} GPUs (global batch {global_batch})",
                "every GPU holds the whole model and a second copy of the gradients in the buckets"),
        "fsdp": ("FSDP on {gpus} GPUs (global batch {global_batch})",
                 "each block's parameters are gathered before its forward and backward: more communication"),
        "accumulation": ("gradient accumulation: {steps} micro-batches of {micro} keep the effective batch {batch}",
                         "{steps} smaller steps: slower per sample; BatchNorm statistics over {micro} samples"),
    },
    "zh_CN": {
        "max_batch": ("能放下的最大批量：{batch}", "每步样本更少：每个 epoch 步数更多"),
        "recommended": ("推荐批量（最大值的 80 %）：{batch}", "每步样本更少；为估算看不到的内存留出余量"),
        "zero_grad": ("在前向传播之前调用 zero_grad()", "无：梯度更早释放"),
        "amp_float16": ("混合精度 float16（torch.autocast 加 GradScaler）", "float16 需要 GradScaler 防止梯度下溢"),
        "amp_bfloat16": ("混合精度 bfloat16（torch.autocast）", "需要支持 bfloat16 的 GPU（Ampere 或更新）"),
        "checkpoint": ("梯度检查点，{segments} 段", "每步大约多一次前向传播（更慢）"),
        "sgd_momentum": ("用带动量的 SGD 代替 {optimizer}", "一份状态副本而不是两份：换优化器会改变训练"),
        "sgd": ("用普通 SGD 代替 {optimizer}", "没有优化器状态：换优化器会改变训练"),
        "expandable": ("PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True", "无：分配器扩展段而不是缓存许多段"),
        "combined": ("保持批量 {batch} 的所有可行改动：{what}", "各项代价之和"),
        "larger_batch": ("", "每步占用更多内存；每个 epoch 步数更少"),
        "checkpoint_blocks": ("对每个模块块做梯度检查点（{blocks}）", "这些块的前向传播每步运行两次（更慢）"),
        "with_batch": ("这样最大批量为 {largest}，推荐 {recommended}", ""),
        "ddp": ("在 {gpus} 个 GPU 上用 DDP（全局批量 {global_batch}）", "每个 GPU 都保存整个模型，桶里还有一份梯度"),
        "fsdp": ("在 {gpus} 个 GPU 上用 FSDP（全局批量 {global_batch}）",
                 "每个块在前向和反向之前都要收集参数：通信更多"),
        "accumulation": ("梯度累积：{steps} 个微批次，每个 {micro} 个样本，保持有效批量 {batch}",
                         "{steps} 个更小的步：每个样本更慢；BatchNorm 的统计只基于 {micro} 个样本"),
    },
}


@dataclass(frozen=True)
class Remedy:
    key: str
    config: TrainingConfig
    estimate: Estimate
    saved_bytes: int
    """Device memory the step needs (reserved plus context at the peak) less than now: positive,
    it saves that much; negative, it needs that much more (a larger batch); 0, the same."""
    parts: tuple[str, ...] = ()
    """For the combination: the remedies it combines."""
    helps: bool = True
    """False: at this batch it neither saves device memory nor raises the largest batch (a batch
    remedy: its batch does not fit). Listed only when asked for, as "does not help here"."""

    @property
    def fits(self) -> bool:
        return self.estimate.fits

    @property
    def changes_batch(self) -> bool:
        """The largest or the recommended batch: a change of batch, not of how the step runs."""
        return self.key in BATCH_REMEDIES

    @property
    def max_batch_size(self) -> int:
        """The largest batch that trains with this change (the estimate's, one computation)."""
        return self.estimate.max_batch_size

    @property
    def recommended_batch_size(self) -> int:
        return self.estimate.recommended_batch_size

    def text(self, current: TrainingConfig, language: str = "en") -> tuple[str, str]:
        """(what changes, what it costs) in `language`."""
        words = REMEDY_TEXTS.get(language, REMEDY_TEXTS["en"])
        change, cost = words[self.key]
        if self.changes_batch and self.config.batch_size > current.batch_size:
            cost = words["larger_batch"][1]
        fields = _fields(current, self.config, self.estimate)
        what = ", ".join(words[p][0].format(**fields) for p in self.parts)
        return change.format(**fields, what=what), cost.format(**fields)

    def batch_text(self, language: str = "en") -> str:
        """"with it the largest batch is 363, recommended 290": the batch remedies that go with
        this change, in the same row."""
        words = REMEDY_TEXTS.get(language, REMEDY_TEXTS["en"])
        return words["with_batch"][0].format(largest=f"{self.max_batch_size:,}",
                                             recommended=f"{self.recommended_batch_size:,}")

    def to_dict(self, current: TrainingConfig) -> dict[str, object]:
        change, cost = self.text(current)
        return {"remedy": self.key, "change": change, "cost": cost, "peak_bytes": self.estimate.peak_bytes,
                "device_used_bytes": self.estimate.device_used_bytes, "demand_bytes": self.estimate.demand_bytes,
                "fits": self.fits,
                "max_batch_size": self.max_batch_size, "recommended_batch_size": self.recommended_batch_size,
                "saved_bytes": self.saved_bytes, "helps": self.helps, "changes_batch": self.changes_batch,
                "batch_text": self.batch_text(),
                "batch_size": self.config.batch_size}


def _fields(current: TrainingConfig, config: TrainingConfig, after: Estimate) -> dict[str, object]:
    from .step.optimizers import OPTIMIZERS

    return {"batch": f"{config.batch_size:,}", "segments": config.checkpoint_segments or 0,
            "optimizer": OPTIMIZERS[current.optimizer].label, "blocks": ", ".join(_blocks(after)),
            "gpus": config.gpus, "global_batch": f"{config.gpus * config.batch_size:,}",
            "steps": config.accumulation_steps, "micro": f"{config.micro_batch:,}"}


def _blocks(e: Estimate) -> list[str]:
    """The top-level modules with modules inside: what checkpoint_blocks wraps."""
    modules = e.step.modules or ()
    parents = {m.name.partition(".")[0] for m in modules if m.depth > 1}
    return [m.name for m in modules if m.depth == 1 and m.name in parents]


def remedies(config: TrainingConfig, unhelpful: bool = False) -> list[Remedy]:
    """What changing one thing does, the most device memory saved first; then the combination of
    the ones that keep the batch size. Remedies that do not apply to the config are left out, and
    so are those that do not help here (`helps` False), unless `unhelpful`: then they come last."""
    now = estimate(config)
    found = [_remedy(key, changed, now) for key, changed in _candidates(config, now)] + [_accumulation(now)]
    single = sorted((r for r in found if r is not None), key=lambda r: (not r.helps, not r.fits, -r.saved_bytes))
    combined = _combined(config, now, [r for r in single if r.helps and r.config.batch_size == config.batch_size])
    listed = single + ([combined] if combined is not None else [])
    return sorted(listed, key=lambda r: not r.helps) if unhelpful else [r for r in listed if r.helps]


def _candidates(config: TrainingConfig, now: Estimate) -> list[tuple[str, dict[str, object]]]:
    out: list[tuple[str, dict[str, object]]] = []
    largest = now.max_batch_size
    if largest and largest != config.batch_size:
        out.append(("max_batch", {"batch_size": largest}))
    recommended = now.recommended_batch_size
    if recommended and recommended not in (config.batch_size, largest):
        out.append(("recommended", {"batch_size": recommended}))
    if config.zero_grad != "before-forward":
        out.append(("zero_grad", {"zero_grad": "before-forward"}))
    if config.amp is None and config.dtype == "float32":
        out += [("amp_float16", {"amp": "float16"}), ("amp_bfloat16", {"amp": "bfloat16", "grad_scaler": False})]
    segments = _segments(config)
    if segments:
        out.append(("checkpoint", {"checkpoint_segments": segments}))
    elif config.model_spec.is_sequence is not True and config.checkpoint_segments is None and \
            not config.checkpoint_blocks:
        out.append(("checkpoint_blocks", {"checkpoint_blocks": True}))
    if config.optimizer in ("adam", "adamw", "rmsprop", "adagrad"):
        if config.optimizer in ("adam", "adamw"):
            out.append(("sgd_momentum", {"optimizer": "sgd-momentum"}))
        out.append(("sgd", {"optimizer": "sgd"}))
    if config.gpus > 1:  # the GPU count is given: the other strategy on as many GPUs
        out += [(s, {"strategy": s, "fsdp_reshard_after_forward": True, "fsdp_mixed_precision": None,
                     "ddp_bucket_view": False}) for s in ("ddp", "fsdp") if s != config.strategy]
    if not config.alloc.expandable_segments:
        alloc = ",".join(filter(None, ["expandable_segments:True", config.alloc.text]))
        out.append(("expandable", {"alloc_conf": alloc}))
    return out


def _segments(config: TrainingConfig) -> int | None:
    """About √(layers) segments, for a model that is a sequence of layers."""
    if config.checkpoint_segments is not None or config.model_spec.is_sequence is not True:
        return None
    segments = max(2, round(math.sqrt(config.sequence_length)))
    return segments if segments <= config.sequence_length else None


def _remedy(key: str, changed: dict[str, object], now: Estimate) -> Remedy | None:
    try:
        config = replace(now.config, **changed)  # type: ignore[arg-type]
        after = estimate(config)
    except ConfigError:
        return None
    saved = now.demand_bytes - after.demand_bytes
    if key in BATCH_REMEDIES:
        helps = after.fits
    else:
        helps = saved > 0 or after.max_batch_size > now.max_batch_size
    return Remedy(key, config, after, saved, helps=helps)


def accumulation_steps_to_try(batch: int) -> list[int]:
    """The accumulation steps a batch can split into, fewest first: its divisors from 2 up to the
    field's bound (a micro-batch of one sample at most)."""
    kind = field("accumulation_steps").kind
    high = min(batch, kind.high if isinstance(kind, Count) else batch)
    return [n for n in range(2, high + 1) if batch % n == 0][:ACCUMULATION_TRIES]


def _accumulation(now: Estimate) -> Remedy | None:
    """Gradient accumulation that keeps the batch: the fewest micro-batches that fit (two, where it
    fits already: what it saves); where none of the tried splits fits, the last tried."""
    config = now.config
    if config.accumulation_steps != 1 or config.inference or config.distributed:
        return None
    tried: Remedy | None = None
    for steps in accumulation_steps_to_try(config.batch_size):
        tried = _remedy("accumulation", {"accumulation_steps": steps}, now)
        if now.fits or (tried is not None and tried.fits):
            break
    return tried


def _combined(config: TrainingConfig, now: Estimate, helping: list[Remedy]) -> Remedy | None:
    """Every remedy that keeps the batch and saves memory, together (float16 and bfloat16 are
    alternatives: the one that saves more)."""
    chosen: list[Remedy] = []
    for r in helping:
        if r.key in ("ddp", "fsdp", "accumulation"):  # another way to run the batch, not one more saving
            continue
        if r.saved_bytes <= 0 or (r.key.startswith("amp_") and any(c.key.startswith("amp_") for c in chosen)):
            continue
        if r.key == "sgd" and any(c.key == "sgd_momentum" for c in chosen):
            continue
        if r.key == "sgd_momentum" and any(c.key == "sgd" for c in chosen):
            continue
        chosen.append(r)
    if len(chosen) < 2:
        return None
    changed: dict[str, object] = {}
    for r in chosen:
        changed.update({f: getattr(r.config, f) for f in ("zero_grad", "amp", "grad_scaler", "checkpoint_segments",
                                                           "checkpoint_blocks", "optimizer", "alloc_conf")
                        if getattr(r.config, f) !=
                        getattr(config, f)})
    remedy = _remedy("combined", changed, now)
    return None if remedy is None else replace(remedy, parts=tuple(r.key for r in chosen))
