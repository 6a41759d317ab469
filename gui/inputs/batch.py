"""The batch size: a text field that keeps what is typed, and a log-scaled slider beside it."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QSlider, QWidget

from ..model import BATCH_MAX, InputError, parse_batch

__all__ = ["SLIDER_MAX", "BatchField", "batch_to_slider", "slider_to_batch"]

STEPS_PER_OCTAVE = 100
SLIDER_MAX = round(math.log2(BATCH_MAX) * STEPS_PER_OCTAVE)


def slider_to_batch(position: int) -> int:
    return max(1, min(BATCH_MAX, round(2 ** (position / STEPS_PER_OCTAVE))))


def batch_to_slider(batch: int) -> int:
    return min(SLIDER_MAX, round(math.log2(max(1, batch)) * STEPS_PER_OCTAVE))


class BatchField(QWidget):
    """`edited(text)` when the text changes or the slider moves; `show_text` sets both without it."""

    edited = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setMaxLength(40)
        self.edit.setMinimumWidth(70)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_MAX)
        self.slider.setPageStep(STEPS_PER_OCTAVE)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.slider, 2)
        self.edit.textChanged.connect(self._on_typed)
        self.slider.valueChanged.connect(self._on_slid)

    def show_text(self, text: str) -> None:
        if self.edit.text() != text:
            self.edit.blockSignals(True)
            self.edit.setText(text)
            self.edit.blockSignals(False)
        self._follow(text)

    def _follow(self, text: str) -> None:
        try:
            batch = parse_batch(text)
        except InputError:
            return  # the slider stays where the last valid batch put it
        self.slider.blockSignals(True)
        self.slider.setValue(batch_to_slider(batch))
        self.slider.blockSignals(False)

    def _on_typed(self, text: str) -> None:
        self._follow(text)
        self.edited.emit(text)

    def _on_slid(self, position: int) -> None:
        text = str(slider_to_batch(position))
        self.edit.blockSignals(True)
        self.edit.setText(text)
        self.edit.blockSignals(False)
        self.edited.emit(text)
