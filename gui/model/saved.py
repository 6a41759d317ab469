"""Inputs as saved between sessions, read back one value at a time: a value that does not read
as what its input holds is skipped (and named), so the default stays and nothing else is lost.

A typed text is restored as typed, even when it is momentarily invalid ("512,256," from quitting
mid-typing): the window then shows its error. Only what no field could hold is skipped, such as
a batch of 10^30, a GPU of nan GiB or a dataset key that does not exist."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from core import ConfigError
from core.engine.schema import Flag

from .inputs import DECLARED, SPIN_LIMITS, InputState, LocalGpu, choice_keys
from .parsing import parse_batch, parse_gib, parse_limit_gib, parse_split_mib

__all__ = ["MAX_TEXT", "inputs_from_saved", "saved_inputs"]

MAX_TEXT = 100_000
"""Longer texts are not something a user typed."""


def saved_inputs(state: InputState) -> dict[str, object]:
    """Every input under its name, and each declared option under its key, as text."""
    values = {name: getattr(state, name) for name in InputState.names() if name != "options"}
    return {**values, **{f.key: state.option(f.key) for f in DECLARED}}


def _text(value: object) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = ", ".join(value)  # QSettings reads an unquoted "512, 256" as a list
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise ValueError("not a text")
    return value


def _spin(name: str) -> Callable[[object], int]:
    low, high = SPIN_LIMITS[name]

    def read(value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError("not a whole number")
        number = int(value)
        if not low <= number <= high:
            raise ValueError(f"outside {low}..{high}")
        return number

    return read


def _choice(name: str, local: LocalGpu | None, folder: Path | None = None) -> Callable[[object], str]:
    """`folder`: the image folder saved beside the inputs; "folder" is restored only while it is there."""
    allowed = [k for k in choice_keys(name, local) if k != "folder" or (folder is not None and folder.is_dir())]

    def read(value: object) -> str:
        if value == "folder" and "folder" not in allowed:
            raise ValueError(f"the image folder {folder} is not there any more" if folder is not None
                             else "no image folder was saved")
        if value not in allowed:
            raise ValueError(f"not one of {', '.join(allowed)}")
        return str(value)

    return read


def _flag(name: str) -> Callable[[object], bool]:
    """A check box's saved value, read as the schema reads a flag (its ConfigError is a ValueError)."""
    return lambda value: Flag().read(name, value)


def _checked(parse: Callable[[str], object]) -> Callable[[object], str]:
    def read(value: object) -> str:
        text = _text(value if not isinstance(value, (int, float)) or isinstance(value, bool) else str(value))
        try:
            parse(text)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        return text.strip()

    return read


def inputs_from_saved(values: Mapping[str, object], local: LocalGpu | None = None,
                      folder: Path | None = None) -> tuple[InputState, list[str]]:
    """The inputs `values` describe, and one line per value skipped; `folder` is the image folder
    saved with them."""
    readers: dict[str, Callable[[object], object]] = {
        "dataset": _choice("dataset", local, folder),
        "dtype": _choice("dtype", local),
        "optimizer": _choice("optimizer", local),
        "zero_grad": _choice("zero_grad", local),
        "gpu": _choice("gpu", local),
        "hidden": _text,
        "input_shape": _text,
        "batch_size": _checked(parse_batch),
        "gpu_gib": _checked(parse_gib),
        **{name: _spin(name) for name in SPIN_LIMITS},
        "model": _choice("model", local),
        "architecture": _choice("architecture", local),
        "layers": _text,
        "model_file": _text,
        "model_name": _text,
        "amp": _choice("amp", local),
        "grad_scaler": _flag("grad_scaler"),
        "expandable_segments": _flag("expandable_segments"),
        "max_split_mb": _checked(parse_split_mib),
        "allocator_limit_gib": _checked(parse_limit_gib),
    }
    if "gpu_gib" not in values and "gpu_gb" in values:  # the key before the field said GiB
        values = {**values, "gpu_gib": values["gpu_gb"]}
    state, skipped = InputState(), []
    for name, read in readers.items():
        if name not in values:
            continue
        try:
            state = replace(state, **{name: read(values[name])})  # type: ignore[arg-type]  # read per field
        except (TypeError, ValueError, OverflowError) as exc:
            skipped.append(f"{name}={str(values[name])[:60]!r}: {exc}")
    options = {}
    for f in DECLARED:
        if f.key in values and f.default is None and values[f.key] == f.text(None):
            continue  # left empty: the field's default (input_dtype as the dtype)
        if f.key in values:
            try:
                options[f.key] = f.text(f.read(values[f.key]))
            except (TypeError, ValueError) as exc:
                skipped.append(f"{f.key}={str(values[f.key])[:60]!r}: {exc}")
    return replace(state, options=InputState.options_of(options)), skipped
