"""A traced model's training step as the engine's program, for every batch size at once.

The loop is traced at two small batch sizes. Both runs make the same allocations in the same
order; each size is then `a × B + b` bytes, which is what a Program holds, so one trace serves
the batch slider and the max-batch search without tracing again. A model whose step is not the
same at both sizes (its control flow depends on the batch) is traced at the batch asked for.
With gradient accumulation the sizes are the micro-batch's (the micro-batch is what scales), and
a program is evaluated at `TrainingConfig.micro_batch`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import TrainingConfig
from ..errors import ConfigError
from ..model.dims import Dim
from ..model.parameters import weight_parameters
from ..model.rows import ModuleRow, TensorInfo
from ..model.spec import ModelSpec, model_file_path
from ..step.convolutions import ConvWorkspace
from ..step.program import Program
from ..step.scratch import Reduction, Scratch
from ..user_code import location, running_model
from .kernels import ShapeMismatch
from .loop import LoopRun, run_loop
from .models import build_model, where_in

__all__ = ["TRACE_BATCHES", "TracedStep", "traced_step"]

TRACE_BATCHES = (2, 3)


@dataclass(frozen=True)
class TracedStep:
    """A model's step, traced: the program, and what the estimate tells about the model."""

    program: Program
    modules: tuple[ModuleRow, ...]
    parameter_count: int
    is_sequence: bool
    sequence_length: int


def traced_step(config: TrainingConfig, workspace: tuple[int, int], warm: bool = False) -> TracedStep:
    """The config's step (the batch size aside), traced once per model and training setup."""
    key = (config.model_spec, _source(config.model_spec), config.hidden, config.image_shape, config.class_count,
           config.dtype, config.optimizer, config.zero_grad, config.amp, config.grad_scaler,
           config.checkpoint_segments, config.checkpoint_blocks, config.mode, config.input_dtype, config.vocab,
           config.target, config.accumulation_steps, workspace, warm)
    found = _CACHE.pop(key, None) or _traced(config, workspace, warm)
    _CACHE[key] = found
    while len(_CACHE) > _CACHED:
        _CACHE.pop(next(iter(_CACHE)))
    return found


_CACHE: dict[tuple[Any, ...], TracedStep] = {}
_CACHED = 32


def clear_cache() -> None:
    """Forget the traces (benchmarks time a cold start)."""
    _CACHE.clear()


def _source(spec: ModelSpec) -> str | None:
    """A model file's content, as a digest: an edit, even within the same second, is traced anew."""
    if spec.kind != "file":
        return None
    path = model_file_path(spec.file)
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        raise ConfigError("model_file", spec.file, "unreadable", error=e.strerror or e) from None


def _user_file(spec: ModelSpec) -> Path | None:
    return model_file_path(spec.file) if spec.kind == "file" else None


def _traced(config: TrainingConfig, workspace: tuple[int, int], warm: bool) -> TracedStep:
    spec = config.model_spec
    path = _user_file(spec)
    with running_model("model_file" if path else "model", spec.name, path):
        runs = [_run(config, batch, workspace, warm, path) for batch in TRACE_BATCHES]
    slots = _linear_slots(runs)
    return TracedStep(_program(runs, slots), _module_rows(runs), _parameter_count(runs[0]), runs[0].is_sequence,
                      runs[0].sequence_length)


def _run(config: TrainingConfig, batch: int, workspace: tuple[int, int], warm: bool, path: Path | None) -> LoopRun:
    model = build_model(config)
    model.eval() if config.inference else model.train()
    try:
        return run_loop(config, model, batch, workspace, warm)
    except ConfigError:
        raise
    except NotImplementedError as e:
        raise ConfigError("model", config.model_spec.name, "untraceable_op",
                          error=_first(e) + location(e, path)) from None
    except (RuntimeError, ValueError, TypeError, IndexError, AssertionError) as e:
        shape = config.image_shape
        raise ConfigError("model", config.model_spec.name, "wrong_images", shape="×".join(map(str, shape)),
                          error=_channels(model, shape[0]) or _reason(e, config, batch)) from None


def _reason(error: BaseException, config: TrainingConfig, batch: int) -> str:
    """PyTorch's message, at the batch asked for, and for a model file the line of the user's
    code that raised it."""
    text = error.message(batch, config.micro_batch) if isinstance(error, ShapeMismatch) else _first(error)
    spec = config.model_spec
    if spec.kind != "file":
        return text
    return where_in(error, Path(spec.file).expanduser(), text)


def _channels(model: Any, channels: int) -> str:
    """'its first layer, conv1 (Conv2d), expects 3 channels': when the first convolution is why."""
    for name, module in model.named_modules():
        expected = getattr(module, "in_channels", None)
        if isinstance(expected, int):
            if expected == channels:
                return ""
            return f"its first layer, {name} ({type(module).__name__}), expects {expected} channels, not {channels}"
    return ""


