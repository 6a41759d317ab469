"""The kinds of value a field takes, each read one way from every front end.

`read(key, value)` takes text as a person types it (the command line, the window, a saved
setting) or a JSON value, and gives what TrainingConfig holds, or raises a ConfigError naming the
key and the value; `text(value)` writes it back as the window shows it. What an input method
types is understood everywhere: full-width digits and commas, "、" between sizes, and digit groups
as memcalc prints them ("1,024").
"""

from __future__ import annotations

import math
import re
import reprlib
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..errors import ConfigError

__all__ = [
    "MAX_DIGITS", "MAX_LONG_TEXT", "MAX_TEXT", "Choice", "Count", "Flag", "Gib", "HugeNumber", "Kind", "Shown",
    "Sizes", "Text", "brief", "json_int",
]

MAX_TEXT = 1000
"""The longest name a field takes, in characters."""
MAX_LONG_TEXT = 100_000
"""The longest layer list or setting, in characters."""
MAX_DIGITS = 400
"""No size needs more digits; Python refuses to read more than 4,300."""
_GIB = 1 << 30
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+")
_SEPARATORS = re.compile(r"[,;、]")


class HugeNumber:
    """A JSON integer with more digits than any field could use, kept as its text."""

    def __init__(self, digits: str) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"{self.digits[:6]}…{self.digits[-4:]} ({len(self.digits):,} digits)"


def json_int(text: str) -> int | HugeNumber:
    """json.loads's parse_int: a HugeNumber for an integer too long to be a size."""
    return HugeNumber(text) if len(text) > MAX_DIGITS else int(text)


_brief = reprlib.Repr()
_brief.maxstring = _brief.maxother = 80
_brief.maxlist = _brief.maxtuple = _brief.maxdict = 8
_brief.maxlevel = 3


class Shown:
    """A value as an error message names it (`repr`), and the value itself (`original`)."""

    def __init__(self, text: str, original: object) -> None:
        self.text = text
        self.original = original

    def __repr__(self) -> str:
        return self.text


def brief(value: object) -> object:
    """`value` as an error message shows it: long strings, lists and nesting cut short."""
    return Shown(_brief.repr(value), value)


def _bad(key: str, value: object, code: str, **params: object) -> ConfigError:
    return ConfigError(key, brief(value), code, **params)


def _typed(text: str) -> str:
    """What an input method typed, as ASCII where it means ASCII: full-width digits and commas."""
    return unicodedata.normalize("NFKC", text).strip()


class Kind:
    """How one field's value is read and written."""

    def read(self, key: str, value: object) -> Any:
        raise NotImplementedError

    def text(self, value: Any) -> str:
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Count(Kind):
    """A whole number from `low` to `high`."""

    low: int = 1
    high: int = 1 << 62

    def read(self, key: str, value: object) -> int:
        number = self.whole(key, value)
        if number < self.low:
            raise _bad(key, number, "at_least", low=f"{self.low:,}")
        if number > self.high:
            raise _bad(key, number, "more_than", high=f"{self.high:,}")
        return number

    @staticmethod
    def whole(key: str, value: object) -> int:
        if isinstance(value, HugeNumber):
            raise _bad(key, value, "too_large")
        if isinstance(value, str):
            item = _typed(value)
            if not item:
                raise ConfigError(key, value, "empty")
            if len(item) > MAX_DIGITS:
                raise _bad(key, value, "too_large")
            if _GROUPED.fullmatch(item):
                item = item.replace(",", "")
            if not re.fullmatch(r"[+-]?\d+", item):
                raise _bad(key, value, "not_whole")
            return int(item)
        if isinstance(value, bool) or not isinstance(value, int):
            raise _bad(key, value, "not_whole")
        return value

    def text(self, value: Any) -> str:
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Sizes(Kind):
    """Sizes such as "512, 256" or [512, 256]; `count` of them when it is set."""

    item: Count = Count()
    count: int | None = None
    names: str = ""
    """What the sizes are, for the message about how many: "C,H,W"."""
    highs: tuple[int, ...] = ()
    """Per position, where the sizes have different bounds."""
    fewest: int = 0
    most: int | None = None
    """Without `count`: how many sizes it takes at least and at most (None: any number)."""

    def read(self, key: str, value: object) -> tuple[int, ...]:
        items = self._items(key, value)
        if self.count is not None and len(items) != self.count:
            raise _bad(key, value, "sizes_count", count=self.count, names=self.names)
        if len(items) < self.fewest or (self.most is not None and len(items) > self.most):
            raise _bad(key, value, "sizes_range", low=self.fewest, high=self.most, names=self.names)
        highs = self.highs or (self.item.high,) * len(items)
        return tuple(Count(self.item.low, high).read(key, v) for v, high in zip(items, highs))

    @staticmethod
    def _items(key: str, value: object) -> list[object]:
        if isinstance(value, str):
            text = _typed(value)
            if not text:
                return []
            items = [t.strip() for t in _SEPARATORS.split(text)]
            if any(not t for t in items):
                raise _bad(key, value, "empty_item")
            return list(items)
        if not isinstance(value, (list, tuple)):
            raise _bad(key, value, "not_sizes")
        return list(value)

    def text(self, value: Any) -> str:
        return "" if value is None else ", ".join(str(v) for v in value)


