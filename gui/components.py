"""Colours and translated names of the memory components and phases, shared by every view."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from core import ALL_COMPONENTS

__all__ = ["COLORS", "color", "component_label", "phase_label", "naive_label"]

# Okabe-Ito based, readable for colour-blind users; one colour per component everywhere.
COLORS: dict[str, str] = {
    "parameters": "#0072B2",
    "gradients": "#56B4E9",
    "optimizer_state": "#009E73",
    "input_batch": "#E69F00",
    "activations": "#D55E00",
    "temporaries": "#CC79A7",
    "workspace": "#999999",
}
assert set(COLORS) == set(ALL_COMPONENTS)


def color(name: str) -> QColor:
    return QColor(COLORS[name])


def component_label(name: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "parameters": tr("Components", "Parameters"),
        "gradients": tr("Components", "Gradients"),
        "optimizer_state": tr("Components", "Optimizer state"),
        "input_batch": tr("Components", "Input batch"),
        "activations": tr("Components", "Activations"),
        "temporaries": tr("Components", "Temporaries"),
        "workspace": tr("Components", "cuBLAS workspace"),
    }
    return labels.get(name, name)


def naive_label(name: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "parameters_and_gradients": tr("Components", "Parameters + gradients"),
        "optimizer_state": tr("Components", "Optimizer state"),
        "data_batch": tr("Components", "Data batch"),
        "activations": tr("Components", "Activations"),
    }
    return labels.get(name, name)


def phase_label(phase: str) -> str:
    tr = QCoreApplication.translate
    labels = {
        "setup": tr("Phases", "setup"),
        "transfer": tr("Phases", "transfer"),
        "forward": tr("Phases", "forward"),
        "loss": tr("Phases", "loss"),
        "zero_grad": tr("Phases", "zero_grad"),
        "backward": tr("Phases", "backward"),
        "step": tr("Phases", "step"),
    }
    return labels.get(phase, phase)