def _first(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _signature(run: LoopRun) -> list[tuple[Any, ...]]:
    """The run's events without their sizes: what both runs must share."""
    keys: dict[int, int] = {}
    out: list[tuple[Any, ...]] = []
    count = 0
    for ev in run.events:
        if ev[0] == "alloc":
            keys[ev[1].key], count = count, count + 1
            out.append(("alloc", ev[1].name, ev[1].component, ev[1].module))
        elif ev[0] == "free":
            out.append(("free", keys[ev[1]]))
        elif ev[0] == "scratch":
            out.append(("scratch", *_scratch_signature(ev[1])))
        else:
            out.append(ev)
    return out


def _scratch_signature(record: tuple[Any, ...]) -> tuple[Any, ...]:
    """A scratch record's batch-independent part: a reduction's dims, a convolution's direction
    and weight."""
    return (record[0], record[1], record[3]) if record[0] == "conv" else (record[0], record[2])


def _scratch_spec(record: tuple[Any, ...], other: tuple[Any, ...], b1: int, b2: int) -> Scratch:
    """The spec of a scratch from its records at two batch sizes."""
    if record[0] == "conv":
        _, direction, x, w, y, stride, padding, dilation, groups, transposed, dtype, channels_last = record
        return ConvWorkspace(direction, _dims(x, other[2], b1, b2), w, _dims(y, other[4], b1, b2), stride, padding,
                             dilation, groups, transposed, dtype, channels_last)
    _, shape, dims, elem, acc, channels_last = record
    return Reduction(_dims(shape, other[1], b1, b2), dims, elem, acc, channels_last)


def _linear_slots(runs: list[LoopRun]) -> list[tuple[int, int]]:
    """(per-sample, fixed) bytes of every allocation, from its sizes in the two runs."""
    if _signature(runs[0]) != _signature(runs[1]):
        raise ConfigError("model", "", "batch_dependent")
    (b1, r1), (b2, r2) = ((r.batch, [ev[1].nbytes for ev in r.events if ev[0] == "alloc"]) for r in runs)
    out = []
    for n1, n2 in zip(r1, r2):
        a, rest = divmod(n2 - n1, b2 - b1)
        out.append((a, n1 - a * b1) if not rest else (0, max(n1, n2)))
    return out


def _dims(s1: tuple[int, ...], s2: tuple[int, ...], b1: int, b2: int) -> tuple[Dim, ...]:
    dims = []
    for d1, d2 in zip(s1, s2):
        a = (d2 - d1) // (b2 - b1)
        dims.append((a, d1 - a * b1))
    return tuple(dims)


def _program(runs: list[LoopRun], sizes: list[tuple[int, int]]) -> Program:
    first, second = runs
    p = Program()
    slots: dict[int, int] = {}
    allocs = iter(zip(sizes, (ev for ev in second.events if ev[0] in ("alloc",))))
    scratch = iter(ev for ev in second.events if ev[0] == "scratch")
    for ev in first.events:
        kind = ev[0]
        if kind == "phase":
            p.phase(ev[1], ev[2])
        elif kind == "alloc":
            (per_sample, fixed), other = next(allocs)
            entry = ev[1]
            info = TensorInfo(_dims(entry.shape, other[1].shape, first.batch, second.batch), entry.itemsize,
                              entry.module, entry.dtype)
            slots[entry.key] = p.alloc_slot(entry.name, entry.component, per_sample, fixed, info)
        elif kind == "free":
            p.free_slot(slots.pop(ev[1]))
        else:
            p.scratch(_scratch_spec(ev[1], next(scratch)[1], first.batch, second.batch))
    return p.compiled()


def _parameter_count(run: LoopRun) -> int:
    return sum(_numel(shape) for params in run.module_params.values() for _, shape in params)


def _numel(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _module_rows(runs: list[LoopRun]) -> tuple[ModuleRow, ...]:
    first, second = runs
    own = {name: sum(_numel(shape) for _, shape in params) for name, params in first.module_params.items()}
    totals = _subtree_sums(own)
    frozen = _subtree_sums({m: first.module_frozen.get(m, 0) for m in own})
    rows = []
    for name, kind in first.module_kinds.items():
        params = first.module_params.get(name, [])
        out1, out2 = first.module_outputs.get(name), second.module_outputs.get(name)
        output = _dims(out1, out2, first.batch, second.batch) if out1 is not None and out2 is not None else None
        saved = _dims((first.saved.get(name, 0),), (second.saved.get(name, 0),), first.batch, second.batch)[0]
        total = totals.get(name, 0)
        shapes = dict(params)
        rows.append(ModuleRow(name, kind, name.count(".") + 1 if name else 0, output, own.get(name, 0),
                              _formula(kind, params), saved, shapes.get("weight"), shapes.get("bias"), total,
                              total - frozen.get(name, 0)))
    return tuple(rows)


def _subtree_sums(values: dict[str, int]) -> dict[str, int]:
    """Per module, the sum of `values` over it and its descendants ("" is the model): each value
    added to its module's ancestors, so a model of n modules costs n × depth, not n × n."""
    sums: dict[str, int] = {}
    for name, value in values.items():
        for ancestor in _ancestors(name):
            sums[ancestor] = sums.get(ancestor, 0) + value
    return sums


def _ancestors(name: str) -> list[str]:
    """"a.b" → ["", "a", "a.b"]: the model, then each module that holds it, then itself."""
    parts = name.split(".") if name else []
    return ["", *(".".join(parts[:i]) for i in range(1, len(parts) + 1))]


def _formula(kind: str, params: list[tuple[str, tuple[int, ...]]]) -> str:
    """'3 × 3 × 3 × 32 + 32 = 896' for a Conv2d or a Linear; the parameters' element counts
    otherwise."""
    shapes = dict(params)
    if not shapes:
        return "0"
    weight = shapes.get("weight", ())
    weighted = (kind.startswith("Conv") and len(weight) == 4) or (kind == "Linear" and len(weight) == 2)
    if weighted and set(shapes) <= {"weight", "bias"}:
        out, fan_in, *kernel = weight
        return weight_parameters(out, fan_in, tuple(kernel), "bias" in shapes)[1]
    total = sum(_numel(s) for s in shapes.values())
    return " + ".join(f"{_numel(s):,}" for s in shapes.values()) + f" = {total:,}"

