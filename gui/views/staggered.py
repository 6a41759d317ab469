"""Painting a new result over several frames: the views take the result at once (what they show
is always the estimate on screen), but the charts paint one per pass of the event loop, so that
no pass holds the GUI thread for all of them (a slider step's repaint of the whole overview took
longer than a frame). `flush()` paints what is still waiting, for a grab."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

__all__ = ["StaggeredPaint"]


class StaggeredPaint(QObject):
    def __init__(self, charts: list[pg.PlotWidget], parent: QObject | None = None) -> None:
        """`charts` (those after the first to paint) paint in this order, one a pass."""
        super().__init__(parent)
        self._charts = charts
        self._waiting: list[pg.PlotWidget] = []
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._next)

    def hold(self, *_: object) -> None:
        """Connected to the signal of a new result: the charts repaint in the passes after."""
        for chart in self._charts:
            if chart not in self._waiting:
                chart.viewport().setUpdatesEnabled(False)
                self._waiting.append(chart)
        self._waiting.sort(key=self._charts.index)
        self._timer.start()

    def waiting(self) -> bool:
        return bool(self._waiting)

    def flush(self) -> None:
        """Paint now what is still waiting, as the passes would have (before a grab): a chart's
        first paint sizes its axes to their labels, and the layout that asks for follows."""
        self._timer.stop()
        while self._waiting:
            chart = self._waiting.pop(0)
            chart.viewport().setUpdatesEnabled(True)
            chart.viewport().repaint()
            QCoreApplication.sendPostedEvents(chart.getPlotItem(), QEvent.Type.LayoutRequest)
            chart.viewport().repaint()

    def _next(self) -> None:
        if self._waiting:
            self._waiting.pop(0).viewport().setUpdatesEnabled(True)  # repaints it whole
        if self._waiting:
            self._timer.start()
