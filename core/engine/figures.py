"""A number of bytes together with how it was computed."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Figure"]


@dataclass(frozen=True)
class Figure:
    bytes: int
    formula: str

    def to_dict(self) -> dict[str, object]:
        return {"bytes": self.bytes, "formula": self.formula}