@dataclass(frozen=True)
class Choice(Kind):
    """One of the keys `choices()` gives (a function: the GPU catalogue is read when first asked)."""

    choices: Callable[[], Sequence[str]]
    labels: tuple[tuple[str, str], ...] = ()
    """(key, what the window shows: a translation source of the "Choice" context), where the key alone
    would not say it to a learner."""

    def label(self, key: str) -> str:
        return dict(self.labels).get(key, key)

    def read(self, key: str, value: object) -> str:
        if not isinstance(value, str):
            raise _bad(key, value, "not_string")
        if len(value) > MAX_TEXT:
            raise _bad(key, value, "too_long", length=f"{len(value):,}")
        allowed = self.choices()
        if value not in allowed:
            raise _bad(key, value, "not_one_of", choices=", ".join(allowed))
        return value


@dataclass(frozen=True)
class Text(Kind):
    """Free text up to `longest` characters: a model name, a layer list, a path."""

    longest: int = MAX_TEXT

    def read(self, key: str, value: object) -> str:
        if isinstance(value, HugeNumber) or not isinstance(value, str):
            raise _bad(key, value, "not_string")
        if len(value) > self.longest:
            raise _bad(key, value, "too_long", length=f"{len(value):,}")
        return value


@dataclass(frozen=True)
class Flag(Kind):
    """true or false: JSON's, or the words."""

    def read(self, key: str, value: object) -> bool:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        raise _bad(key, value, "not_bool")

    def text(self, value: Any) -> str:
        return "true" if value else "false"


@dataclass(frozen=True)
class Gib(Kind):
    """A memory size given in GiB (2^30 bytes, as cards are sold: a '24 GB' card has 24 GiB), held in bytes."""

    low: float = 0.01
    high: float = 100_000

    def read(self, key: str, value: object) -> int:
        gib = self.number(key, value)
        if not self.low <= gib <= self.high:  # NaN fails this too
            raise _bad(key, value, "gib_range", low=f"{self.low:g}", high=f"{self.high:,}")
        return int(gib * _GIB)

    @staticmethod
    def number(key: str, value: object) -> float:
        if isinstance(value, str):
            text = _typed(value)
            if not text:
                raise ConfigError(key, value, "empty")
            if "," in text:
                raise _bad(key, value, "decimal_comma")
            try:
                number = float(text) if len(text) <= MAX_DIGITS else math.inf
            except ValueError:
                raise _bad(key, value, "not_number") from None
            if not math.isfinite(number):
                raise _bad(key, value, "not_number")
            return number
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _bad(key, value, "not_number")
        return float(value) if abs(value) < 1e300 else math.inf

    def text(self, value: Any) -> str:
        return "" if value is None else f"{value / _GIB:g}"
