"""Memory over the training loop's phases, iterations 1 to 3, stacked by component."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF
from PySide6.QtGui import QCursor, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

from core import ALL_COMPONENTS, Estimate, TimelinePoint, human_bytes
from core.engine.step.phases import measured_phase
from core.units import pick_unit

from ..model import CalculatorModel
from .labels import COLORS, component_label, phase_label
from .phase_labels import PhaseLabels
from .widgets import ResultChart, cached, changed, quiet_plot, set_plot_title

__all__ = ["TimelineChart"]

BAR_WIDTH = 0.85


class TimelineChart(ResultChart):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.model = model
        self._title = ""
        plot = quiet_plot(self, 150)
        cached(plot.getAxis("bottom"))
        self.items: dict[str, pg.BarGraphItem] = {}
        for name in ALL_COMPONENTS:
            item = pg.BarGraphItem(x=[], height=[], y0=[], width=BAR_WIDTH, brush=COLORS[name], pen=None)
            self.items[name] = item
            plot.addItem(item)
        self.peak_marker = pg.ScatterPlotItem(symbol="t", size=14, brush="#c0392b", pen=None)
        self.peak_text = pg.TextItem(color="#c0392b", anchor=(0.5, 1.0))
        plot.addItem(self.peak_marker)
        plot.addItem(self.peak_text)
        # measured phase peaks, drawn over the predicted bars at the phase they cover
        self.measured_line = pg.PlotDataItem(pen=pg.mkPen("k", width=2), symbol="o", symbolSize=8,
                                             symbolBrush="#000", symbolPen="w")
        plot.addItem(self.measured_line)
        self.phase_labels = PhaseLabels(plot)
        self.zero_grad = "after-forward"
        self.scale, self.unit = 1.0, "B"
        self.points: list[TimelinePoint] = []
        self.peak_index = -1
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        model.estimate.shownChanged.connect(self._on_shown)
        model.measurement.resultChanged.connect(self._draw)
        model.display.unitsChanged.connect(self._draw)
        model.display.workspaceShownChanged.connect(self._draw)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self.redraw()
        self._built = True

    def _hidden(self, p: TimelinePoint) -> int:
        return 0 if self.model.display.show_workspace else p.components.get("workspace", 0)

    def _take(self, e: Estimate | None) -> None:
        self.points = list(e.timeline) if e is not None else []
        self.zero_grad = e.config.zero_grad if e is not None else "after-forward"
        self.peak_index = max(range(len(self.points)), key=lambda i: self.points[i].bytes) if self.points else -1

    def redraw(self, *_: object) -> None:
        self._take(self.model.estimate.shown)
        self._draw()

    def _draw(self, *_: object) -> None:
        pts = self.points
        if not pts:
            for item in self.items.values():
                item.setOpts(x=[], y0=[], height=[])
            self.measured_line.setData([], [])
            self.peak_marker.setData([], [])
            self.peak_text.setText("")
            self.getPlotItem().setYRange(0, 1, padding=0)  # no negative memory while nothing is drawn
            self.retranslate()
            self.prepare_for_paint()
            return
        peak = pts[self.peak_index]
        self.scale, self.unit = pick_unit(peak.bytes - self._hidden(peak), self.model.display.binary)
        xs = list(range(len(pts)))
        bottoms = [0.0] * len(pts)
        shown = [n for n in ALL_COMPONENTS if self.model.display.show_workspace or n != "workspace"]
        for name in ALL_COMPONENTS:
            heights = [p.components.get(name, 0) / self.scale if name in shown else 0.0 for p in pts]
            self.items[name].setOpts(x=xs, y0=list(bottoms), height=heights)
            bottoms = [b + h for b, h in zip(bottoms, heights)]
        # A point's bytes is its peak, which may exceed the sum alive at its end; mark the peak value.
        ws = self._hidden(peak)
        measured = [(x, b - ws) for x, b in self.measured_points()]
        top = max([peak.bytes - ws, *(b for _, b in measured)]) / self.scale
        self.measured_line.setData([x for x, _ in measured], [b / self.scale for _, b in measured])
        self.peak_marker.setData([self.peak_index], [top * 1.04])
        self.peak_text.setPos(self.peak_index, top * 1.09)
        # the label leans into the chart near its ends, where centred it would be cut off
        where = self.peak_index / max(1, len(pts) - 1)
        self.peak_text.setAnchor((0.0, 1.0) if where < 0.25 else (1.0, 1.0) if where > 0.75 else (0.5, 1.0))
        plot = self.getPlotItem()
        plot.setXRange(-0.6, len(pts) - 0.4, padding=0)
        plot.setYRange(0, top * 1.25, padding=0)
        self.retranslate()
        self.prepare_for_paint()

    def measured_points(self) -> list[tuple[int, int]]:
        """(x, measured peak bytes) per measured phase, at its tallest predicted point."""
        measured = self.model.measurement.result
        if measured is None or not self.points:
            return []
        where: dict[tuple[str, int], int] = {}
        for i, p in enumerate(self.points):
            key = (measured_phase(p.phase, self.zero_grad), p.iteration)
            if key not in where or p.bytes >= self.points[where[key]].bytes:
                where[key] = i
        return [(where[(r.phase, r.iteration)], r.peak_bytes) for r in measured.readings
                if (r.phase, r.iteration) in where]

    def tooltip_for(self, index: int) -> str:
        if not 0 <= index < len(self.points):
            return ""
        p, binary = self.points[index], self.model.display.binary
        head = self.tr("Iteration {i}, {phase}: peak {size}").format(
            i=p.iteration, phase=phase_label(p.phase), size=human_bytes(p.bytes, binary))
        alive = [f"{component_label(n)}: {human_bytes(b, binary)}" for n, b in p.components.items() if b]
        return "<br>".join([f"<b>{head}</b>", self.tr("At the phase's peak:"), *alive])

    def _on_mouse_moved(self, pos: QPointF) -> None:
        view = self.getPlotItem().vb
        if not view.sceneBoundingRect().contains(pos):
            return
        text = self.tooltip_for(round(view.mapSceneToView(pos).x()))
        if text:
            QToolTip.showText(QCursor.pos(), text, self)

    def retranslate(self) -> None:
        plot = self.getPlotItem()
        unit = self.tr("Memory ({unit})").format(unit=self.unit)
        if changed(self, "unit", unit):
            plot.setLabel("left", unit)
        title = self.tr("Memory during the first three iterations")
        if self.model.measurement.result is not None:
            title += " · " + self.tr("● measured")
        self._title = title
        set_plot_title(plot, title, 10, "#333")
        if not self.points:
            if changed(self, "phases", []):
                self.phase_labels.set_texts([])
            return
        major = [(i, self.tr("it. {i}").format(i=p.iteration)) for i, p in enumerate(self.points)
                 if p.phase == "transfer"]
        if changed(self, "ticks", major):
            plot.getAxis("bottom").setTicks([major, []])
        phases = [phase_label(p.phase) for p in self.points]
        if changed(self, "phases", phases):
            self.phase_labels.set_texts(phases)
        peak = self.points[self.peak_index]
        text = self.tr("peak: {phase}, it. {i}").format(phase=phase_label(peak.phase), i=peak.iteration)
        if self.peak_text.toPlainText() != text:
            self.peak_text.setText(text)

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        if "_built" not in self.__dict__:
            return  # pyqtgraph lays out before __init__ has built the chart
        set_plot_title(self.getPlotItem(), self._title, 10, "#333")
        self.getPlotItem().setGeometry(self.range)  # again, now that the title needs less room

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
