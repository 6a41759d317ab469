"""The stacked bar chart: predicted peak next to the course's rule of thumb, per component."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QToolTip, QWidget

from core import ALL_COMPONENTS, Estimate, human_bytes
from core.measure.probe import ProbeResult

from .components import COLORS, component_label, naive_label
from .i18n import formula_language
from .widgets import quiet_plot

__all__ = ["UNSPLIT", "MemoryBarChart", "measured_segments", "naive_segments", "pick_scale"]

PREDICTED, NAIVE, MEASURED = 0, 1, 2  # x slots; MEASURED stays empty until a probe has run
UNSPLIT = "unsplit"  # the part of a measured peak the allocator's counters cannot attribute
UNSPLIT_COLOR = "#d9d9d9"
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
    n = e.naive_explained(formula_language())
    both = n["parameters_and_gradients"]
    both_label = naive_label("parameters_and_gradients")
    return {
        "parameters": (both_label, both.bytes // 2, both.formula),
        "gradients": (both_label, both.bytes - both.bytes // 2, both.formula),
        "optimizer_state": (naive_label("optimizer_state"), n["optimizer_state"].bytes, n["optimizer_state"].formula),
        "input_batch": (naive_label("data_batch"), n["data_batch"].bytes, n["data_batch"].formula),
        "activations": (naive_label("activations"), n["activations"].bytes, n["activations"].formula),
    }


def measured_segments(result: ProbeResult) -> dict[str, Segment]:
    """A probe's peak as segments in the components' colours: what memory_allocated grew by in
    iteration 1 per component, and the rest of the peak (gradients, temporaries) as one segment."""
    how = QCoreApplication.translate("MemoryBarChart", "measured: memory_allocated growth in iteration 1")
    segments = {name: (component_label(name), size, how)
                for name, size in result.components().items() if size is not None and size > 0}
    rest = result.peak_allocated_bytes - sum(s[1] for s in segments.values())
    if rest > 0:
        segments[UNSPLIT] = (unsplit_label(), rest,
                             QCoreApplication.translate(
                                 "MemoryBarChart",
                                 "measured peak less the components above; the counters cannot split it"))
    return segments


def unsplit_label() -> str:
    return QCoreApplication.translate("MemoryBarChart", "Rest of measured peak (not split)")


class MemoryBarChart(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        plot = quiet_plot(self, 260)
        self.legend = plot.addLegend(offset=(-10, 10), labelTextColor="k", brush=pg.mkBrush(255, 255, 255, 220))
        self.items: dict[str, pg.BarGraphItem] = {}
        slots = [PREDICTED, NAIVE, MEASURED]
        for name in ALL_COMPONENTS:
            item = pg.BarGraphItem(x=slots, height=[0, 0, 0], y0=[0, 0, 0], width=BAR_WIDTH,
                                   brush=COLORS[name], pen=pg.mkPen("w", width=1), name=name)
            self.items[name] = item
            plot.addItem(item)  # joins the legend under its key; retranslate() names it
        # no name: it joins the legend only once a measured bar shows
        self.items[UNSPLIT] = pg.BarGraphItem(x=[MEASURED], height=[0], y0=[0], width=BAR_WIDTH,
                                              brush=pg.mkBrush(UNSPLIT_COLOR), pen=pg.mkPen("#888", width=1))
        plot.addItem(self.items[UNSPLIT])
        dashed = pg.mkPen("#c0392b", width=2, style=Qt.PenStyle.DashLine)
        dotted = pg.mkPen("#e67e22", width=2, style=Qt.PenStyle.DotLine)
        label_opts = {"position": 0.02, "color": "#444", "anchors": [(0, 1), (0, 1)]}
        self.capacity_line = pg.InfiniteLine(angle=0, pen=dashed, label="", labelOpts=label_opts)
        self.recommended_line = pg.InfiniteLine(angle=0, pen=dotted, label="", labelOpts=label_opts)
        plot.addItem(self.capacity_line)
        plot.addItem(self.recommended_line)
        plot.setXRange(-0.5, 3.2, padding=0)  # the legend stands in the space right of the bars
        self.scale, self.unit, self.binary = 1.0, "B", True
        self._segments: dict[int, dict[str, Segment]] = {PREDICTED: {}, NAIVE: {}, MEASURED: {}}
        self._estimate: Estimate | None = None
        self._measured: ProbeResult | None = None
        self.show_workspace = True
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.retranslate()

    def set_binary(self, binary: bool) -> None:
        self.binary = binary
        if self._estimate is not None:
            self.update_estimate(self._estimate)

    def set_show_workspace(self, show: bool) -> None:
        """The library workspace dwarfs a small model's tensors; hiding it lets them show."""
        self.show_workspace = show
        if self._estimate is not None:
            self.update_estimate(self._estimate)

    def set_measured(self, result: ProbeResult | None) -> None:
        """Show a probe's peak in the third slot (None empties it)."""
        self._measured = result
        in_legend = any(sample.item is self.items[UNSPLIT] for sample, _ in self.legend.items)
        if result is not None and not in_legend:
            self.legend.addItem(self.items[UNSPLIT], unsplit_label())
        if self._estimate is not None:
            self.update_estimate(self._estimate)

    def update_estimate(self, e: Estimate) -> None:
        self._estimate = e
        explained = e.explained(formula_language())
        predicted = {name: (component_label(name), f.bytes, f.formula) for name, f in explained.items()}
        naive = naive_segments(e)
        measured = measured_segments(self._measured) if self._measured is not None else {}
        if not self.show_workspace:
            for segments in (predicted, measured):
                if "workspace" in segments:
                    label, _, formula = segments["workspace"]
                    segments["workspace"] = (label, 0, formula)
        self._segments = {PREDICTED: predicted, NAIVE: naive, MEASURED: measured}
        tallest = max(sum(s[1] for s in segs.values()) for segs in (predicted, naive, measured) if segs)
        capacity = e.gpu_memory_bytes
        show_capacity = capacity <= CAPACITY_ZOOM * tallest
        top = max(tallest, capacity) if show_capacity else tallest
        self.scale, self.unit = pick_scale(top, self.binary)
        bottoms = [0.0, 0.0, 0.0]
        for name in (*ALL_COMPONENTS, UNSPLIT):
            sizes = [self._segments[slot].get(name, ("", 0, ""))[1] / self.scale
                     for slot in (PREDICTED, NAIVE, MEASURED)]
            if name == UNSPLIT:
                self.items[name].setOpts(y0=[bottoms[MEASURED]], height=[sizes[MEASURED]])
                break
            self.items[name].setOpts(y0=list(bottoms), height=sizes)
            bottoms = [b + h for b, h in zip(bottoms, sizes)]
        self.capacity_line.setPos(capacity / self.scale)
        self.recommended_line.setPos(0.8 * capacity / self.scale)
        self.capacity_line.setVisible(show_capacity)
        self.recommended_line.setVisible(show_capacity)
        self.getPlotItem().setYRange(0, top / self.scale * 1.12, padding=0)
        self._relabel()

    def measured_heights(self) -> dict[str, int]:
        """The measured bar's segments in bytes, by component key (and UNSPLIT)."""
        return {name: seg[1] for name, seg in self._segments[MEASURED].items()}

    def segment_at(self, x: float, y_bytes: float) -> Segment | None:
        """The segment under a point in data coordinates (x slot, bytes), for tooltips and tests."""
        slot = round(x)
        if abs(x - slot) > BAR_WIDTH / 2 or slot not in self._segments:
            return None
        bottom = 0
        for name in (*ALL_COMPONENTS, UNSPLIT):
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
        """New words, and the segments' formulas again in the new language."""
        if self._estimate is not None:
            self.update_estimate(self._estimate)
        else:
            self._relabel()

    def _relabel(self) -> None:
        plot = self.getPlotItem()
        measured = self.tr("measured") if self._measured is not None else self.tr("not measured")
        plot.getAxis("bottom").setTicks([[
            (PREDICTED, self.tr("predicted")),
            (NAIVE, self.tr("course estimate")),
            (MEASURED, measured),
        ]])
        plot.setLabel("left", self.tr("Memory ({unit})").format(unit=self.unit))
        # Rename in place: LegendItem.clear() trips a None refcount bug in PySide6 6.12 (itemAt of
        # an empty layout cell), which aborts the interpreter after a few hundred calls.
        names = {id(item): name for name, item in self.items.items()}
        for sample, label in self.legend.items:
            name = names.get(id(sample.item))
            label.setText(unsplit_label() if name == UNSPLIT else component_label(name or ""))
        self.legend.updateSize()
        if self._estimate is not None:
            cap = self._estimate.gpu_memory_bytes
            capacity = human_bytes(cap, self.binary)
            self.capacity_line.label.setFormat(self.tr("GPU capacity {size}").format(size=capacity))
            self.recommended_line.label.setFormat(self.tr("80 % of capacity"))
            if not self.capacity_line.isVisible():
                plot.setTitle(self.tr("GPU capacity {size} is far above these bars").format(
                    size=human_bytes(cap, self.binary)), size="9pt", color="#666")
            else:
                plot.setTitle(None)
