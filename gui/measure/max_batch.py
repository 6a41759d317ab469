"""The max batch search's result: measured max next to predicted, and two plots against batch size:
memory (where it runs out) and samples per second (where a larger batch stops paying off).

Until a search has run, or where none can run, the panel says what a search needs and shows the
engine's predicted max batch instead of empty plots."""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core import RECOMMENDED_FRACTION, recommended_batch
from core.measure.search import Trial
from core.units import pick_unit

from ..model import CalculatorModel
from ..views.dimming import set_dimmed
from ..views.widgets import quiet_plot
from .reasons import unavailable_reason

__all__ = ["MaxBatchPanel"]


def _plot() -> pg.PlotWidget:
    widget = pg.PlotWidget(background="w")
    quiet_plot(widget, 200, x_grid=True, fixed=False).setLogMode(x=True, y=False)
    return widget


class MaxBatchPanel(QWidget):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.summary = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.prediction = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.memory_plot, self.speed_plot = _plot(), _plot()
        # PlotDataItems, not ScatterPlotItems: only they follow the plot's log x axis
        self.memory_curve = pg.PlotDataItem(pen=pg.mkPen("#0072B2", width=1), symbol="o", symbolSize=9,
                                            symbolBrush="#0072B2", symbolPen=None)
        self.oom_points = pg.PlotDataItem(pen=None, symbol="x", symbolSize=13, symbolBrush="#c0392b",
                                          symbolPen=pg.mkPen("#c0392b"))
        self.capacity_line = pg.InfiniteLine(angle=0, pen=pg.mkPen("#c0392b", width=2, style=Qt.PenStyle.DashLine))
        for item in (self.memory_curve, self.oom_points, self.capacity_line):
            self.memory_plot.addItem(item)
        self.capacity_line.hide()
        self.speed_curve = pg.PlotDataItem(pen=pg.mkPen("#009E73", width=2), symbol="o", symbolSize=8,
                                           symbolBrush="#009E73", symbolPen=None)
        self.speed_plot.addItem(self.speed_curve)
        self.plots = QWidget()
        plots = QHBoxLayout(self.plots)
        plots.setContentsMargins(0, 0, 0, 0)
        plots.addWidget(self.memory_plot)
        plots.addWidget(self.speed_plot)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.prediction)
        layout.addWidget(self.plots, 1)
        layout.addStretch(0)
        self.trials: list[Trial] = []
        self.capacity: int | None = None
        self.available: bool | None = None
        self.reason = ""
        self._result: tuple[int, int, bool, str] | None = None
        self._message = ""
        model.estimate.shownChanged.connect(self._show_prediction)
        model.display.unitsChanged.connect(self._redraw)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self._on_dimmed(model.estimate.dimmed)  # built late, it greys what it shows as the others do
        self.retranslate()

    def _on_dimmed(self, dimmed: bool) -> None:
        set_dimmed(self.prediction, dimmed)

    def set_measuring_available(self, available: bool, reason: str) -> None:
        self.available, self.reason = available, reason
        self.retranslate()

    def clear(self, capacity: int | None = None) -> None:
        self.trials, self.capacity, self._result, self._message = [], capacity, None, ""
        self._redraw()

    def add_trial(self, trial: Trial) -> None:
        self.trials.append(trial)
        self._redraw()

    def set_result(self, measured_max: int, predicted_max: int, limit_reached: bool, device: str) -> None:
        self._result = (measured_max, predicted_max, limit_reached, device)
        self._message = ""
        self._show_summary()

    def set_message(self, text: str) -> None:
        self._message = text
        self._show_summary()

    def _show_summary(self) -> None:
        if self._result is not None:
            measured_max, predicted_max, limit_reached, device = self._result
            text = self.tr("<b>Measured max batch on {device}: {max}</b> · predicted: {pred} · "
                           "recommended ({fraction} ×): <b>{rec}</b>").format(
                device=device, max=f"{measured_max:,}", pred=f"{predicted_max:,}",
                fraction=f"{RECOMMENDED_FRACTION:g}", rec=f"{recommended_batch(measured_max):,}")
            if limit_reached:
                text += " · " + self.tr("the search stopped at its limit; more may fit")
        elif self._message:
            text = self._message
        elif self.available is False:
            text = self.tr("Finding the max batch by measuring needs a CUDA GPU on this machine; "
                           "here: {reason}.").format(reason=unavailable_reason(self.reason))
        else:
            text = self.tr("No search yet. <b>Find max batch on this GPU</b> runs the loop at growing "
                           "batch sizes until it runs out of memory.")
        self.summary.setText(text)

    def _show_prediction(self, *_: object) -> None:
        e = self.model.estimate.shown
        if e is None:
            self.prediction.setText("")
            return
        self.prediction.setText(self.tr(
            "Predicted for {gpu}: max batch <b>{max}</b>, recommended <b>{rec}</b>.").format(
            gpu=html.escape(e.config.gpu_spec.name), max=f"{e.max_batch_size:,}",
            rec=f"{e.recommended_batch_size:,}"))

    def _redraw(self, *_: object) -> None:
        self.plots.setVisible(bool(self.trials))
        fits = sorted((t for t in self.trials if t.fits), key=lambda t: t.batch_size)
        ooms = [t for t in self.trials if not t.fits]
        largest = max([t.peak_allocated_bytes for t in fits] + [self.capacity or 0, 1])
        scale, unit = pick_unit(largest, self.model.display.binary)
        self.memory_curve.setData([t.batch_size for t in fits], [t.peak_allocated_bytes / scale for t in fits])
        # an OOM trial has no peak worth plotting: mark it at the capacity (or the top)
        ceiling = (self.capacity or largest) / scale
        self.oom_points.setData([t.batch_size for t in ooms], [ceiling for _ in ooms])
        if self.capacity:
            self.capacity_line.setPos(self.capacity / scale)
            self.capacity_line.show()
        speed = [t for t in fits if t.samples_per_second]
        self.speed_curve.setData([t.batch_size for t in speed], [t.samples_per_second for t in speed])
        self.memory_plot.setLabel("left", self.tr("Peak memory ({unit})").format(unit=unit))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.memory_plot.setTitle(self.tr("Memory against batch size (× out of memory)"), size="10pt", color="#333")
        self.speed_plot.setTitle(self.tr("Samples per second against batch size"), size="10pt", color="#333")
        self.memory_plot.setLabel("bottom", self.tr("Batch size"))
        self.speed_plot.setLabel("bottom", self.tr("Batch size"))
        self.speed_plot.setLabel("left", self.tr("Samples / s"))
        self._show_summary()
        self._show_prediction()
        self._redraw()
