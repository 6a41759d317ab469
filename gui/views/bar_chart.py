"""The stacked bar chart of what your training holds at the peak (the course's four places and the
temporaries), predicted next to the course's rule of thumb and the measured peak, at the
training's own scale: CUDA's fixed costs (the context, the cuBLAS workspace, the allocator's
cache) stand in the device strip above it, against the GPU's capacity. The workspace joins the
bars when the View menu asks for it. The legend stands beside the plot, never over the bars, and
hides when the chart is too narrow for both (the component table below names the colours too)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QSizeF, Qt
from PySide6.QtGui import QCursor, QFontMetrics, QImage, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

from core import ALL_COMPONENTS, Estimate, human_bytes
from core.units import pick_unit

from ..model import CalculatorModel
from .band import BAND_BRUSH, BAND_PEN_COLOR, peak_band
from .labels import COLORS, component_label, course_estimate_explained, formula_language, naive_label, phase_label
from .widgets import ResultChart, cached, changed, forget, quiet_plot, set_plot_title

if TYPE_CHECKING:  # the probe's module is imported when a probe runs
    from core.measure.probe import ProbeResult

__all__ = ["BAND", "CACHED", "CAPACITY_ZOOM", "CONTEXT", "DEVICE_COLORS", "MEASURED", "NAIVE", "PREDICTED", "UNSPLIT",
           "MemoryBarChart", "Segment", "device_capacity",
           "device_segments", "measured_segments", "naive_segments"]

translate = QCoreApplication.translate

PREDICTED, NAIVE, MEASURED = 0, 1, 2  # x slots; MEASURED stays empty until a probe has run
SLOTS = (PREDICTED, NAIVE, MEASURED)
UNSPLIT = "unsplit"  # the part of a measured peak the allocator's counters cannot attribute
UNSPLIT_COLOR = "#d9d9d9"
CACHED = "cached"  # reserved by the allocator but not allocated, when the allocated peak came
CONTEXT = "context"  # the CUDA context: device memory outside the allocator
BAND = "band"  # hatched: what estimated cuDNN workspaces may add, between the low and the high side
DEVICE_COLORS = {CACHED: "#e5e8e8", CONTEXT: "#5d6d7e"}
BAR_WIDTH = 0.6
CAPACITY_ZOOM = 3.0  # the device strip shows the capacity when it is within this factor of the device use
LEGEND_MIN_PLOT_WIDTH = 170  # px the bars keep beside the legend; narrower, the legend hides

Segment = tuple[str, int, str]  # (label, bytes, formula)


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


def device_segments(e: Estimate) -> dict[str, Segment]:
    """What stands above the allocated peak on the device: the allocator's cache at that moment
    and the CUDA context, so that the bar's top is what the GPU gives the process."""
    return {
        CACHED: (device_label(CACHED), e.cached_at_peak_bytes,
                 translate("MemoryBarChart", "reserved by the caching allocator but not allocated at the peak "
                                     "(torch.cuda.memory_reserved() − memory_allocated())")),
        CONTEXT: (device_label(CONTEXT), e.runtime.cuda_context_bytes, context_formula(e)),
    }


def context_formula(e: Estimate) -> str:
    """What the CUDA context is, and its range where the catalogue estimates it."""
    text = translate("MemoryBarChart", "the CUDA context: kernels and driver state, outside the allocator")
    low, high = e.cuda_context_range
    if high > low:
        text += "; " + translate("MemoryBarChart", "estimated for this GPU: between {low} and {high} with the "
                                 "libraries' handles and loaded kernels (a probe's calibration measures it)").format(
            low=human_bytes(low), high=human_bytes(high))
    return text


def device_capacity(e: Estimate) -> int:
    """The device memory the process may fill: CUDA's total, or the allocator limit plus the
    context (the limit covers the allocator's segments only)."""
    gpu = e.config.gpu_spec.usable_bytes
    limit = e.config.allocator_limit
    return gpu if limit is None else min(gpu, limit + e.runtime.cuda_context_bytes)


def band_segment(e: Estimate) -> Segment:
    """The estimated convolution workspaces as the hatched part of the predicted bar."""
    return (translate("MemoryBarChart", "cuDNN convolution workspaces (estimated)"), peak_band(e),
            translate("MemoryBarChart", "nothing measured for this GPU, cuDNN version and shapes: the peak is "
                                        "between the bar without them and the top of the hatched band, with the "
                                        "largest workspace each convolution can take; the verdict and the batch "
                                        "sizes take the top"))


