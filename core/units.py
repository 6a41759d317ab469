"""Numbers as people read them: 100,480 and 1.5 GiB."""

from __future__ import annotations

__all__ = ["GIB", "MAX_GPU_GIB", "MIN_GPU_GIB", "gib_to_bytes", "grouped", "human_bytes", "pick_unit"]

GIB = 1 << 30
MIN_GPU_GIB = 0.01
MAX_GPU_GIB = 100_000
"""The sizes a custom GPU may have, in GiB: GPUs are sold by GiB ("24 GB" is 24 GiB)."""


def gib_to_bytes(gib: float) -> int:
    return int(gib * GIB)
_BINARY = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
_DECIMAL = ("B", "KB", "MB", "GB", "TB", "PB", "EB")


def grouped(n: int) -> str:
    return f"{n:,}"


def pick_unit(largest: float, binary: bool = True) -> tuple[float, str]:
    """Bytes per unit and its name, so that `largest` reads between 1 and 1024 (or 1000)."""
    base, names = (1024, _BINARY) if binary else (1000, _DECIMAL)
    scale, unit = 1.0, 0
    while abs(largest) >= base * scale and unit < len(names) - 1:
        scale *= base
        unit += 1
    return scale, names[unit]


def human_bytes(n: int, binary: bool = True) -> str:
    scale, unit = pick_unit(n, binary)
    if scale == 1:
        return f"{n:,} B"
    return f"{n / scale:,.2f} {unit}"
