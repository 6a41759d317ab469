"""Memory over the training loop's phases, iterations 1 to 3, stacked by component."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from core import ALL_COMPONENTS, Estimate, TimelinePoint, human_bytes
from core.engine.step.phases import measured_phase
from core.measure.probe import ProbeResult

from .charts import pick_scale
from .components import COLORS, component_label, phase_label
from .widgets import quiet_plot

__all__ = ["TimelineChart"]

BAR_WIDTH = 0.85


class TimelineChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        plot = quiet_plot(self, 220)
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
        self.measured: ProbeResult | None = None
        self.zero_grad = "after-forward"
        self.scale, self.unit, self.binary = 1.0, "B", True
        self.points: list[TimelinePoint] = []
        self.peak_index = -1
        self.show_workspace = True
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)

    def set_binary(self, binary: bool) -> None:
        self.binary = binary
        if self.points:
            self._redraw()

    def set_show_workspace(self, show: bool) -> None:
        self.show_workspace = show
        if self.points:
            self._redraw()

    def _hidden(self, p: TimelinePoint) -> int:
        return 0 if self.show_workspace else p.components.get("workspace", 0)

    def update_estimate(self, e: Estimate) -> None:
        self.points = list(e.timeline)
        self.zero_grad = e.config.zero_grad
        self.peak_index = max(range(len(self.points)), key=lambda i: self.points[i].bytes)
        self._redraw()

    def _redraw(self) -> None:
        pts = self.points
        peak = pts[self.peak_index]
        self.scale, self.unit = pick_scale(peak.bytes - self._hidden(peak), self.binary)
        xs = list(range(len(pts)))
        bottoms = [0.0] * len(pts)
        shown = [n for n in ALL_COMPONENTS if self.show_workspace or n != "workspace"]
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
        plot = self.getPlotItem()
        plot.setXRange(-0.6, len(pts) - 0.4, padding=0)
        plot.setYRange(0, top * 1.25, padding=0)
        self.retranslate()

    def set_measured(self, result: ProbeResult | None) -> None:
        self.measured = result
        if self.points:
            self._redraw()

    def measured_points(self) -> list[tuple[int, int]]:
        """(x, measured peak bytes) per measured phase, at its tallest predicted point."""
        if self.measured is None or not self.points:
            return []
        where: dict[tuple[str, int], int] = {}
        for i, p in enumerate(self.points):
            key = (measured_phase(p.phase, self.zero_grad), p.iteration)
            if key not in where or p.bytes >= self.points[where[key]].bytes:
                where[key] = i
        return [(where[(r.phase, r.iteration)], r.peak_bytes) for r in self.measured.readings
                if (r.phase, r.iteration) in where]

    def tooltip_for(self, index: int) -> str:
        if not 0 <= index < len(self.points):
            return ""
        p = self.points[index]
        head = self.tr("Iteration {i}, {phase}: {size}").format(
            i=p.iteration, phase=phase_label(p.phase), size=human_bytes(p.bytes, self.binary))
        alive = [f"{component_label(n)}: {human_bytes(b, self.binary)}" for n, b in p.components.items() if b]
        return "<br>".join([f"<b>{head}</b>", *alive])

    def _on_mouse_moved(self, pos: QPointF) -> None:
        view = self.getPlotItem().vb
        if not view.sceneBoundingRect().contains(pos):
            return
        text = self.tooltip_for(round(view.mapSceneToView(pos).x()))
        if text:
            QToolTip.showText(QCursor.pos(), text, self)

    def retranslate(self) -> None:
        plot = self.getPlotItem()
        plot.setLabel("left", self.tr("Memory ({unit})").format(unit=self.unit))
        title = self.tr("Memory during the first three iterations")
        if self.measured is not None:
            title += " · " + self.tr("● measured")
        plot.setTitle(title, size="10pt", color="#333")
        if not self.points:
            return
        major, minor = [], []
        for i, p in enumerate(self.points):
            if p.phase in ("setup", "transfer"):
                major.append((i, self.tr("it. {i}").format(i=p.iteration) if p.iteration else phase_label(p.phase)))
            else:
                minor.append((i, phase_label(p.phase)))
        plot.getAxis("bottom").setTicks([major, minor])
        peak = self.points[self.peak_index]
        self.peak_text.setText(self.tr("peak: {phase}, it. {i}").format(
            phase=phase_label(peak.phase), i=peak.iteration))
