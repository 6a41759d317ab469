"""`python main.py estimate ...`: the engine on the command line, as a table or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO

from ..engine.catalog import DATASETS, gpus
from ..engine.config import ConfigError
from ..engine.estimate import ALL_COMPONENTS, Estimate, estimate
from ..engine.step.optimizers import OPTIMIZERS
from ..units import grouped, human_bytes
from .options import EXIT_BAD_INPUT, add_config_options, config_from_mapping, config_options, parser

__all__ = ["format_table", "run_estimate"]


def _parser() -> argparse.ArgumentParser:
    p = parser("memcalc estimate", "Predict the GPU memory of one training step.")
    add_config_options(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--jsonl", metavar="FILE", help="one JSON config per line ('-' for stdin)")
    p.add_argument("--list-gpus", action="store_true", help="list the GPU catalogue's keys")
    return p


def run_estimate(argv: list[str], out: IO[str] | None = None, err: IO[str] | None = None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = _parser().parse_args(argv)
        if args.list_gpus:
            for key, g in gpus().items():
                print(f"{key:14} {g.name:28} {human_bytes(g.memory_bytes, binary=False)}", file=out)
            return 0
        if args.jsonl:
            return _run_jsonl(args.jsonl, out)
        result = estimate(config_from_mapping(config_options(args)))
    except ConfigError as e:
        print(f"memcalc: error: {e}", file=err)
        return EXIT_BAD_INPUT
    except OSError as e:
        print(f"memcalc: error: {e.filename or ''}: {e.strerror}", file=err)
        return EXIT_BAD_INPUT
    if args.json:
        json.dump(result.to_dict(), out, ensure_ascii=False)
        out.write("\n")
    else:
        out.write(format_table(result))
    return 0


def _run_jsonl(path: str, out: IO[str]) -> int:
    if path == "-":
        _write_jsonl(sys.stdin, out)
    else:
        with open(path, encoding="utf-8") as stream:
            _write_jsonl(stream, out)
    return 0


def _write_jsonl(stream: IO[str], out: IO[str]) -> None:
    for number, line in enumerate(stream, 1):
        if line.strip():
            out.write(json.dumps(_jsonl_result(line, number), ensure_ascii=False) + "\n")


def _jsonl_result(line: str, number: int) -> dict:
    try:
        mapping = json.loads(line)
        if not isinstance(mapping, dict):
            raise ConfigError("line", number, "is not a JSON object")
        return estimate(config_from_mapping(mapping)).to_dict()
    except json.JSONDecodeError as e:
        return {"error": f"line {number}: not JSON ({e.msg})", "line": number}
    except ConfigError as e:
        return {"error": str(e), "field": e.field, "line": number}


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
