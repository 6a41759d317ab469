"""Drawing a new result over several passes of the event loop: a chart's data going into its
pyqtgraph items, the layout of its axes that its paint needs, and its repaint each take a pass
of their own, chart after chart (the component table, filled and repainted, takes its turns the
same way), so that no pass holds the GUI thread for long (a slider step's redraw and repaint of
the whole overview took longer than a frame, and one chart's data and axes about 10 ms). A
chart waits in line once, whatever number of results arrive meanwhile (a drag), and draws the
newest when its turn comes; a chart out of sight (another tab is shown) is drawn when it is
shown again. `flush()` draws and paints what is still waiting, for a grab."""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

from .widgets import ResultChart, Staggered

Drawn = Staggered

__all__ = ["FIRST_PASSES", "StaggeredPaint"]


def _surface(chart: Drawn) -> QWidget:
    """What waits unpainted for `chart`'s turn: a plot's viewport; any other view whole, a
    table's header and frame too (un-greying them repainted them in the result's own pass)."""
    return chart.viewport() if isinstance(chart, ResultChart) else cast(QWidget, chart)


FIRST_PASSES = 1
"""Passes of the event loop left to the rest of the window after a result, before the next turn:
the busy indicator and the inputs repaint in it. (Results arriving every pass still leave a view
a turn every FIRST_PASSES + 1 passes.)"""


class StaggeredPaint(QObject):
    def __init__(self, charts: list[Drawn], parent: QObject | None = None) -> None:
        """`charts` take their turns in this order; each new result is drawn by this from now on."""
        super().__init__(parent)
        self._waiting: list[Drawn] = []
        self._stale: set[Drawn] = set()  # a result not drawn yet
        self._unprepared: set[Drawn] = set()  # drawn, their layout for painting next
        self._drawn: set[Drawn] = set()  # drawn and laid out, their repaint next
        self._hidden: set[Drawn] = set()  # to draw when next shown
        self._passes_left = 0  # before the next turn
        self._turn_since_result = True
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self._next)
        for chart in charts:
            chart.draw_later = self._hold
            cast(QWidget, chart).installEventFilter(self)

    def _hold(self, chart: Drawn, redraw: bool) -> bool:
        """A new result for `chart` (`redraw`), or a new look (greyed): it keeps its place in line,
        or joins the end (after its repaint, if it was drawn already: results arriving every pass
        do not hold the others up)."""
        if redraw:
            self._stale.add(chart)
        if not self._waiting or (redraw and self._turn_since_result):
            self._passes_left = FIRST_PASSES
            self._turn_since_result = False
        if chart not in self._waiting:
            self._wait(chart)
        self._timer.start()
        return True

    def waiting(self) -> bool:
        return bool(self._waiting)

    def flush(self) -> None:
        """Draw and paint now what is still waiting, as the passes would have (before a grab): a
        chart's first paint sizes its axes to their labels, and the layout that asks for follows."""
        self._timer.stop()
        while self._waiting:
            chart = self._waiting.pop(0)
            if chart in self._stale:
                chart.redraw()
            elif chart in self._unprepared:
                chart.prepare_for_paint()
            self._stale.discard(chart)
            self._unprepared.discard(chart)
            self._drawn.discard(chart)
            self._paint(chart)
            if isinstance(chart, ResultChart):
                QCoreApplication.sendPostedEvents(chart.getPlotItem(), QEvent.Type.LayoutRequest)
                chart.viewport().repaint()

    def _wait(self, chart: Drawn) -> None:
        _surface(chart).setUpdatesEnabled(False)
        self._waiting.append(chart)

    def _paint(self, chart: Drawn) -> None:
        surface = _surface(chart)
        surface.setUpdatesEnabled(True)
        surface.repaint()

    def _next(self) -> None:
        if self._passes_left:
            self._passes_left -= 1
            self._timer.start()
            return
        self._turn_since_result = True
        chart = self._waiting.pop(0)
        if chart in self._unprepared:
            self._unprepared.discard(chart)
            chart.prepare_for_paint()
            self._drawn.add(chart)
            self._waiting.insert(0, chart)
        elif chart in self._drawn or chart not in self._stale:
            self._drawn.discard(chart)
            self._paint(chart)
            if chart in self._stale:
                self._wait(chart)
        elif cast(QWidget, chart).isVisibleTo(cast(QWidget, chart).window()):  # (a window not shown yet is drawn)
            self._stale.discard(chart)
            (self._unprepared if chart.redraw_unprepared() else self._drawn).add(chart)
            self._waiting.insert(0, chart)
        else:
            self._stale.discard(chart)
            self._hidden.add(chart)
            _surface(chart).setUpdatesEnabled(True)
        if self._waiting:
            self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, Staggered) and watched in self._hidden:
            self._hidden.discard(watched)
            watched.redraw()
        return False
