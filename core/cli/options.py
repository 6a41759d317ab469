"""The options that make a TrainingConfig, as the command line and JSONL lines give them.

One table, OPTIONS, says for each option its key (the JSONL key, and ``--key-with-dashes`` on the
command line), the kind of value it takes, its default and the option it only goes with. A value
from argv (a string) and one from JSON (any JSON type) pass the same check for their key's kind,
`check_value`; a new option is a row, a new kind of value one checker in core.cli.values.KINDS.
"""

from __future__ import annotations

import argparse
import functools
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from ..engine.catalog import DATASETS, DTYPES, GpuSpec
from ..engine.config import ZERO_GRAD_CHOICES, ConfigError, TrainingConfig
from ..engine.model.spec import model_file_path
from ..engine.step.optimizers import OPTIMIZERS
from .output import EXIT_BAD_INPUT, flush_stdout
from .values import KINDS, brief

__all__ = [
    "EXIT_BAD_INPUT", "JSONL_KEYS", "OPTIONS", "Option", "add_config_options", "check_value", "config_from_mapping",
    "config_options", "local_gpu_reader", "parser",
]

@dataclass(frozen=True)
class Option:
    key: str
    kind: str
    default: object
    help: str
    field: str = ""
    """The TrainingConfig field it sets, when that is not `key`."""
    only_with: tuple[str, str] | None = None
    """(key, value): this option is given exactly when that option has that value."""
    switch: str = ""
    """A command-line switch that sets the option to False (--no-grad-scaler), instead of a value."""

    @property
    def flag(self) -> str:
        return self.switch or "--" + self.key.replace("_", "-")


OPTIONS: tuple[Option, ...] = (
    Option("dataset", "name", "mnist", f"{', '.join(DATASETS)} or custom"),
    Option("hidden", "sizes", (128,), "hidden layer sizes, e.g. 512,256 (empty: none)"),
    Option("dtype", "name", "float32", ", ".join(DTYPES)),
    Option("optimizer", "name", "adam", ", ".join(OPTIMIZERS)),
    Option("batch_size", "count", 64, "samples per batch (default 64)"),
    Option("gpu", "name", "h100-80gb", "a key from --list-gpus, custom, or local (calibrated)"),
    Option("gpu_memory_gb", "gib", None, "memory of a custom GPU in GiB (2^30 bytes), as cards are sold: "
           "a '24 GB' card has 24 GiB", field="gpu_memory_bytes", only_with=("gpu", "custom")),
    Option("zero_grad", "name", "after-forward", " or ".join(ZERO_GRAD_CHOICES)),
    Option("input_shape", "sizes", None, "C,H,W for --dataset custom", only_with=("dataset", "custom")),
    Option("classes", "count", None, "number of classes for --dataset custom", only_with=("dataset", "custom")),
    Option("model", "name", "mlp", "mlp (the course MLP from --hidden), course-cnn, or a torchvision "
           "architecture (--list-models)"),
    Option("layers", "text", None, "a layer list instead of a named model, e.g. \"Conv2d(32, 3, padding=1), "
           "BatchNorm2d, ReLU, MaxPool2d(2), Flatten, Linear\" (the last Linear gives the classes)"),
    Option("model_file", "text", None, "path.py:NAME, an nn.Module subclass or a function returning one, built "
           "with no arguments. This imports and runs your own code, as running it with Python would"),
    Option("amp", "name", None, "mixed precision: float16 or bfloat16 (torch.autocast; the model stays float32)"),
    Option("grad_scaler", "flag", True, "with --amp, leave out torch.amp.GradScaler", switch="--no-grad-scaler"),
    Option("checkpoint_segments", "count", None, "gradient checkpointing: checkpoint_sequential with N segments "
           "(models that are a sequence of layers)"),
    Option("alloc_conf", "text", "", "PYTORCH_CUDA_ALLOC_CONF, e.g. expandable_segments:True or max_split_size_mb:64"),
    Option("allocator_limit_bytes", "count", None, "what the allocator may use, as "
           "torch.cuda.set_per_process_memory_fraction(N / total_memory) sets it"),
)
_BY_KEY = {o.key: o for o in OPTIONS}
JSONL_KEYS = frozenset(_BY_KEY)


