"""Files shipped in the top-level resources/ folder, found relative to this package (never the
working directory), so a checkout and the PyInstaller bundle find them alike."""

from __future__ import annotations

from pathlib import Path

__all__ = ["RESOURCES", "font_files", "icon_file", "translation_file"]

RESOURCES = Path(__file__).resolve().parents[2] / "resources"


def font_files() -> list[Path]:
    return sorted((RESOURCES / "fonts").glob("*.tt[fc]"))


def translation_file(language: str) -> Path:
    return RESOURCES / "i18n" / f"memcalc_{language}.qm"


def icon_file() -> Path:
    return RESOURCES / "icons" / "memcalc.png"
