"""`python main.py estimate ...`: the engine on the command line, as a table or as JSON."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Mapping
from typing import IO

from ..engine.catalog import DATASETS, gpus
from ..engine.config import ConfigError, TrainingConfig
from ..engine.estimate import ALL_COMPONENTS, Estimate, estimate
from ..engine.gpu_table import compare_gpus
from ..engine.model.spec import MODEL_NAMES, torchvision_models
from ..engine.remedies import Remedy, remedies
from ..engine.schema import Choice
from ..engine.step.optimizers import OPTIMIZERS
from ..engine.user_code import TRACE_TIME_LIMIT_S, set_trace_time_limit
from ..units import GIB, grouped, human_bytes
from .jsonl import run_jsonl
from .options import add_config_options, config_from_mapping, config_options, given_flags, local_gpu_reader, parser
from .output import emit, guarded, warn
from .reports import (
    EXIT_DOES_NOT_FIT,
    FORMATS,
    format_csv,
    format_gpu_rows,
    format_snapshot,
    read_measured,
    save_memory_viz,
    snapshot_dict,
)

__all__ = ["MAX_TRACE_TIMEOUT_S", "format_table", "run_estimate"]

MAX_TRACE_TIMEOUT_S = 86_400.0


def _parser() -> argparse.ArgumentParser:
    p = parser("memcalc estimate", "Predict the GPU memory of one training step.")
    add_config_options(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--jsonl", metavar="FILE", help="one JSON config per line ('-' for stdin)")
    p.add_argument("--list-gpus", action="store_true", help="list the GPU catalogue's keys")
    p.add_argument("--list-models", action="store_true", help="list the models --model takes")
    p.add_argument("--trace-timeout", metavar="SECONDS", help=f"how long building and tracing one model may "
                   f"take before the run stops with status 2 naming it (default {TRACE_TIME_LIMIT_S:g}); in --jsonl "
                   "that line gets the error and the run goes on")
    p.add_argument("--remedies", action="store_true", help="also list what each change that saves memory does "
                   "(batch, zero_grad, mixed precision, checkpointing, optimizer, allocator setting)")
    p.add_argument("--format", default=None, help="table (default), json (as --json) or csv")
    p.add_argument("--check", action="store_true", help="exit status 3 when the setup does not fit (0 when it "
                   "fits, 2 for bad input): a guard for CI")
    p.add_argument("--compare-gpus", action="store_true", help="the setup on every GPU of the catalogue: whether "
                   "it fits, the largest and recommended batch, the share of the card")
    p.add_argument("--memory-viz", metavar="FILE", help="also write the predicted step as a memory snapshot "
                   "pickle (torch.cuda.memory._dump_snapshot's format) for https://pytorch.org/memory_viz")
    p.add_argument("--compare-snapshot", metavar="FILE", help="a snapshot pickle recorded on a GPU "
                   "(torch.cuda.memory._dump_snapshot): measured beside predicted, nothing run")
    return p


def _given_with(args: argparse.Namespace, *switches: str) -> list[str]:
    """The flags given besides --jsonl or --list-gpus: config options and the named switches."""
    flags = given_flags(args)
    return flags + [f"--{s.replace('_', '-')}" for s in switches if getattr(args, s)]


def _refuse_ignored(args: argparse.Namespace) -> None:
    """--jsonl and --list-gpus take no estimate options: refused rather than silently ignored."""
    if args.jsonl is not None:
        others = _given_with(args, "json", "list_gpus", "check", "compare_gpus", "memory_viz", "compare_snapshot",
                             "format")
        if others:
            raise ConfigError(others[0], None, "with_jsonl")
    elif args.list_gpus or args.list_models:
        listing = "--list-gpus" if args.list_gpus else "--list-models"
        others = _given_with(args, "json", "remedies", "check", "compare_gpus", "memory_viz", "compare_snapshot",
                             "format", "list_models" if args.list_gpus else "list_gpus")
        if others:
            raise ConfigError(others[0], None, "with_listing", listing=listing)


def run_estimate(argv: list[str], out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    return guarded(lambda: _run(argv, out, err), out, err)


def _run(argv: list[str], out: IO[str] | None, err: IO[str] | None) -> int:
    args = _parser().parse_args(argv)
    if args.format is not None:
        args.format = Choice(lambda: FORMATS).read("--format", args.format)
    _refuse_ignored(args)
    if args.trace_timeout is not None:
        set_trace_time_limit(_seconds(args.trace_timeout))
    if args.json and args.format not in (None, "json"):
        raise ConfigError("--json", None, "with_listing", listing=f"--format {args.format}")
    if args.compare_gpus:
        beside = _given_with(args, "remedies", "memory_viz", "compare_snapshot")[len(given_flags(args)):]
        if beside:
            raise ConfigError(beside[0], None, "with_listing", listing="--compare-gpus")
    args.format = "json" if args.json else args.format or "table"
    if args.list_gpus:
        emit(out, _gpu_list())
        return 0
    if args.list_models:
        emit(out, "".join(f"{name}\n" for name in (*MODEL_NAMES, *torchvision_models())))
        return 0
    local_gpu = local_gpu_reader(lambda problem: warn(err, problem))
    if args.jsonl is not None:
        def answer(mapping: Mapping[str, object]) -> dict:
            return estimate(config_from_mapping(mapping, local_gpu)).to_dict()

        return run_jsonl(args.jsonl, out, answer)
    config = config_from_mapping(config_options(args), local_gpu)
    measured = read_measured(args.compare_snapshot) if args.compare_snapshot is not None else None
    if args.compare_gpus:
        rows = compare_gpus(config)
        emit(out, format_gpu_rows(rows, args.format))
        return EXIT_DOES_NOT_FIT if args.check and not any(r.fits for r in rows) else 0
    result = estimate(config)
    if args.memory_viz is not None:
        save_memory_viz(result, args.memory_viz)
    found = remedies(result.config, unhelpful=True) if args.remedies else None
    if args.format == "json":
        figures = result.to_dict()
        if found is not None:
            figures["remedies"] = [r.to_dict(result.config) for r in found]
        if measured is not None:
            figures["snapshot"] = snapshot_dict(result, measured)
        emit(out, json.dumps(figures, ensure_ascii=True) + "\n")
    elif args.format == "csv":
        emit(out, format_csv(result, measured))
    else:
        emit(out, format_table(result) + (format_remedies(result, found) if found is not None else "")
             + (format_snapshot(result, measured) if measured is not None else ""))
    return EXIT_DOES_NOT_FIT if args.check and not result.fits else 0


def _seconds(text: str) -> float:
    """--trace-timeout's value: seconds above 0, at most a day."""
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not 0 < seconds <= MAX_TRACE_TIMEOUT_S:
        raise ConfigError("--trace-timeout", text, "timeout_value", high=f"{MAX_TRACE_TIMEOUT_S:g}")
    return seconds


