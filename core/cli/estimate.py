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
from ..engine.step.optimizers import OPTIMIZERS
from ..units import grouped, human_bytes
from .jsonl import run_jsonl
from .options import OPTIONS, add_config_options, config_from_mapping, config_options, local_gpu_reader, parser
from .output import emit, guarded, warn

__all__ = ["format_table", "run_estimate"]


def _parser() -> argparse.ArgumentParser:
    p = parser("memcalc estimate", "Predict the GPU memory of one training step.")
    add_config_options(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--jsonl", metavar="FILE", help="one JSON config per line ('-' for stdin)")
    p.add_argument("--list-gpus", action="store_true", help="list the GPU catalogue's keys")
    return p


def _given_with(args: argparse.Namespace, *switches: str) -> list[str]:
    """The flags given besides --jsonl or --list-gpus: config options and the named switches."""
    flags = [o.flag for o in OPTIONS if getattr(args, o.key) is not None]
    return flags + [f"--{s.replace('_', '-')}" for s in switches if getattr(args, s)]


def _refuse_ignored(args: argparse.Namespace) -> None:
    """--jsonl and --list-gpus take no estimate options: refused rather than silently ignored."""
    if args.jsonl is not None:
        others = _given_with(args, "json", "list_gpus")
        if others:
            raise ConfigError(others[0], None, "", message=f"{others[0]} cannot be combined with --jsonl: "
                              "each line gives its own options")
    elif args.list_gpus:
        others = _given_with(args, "json")
        if others:
            raise ConfigError(others[0], None, "", message=f"{others[0]} cannot be combined with --list-gpus")


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
    local_gpu = local_gpu_reader(lambda problem: warn(err, problem))
    if args.jsonl is not None:
        def answer(mapping: Mapping[str, object]) -> dict:
            return estimate(config_from_mapping(mapping, local_gpu)).to_dict()

        return run_jsonl(args.jsonl, out, answer)
    result = estimate(config_from_mapping(config_options(args), local_gpu))
    emit(out, json.dumps(result.to_dict(), ensure_ascii=False) + "\n" if args.json else format_table(result))
    return 0


def format_table(e: Estimate) -> str:
    c = e.config
    lines = [
        f"{DATASETS[c.dataset].label if c.dataset in DATASETS else 'custom'} {c.input_shape} → "
        f"{list(c.hidden)} → {c.classes}, {c.dtype}, {OPTIMIZERS[c.optimizer].label}, batch {c.batch_size}",
        "",
        f"{'component':18} {'bytes':>16} {'':>11}  formula",
    ]
    for name in ALL_COMPONENTS:
        f = e.components[name]
        lines.append(f"{name:18} {grouped(f.bytes):>16} {human_bytes(f.bytes):>11}  {f.formula}")
    lines += [
        f"{'peak allocated':18} {grouped(e.peak_bytes):>16} {human_bytes(e.peak_bytes):>11}"
        f"  (max_memory_allocated, in {e.peak_phase[0]} of iteration {e.peak_phase[1]})",
        f"{'+ CUDA context':18} {grouped(e.runtime.cuda_context_bytes):>16}"
        f" {human_bytes(e.runtime.cuda_context_bytes):>11}  ({e.runtime.source})",
        f"{'device total':18} {grouped(e.device_total_bytes):>16} {human_bytes(e.device_total_bytes):>11}"
        f"  of {human_bytes(e.gpu_memory_bytes)} on {c.gpu_spec.name}: "
        f"{'fits' if e.fits else 'does not fit'}",
        f"{'naive estimate':18} {grouped(e.naive_bytes):>16} {human_bytes(e.naive_bytes):>11}"
        "  (the course's four places, no rounding, workspace or timeline)",
        "",
        f"max batch size {grouped(e.max_batch_size)}; recommended (0.8 ×) {grouped(e.recommended_batch_size)}",
        "",
        f"{'layer':28} {'weight':>14} {'bias':>8} {'parameters':>30} {'bytes':>14}",
    ]
    for row in e.layers:
        lines.append(
            f"{row.name:28} {row.weight_shape or ''!s:>14} {row.bias_shape or ''!s:>8}"
            f" {row.formula:>30} {grouped(row.bytes):>14}"
        )
    return "\n".join(lines) + "\n"
