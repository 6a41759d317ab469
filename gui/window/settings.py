"""What the window keeps between sessions (QSettings), read back value by value: a corrupt value
is logged and skipped, the default stays, and the rest still comes back."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow

from ..model import CalculatorModel, inputs_from_saved, saved_inputs

__all__ = ["read_bool", "restore_window", "save_window", "saved_language"]

log = logging.getLogger(__name__)


def read_bool(settings: QSettings, key: str, default: bool) -> bool:
    value = settings.value(key, default)
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    log.warning("settings: skipped %s=%r (not true or false)", key, value)
    return default


def saved_language(settings: QSettings, languages: dict[str, str]) -> str | None:
    value = settings.value("view/language", "")
    if isinstance(value, str) and value in languages:
        return value
    if value:
        log.warning("settings: skipped view/language=%r (not one of %s)", value, ", ".join(languages))
    return None


def save_window(settings: QSettings, window: QMainWindow, model: CalculatorModel, language: str | None) -> None:
    for key, value in saved_inputs(model.inputs.state).items():
        settings.setValue(f"inputs/{key}", value)
    settings.remove("inputs/gpu_gb")  # the key before the field said GiB
    folder = window.sample_folder()  # type: ignore[attr-defined]
    if folder is not None:
        settings.setValue("samples/folder", str(folder))
    settings.setValue("view/binary", model.display.binary)
    settings.remove("view/show_workspace")  # the key from when the workspace was in the training charts by default
    settings.setValue("view/workspace_in_training", model.display.show_workspace)
    if language is not None:
        settings.setValue("view/language", language)
    settings.setValue("window/geometry", window.saveGeometry())
    settings.sync()


def restore_window(settings: QSettings, window: QMainWindow, model: CalculatorModel) -> list[str]:
    """Restore the inputs (nothing computed for other inputs stays on screen), the view choices and
    the geometry; returns one line per value skipped."""
    settings.beginGroup("inputs")
    values = {key: settings.value(key) for key in settings.childKeys()}
    settings.endGroup()
    saved_folder = settings.value("samples/folder")
    folder = Path(saved_folder) if isinstance(saved_folder, str) and saved_folder else None
    inputs, skipped = inputs_from_saved(values, model.inputs.local_gpu, folder)
    if folder is not None and folder.is_dir():
        window.set_sample_folder(folder)  # type: ignore[attr-defined]  # read again when shown
    model.display.set_binary(read_bool(settings, "view/binary", True))
    model.display.set_show_workspace(read_bool(settings, "view/workspace_in_training", False))
    geometry = settings.value("window/geometry")
    if geometry is not None and not (isinstance(geometry, QByteArray) and window.restoreGeometry(geometry)):
        skipped.append(f"window/geometry={str(geometry)[:60]!r}: not a saved geometry")
    for line in skipped:
        log.warning("settings: skipped %s", line)
    model.reset(inputs)
    return skipped
