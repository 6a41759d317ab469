"""`python main.py estimate ...`: the engine on the command line, as a table or as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO

from .catalog import DATASETS, DTYPES, gpus
from .config import ZERO_GRAD_CHOICES, ConfigError, TrainingConfig, parse_sizes
from .estimate import ALL_COMPONENTS, Estimate, estimate
from .optimizers import OPTIMIZERS
from .units import grouped, human_bytes

__all__ = ["run_estimate", "config_from_mapping", "add_config_options", "config_options", "parser", "EXIT_BAD_INPUT"]

EXIT_BAD_INPUT = 2
JSONL_KEYS = {
    "dataset", "hidden", "dtype", "optimizer", "batch_size", "gpu", "zero_grad",
    "input_shape", "classes", "gpu_memory_gb",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, exit 2: no usage dump
        raise ConfigError("arguments", "", message, message=message)


def add_config_options(p: argparse.ArgumentParser) -> None:
    """The options that make a TrainingConfig (shared by `estimate` and `probe`)."""
    p.add_argument("--dataset", default="mnist", help=f"{', '.join(DATASETS)} or custom")
    p.add_argument("--hidden", default="128", help="hidden layer sizes, e.g. 512,256 (empty: none)")
    p.add_argument("--dtype", default="float32", help=", ".join(DTYPES))
    p.add_argument("--optimizer", default="adam", help=", ".join(OPTIMIZERS))
    p.add_argument("--batch-size", default="64")
    p.add_argument("--gpu", default="h100-80gb", help="a key from --list-gpus, custom, or local (calibrated)")
    p.add_argument("--gpu-memory-gb", help="memory of a custom GPU in GB (10^9 bytes)")
    p.add_argument("--zero-grad", default="after-forward", help=" or ".join(ZERO_GRAD_CHOICES))
    p.add_argument("--input-shape", help="C,H,W for --dataset custom")
    p.add_argument("--classes", help="number of classes for --dataset custom")


def config_options(args: argparse.Namespace) -> dict:
    """The config options that were given, as config_from_mapping takes them."""
    return {k: v for k, v in vars(args).items() if k in JSONL_KEYS and v is not None}


def parser(prog: str, description: str) -> argparse.ArgumentParser:
    """A parser whose errors raise ConfigError (one line, exit 2) instead of printing usage."""
    return _Parser(prog=prog, description=description)


def _parser() -> argparse.ArgumentParser:
    p = parser("memcalc estimate", "Predict the GPU memory of one training step.")
    add_config_options(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.add_argument("--jsonl", metavar="FILE", help="one JSON config per line ('-' for stdin)")
    p.add_argument("--list-gpus", action="store_true", help="list the GPU catalogue's keys")
    return p


def _gpu_bytes(value: object) -> int | None:
    if value in (None, ""):
        return None
    try:
        gb = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ConfigError("gpu_memory_gb", value, "is not a number") from None
    if not gb > 0 or gb > 1e9:
        raise ConfigError("gpu_memory_gb", value, "must be a positive size in GB")
    return int(gb * 1e9)


def config_from_mapping(m: dict) -> TrainingConfig:
    """A config from option values: strings from the command line or JSON values."""
    unknown = set(m) - JSONL_KEYS
    if unknown:
        raise ConfigError("key", sorted(unknown)[0], f"is not one of {', '.join(sorted(JSONL_KEYS))}")
    hidden = m.get("hidden", (128,))
    if isinstance(hidden, str):
        hidden = parse_sizes("hidden", hidden)
    elif not isinstance(hidden, (list, tuple)):
        raise ConfigError("hidden", hidden, "is not a list of sizes")
    shape = m.get("input_shape")
    if isinstance(shape, str):
        shape = parse_sizes("input_shape", shape)
    return TrainingConfig(
        dataset=m.get("dataset", "mnist"),
        hidden=tuple(hidden),
        dtype=m.get("dtype", "float32"),
        optimizer=m.get("optimizer", "adam"),
        batch_size=m.get("batch_size", 64),
        gpu=m.get("gpu", "h100-80gb"),
        zero_grad=m.get("zero_grad", "after-forward"),
        input_shape=tuple(shape) if shape is not None else None,  # type: ignore[arg-type]
        classes=m.get("classes"),
        gpu_memory_bytes=_gpu_bytes(m.get("gpu_memory_gb")),
    )


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
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
    with stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            out.write(json.dumps(_jsonl_result(line, number), ensure_ascii=False) + "\n")
    return 0


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
            f"{row.name:28} {str(row.weight_shape or ''):>14} {str(row.bias_shape or ''):>8}"
            f" {row.formula:>30} {grouped(row.bytes):>14}"
        )
    return "\n".join(lines) + "\n"
