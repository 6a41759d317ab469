"""Numbers as people read them: 100,480 and 1.5 GiB."""

from __future__ import annotations

__all__ = ["grouped", "human_bytes", "product_formula"]

_BINARY = ("B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
_DECIMAL = ("B", "KB", "MB", "GB", "TB", "PB", "EB")


def grouped(n: int) -> str:
    return f"{n:,}"


def human_bytes(n: int, binary: bool = True) -> str:
    base, names = (1024, _BINARY) if binary else (1000, _DECIMAL)
    value, unit = float(n), 0
    while abs(value) >= base and unit < len(names) - 1:
        value /= base
        unit += 1
    if unit == 0:
        return f"{n:,} B"
    return f"{value:,.2f} {names[unit]}"


def product_formula(factors: list[int], unit: str = "B") -> str:
    """'64 × 1 × 28 × 28 × 4 B = 200,704 B'."""
    total = 1
    for f in factors:
        total *= f
    left = " × ".join(grouped(f) for f in factors)
    return f"{left} {unit} = {grouped(total)} {unit}" if unit else f"{left} = {grouped(total)}"
