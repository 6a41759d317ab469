"""`python main.py estimate ...`: the engine on the command line, as a table or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from typing import IO

from ..engine.catalog import DATASETS, gpus
from ..engine.config import ConfigError
from ..engine.estimate import ALL_COMPONENTS, Estimate, estimate
from ..engine.model.spec import MODEL_NAMES, torchvision_models
from ..engine.remedies import Remedy, remedies
from ..engine.step.optimizers import OPTIMIZERS
from ..units import grouped, human_bytes
from .jsonl import run_jsonl
from .options import add_config_options, config_from_mapping, config_options, given_flags, local_gpu_reader, parser
from .output import emit, guarded, warn

__all__ = ["format_table", "run_estimate"]


def _parser() -> argparse.ArgumentParser:
    p = parser("memcalc estimate", "Predict the GPU memory of one training step.")
    add_config_options(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--jsonl", metavar="FILE", help="one JSON config per line ('-' for stdin)")
    p.add_argument("--list-gpus", action="store_true", help="list the GPU catalogue's keys")
    p.add_argument("--list-models", action="store_true", help="list the models --model takes")
    p.add_argument("--remedies", action="store_true", help="also list what each change that saves memory does "
                   "(batch, zero_grad, mixed precision, checkpointing, optimizer, allocator setting)")
    return p


def _given_with(args: argparse.Namespace, *switches: str) -> list[str]:
    """The flags given besides --jsonl or --list-gpus: config options and the named switches."""
    flags = given_flags(args)
    return flags + [f"--{s.replace('_', '-')}" for s in switches if getattr(args, s)]


def _refuse_ignored(args: argparse.Namespace) -> None:
    """--jsonl and --list-gpus take no estimate options: refused rather than silently ignored."""
    if args.jsonl is not None:
        others = _given_with(args, "json", "list_gpus")
        if others:
            raise ConfigError(others[0], None, "with_jsonl")
    elif args.list_gpus or args.list_models:
        listing = "--list-gpus" if args.list_gpus else "--list-models"
        others = _given_with(args, "json", "remedies", "list_models" if args.list_gpus else "list_gpus")
        if others:
            raise ConfigError(others[0], None, "with_listing", listing=listing)


def run_estimate(argv: list[str], out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    return guarded(lambda: _run(argv, out, err), out, err)


def _run(argv: list[str], out: IO[str] | None, err: IO[str] | None) -> int:
    args = _parser().parse_args(argv)
    _refuse_ignored(args)
    if args.list_gpus:
        emit(out, "".join(f"{key:14} {g.name:28} {human_bytes(g.memory_bytes, binary=False)}\n"
                          for key, g in gpus().items()))
        return 0
    if args.list_models:
        emit(out, "".join(f"{name}\n" for name in (*MODEL_NAMES, *torchvision_models())))
        return 0
    local_gpu = local_gpu_reader(lambda problem: warn(err, problem))
    if args.jsonl is not None:
        def answer(mapping: Mapping[str, object]) -> dict:
            return estimate(config_from_mapping(mapping, local_gpu)).to_dict()

        return run_jsonl(args.jsonl, out, answer)
    result = estimate(config_from_mapping(config_options(args), local_gpu))
    found = remedies(result.config) if args.remedies else None
    if args.json:
        figures = result.to_dict()
        if found is not None:
            figures["remedies"] = [r.to_dict(result.config) for r in found]
        emit(out, json.dumps(figures, ensure_ascii=False) + "\n")
    else:
        emit(out, format_table(result) + (format_remedies(result, found) if found is not None else ""))
    return 0


def _what(e: Estimate) -> str:
    c = e.config
    data = DATASETS[c.dataset].label if c.dataset in DATASETS else "custom"
    spec = c.model_spec
    model = f"MLP {list(c.hidden)}" if spec.kind == "mlp" else spec.name
    extras = [f"autocast {c.amp}" + ("" if c.grad_scaler else " without GradScaler")] if c.amp else []
    extras += [f"checkpointed in {c.checkpoint_segments} segments"] if c.checkpoint_segments else []
    extras += [c.alloc.text] if c.alloc.text else []
    extras += [f"allocator limit {grouped(c.allocator_limit_bytes)} B"] if c.allocator_limit_bytes else []
    tail = "".join(f", {x}" for x in extras)
    return (f"{data} {c.image_shape} → {model} → {c.class_count} classes, {c.dtype}, "
            f"{OPTIMIZERS[c.optimizer].label}, batch {c.batch_size}{tail}")


def _row(name: str, value: int, note: str) -> str:
    return f"{name:18} {grouped(value):>16} {human_bytes(value):>11}  {note}"


def format_table(e: Estimate) -> str:
    c = e.config
    lines = [_what(e), "", f"{'component':18} {'bytes':>16} {'':>11}  formula"]
    lines += [_row(name, e.components[name].bytes, e.components[name].formula) for name in ALL_COMPONENTS]
    verdict = "fits" if e.fits else _oom(e)
    lines += [
        _row("peak allocated", e.peak_bytes, f"(max_memory_allocated, in {e.peak_phase[0]} of iteration "
                                             f"{e.peak_phase[1]})"),
        _row("peak reserved", e.peak_reserved_bytes, "(max_memory_reserved: the allocator's segments)"),
        _row("+ CUDA context", e.runtime.cuda_context_bytes, f"({e.runtime.source})"),
        _row("device used", e.device_used_bytes, f"(what nvidia-smi would show) of {human_bytes(e.usable_bytes)} "
                                                 f"CUDA gives on {c.gpu_spec.name}: {verdict}"),
        _row("naive estimate", e.naive_bytes, "(the course's four places, no rounding, workspace or timeline)"),
        "",
        f"max batch size {grouped(e.max_batch_size)} (the largest that trains two iterations); "
        f"recommended (0.8 ×) {grouped(e.recommended_batch_size)}",
    ]
    if not e.max_batch_size:
        kept = e.persistent_bytes
        lines.append(f"not even a batch of one fits: the parameters ({human_bytes(kept['parameters'])}), "
                     f"their gradients ({human_bytes(kept['gradients'])}), the optimizer state "
                     f"({human_bytes(kept['optimizer_state'])}) and the cuBLAS workspaces "
                     f"({human_bytes(kept['workspace'])}) take {human_bytes(sum(kept.values()))} whatever the batch, "
                     f"of the {human_bytes(e.budget.capacity)} the allocator can get")
    if e.max_batch_three_iterations != e.max_batch_size:
        lines.append(f"a third iteration lowers the edge to {grouped(e.max_batch_three_iterations)}: the allocator's "
                     "cached blocks no longer fit what it asks for")
    if e.max_batch_size and c.dataset in DATASETS and e.max_batch_size >= DATASETS[c.dataset].train_size:
        lines.append(f"the whole training set ({grouped(DATASETS[c.dataset].train_size)} images) fits in one batch")
    return "\n".join([*lines, "", *_layer_lines(e)]) + "\n"


def _oom(e: Estimate) -> str:
    oom = e.to_dict()["out_of_memory_in"]
    assert isinstance(oom, dict)
    return (f"does not fit: out of memory in {oom['phase']} of iteration {oom['iteration']}, asking for "
            f"{human_bytes(int(oom['segment_bytes']))} more with {human_bytes(int(oom['reserved_bytes']))} reserved; "
            f"it needs {human_bytes(e.demand_bytes)}")


def _layer_lines(e: Estimate) -> list[str]:
    if e.step.modules is None:
        lines = [f"{'layer':28} {'weight':>14} {'bias':>8} {'parameters':>30} {'bytes':>14}"]
        return lines + [f"{row.name:28} {row.weight_shape or ''!s:>14} {row.bias_shape or ''!s:>8}"
                        f" {row.formula:>30} {grouped(row.bytes):>14}" for row in e.layers]
    lines = [f"{'module':36} {'type':18} {'output shape':>22} {'parameters':>14} {'bytes':>14} "
             f"{'kept for backward':>18}"]
    for row in e.layers:
        name = "  " * max(0, row.depth - 1) + row.name
        shape = "×".join(str(d) for d in row.output_shape) or "—"
        lines.append(f"{name[:36]:36} {row.kind[:18]:18} {shape:>22} {grouped(row.parameters):>14} "
                     f"{grouped(row.bytes):>14} {grouped(row.saved_bytes):>18}")
    return lines


def format_remedies(e: Estimate, found: list[Remedy]) -> str:
    lines = ["", "what each change does (device memory the step needs, saved against now):"]
    for r in found:
        change, cost = r.text(e.config)
        mark = "fits" if r.fits else "does not fit"
        largest = grouped(r.estimate.max_batch_size)
        lines.append(f"  {human_bytes(r.saved_bytes):>11} saved  {mark:12}  max batch {largest:>10}  {change} "
                     f"(cost: {cost})")
    return "\n".join(lines) + "\n"
