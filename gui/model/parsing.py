"""The typed fields, read as the command line reads them: the schema's kinds, with their errors
as InputErrors. Nothing is rewritten: a text either reads as one value or raises InputError naming
it; what an input method types (full-width digits, "，" and "、", digit groups as the window prints
them, "13,433,208") is read by the kinds themselves."""

from __future__ import annotations

from typing import Any

from core import ConfigError
from core.engine.allocator.conf import split_mib
from core.engine.schema import BATCH_MAX, field

from .errors import InputError

__all__ = ["BATCH_MAX", "parse_batch", "parse_gib", "parse_hidden", "parse_limit_gib", "parse_split_mib"]


def _read(key: str, text: str, shown_as: str = "") -> Any:
    try:
        return field(key).read(text)
    except ConfigError as exc:
        raise InputError(shown_as or exc.field, exc.value, exc.code, **exc.params) from None


def parse_hidden(text: str) -> tuple[int, ...]:
    """'512, 256' (or '512，256', '512、256') → (512, 256); '' → no hidden layer."""
    return tuple(_read("hidden", text))


def parse_batch(text: str) -> int:
    return int(_read("batch_size", text))


def parse_gib(text: str, shown_as: str = "gpu_memory") -> int:
    """A memory size typed in GiB ('24', '0.5'), in bytes."""
    return int(_read("gpu_memory_gb", text, shown_as))


def parse_limit_gib(text: str) -> int | None:
    """The allocator limit typed in GiB, in bytes; '' → no limit."""
    return parse_gib(text, "allocator_limit") if text.strip() else None


def parse_split_mib(text: str) -> int | None:
    """max_split_size_mb as typed; '' → not set."""
    if not text.strip():
        return None
    try:
        return split_mib("max_split_mb", text)
    except ConfigError as exc:
        raise InputError.from_config_error(exc) from None
