"""Files shipped inside the package, found relative to it (never the working directory)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["RESOURCES", "font_files", "translation_file"]

RESOURCES = Path(__file__).resolve().parent / "resources"


def font_files() -> list[Path]:
    return sorted((RESOURCES / "fonts").glob("*.tt[fc]"))


def translation_file(language: str) -> Path:
    return RESOURCES / "i18n" / f"memcalc_{language}.qm"
