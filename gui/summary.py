"""The headline numbers: max and recommended batch size, and whether the run fits."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from core import Estimate, human_bytes

from .components import phase_label

__all__ = ["SummaryBox"]

_BIG = "font-size: 22pt; font-weight: bold;"


class SummaryBox(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        self.max_caption, self.rec_caption = QLabel(), QLabel()
        self.max_value, self.rec_value = QLabel("–"), QLabel("–")
        for label in (self.max_value, self.rec_value):
            label.setStyleSheet(_BIG)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fits = QLabel()
        self.fits.setStyleSheet("font-size: 12pt; font-weight: bold;")
        self.details = QLabel()
        self.details.setWordWrap(True)
        grid.addWidget(self.max_caption, 0, 0)
        grid.addWidget(self.rec_caption, 0, 1)
        grid.addWidget(self.max_value, 1, 0)
        grid.addWidget(self.rec_value, 1, 1)
        grid.addWidget(self.fits, 2, 0, 1, 2)
        grid.addWidget(self.details, 3, 0, 1, 2)
        self.binary = True
        self._estimate: Estimate | None = None
        self.retranslate()

    def set_binary(self, binary: bool) -> None:
        self.binary = binary
        if self._estimate is not None:
            self.update_estimate(self._estimate)

    def update_estimate(self, e: Estimate) -> None:
        self._estimate = e
        size = lambda n: human_bytes(n, self.binary)  # noqa: E731
        self.max_value.setText(f"{e.max_batch_size:,}")
        self.rec_value.setText(f"{e.recommended_batch_size:,}")
        if e.fits:
            self.fits.setText(self.tr("✔ Fits on this GPU"))
            self.fits.setStyleSheet("font-size: 12pt; font-weight: bold; color: #1e8449;")
        else:
            self.fits.setText(self.tr("✘ Does not fit on this GPU"))
            self.fits.setStyleSheet("font-size: 12pt; font-weight: bold; color: #c0392b;")
        source = {"measured": self.tr("measured"), "calibrated": self.tr("calibrated on this machine")}.get(
            e.runtime.source, self.tr("estimated"))
        self.details.setText(self.tr(
            "Peak {peak} at {phase} (iteration {it}) + CUDA context {ctx} ({source}) = {total} of {gpu}. "
            "Course estimate: {naive}."
        ).format(peak=size(e.peak_bytes), phase=phase_label(e.peak_phase[0]), it=e.peak_phase[1],
                 ctx=size(e.runtime.cuda_context_bytes), source=source, total=size(e.device_total_bytes),
                 gpu=size(e.gpu_memory_bytes), naive=size(e.naive_bytes)))

    def retranslate(self) -> None:
        self.setTitle(self.tr("Result"))
        self.max_caption.setText(self.tr("Max batch size"))
        self.rec_caption.setText(self.tr("Recommended (80 %)"))
        if self._estimate is not None:
            self.update_estimate(self._estimate)