def device_label(name: str) -> str:
    labels = {CACHED: QCoreApplication.translate("MemoryBarChart", "Cached by the allocator"),
              CONTEXT: QCoreApplication.translate("MemoryBarChart", "CUDA context")}
    return labels.get(name, name)


def unsplit_label() -> str:
    return QCoreApplication.translate("MemoryBarChart", "Rest of measured peak (not split)")


class MemoryBarChart(ResultChart):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.model = model
        plot = quiet_plot(self, 150)
        cached(plot.getAxis("bottom"))
        self.legend = pg.LegendItem(labelTextColor="k", verSpacing=-6, frame=False)
        plot.layout.addItem(self.legend, 2, 3)
        plot.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignTop)
        self.items: dict[str, pg.BarGraphItem] = {}
        for name in ALL_COMPONENTS:
            item = pg.BarGraphItem(x=list(SLOTS), height=[0, 0, 0], y0=[0, 0, 0], width=BAR_WIDTH,
                                   brush=COLORS[name], pen=pg.mkPen("w", width=1))
            self.items[name] = item
            plot.addItem(item)
            self.legend.addItem(item, name)  # named in the interface language by _relabel
        self.items[UNSPLIT] = pg.BarGraphItem(x=[MEASURED], height=[0], y0=[0], width=BAR_WIDTH,
                                              brush=pg.mkBrush(UNSPLIT_COLOR), pen=pg.mkPen("#888", width=1))
        plot.addItem(self.items[UNSPLIT])  # joins the legend once a measured bar shows
        self.band = pg.BarGraphItem(x=[PREDICTED], height=[0], y0=[0], width=BAR_WIDTH, brush=BAND_BRUSH,
                                    pen=pg.mkPen(BAND_PEN_COLOR, width=1, style=Qt.PenStyle.DashLine))
        plot.addItem(self.band)  # named in the title, not the legend (a legend cannot lose an entry safely)
        self._band: Segment = ("", 0, "")
        self.band_label = pg.TextItem(color=BAND_PEN_COLOR, anchor=(0.5, 1.0))
        plot.addItem(self.band_label)
        plot.setXRange(-0.5, 2.5, padding=0)
        self.scale, self.unit = 1.0, "B"
        self._segments: dict[int, dict[str, Segment]] = {slot: {} for slot in SLOTS}
        self._title = ""
        self._slot_labels: list[str] = []
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        model.estimate.shownChanged.connect(self._on_shown)
        model.measurement.resultChanged.connect(self._on_measurement)
        model.display.unitsChanged.connect(self.redraw)
        model.display.workspaceShownChanged.connect(self.redraw)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self.redraw()
        self._built = True

    @property
    def estimate(self) -> Estimate | None:
        return self.model.estimate.shown

    def _on_measurement(self, result: ProbeResult | None) -> None:
        in_legend = any(sample.item is self.items[UNSPLIT] for sample, _ in self.legend.items)
        if result is not None and not in_legend:
            self.legend.addItem(self.items[UNSPLIT], unsplit_label())
        self.redraw()

    def redraw(self, *_: object) -> None:
        e = self.model.estimate.shown
        if e is None:
            for item in self.items.values():
                item.setOpts(height=[0] * len(item.opts["x"]), y0=[0] * len(item.opts["x"]))
            self._segments = {slot: {} for slot in SLOTS}
            self.band.setOpts(height=[0], y0=[0])
            self.band_label.setVisible(False)
            self._band = ("", 0, "")
            self.getPlotItem().setYRange(0, 1, padding=0)  # no negative memory while nothing is drawn
            self._relabel()
            self.prepare_for_paint()
            return
        explained = e.explained(formula_language())
        predicted = {name: (component_label(name), f.bytes, f.formula) for name, f in explained.items()}
        measurement = self.model.measurement.result
        measured = measured_segments(measurement) if measurement is not None else {}
        if not self.model.display.show_workspace:
            for segments in (predicted, measured):
                if "workspace" in segments:
                    label, _hidden, formula = segments["workspace"]
                    segments["workspace"] = (label, 0, formula)
        self._segments = {PREDICTED: predicted, NAIVE: naive_segments(e), MEASURED: measured}
        self._band = band_segment(e)
        predicted_top = sum(s[1] for s in predicted.values())
        top = max([sum(s[1] for s in segs.values()) for segs in self._segments.values() if segs]
                  + [predicted_top + self._band[1]])
        self.scale, self.unit = pick_unit(max(top, 1), self.model.display.binary)
        bottoms = [0.0, 0.0, 0.0]
        for name in ALL_COMPONENTS:
            sizes = [self._segments[slot].get(name, ("", 0, ""))[1] / self.scale for slot in SLOTS]
            self.items[name].setOpts(y0=list(bottoms), height=sizes)
            bottoms = [b + h for b, h in zip(bottoms, sizes)]
        rest = self._segments[MEASURED].get(UNSPLIT, ("", 0, ""))[1] / self.scale
        self.items[UNSPLIT].setOpts(y0=[bottoms[MEASURED]], height=[rest])
        self.band.setOpts(y0=[predicted_top / self.scale], height=[self._band[1] / self.scale])
        self.band_label.setPos(PREDICTED, (predicted_top + self._band[1]) / self.scale)
        self.band_label.setVisible(self._band[1] > 0)
        self.getPlotItem().setYRange(0, max(top, 1) / self.scale * 1.12, padding=0)
        self._relabel()
        self.prepare_for_paint()

    def export_image(self, width: int, title: str = "") -> QImage:
        """The chart as an image `width` pixels wide, with its legend even where the window hides it,
        titled `title` (what it is for: the model, dataset, dtype, batch and GPU)."""
        shown = self.legend.isVisible()
        self._show_legend(True)
        if title:
            self.getPlotItem().setTitle(title, size="10pt", color="#222")
            forget(self.getPlotItem(), "title")
        self.getPlotItem().layout.activate()
        from pyqtgraph.exporters import ImageExporter  # only an export needs them

        try:
            exporter = ImageExporter(self.getPlotItem())
            exporter.parameters()["width"] = width
            return exporter.export(toBytes=True)
        finally:
            self._show_legend(shown)
            self._fit()
            self.getPlotItem().layout.activate()

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
        if slot == PREDICTED and bottom <= y_bytes < bottom + self._band[1]:
            return self._band
        return None

    def band_bytes(self) -> int:
        """The hatched band's height in bytes: 0 unless the convolution workspaces are estimated."""
        return self._band[1]

    def tooltip_at(self, x: float, y_bytes: float) -> str:
        seg = self.segment_at(x, y_bytes)
        if seg is None:
            return ""
        label, size, formula = seg
        text = f"<b>{label}</b>: {human_bytes(size, self.model.display.binary)}<br>{formula}"
        if round(x) == NAIVE:
            text += "<br><br>" + course_estimate_explained()
        return text

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

    # -- words, and fitting them into the width -----------------------------------------------

    def slot_labels(self) -> list[str]:
        """The labels under the slots shown (three, or two while nothing is measured and the chart
        is narrow), wrapped or shortened to fit."""
        return list(self._slot_labels)

    def title_lines(self) -> list[str]:
        """The title as shown, line by line."""
        text = self.getPlotItem().titleLabel.text or ""
        return [html.unescape(line) for line in text.split("<br>")] if text else []

    def legend_shown(self) -> bool:
        return self.legend.isVisible()

    def segments(self, slot: int) -> dict[str, Segment]:
        """The segments of the bar in `slot` (PREDICTED, NAIVE or MEASURED) by name, bottom up."""
        return dict(self._segments.get(slot, {}))

    def title(self) -> str:
        """The line above the plot: your training at its peak, or where it runs out of memory."""
        return self._title

    def _full_labels(self) -> list[str]:
        measured = self.tr("measured") if self.model.measurement.result is not None else self.tr("not measured")
        e = self.model.estimate.shown
        course = self.tr("course estimate (training)") if e is not None and e.config.inference else None
        return [self.tr("predicted"), course or self.tr("course estimate"), measured]

    def _short_labels(self) -> list[str]:
        measured = self.tr("meas.") if self.model.measurement.result is not None else "–"
        return [self.tr("pred."), self.tr("course"), measured]

    def _fitting(self, labels: list[str], slot_px: float) -> list[str] | None:
        """`labels` as they are, or wrapped after their first word, if they fit `slot_px` each."""
        metrics = QFontMetrics(self.getPlotItem().getAxis("bottom").style["tickFont"] or self.font())
        for form in (labels, [t.replace(" ", "\n", 1) for t in labels]):
            if all(max(metrics.horizontalAdvance(line) for line in t.split("\n")) <= slot_px - 4 for t in form):
                return form
        return None

    def _fitted_labels(self, plot_px: float) -> list[str]:
        """Full labels under all three slots; where they do not fit and nothing is measured, the
        empty measured slot goes; else short labels."""
        full = self._full_labels()
        labels = self._fitting(full, plot_px / len(SLOTS))
        if labels is None and self.model.measurement.result is None:
            labels = self._fitting(full[:MEASURED], plot_px / MEASURED)
        return labels or self._short_labels()

    def _legend_size(self) -> QSizeF:
        """What the legend's rows need: a sample, the spacing and the longest name."""
        width = height = 0.0
        for sample, label in self.legend.items:
            width = max(width, sample.boundingRect().width() + 8 + label.item.boundingRect().width())
            height += max(sample.boundingRect().height(), label.item.boundingRect().height()) - 6
        return QSizeF(width + 16, height + 4)

    def _show_legend(self, shown: bool) -> None:
        """A hidden item still takes its room in a QGraphicsLayout: a hidden legend is sized to nothing."""
        size = self._legend_size() if shown else QSizeF(0, 0)
        self.legend.setVisible(shown)
        self.legend.setMinimumSize(size)
        self.legend.setMaximumSize(size)

    def _fit(self) -> None:
        """Legend beside the bars if both fit, labels that do not run into each other, a title
        that is not cut off."""
        plot = self.getPlotItem()
        legend = self._legend_size()
        margin = plot.getAxis("left").width() + 12
        room = self.height() - plot.getAxis("bottom").height() - 30
        shown = self.width() - legend.width() - margin >= LEGEND_MIN_PLOT_WIDTH and legend.height() <= room
        self._show_legend(shown)
        plot_px = max(1.0, self.width() - margin - (legend.width() if shown else 0))
        labels = self._slot_labels = self._fitted_labels(plot_px)
        axis = plot.getAxis("bottom")
        if changed(self, "slots", labels):
            plot.setXRange(-0.5, len(labels) - 0.5, padding=0)
            axis.setTicks([list(zip(SLOTS, labels))])
        lines = max(label.count("\n") + 1 for label in labels)
        height = QFontMetrics(self.font()).height() * lines + 14
        if changed(self, "axis height", height):
            axis.setHeight(height)
        set_plot_title(plot, self._title, 9, "#666", beside=legend.width() if shown else 0.0, lines=2)
        plot.setGeometry(self.range)  # again, now that the legend and title need less room

    def _relabel(self) -> None:
        plot = self.getPlotItem()
        unit = self.tr("Memory ({unit})").format(unit=self.unit)
        if changed(self, "unit", unit):
            plot.setLabel("left", unit)
        if changed(self, "band label", self.tr("estimated")):
            self.band_label.setText(self.tr("estimated"))
        # Rename in place: LegendItem.clear() trips a None refcount bug in PySide6 6.12 (itemAt of
        # an empty layout cell), which aborts the interpreter after a few hundred calls.
        names = {id(item): name for name, item in self.items.items()}
        for sample, label in self.legend.items:
            name = names.get(id(sample.item))
            text = unsplit_label() if name == UNSPLIT else component_label(name or "")
            if label.text != text:
                label.setText(text)
        e = self.model.estimate.shown
        self._title = ""
        if e is not None:
            self._title = (self.tr("Your training at the peak ({phase}, iteration {i})").format(
                phase=phase_label(e.peak_phase[0]), i=e.peak_phase[1]) if e.fits else self.out_of_memory_text(e))
            if e.fits and e.config.inference:
                self._title = self.tr("Your inference at the peak ({phase}, batch {i})").format(
                    phase=phase_label(e.peak_phase[0]), i=e.peak_phase[1])
            if e.fits and e.per_gpu is not None:
                self._title = self.tr("Each GPU's training at the peak ({phase}, iteration {i})").format(
                    phase=phase_label(e.peak_phase[0]), i=e.peak_phase[1])
            elif e.per_gpu is not None:
                self._title = self.tr("Per GPU: {title}").format(title=self._title)
        self._fit()

    def out_of_memory_text(self, e: Estimate) -> str:
        """Where the allocator runs out, which can be below the capacity line (fragmentation)."""
        oom = e.out_of_memory_in
        assert oom is not None
        return self.tr("Out of memory in {phase}, iteration {i}: asks for {size}").format(
            phase=phase_label(oom.phase), i=oom.iteration,
            size=human_bytes(oom.requested_bytes, self.model.display.binary))

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        if "_built" not in self.__dict__:
            return  # pyqtgraph lays out before __init__ has built the chart
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.redraw()  # the segments' formulas too, in the new language
        super().changeEvent(event)
