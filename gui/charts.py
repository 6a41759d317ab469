"""The stacked bar chart: predicted peak next to the course's rule of thumb, per component."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from core import ALL_COMPONENTS, Estimate, human_bytes

from .components import COLORS, component_label, naive_label

__all__ = ["MemoryBarChart", "naive_segments", "pick_scale"]

PREDICTED, NAIVE, MEASURED = 0, 1, 2  # x slots; MEASURED stays empty until measuring lands
BAR_WIDTH = 0.6
CAPACITY_ZOOM = 3.0  # show the capacity lines when they are within this factor of the bars

Segment = tuple[str, int, str]  # (label, bytes, formula)


def pick_scale(largest: float, binary: bool) -> tuple[float, str]:
    """Bytes per axis unit and its name, so the largest value reads between 1 and 1024."""
    base = 1024.0 if binary else 1000.0
    names = ("B", "KiB", "MiB", "GiB", "TiB") if binary else ("B", "KB", "MB", "GB", "TB")
    scale, unit = 1.0, 0
    while largest >= base * scale and unit < len(names) - 1:
        scale *= base
        unit += 1
    return scale, names[unit]


def naive_segments(e: Estimate) -> dict[str, Segment]:
    """The course estimate drawn in the predicted components' colours (params + grads split evenly)."""
    n = e.naive
    both = n["parameters_and_gradients"]
    both_label = naive_label("parameters_and_gradients")
    return {
        "parameters": (both_label, both.bytes // 2, both.formula),
        "gradients": (both_label, both.bytes - both.bytes // 2, both.formula),
        "optimizer_state": (naive_label("optimizer_state"), n["optimizer_state"].bytes, n["optimizer_state"].formula),
        "input_batch": (naive_label("data_batch"), n["data_batch"].bytes, n["data_batch"].formula),
        "activations": (naive_label("activations"), n["activations"].bytes, n["activations"].formula),
    }


class MemoryBarChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.setMinimumHeight(260)
        plot = self.getPlotItem()
        plot.showGrid(y=True, alpha=0.25)
        plot.setMouseEnabled(x=False, y=False)
        plot.hideButtons()
        plot.setMenuEnabled(False)
        self.legend = plot.addLegend(offset=(-10, 10), labelTextColor="k", brush=pg.mkBrush(255, 255, 255, 220))
        self.items: dict[str, pg.BarGraphItem] = {}
        for name in ALL_COMPONENTS:
            item = pg.BarGraphItem(x=[PREDICTED, NAIVE], height=[0, 0], y0=[0, 0], width=BAR_WIDTH,
                                   brush=COLORS[name], pen=pg.mkPen("w", width=1), name=name)
            self.items[name] = item
            plot.addItem(item)  # joins the legend under its key; retranslate() names it
        dashed = pg.mkPen("#c0392b", width=2, style=Qt.PenStyle.DashLine)
        dotted = pg.mkPen("#e67e22", width=2, style=Qt.PenStyle.DotLine)
        label_opts = {"position": 0.02, "color": "#444", "anchors": [(0, 1), (0, 1)]}
        self.capacity_line = pg.InfiniteLine(angle=0, pen=dashed, label="", labelOpts=label_opts)
        self.recommended_line = pg.InfiniteLine(angle=0, pen=dotted, label="", labelOpts=label_opts)
        plot.addItem(self.capacity_line)
        plot.addItem(self.recommended_line)
        plot.setXRange(-0.5, 2.5, padding=0)
        self.scale, self.unit, self.binary = 1.0, "B", True
        self._segments: dict[int, dict[str, Segment]] = {PREDICTED: {}, NAIVE: {}}
        self._estimate: Estimate | None = None
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.retranslate()

    def set_binary(self, binary: bool) -> None:
        self.binary = binary
        if self._estimate is not None:
            self.update_estimate(self._estimate)

    def update_estimate(self, e: Estimate) -> None:
        self._estimate = e
        predicted = {name: (component_label(name), f.bytes, f.formula) for name, f in e.components.items()}
        naive = naive_segments(e)
        self._segments = {PREDICTED: predicted, NAIVE: naive}
        tallest = max(e.peak_bytes, sum(s[1] for s in naive.values()))
        capacity = e.gpu_memory_bytes
        show_capacity = capacity <= CAPACITY_ZOOM * tallest
        top = max(tallest, capacity) if show_capacity else tallest
        self.scale, self.unit = pick_scale(top, self.binary)
        bottoms = [0.0, 0.0]
        for name in ALL_COMPONENTS:
            heights = [predicted.get(name, ("", 0, ""))[1] / self.scale, naive.get(name, ("", 0, ""))[1] / self.scale]
            self.items[name].setOpts(y0=list(bottoms), height=heights)
            bottoms = [b + h for b, h in zip(bottoms, heights)]
        self.capacity_line.setPos(capacity / self.scale)
        self.recommended_line.setPos(0.8 * capacity / self.scale)
        self.capacity_line.setVisible(show_capacity)
        self.recommended_line.setVisible(show_capacity)
        self.getPlotItem().setYRange(0, top / self.scale * 1.12, padding=0)
        self.retranslate()

    def segment_at(self, x: float, y_bytes: float) -> Segment | None:
        """The segment under a point in data coordinates (x slot, bytes), for tooltips and tests."""
        slot = round(x)
        if abs(x - slot) > BAR_WIDTH / 2 or slot not in self._segments:
            return None
        bottom = 0
        for name in ALL_COMPONENTS:
            seg = self._segments[slot].get(name)
            if seg and bottom <= y_bytes < bottom + seg[1]:
                return seg
            bottom += seg[1] if seg else 0
        return None

    def tooltip_at(self, x: float, y_bytes: float) -> str:
        seg = self.segment_at(x, y_bytes)
        if seg is None:
            return ""
        label, size, formula = seg
        return f"<b>{label}</b>: {human_bytes(size, self.binary)}<br>{formula}"

    def _on_mouse_moved(self, pos: QPointF) -> None:
        view = self.getPlotItem().vb
        if not view.sceneBoundingRect().contains(pos):
            return
        point = view.mapSceneToView(pos)
        text = self.tooltip_at(point.x(), point.y() * self.scale)
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()

    def retranslate(self) -> None:
        plot = self.getPlotItem()
        plot.getAxis("bottom").setTicks([[
            (PREDICTED, self.tr("predicted")),
            (NAIVE, self.tr("course estimate")),
            (MEASURED, self.tr("measured (not yet)")),
        ]])
        plot.setLabel("left", self.tr("Memory ({unit})").format(unit=self.unit))
        # Rename in place: LegendItem.clear() trips a None refcount bug in PySide6 6.12 (itemAt of
        # an empty layout cell), which aborts the interpreter after a few hundred calls.
        for (_, label), name in zip(self.legend.items, ALL_COMPONENTS):
            label.setText(component_label(name))
        self.legend.updateSize()
        if self._estimate is not None:
            cap = self._estimate.gpu_memory_bytes
            self.capacity_line.label.setFormat(self.tr("GPU capacity {size}").format(size=human_bytes(cap, self.binary)))
            self.recommended_line.label.setFormat(self.tr("80 % of capacity"))
            if not self.capacity_line.isVisible():
                plot.setTitle(self.tr("GPU capacity {size} is far above these bars").format(
                    size=human_bytes(cap, self.binary)), size="9pt", color="#666")
            else:
                plot.setTitle(None)