def _gpu_list() -> str:
    """Each card's memory in one unit, GiB, as it is sold ("16 GB" is 16 GiB) and as nvidia-smi
    reports it."""
    head = f"{'gpu':14} {'name':28} {'memory':>10}\n"
    return head + "".join(f"{key:14} {g.name:28} {g.memory_bytes / GIB:>6.2f} GiB\n" for key, g in gpus().items())


def _what(e: Estimate) -> str:
    c = e.config
    data = DATASETS[c.dataset].label if c.dataset in DATASETS else "custom"
    spec = c.model_spec
    model = f"MLP {list(c.hidden)}" if spec.kind == "mlp" else spec.name
    extras = [f"autocast {c.amp}" + ("" if c.grad_scaler else " without GradScaler")] if c.amp else []
    extras += [f"checkpointed in {c.checkpoint_segments} segments"] if c.checkpoint_segments else []
    extras += ["each block checkpointed"] if c.checkpoint_blocks else []
    extras += [c.alloc.text] if c.alloc.text else []
    extras += [f"allocator limit {grouped(c.allocator_limit_bytes)} B"] if c.allocator_limit_bytes else []
    extras += ["cudnn.benchmark"] if c.cudnn_benchmark else []
    extras += [_strategy(c)] if c.distributed else []
    tail = "".join(f", {x}" for x in extras)
    return (f"{data} {c.image_shape} → {model} → {c.class_count} classes, {c.dtype}, "
            f"{OPTIMIZERS[c.optimizer].label}, batch {c.batch_size}{tail}")


def _strategy(c: TrainingConfig) -> str:
    if c.strategy == "ddp":
        return f"DDP on {c.gpus} GPUs" + (" (gradients as bucket views)" if c.ddp_bucket_view else "")
    extra = "" if c.fsdp_reshard_after_forward else ", blocks kept unsharded after forward"
    extra += f", MixedPrecisionPolicy({c.fsdp_mixed_precision})" if c.fsdp_mixed_precision else ""
    return f"FSDP2 on {c.gpus} GPUs{extra}"


