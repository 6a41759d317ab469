"""Reading the typed fields: hidden widths, the batch size and a custom GPU's GiB.

Nothing is rewritten: a text either reads as one value or raises InputError naming it. What an
input method types is understood: full-width digits, the full-width comma "，" and the
enumeration comma "、" between widths, and digit groups as the window prints them ("13,433,208").
"""

from __future__ import annotations

import math
import re

from core.units import MAX_GPU_GIB, MIN_GPU_GIB

from .errors import InputError

__all__ = ["BATCH_MAX", "MIN_SPLIT_MIB", "parse_batch", "parse_gib", "parse_hidden", "parse_limit_gib",
           "parse_split_mib"]

BATCH_MAX = 1 << 40
"""The largest batch the field takes; the engine's max batch stays far below for any real model."""

_WIDTH_SEPARATORS = re.compile(r"[,，、;；]")
_GROUPED = re.compile(r"\d{1,3}(?:[,，]\d{3})+")


def _whole(field: str, text: str) -> int:
    item = text.strip()
    if _GROUPED.fullmatch(item):
        item = re.sub(r"[,，]", "", item)
    try:
        value = int(item)
    except ValueError:
        raise InputError(field, item, "not_whole") from None
    if value < 1:
        raise InputError(field, item, "not_positive")
    return value


def parse_hidden(text: str) -> tuple[int, ...]:
    """'512, 256' (or '512，256', '512、256') → (512, 256); '' → no hidden layer."""
    if not text.strip():
        return ()
    items = _WIDTH_SEPARATORS.split(text)
    if any(not item.strip() for item in items):
        raise InputError("hidden", text.strip(), "empty_item")
    return tuple(_whole("hidden", item) for item in items)


def parse_batch(text: str) -> int:
    if not text.strip():
        raise InputError("batch_size", text, "empty")
    value = _whole("batch_size", text)
    if value > BATCH_MAX:
        raise InputError("batch_size", text.strip(), "too_large", limit=f"{BATCH_MAX:,}")
    return value


def parse_gib(text: str, field: str = "gpu_memory") -> float:
    """A custom GPU's memory in GiB, as typed: '24', '0.5', '80'."""
    item = text.strip()
    if not item:
        raise InputError(field, text, "empty")
    if "," in item or "，" in item:
        raise InputError(field, item, "decimal_comma")
    try:
        value = float(item)
    except ValueError:
        raise InputError(field, item, "not_number") from None
    if not math.isfinite(value):
        raise InputError(field, item, "not_number")
    if not MIN_GPU_GIB <= value <= MAX_GPU_GIB:
        raise InputError(field, item, "gib_range", low=f"{MIN_GPU_GIB:g}", high=f"{MAX_GPU_GIB:,}")
    return value


def parse_limit_gib(text: str) -> float | None:
    """The allocator limit in GiB; '' → no limit."""
    return parse_gib(text, "allocator_limit") if text.strip() else None


MIN_SPLIT_MIB = 20
"""The smallest max_split_size_mb PyTorch accepts."""


def parse_split_mib(text: str) -> int | None:
    """max_split_size_mb as typed; '' → not set."""
    if not text.strip():
        return None
    value = _whole("max_split_mb", text)
    if not MIN_SPLIT_MIB <= value <= 1 << 40:
        raise InputError("max_split_mb", text.strip(), "mib_range")
    return value