def check_value(key: str, value: object) -> object:
    """`value` for option `key` (a string from argv or any JSON value), as TrainingConfig takes it."""
    return KINDS[_BY_KEY[key].kind](key, value)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2: no usage dump
        raise ConfigError("arguments", "", message, message=message)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        argv = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(self._values_attached(argv), namespace)

    def _is_flag(self, token: str) -> bool:
        flags = [s for a in self._actions for s in a.option_strings]
        return token == "--" or any(f == token or (token.startswith("--") and f.startswith(token)) for f in flags)

    def _values_attached(self, argv: list[str]) -> list[str]:
        """["--hidden", "-5"] as ["--hidden=-5"]: argparse takes a value that starts with "-" (other
        than a plain negative number) for an option and says "expected one argument", never naming it."""
        takes_value = {s for a in self._actions if a.nargs is None for s in a.option_strings}
        attached: list[str] = []
        tokens = iter(argv)
        for token in tokens:
            if token == "--":
                return [*attached, token, *tokens]
            value = next(tokens, None) if token in takes_value else None
            if value is None:
                attached.append(token)
            elif value.startswith("-") and value != "-" and not self._is_flag(value):
                attached.append(f"{token}={value}")
            else:
                attached += [token, value]
        return attached

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:  # after --help
        failed = flush_stdout()
        raise SystemExit(status if failed is None else failed)


def parser(prog: str, description: str) -> argparse.ArgumentParser:
    """A parser whose errors raise ConfigError (one line, exit 2) instead of printing usage."""
    return _Parser(prog=prog, description=description)


def add_config_options(p: argparse.ArgumentParser) -> None:
    """The options that make a TrainingConfig (shared by `estimate` and `probe`). None when not
    given: config_from_mapping fills in the defaults, so that what was given can be told apart."""
    for o in OPTIONS:
        if o.switch:
            p.add_argument(o.flag, dest=o.key, action="store_const", const=False, default=None, help=o.help)
        else:
            p.add_argument(o.flag, dest=o.key, default=None, help=o.help)


def config_options(args: argparse.Namespace) -> dict[str, str]:
    """The config options that were given, as config_from_mapping takes them."""
    return {k: v for k, v in vars(args).items() if k in JSONL_KEYS and v is not None}


def _check_pairing(given: Mapping[str, object]) -> None:
    """An option that only goes with another's value is refused without it, and needed with it."""
    for o in OPTIONS:
        if o.only_with is None:
            continue
        other, wanted = o.only_with
        paired = given.get(other, _BY_KEY[other].default) == wanted
        if o.key in given and not paired:
            raise ConfigError(o.key, brief(given[o.key]), f"is only used with {other} {wanted}")
        if paired and o.key not in given:
            raise ConfigError(o.key, None, "", message=f"{o.key} is needed with {other} {wanted}")


def _check_model_options(given: Mapping[str, object]) -> None:
    """Options that only the MLP or mixed precision use are refused with another model or without it."""
    other = next((k for k in ("layers", "model_file") if k in given), None)
    if other is None and given.get("model", "mlp") != "mlp":
        other = "model"
    if "hidden" in given and other is not None:
        raise ConfigError("hidden", brief(given["hidden"]), f"is only used by the MLP, not with {other}")
    if "grad_scaler" in given and given.get("amp") is None:
        raise ConfigError("grad_scaler", given["grad_scaler"], "is only used with amp")
    model_file = given.get("model_file")
    if isinstance(model_file, str):
        _check_model_file(model_file)


def _check_model_file(text: str) -> None:
    """A model file that is not there is named before torch is imported to build it."""
    path, sep, _ = text.strip().rpartition(":")
    if sep and path:
        model_file_path(path)


def config_from_mapping(m: Mapping[str, object],
                        local_gpu: Callable[[], GpuSpec | None] | None = None) -> TrainingConfig:
    """A config from option values: strings from the command line or JSON values. `local_gpu`
    gives this machine's calibrated GPU for gpu "local" (by default read from calibration.json)."""
    unknown = sorted(set(m) - JSONL_KEYS)
    if unknown:
        raise ConfigError("key", brief(unknown[0]), f"is not one of {', '.join(sorted(JSONL_KEYS))}")
    given = {key: check_value(key, value) for key, value in m.items()}
    _check_pairing(m)
    _check_model_options(given)
    fields: dict[str, Any] = {o.field or o.key: given.get(o.key, o.default) for o in OPTIONS}
    if fields["gpu"] == "local":
        fields["local_gpu"] = (local_gpu or _stored_local_gpu)()
    return TrainingConfig(**fields)


def local_gpu_reader(warn: Callable[[str], None]) -> Callable[[], GpuSpec | None]:
    """For config_from_mapping: this machine's calibrated GPU, read once, when first asked for.
    What is wrong with calibration.json goes to `warn`, or, when nothing in it can be used, into
    the error for gpu "local"."""
    from ..measure.calibration import read_calibration_file, stored_local_gpu

    @functools.cache
    def read() -> GpuSpec | None:
        stored = read_calibration_file()
        spec = stored_local_gpu(stored.entries)
        if spec is None and stored.problems:
            more = f" (and {len(stored.problems) - 1} more)" if len(stored.problems) > 1 else ""
            raise ConfigError("gpu", "local", f"has no usable calibration: {stored.problems[0]}{more}")
        for problem in stored.problems:
            warn(problem)
        return spec

    return read


def _stored_local_gpu() -> GpuSpec | None:
    from ..measure.calibration import stored_local_gpu

    return stored_local_gpu()