def _per_gpu_lines(e: Estimate) -> list[str]:
    """Per GPU (rank 0), NCCL beside the allocator, and the global batch."""
    d = e.per_gpu
    if d is None:
        return []
    nccl = d.nccl
    return [
        "",
        f"per GPU ({d.strategy.upper()}, {d.gpus} GPUs; rank 0, the largest):",
        _row("  peak allocated", d.peak_bytes, "(max_memory_allocated on each GPU)"),
        _row("  peak reserved", d.reserved_bytes, "(max_memory_reserved on each GPU)"),
        _row("  + NCCL", nccl.low, f"(outside the allocator, an estimate up to {human_bytes(nccl.high)}: "
                                   f"{nccl.note})"),
        _row("  nvidia-smi", d.device_used_bytes, f"(reserved + CUDA context + NCCL; up to "
                                                  f"{human_bytes(d.device_used_high_bytes)})"),
        f"  batch {grouped(d.batch_size)} per GPU, global batch {grouped(d.global_batch)} "
        f"({d.gpus} × {grouped(d.batch_size)}); max batch {grouped(d.max_batch_size)} per GPU, "
        f"global {grouped(d.max_global_batch)}",
    ]


def _row(name: str, value: int, note: str) -> str:
    return f"{name:18} {grouped(value):>16} {human_bytes(value):>11}  {note}"


def format_table(e: Estimate) -> str:
    c = e.config
    lines = [_what(e), "", f"{'component':18} {'bytes':>16} {'':>11}  formula"]
    lines += [_row(name, e.components[name].bytes, e.components[name].formula) for name in ALL_COMPONENTS]
    verdict = "fits" if e.fits else "does not fit (below)"
    spare = "" if e.fits else "; with memory to spare"
    lines += [
        _row("peak allocated", e.peak_bytes, f"(max_memory_allocated, in {e.peak_phase[0]} of iteration "
                                             f"{e.peak_phase[1]}{spare}){_low(e)}"),
        *_high(e, "peak allocated", e.peak_high_bytes),
        _row("peak reserved", e.unbounded_reserved_bytes, f"(max_memory_reserved: the allocator's segments{spare})"
             + _low(e)),
        *_high(e, "peak reserved", e.reserved_high_bytes),
        _row("+ CUDA context", e.runtime.cuda_context_bytes, f"({e.runtime.source}{_context_range(e)})"),
        _row("device used", e.device_used_bytes, f"(what nvidia-smi would show{'' if e.fits else ' as it runs out'}) "
                                                 f"of {human_bytes(e.usable_bytes)} "
                                                 f"CUDA gives on {c.gpu_spec.name}: {verdict}"),
        *_high(e, "device used", e.device_used_high_bytes),
        _row("naive estimate", e.naive_bytes, "(the course's four places, no rounding, workspace or timeline)"),
        *([] if e.fits else ["", _oom(e)]),
        "",
        f"max batch size {grouped(e.max_batch_size)} (the largest that {'runs' if c.inference else 'trains'}); "
        f"recommended (0.8 ×) {grouped(e.recommended_batch_size)}",
        _workspace_line(e),
        *_per_gpu_lines(e),
    ]
    if not e.max_batch_size:
        kept = e.persistent_bytes
        lines.append(f"not even a batch of one fits: the parameters ({human_bytes(kept['parameters'])}), "
                     f"their gradients ({human_bytes(kept['gradients'])}), the optimizer state "
                     f"({human_bytes(kept['optimizer_state'])}) and the cuBLAS workspaces "
                     f"({human_bytes(kept['workspace'])}) take {human_bytes(sum(kept.values()))} whatever the batch, "
                     f"of the {human_bytes(e.budget.capacity)} the allocator can get")
    if e.max_batch_two_iterations != e.max_batch_size:
        lines.append(f"the first two iterations run up to {grouped(e.max_batch_two_iterations)}; the third lowers the "
                     f"edge to {grouped(e.max_batch_size)}: the allocator's "
                     "cached blocks no longer fit what it asks for")
    if e.max_batch_size and c.dataset in DATASETS and e.max_batch_size >= DATASETS[c.dataset].train_size:
        lines.append(f"the whole training set ({grouped(DATASETS[c.dataset].train_size)} images) fits in one batch")
    return "\n".join([*lines, "", *_layer_lines(e)]) + "\n"


def _low(e: Estimate) -> str:
    return " low: without cuDNN's workspaces" if e.conv_workspaces == "estimated" else ""


def _high(e: Estimate, name: str, value: int) -> list[str]:
    if e.conv_workspaces != "estimated":
        return []
    return [_row(f"  high {name.split()[1]}", value, "(with the largest workspace each convolution can take)")]


def _context_range(e: Estimate) -> str:
    low, high = e.cuda_context_range
    if high <= low:
        return ""
    return f", up to {human_bytes(high)} with the libraries' kernels: the verdict and the batch sizes take this"


