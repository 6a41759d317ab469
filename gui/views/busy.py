"""What the estimate under way is doing ("Tracing resnet50…"), with a busy bar and, for a trace,
a Cancel, while the last result waits greyed; hidden when the result on screen is the inputs' own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from ..model import EstimateModel, Work

__all__ = ["BusyIndicator"]


class BusyIndicator(QWidget):
    def __init__(self, estimate: EstimateModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.estimate = estimate
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setFixedWidth(90)
        self.bar.setMaximumHeight(14)
        self.bar.setTextVisible(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 6, 0)
        self.cancel = QPushButton()
        self.cancel.setObjectName("cancelTrace")
        self.cancel.clicked.connect(estimate.cancel_trace)
        row.addWidget(self.label)
        row.addWidget(self.bar)
        row.addWidget(self.cancel)
        estimate.workChanged.connect(self._refresh)
        estimate.dimmedChanged.connect(self._refresh)
        estimate.shownChanged.connect(self._refresh)
        self._refresh()

    def _model_name(self, work: Work) -> str:
        if work.model == "layers":
            return self.tr("the layer list")
        if ":" in work.model and work.model not in ("course-cnn",):
            path, _, name = work.model.rpartition(":")
            return f"{Path(path).name}:{name}"
        return work.model

    def text(self) -> str:
        work = self.estimate.work
        if work is None:
            return ""
        if work.kind == "trace" and work.starting:
            return self.tr("Starting PyTorch, then tracing {model}…").format(model=self._model_name(work))
        if work.kind == "trace":
            return self.tr("Tracing {model}…").format(model=self._model_name(work))
        return self.tr("Estimating…")

    def _refresh(self, *_: object) -> None:
        estimate = self.estimate
        waiting = estimate.work is not None and (estimate.dimmed or estimate.shown is None)
        self.label.setText(self.text())
        self.cancel.setText(self.tr("Cancel"))
        self.cancel.setToolTip(self.tr("Stop this trace (a model file that never returns): the estimate process "
                                       "is restarted"))
        self.cancel.setVisible(estimate.work is not None and estimate.work.kind == "trace")
        self.setVisible(waiting)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()
        super().changeEvent(event)
