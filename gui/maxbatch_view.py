"""The max batch search's result: measured max next to predicted, and two plots against batch size:
memory (where it runs out) and samples per second (where a larger batch stops paying off)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from core.measure.search import Trial

from .charts import pick_scale
from .widgets import quiet_plot

__all__ = ["MaxBatchPanel"]


def _plot() -> pg.PlotWidget:
    widget = pg.PlotWidget(background="w")
    quiet_plot(widget, 220, x_grid=True, fixed=False).setLogMode(x=True, y=False)
    return widget


class MaxBatchPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
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
        plots = QHBoxLayout()
        plots.addWidget(self.memory_plot)
        plots.addWidget(self.speed_plot)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addLayout(plots, 1)
        self.trials: list[Trial] = []
        self.capacity: int | None = None
        self.binary = True
        self._text = ""
        self.retranslate()

    def set_binary(self, binary: bool) -> None:
        self.binary = binary
        self._redraw()

    def clear(self, capacity: int | None = None) -> None:
        self.trials, self.capacity, self._text = [], capacity, ""
        self._redraw()

    def add_trial(self, trial: Trial) -> None:
        self.trials.append(trial)
        self._redraw()

    def set_result(self, measured_max: int, predicted_max: int, limit_reached: bool, device: str) -> None:
        recommended = int(measured_max * 0.8)
        text = self.tr("<b>Measured max batch on {device}: {max}</b> · predicted: {pred} · "
                       "recommended (0.8 ×): <b>{rec}</b>").format(
            device=device, max=f"{measured_max:,}", pred=f"{predicted_max:,}", rec=f"{recommended:,}")
        if limit_reached:
            text += " · " + self.tr("the search stopped at its limit; more may fit")
        self._text = text
        self.summary.setText(text)

    def set_message(self, text: str) -> None:
        self._text = text
        self.summary.setText(text)

    def _redraw(self) -> None:
        fits = sorted((t for t in self.trials if t.fits), key=lambda t: t.batch_size)
        ooms = [t for t in self.trials if not t.fits]
        largest = max([t.peak_allocated_bytes for t in fits] + [self.capacity or 0, 1])
        scale, unit = pick_scale(largest, self.binary)
        self.memory_unit = unit
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
        if not self._text:
            self.summary.setText(self.tr("No search yet. <b>Find max batch on this GPU</b> runs the loop at growing "
                                         "batch sizes until it runs out of memory."))
        self._redraw()
