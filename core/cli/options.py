"""The command line's options and JSONL keys: the fields of core.engine.schema, each read by its
kind, so that a value from argv (a string) and one from JSON pass the same check."""

from __future__ import annotations

import argparse
import difflib
import functools
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from ..engine.catalog import GpuSpec
from ..engine.config import ConfigError, TrainingConfig
from ..engine.model.spec import model_file_path
from ..engine.schema import ANY, FIELDS, brief, field
from .output import EXIT_BAD_INPUT, emit, flush_stdout

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = [
    "EXIT_BAD_INPUT", "JSONL_KEYS", "add_config_options", "check_value", "config_from_mapping", "config_options",
    "given_flags", "local_gpu_reader", "parser",
]

JSONL_KEYS = frozenset(f.key for f in FIELDS)


def check_value(key: str, value: object) -> object:
    """`value` for option `key` (a string from argv or any JSON value), as TrainingConfig takes it."""
    return field(key).read(value)


class _Once(argparse.Action):
    """Stores an option's value (a switch's `const`); the same option a second time is refused,
    whatever its spelling (--batch-size, --batch, --batch-size=64), rather than the last one winning."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        given = parser.given if isinstance(parser, _Parser) else set()
        if self.dest in given:
            raise ConfigError(self.option_strings[-1], None, "option_twice")
        given.add(self.dest)
        setattr(namespace, self.dest, self.const if self.nargs == 0 else values)


_SWITCHES = {"store_true": True, "store_false": False, "store_const": None}


class _Parser(argparse.ArgumentParser):
    given: set[str]
    """The options seen by the parse under way."""

    def error(self, message: str) -> NoReturn:  # one line, exit 2: no usage dump
        raise ConfigError("arguments", "", "arguments", message=message)

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """Every option that stores a value or a switch is stored once (_Once)."""
        action = kwargs.get("action", "store")
        if args and str(args[0]).startswith("-") and (action == "store" or action in _SWITCHES):
            if action in _SWITCHES:
                const = _SWITCHES[action]
                kwargs.update(nargs=0, const=kwargs.get("const") if const is None else const)
                kwargs.setdefault("default", None if const is None else not const)
            kwargs["action"] = _Once
        return super().add_argument(*args, **kwargs)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        argv = list(sys.argv[1:] if args is None else args)
        self.given = set()
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

    def print_help(self, file: SupportsWrite[str] | None = None) -> None:
        """The help on stdout through `emit`: a stdout that cannot take it is one line (OutputError),
        never the help sent to stderr instead, as argparse does when stdout is closed."""
        if file is not None:
            super().print_help(file)
            return
        emit(sys.stdout, self.format_help())

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:  # after --help
        failed = flush_stdout()
        raise SystemExit(status if failed is None else failed)


def parser(prog: str, description: str) -> argparse.ArgumentParser:
    """A parser whose errors raise ConfigError (one line, exit 2) instead of printing usage."""
    return _Parser(prog=prog, description=description)


def add_config_options(p: argparse.ArgumentParser) -> None:
    """The options that make a TrainingConfig (shared by `estimate` and `probe`). None when not
    given: config_from_mapping fills in the defaults, so that what was given can be told apart."""
    for f in FIELDS:
        if f.switch:
            p.add_argument(f.flag, dest=f.key, action="store_const", const=False, default=None, help=f.help)
        else:
            p.add_argument(f.flag, dest=f.key, default=None, help=f.help)


def config_options(args: argparse.Namespace) -> dict[str, str]:
    """The config options that were given, as config_from_mapping takes them."""
    return {k: v for k, v in vars(args).items() if k in JSONL_KEYS and v is not None}


def given_flags(args: argparse.Namespace) -> list[str]:
    """The command-line flags of the config options that were given."""
    return [f.flag for f in FIELDS if getattr(args, f.key) is not None]


def _check_pairing(given: Mapping[str, object]) -> None:
    """An option that only goes with another's value is refused without it, and needed with it."""
    for f in FIELDS:
        if f.only_with is None:
            continue
        other, wanted = f.only_with
        paired = other in given if wanted is ANY else given.get(other, field(other).default) == wanted
        if f.key in given and not paired:
            code = "only_with_given" if wanted is ANY else "only_with"
            raise ConfigError(f.key, brief(given[f.key]), code, other=other, wanted=wanted)
        if paired and f.key not in given and wanted is not ANY and not f.optional:
            raise ConfigError(f.key, None, "needed_with", other=other, wanted=wanted)


def _check_model_options(given: Mapping[str, object]) -> None:
    """Options that only the MLP uses are refused with another model."""
    other = next((k for k in ("layers", "model_file") if k in given), None)
    if other is None and given.get("model", "mlp") != "mlp":
        other = "model"
    if "hidden" in given and other is not None:
        raise ConfigError("hidden", brief(given["hidden"]), "only_mlp", other=other)
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
        near = _near_key(unknown[0])
        if near is not None:
            raise ConfigError("key", brief(unknown[0]), "unknown_key_near", near=near)
        raise ConfigError("key", brief(unknown[0]), "unknown_key", keys=", ".join(sorted(JSONL_KEYS)))
    given = {key: check_value(key, value) for key, value in m.items()}
    _check_pairing(m)
    _check_model_options(given)
    fields: dict[str, Any] = {f.config_attr: given.get(f.key, f.default) for f in FIELDS}
    if fields["gpu"] == "local":
        fields["local_gpu"] = (local_gpu or _stored_local_gpu)()
    return TrainingConfig(**fields)


def _near_key(key: str) -> str | None:
    """The key `key` was meant to be: the same in other capitals or with dashes ("Dataset",
    "batch-size"), else the closest spelling; None when none is close (the message lists them all)."""
    folded = key.strip().lower().replace("-", "_")
    if folded in JSONL_KEYS:
        return folded
    close = difflib.get_close_matches(folded, sorted(JSONL_KEYS), n=1, cutoff=0.8)
    return close[0] if close else None


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
            raise ConfigError("gpu", "local", "bad_calibration", problem=f"{stored.problems[0]}{more}")
        for problem in stored.problems:
            warn(problem)
        return spec

    return read


def _stored_local_gpu() -> GpuSpec | None:
    from ..measure.calibration import stored_local_gpu

    return stored_local_gpu()
