"""The whole GPU in one horizontal bar: what your training holds at the peak, then what CUDA and
its libraries hold whatever the model (the cuBLAS workspace, the allocator's cache, the CUDA
context), against the capacity the verdict uses. The bar chart beside it draws the training
alone at its own scale, so that a small model's tensors are not slivers under the context."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QPointF, Qt
from PySide6.QtGui import QCursor, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QToolTip, QWidget

from core import ALL_COMPONENTS, RECOMMENDED_FRACTION, Estimate, human_bytes
from core.units import pick_unit

from ..model import CalculatorModel
from .band import BAND_BRUSH, BAND_PEN_COLOR, device_band, span
from .bar_chart import (
    CACHED,
    CAPACITY_ZOOM,
    CONTEXT,
    DEVICE_COLORS,
    Segment,
    device_capacity,
    device_segments,
)
from .labels import COLORS, component_label, formula_language
from .widgets import ResultChart, quiet_plot, set_plot_title

__all__ = ["LIBRARIES", "TRAINING", "DeviceStrip", "band_segment", "strip_segments"]

TRAINING = tuple(name for name in ALL_COMPONENTS if name != "workspace")
"""What the training itself holds: the four places of the course and the temporaries."""
LIBRARIES = ("workspace", CACHED, CONTEXT)
"""What CUDA and its libraries hold, whatever the model."""
_ORDER = (*TRAINING, *LIBRARIES)
_HEIGHT = 0.6


def strip_segments(e: Estimate) -> dict[str, Segment]:
    """Every part of the device's use at the allocated peak, training first, in bytes."""
    explained = e.explained(formula_language())
    segments = {name: (component_label(name), f.bytes, f.formula) for name, f in explained.items()}
    segments.update(device_segments(e))
    return {name: segments[name] for name in _ORDER if name in segments}


def band_segment(e: Estimate, binary: bool = True) -> Segment:
    """What nvidia-smi may show beyond the bar: the estimated convolution workspaces' and the
    estimated CUDA context's high side, hatched after the bar."""
    return (QCoreApplication.translate("DeviceStrip", "Estimated: may be needed too"), device_band(e),
            QCoreApplication.translate(
                "DeviceStrip", "nothing measured for this GPU: the convolution workspaces and the CUDA context "
                "may take this much more; nvidia-smi would show {used}, and the verdict takes the high side").format(
                used=span(e.device_used_bytes, e.device_used_high_bytes, binary)))


