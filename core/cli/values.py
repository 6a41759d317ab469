"""The kinds of value an option takes, each with its check: a string from argv or any JSON value
in, what TrainingConfig takes out, or a ConfigError naming the key and (cut short) the value."""

from __future__ import annotations

import reprlib
from collections.abc import Callable
from typing import Any

from ..engine.config import ConfigError, parse_sizes
from ..units import MAX_GPU_GIB, MIN_GPU_GIB, gib_to_bytes

__all__ = ["KINDS", "MAX_LONG_TEXT", "MAX_TEXT", "HugeNumber", "brief", "json_int", "whole_number"]

MAX_TEXT = 1000
"""The longest name an option takes, in characters."""
MAX_LONG_TEXT = 100_000
"""The longest layer list or setting, in characters."""
_MAX_DIGITS = 400


class HugeNumber:
    """A JSON integer with more digits than any option could use, kept as its text: Python
    refuses to turn more than 4,300 digits into an int, and no size needs a tenth of that."""

    def __init__(self, digits: str) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"{self.digits[:6]}…{self.digits[-4:]} ({len(self.digits):,} digits)"


def json_int(text: str) -> int | HugeNumber:
    """json.loads's parse_int: a HugeNumber for an integer too long to be a size."""
    return HugeNumber(text) if len(text) > _MAX_DIGITS else int(text)


_brief = reprlib.Repr()
_brief.maxstring = _brief.maxother = 80
_brief.maxlist = _brief.maxtuple = _brief.maxdict = 8
_brief.maxlevel = 3


class _Shown:
    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def brief(value: object) -> object:
    """`value` as an error message shows it: long strings, lists and nesting cut short."""
    return _Shown(_brief.repr(value))


def _bad(key: str, value: object, reason: str) -> ConfigError:
    return ConfigError(key, brief(value), reason)


def _text(key: str, value: object) -> str:
    if isinstance(value, HugeNumber) or not isinstance(value, str):
        raise _bad(key, value, "is not a string")
    if len(value) > MAX_TEXT:
        raise _bad(key, value, f"is too long ({len(value):,} characters)")
    return value


def whole_number(key: str, value: object) -> int:
    """An int as JSON or argv gives it; positivity and size are the engine's to check."""
    if isinstance(value, HugeNumber) or (isinstance(value, str) and len(value.strip()) > _MAX_DIGITS):
        raise _bad(key, value, "is too large")
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            raise _bad(key, value, "is not a whole number") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _bad(key, value, "is not a whole number")
    return value


def _sizes(key: str, value: object) -> tuple[int, ...]:
    """'512,256' or [512, 256]."""
    if isinstance(value, str):
        return parse_sizes(key, value)
    if not isinstance(value, (list, tuple)):
        raise _bad(key, value, "is not a list of sizes")
    return tuple(whole_number(key, item) for item in value)


def _number(key: str, value: object) -> float:
    if isinstance(value, str):
        text = _text(key, value).strip()
        try:
            return float(text)
        except ValueError:
            raise _bad(key, value, "is not a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _bad(key, value, "is not a number")
    return value


def _gib(key: str, value: object) -> int:
    """GiB as the user gives them, in bytes."""
    gib = _number(key, value)
    if not MIN_GPU_GIB <= gib <= MAX_GPU_GIB:  # NaN fails this too
        raise _bad(key, value, f"must be a size in GiB from {MIN_GPU_GIB} to {MAX_GPU_GIB:,}")
    return gib_to_bytes(gib)


def _long_text(key: str, value: object) -> str:
    """A layer list or an allocator setting: text, longer than a name may be."""
    if isinstance(value, HugeNumber) or not isinstance(value, str):
        raise _bad(key, value, "is not a string")
    if len(value) > MAX_LONG_TEXT:
        raise _bad(key, value, f"is too long ({len(value):,} characters)")
    return value


def _flag(key: str, value: object) -> bool:
    """true or false (JSON), or the switch given on the command line."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise _bad(key, value, "is not true or false")


KINDS: dict[str, Callable[[str, object], Any]] = {
    "name": _text, "text": _long_text, "sizes": _sizes, "count": whole_number, "gib": _gib, "flag": _flag,
}
"""Kind of value → its check: takes (key, value), returns what TrainingConfig takes or raises ConfigError."""
