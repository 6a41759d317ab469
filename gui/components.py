"""Colours and translated names of the memory components and phases, shared by every view."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QColor

from core import ALL_COMPONENTS

__all__ = ["COLORS", "color", "component_label", "naive_label", "phase_label"]

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
    labels = {
        "parameters": QCoreApplication.translate("Components", "Parameters"),
        "gradients": QCoreApplication.translate("Components", "Gradients"),
        "optimizer_state": QCoreApplication.translate("Components", "Optimizer state"),
        "input_batch": QCoreApplication.translate("Components", "Input batch"),
        "activations": QCoreApplication.translate("Components", "Activations"),
        "temporaries": QCoreApplication.translate("Components", "Temporaries"),
        "workspace": QCoreApplication.translate("Components", "cuBLAS workspace"),
    }
    return labels.get(name, name)


def naive_label(name: str) -> str:
    labels = {
        "parameters_and_gradients": QCoreApplication.translate("Components", "Parameters + gradients"),
        "optimizer_state": QCoreApplication.translate("Components", "Optimizer state"),
        "data_batch": QCoreApplication.translate("Components", "Data batch"),
        "activations": QCoreApplication.translate("Components", "Activations"),
    }
    return labels.get(name, name)


def phase_label(phase: str) -> str:
    labels = {
        "setup": QCoreApplication.translate("Phases", "setup"),
        "transfer": QCoreApplication.translate("Phases", "transfer"),
        "forward": QCoreApplication.translate("Phases", "forward"),
        "loss": QCoreApplication.translate("Phases", "loss"),
        "zero_grad": QCoreApplication.translate("Phases", "zero_grad"),
        "backward": QCoreApplication.translate("Phases", "backward"),
        "step": QCoreApplication.translate("Phases", "step"),
    }
    return labels.get(phase, phase)