def _workspace_line(e: Estimate) -> str:
    if e.conv_workspaces == "none":
        return "convolution workspaces: none (no cuDNN convolution)"
    if e.conv_workspaces == "measured":
        return "convolution workspaces: measured for this GPU and cuDNN version"
    if human_bytes(e.peak_high_bytes) == human_bytes(e.peak_bytes):
        return ("convolution workspaces: estimated (nothing measured for this GPU, cuDNN version and shapes); the "
                f"peak is {human_bytes(e.peak_high_bytes)} with or without them; the verdict and the batch sizes "
                "take the high side")
    return ("convolution workspaces: estimated (nothing measured for this GPU, cuDNN version and shapes): "
            f"the peak is between {human_bytes(e.peak_bytes)} and {human_bytes(e.peak_high_bytes)}; the verdict "
            "and the batch sizes take the high side")


def _oom(e: Estimate) -> str:
    """What happens at the failing allocation, in the figures PyTorch's OutOfMemoryError gives."""
    oom = e.out_of_memory_in
    assert oom is not None
    return (f"out of memory in {oom.phase} of iteration {oom.iteration}: {oom.tensor} asks for "
            f"{human_bytes(oom.requested_bytes)}, and the allocator, having released what it had cached, tries to "
            f"allocate a {human_bytes(oom.segment_bytes)} segment with {human_bytes(oom.reserved_bytes)} reserved "
            f"({human_bytes(oom.allocated_bytes)} allocated to tensors, {human_bytes(oom.cached_bytes)} cached in "
            f"segments still in use) and {human_bytes(oom.free_bytes)} free of the {human_bytes(oom.capacity_bytes)} "
            f"it may use; the step needs {human_bytes(e.demand_bytes)} of device memory")


def _layer_lines(e: Estimate) -> list[str]:
    total, trainable = e.parameter_count, e.trainable_parameter_count
    summary = (f"total parameters {grouped(total)}, trainable {grouped(trainable)}, non-trainable "
               f"{grouped(total - trainable)}")
    if e.step.modules is None:
        lines = [f"{'layer':28} {'type':8} {'weight':>14} {'bias':>8} {'parameters':>30} {'bytes':>14} "
                 f"{'kept for backward':>18}"]
        return [*lines, *(f"{row.name:28} {row.kind:8} {row.weight_shape or ''!s:>14} {row.bias_shape or ''!s:>8}"
                          f" {row.formula:>30} {grouped(row.bytes):>14} {grouped(row.saved_bytes):>18}"
                          for row in e.layers), summary]
    lines = [f"{'module':36} {'type':18} {'output shape':>22} {'parameters':>14} {'with children':>14} "
             f"{'bytes':>14} {'kept for backward':>18}"]
    for row in e.layers:
        name = "  " * max(0, row.depth - 1) + row.name
        shape = "×".join(str(d) for d in row.output_shape) or "—"
        lines.append(f"{name[:36]:36} {row.kind[:18]:18} {shape:>22} {grouped(row.parameters):>14} "
                     f"{grouped(row.total_parameters or 0):>14} {grouped(row.bytes):>14} "
                     f"{grouped(row.saved_bytes):>18}")
    return [*lines, summary]


def format_remedies(e: Estimate, found: list[Remedy]) -> str:
    helping = [r for r in found if r.helps]
    lines = ["", f"what each change does at batch {grouped(e.config.batch_size)} (device memory the step needs, "
                 f"against now; the largest batch is now {grouped(e.max_batch_size)}, recommended "
                 f"{grouped(e.recommended_batch_size)}):"]
    for r in helping:
        change, cost = r.text(e.config)
        mark = "fits" if r.fits else "does not fit"
        batch = "" if r.changes_batch else f"; {r.batch_text()}"
        lines.append(f"  {_memory_change(r.saved_bytes):>22}  {mark:12}  {change} (cost: {cost}){batch}")
    others = [r for r in found if not r.helps]
    if others:
        lines.append("does not help here (saves no memory at this batch and does not raise the largest batch):")
    for r in others:
        change, _ = r.text(e.config)
        lines.append(f"  {change}: {_memory_change(r.saved_bytes)}, the largest batch {grouped(e.max_batch_size)} → "
                     f"{grouped(r.max_batch_size)}")
    return "\n".join(lines) + "\n"


def _memory_change(saved: int) -> str:
    """A remedy's effect in words whose sign says what it means."""
    if saved > 0:
        return f"saves {human_bytes(saved)}"
    if saved < 0:
        return f"needs {human_bytes(-saved)} more"
    return "saves nothing"