class DeviceStrip(ResultChart):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        self.model = model
        plot = quiet_plot(self, 72, x_grid=True)
        plot.showGrid(x=True, y=False, alpha=0.25)
        plot.hideAxis("left")
        self.setFixedHeight(84)
        self.items: dict[str, pg.BarGraphItem] = {}
        for name in _ORDER:
            brush = COLORS[name] if name in COLORS else DEVICE_COLORS[name]
            item = pg.BarGraphItem(x0=[0], width=[0], y=[0], height=_HEIGHT, brush=brush, pen=pg.mkPen("w", width=1))
            self.items[name] = item
            plot.addItem(item)
        self.band = pg.BarGraphItem(x0=[0], width=[0], y=[0], height=_HEIGHT, brush=BAND_BRUSH,
                                    pen=pg.mkPen(BAND_PEN_COLOR, width=1, style=Qt.PenStyle.DashLine))
        plot.addItem(self.band)
        self.band_segment: Segment = ("", 0, "")
        dashed = pg.mkPen("#c0392b", width=2, style=Qt.PenStyle.DashLine)
        dotted = pg.mkPen("#e67e22", width=2, style=Qt.PenStyle.DotLine)
        self.capacity_line = pg.InfiniteLine(angle=90, pen=dashed)  # named in the title: the strip is too low
        self.recommended_line = pg.InfiniteLine(angle=90, pen=dotted)
        plot.addItem(self.capacity_line)
        plot.addItem(self.recommended_line)
        # names inside the bar where a part is wide enough: the training as one, each fixed cost alone
        self.names = {key: pg.TextItem(color="w" if key in (CONTEXT, "training") else "#222", anchor=(0.5, 0.5))
                      for key in ("training", *LIBRARIES)}
        for text in self.names.values():
            plot.addItem(text)
        plot.setYRange(-0.5, 0.5, padding=0)
        self.scale, self.unit = 1.0, "B"
        self.segments: dict[str, Segment] = {}
        self._title = ""
        self.scene().sigMouseMoved.connect(self._on_mouse_moved)
        model.estimate.shownChanged.connect(self._on_shown)
        model.display.unitsChanged.connect(self.redraw)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self.redraw()
        self._built = True

    def training_bytes(self) -> int:
        return sum(self.segments[n][1] for n in TRAINING if n in self.segments)

    def libraries_bytes(self) -> int:
        return sum(self.segments[n][1] for n in LIBRARIES if n in self.segments)

    def redraw(self, *_: object) -> None:
        e = self.model.estimate.shown
        self.segments = strip_segments(e) if e is not None else {}
        self.band_segment = band_segment(e, self.model.display.binary) if e is not None else ("", 0, "")
        drawn = sum(s[1] for s in self.segments.values())
        total = drawn + self.band_segment[1]
        capacity = device_capacity(e) if e is not None else 0
        show_capacity = e is not None and capacity <= CAPACITY_ZOOM * total
        top = max(total, capacity) if show_capacity else total
        self.scale, self.unit = pick_unit(max(top, 1), self.model.display.binary)
        left = 0.0
        for name in _ORDER:
            width = self.segments.get(name, ("", 0, ""))[1] / self.scale
            self.items[name].setOpts(x0=[left], width=[width], y=[0], height=_HEIGHT)
            left += width
        self.band.setOpts(x0=[left], width=[self.band_segment[1] / self.scale], y=[0], height=_HEIGHT)
        self.capacity_line.setPos(capacity / self.scale)
        self.recommended_line.setPos(RECOMMENDED_FRACTION * capacity / self.scale)
        self.capacity_line.setVisible(show_capacity)
        self.recommended_line.setVisible(show_capacity)
        self.getPlotItem().setXRange(0, max(top, 1) / self.scale * 1.02, padding=0)
        self.retranslate()
        self._place_names()
        self.prepare_for_paint()

    def _spans(self) -> dict[str, tuple[float, float]]:
        """(left, right) in bytes of the training as one and of each fixed cost."""
        training = self.training_bytes()
        spans, left = {"training": (0.0, float(training))}, float(training)
        for name in LIBRARIES:
            size = self.segments.get(name, ("", 0, ""))[1]
            spans[name] = (left, left + size)
            left += size
        return spans

    def _place_names(self, *_: object) -> None:
        view = self.getPlotItem().vb
        px_per_unit = view.width() / max(1e-9, view.viewRange()[0][1] - view.viewRange()[0][0])
        metrics = QFontMetrics(self.font())
        for key, (left, right) in self._spans().items():
            text = self.names[key]
            label = self._own_label() if key == "training" else self.segments.get(key, (key, 0, ""))[0]
            if text.toPlainText() != label:
                text.setText(label)
            text.setPos((left + right) / 2 / self.scale, 0)
            text.setVisible((right - left) / self.scale * px_per_unit > metrics.horizontalAdvance(label) + 12)

    def _own_label(self) -> str:
        e = self.model.estimate.shown
        return self.tr("your inference") if e is not None and e.config.inference else self.tr("your training")

    def retranslate(self) -> None:
        plot = self.getPlotItem()
        e = self.model.estimate.shown
        if e is None:
            self._title = ""
            set_plot_title(plot, "", 9, "#333")
            return
        binary = self.model.display.binary
        capacity = human_bytes(device_capacity(e), binary)
        training, libraries = self.training_bytes(), self.libraries_bytes()
        title = self.tr("On the GPU ({unit}): your training {training} + CUDA and libraries {libraries} = {total}"
                        ).format(unit=self.unit,
            training=human_bytes(training, binary), libraries=human_bytes(libraries, binary),
            total=span(training + libraries, training + libraries + self.band_segment[1], binary))
        if e.config.inference:
            title = self.tr("On the GPU ({unit}): your inference {training} + CUDA and libraries {libraries} = "
                            "{total}").format(unit=self.unit,
                training=human_bytes(training, binary), libraries=human_bytes(libraries, binary),
                total=span(training + libraries, training + libraries + self.band_segment[1], binary))
        if e.per_gpu is not None:  # rank 0's figures, the largest; NCCL's memory is in the summary
            title = self.tr("On each of the {gpus} GPUs ({unit}): training {training} + CUDA and libraries "
                            "{libraries} = {total}").format(gpus=e.per_gpu.gpus, unit=self.unit,
                training=human_bytes(training, binary), libraries=human_bytes(libraries, binary),
                total=span(training + libraries, training + libraries + self.band_segment[1], binary))
        if not self.capacity_line.isVisible():
            title += " · " + self.tr("capacity {size}, off the scale").format(size=capacity)
        elif e.config.allocator_limit is not None:
            title += " · " + self.tr("allocator limit + CUDA context {size} (dashes), {percent:.0f} % (dots)").format(
                size=capacity, percent=RECOMMENDED_FRACTION * 100)
        else:
            title += " · " + self.tr("GPU {size} (dashes), {percent:.0f} % (dots)").format(
                size=capacity, percent=RECOMMENDED_FRACTION * 100)
        self._title = title
        set_plot_title(plot, title, 9, "#333")

    def title(self) -> str:
        return self._title

    def segment_at(self, x_bytes: float) -> Segment | None:
        left = 0
        for name in _ORDER:
            seg = self.segments.get(name)
            if seg and left <= x_bytes < left + seg[1]:
                return seg
            left += seg[1] if seg else 0
        if left <= x_bytes < left + self.band_segment[1]:
            return self.band_segment
        return None

    def tooltip_at(self, x_bytes: float) -> str:
        seg = self.segment_at(x_bytes)
        if seg is None:
            return ""
        label, size, formula = seg
        return f"<b>{label}</b>: {human_bytes(size, self.model.display.binary)}<br>{formula}"

    def _on_mouse_moved(self, pos: QPointF) -> None:
        view = self.getPlotItem().vb
        if not view.sceneBoundingRect().contains(pos):
            return
        point = view.mapSceneToView(pos)
        text = self.tooltip_at(point.x() * self.scale) if abs(point.y()) <= _HEIGHT / 2 else ""
        if text:
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()

    def resizeEvent(self, event: QResizeEvent | None) -> None:
        super().resizeEvent(event)
        if "_built" in self.__dict__:
            set_plot_title(self.getPlotItem(), self._title, 9, "#333")
            self.getPlotItem().setGeometry(self.range)
            self._place_names()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.redraw()
        super().changeEvent(event)
