"""The options that make a TrainingConfig, as the command line and JSONL lines give them."""

from __future__ import annotations

import argparse
from typing import NoReturn

from ..engine.catalog import DATASETS, DTYPES, GpuSpec
from ..engine.config import ZERO_GRAD_CHOICES, ConfigError, TrainingConfig, parse_sizes
from ..engine.step.optimizers import OPTIMIZERS
from ..units import MAX_GPU_GIB, MIN_GPU_GIB, gib_to_bytes

__all__ = ["EXIT_BAD_INPUT", "JSONL_KEYS", "add_config_options", "config_from_mapping", "config_options", "parser"]

EXIT_BAD_INPUT = 2
JSONL_KEYS = {
    "dataset", "hidden", "dtype", "optimizer", "batch_size", "gpu", "zero_grad",
    "input_shape", "classes", "gpu_memory_gb",
}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2: no usage dump
        raise ConfigError("arguments", "", message, message=message)


def add_config_options(p: argparse.ArgumentParser) -> None:
    """The options that make a TrainingConfig (shared by `estimate` and `probe`)."""
    p.add_argument("--dataset", default="mnist", help=f"{', '.join(DATASETS)} or custom")
    p.add_argument("--hidden", default="128", help="hidden layer sizes, e.g. 512,256 (empty: none)")
    p.add_argument("--dtype", default="float32", help=", ".join(DTYPES))
    p.add_argument("--optimizer", default="adam", help=", ".join(OPTIMIZERS))
    p.add_argument("--batch-size", default="64")
    p.add_argument("--gpu", default="h100-80gb", help="a key from --list-gpus, custom, or local (calibrated)")
    p.add_argument("--gpu-memory-gb", help="memory of a custom GPU in GiB (2^30 bytes), as cards are sold: "
                   "a '24 GB' card has 24 GiB")
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
    """GiB as the user gives them, in bytes; None when not given."""
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ConfigError("gpu_memory_gb", value, "is not a number")
    try:
        gib = float(value)
    except ValueError:
        raise ConfigError("gpu_memory_gb", value, "is not a number") from None
    if not MIN_GPU_GIB <= gib <= MAX_GPU_GIB:
        raise ConfigError("gpu_memory_gb", value, f"must be a size in GiB from {MIN_GPU_GIB} to {MAX_GPU_GIB:,}")
    return gib_to_bytes(gib)


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
    gpu = m.get("gpu", "h100-80gb")
    return TrainingConfig(
        dataset=m.get("dataset", "mnist"),
        hidden=tuple(hidden),
        dtype=m.get("dtype", "float32"),
        optimizer=m.get("optimizer", "adam"),
        batch_size=m.get("batch_size", 64),
        gpu=gpu,
        zero_grad=m.get("zero_grad", "after-forward"),
        input_shape=tuple(shape) if shape is not None else None,
        classes=m.get("classes"),
        gpu_memory_bytes=_gpu_bytes(m.get("gpu_memory_gb")),
        local_gpu=_stored_local_gpu() if gpu == "local" else None,
    )


def _stored_local_gpu() -> GpuSpec | None:
    from ..measure.calibration import stored_local_gpu

    return stored_local_gpu()


