"""Where each layer's memory goes: for every module, the bytes its forward keeps alive for
backward and its parameter bytes, as horizontal bars in the components' colours, with the
peak's composition beside them. For a CNN the early convolutions' feature maps stand out."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QCursor, QFontMetrics, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QToolTip, QVBoxLayout, QWidget

from core import ALL_COMPONENTS, Estimate, TimelinePoint, human_bytes
from core.engine.model.mlp import LayerRow
from core.units import pick_unit

from ..model import CalculatorModel
from .band import span
from .dimming import set_dimmed
from .labels import COLORS, component_label, formula_language, peak_moment_explained
from .widgets import quiet_plot, set_plot_title

__all__ = ["LayerMemoryView", "end_of_forward", "leaf_rows"]

ROW_PX = 20
BAR_HEIGHT = 0.75
_CONTAINERS = {"Sequential", "ModuleList", "ModuleDict"}


def end_of_forward(e: Estimate) -> TimelinePoint:
    """The moment the course draws, as the engine names it: the end of forward and loss in the
    second iteration, every activation alive beside the gradients and the optimizer state."""
    return e.course_moment


def leaf_rows(rows: list[LayerRow]) -> list[LayerRow]:
    """The modules that do the work: no children of their own, not the model itself."""
    leaves = []
    for i, row in enumerate(rows):
        has_children = i + 1 < len(rows) and rows[i + 1].depth > row.depth
        if row.depth > 0 and not has_children and row.kind not in _CONTAINERS:
            leaves.append(row)
    return leaves


class _LayerBars(pg.PlotWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, background="w")
        plot = quiet_plot(self, 120, x_grid=True)
        plot.setMouseEnabled(x=False, y=False)
        plot.invertY(True)
        self.saved = pg.BarGraphItem(x0=[], width=[], y=[], height=BAR_HEIGHT, brush=COLORS["activations"], pen=None)
        self.params = pg.BarGraphItem(x0=[], width=[], y=[], height=BAR_HEIGHT, brush=COLORS["parameters"], pen=None)
        plot.addItem(self.saved)
        plot.addItem(self.params)
        self.rows: list[LayerRow] = []
        self.scale, self.unit = 1.0, "B"


class LayerMemoryView(QWidget):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.caption = QLabel(wordWrap=True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.bars = _LayerBars()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.bars)
        self.peak = pg.PlotWidget(background="w")
        peak_plot = quiet_plot(self.peak, 150)
        self.peak.setFixedWidth(190)
        peak_plot.getAxis("bottom").setHeight(QFontMetrics(self.font()).height() * 2 + 12)
        self.peak_items = {name: pg.BarGraphItem(x=[0, 1], height=[0, 0], y0=[0, 0], width=0.7, brush=COLORS[name],
                                                 pen=pg.mkPen("w", width=1)) for name in ALL_COMPONENTS}
        for item in self.peak_items.values():
            peak_plot.addItem(item)
        self.peak_text = QLabel(wordWrap=True)
        self.peak_text.setTextFormat(Qt.TextFormat.RichText)
        self.peak_text.setFixedWidth(230)
        side = QVBoxLayout()
        side.addWidget(self.peak, 2)
        side.addWidget(self.peak_text, 1)
        row = QHBoxLayout()
        row.addWidget(scroll, 1)
        row.addLayout(side)
        column = QVBoxLayout(self)
        column.addWidget(self.caption)
        column.addLayout(row, 1)
        self.bars.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self._stale = True
        model.estimate.shownChanged.connect(self._refresh)
        model.display.unitsChanged.connect(self._refresh)
        model.display.workspaceShownChanged.connect(self._refresh)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self._on_dimmed(model.estimate.dimmed)  # built late, it greys what it shows as the others do
        self._redraw()

    def _refresh(self, *_: object) -> None:
        """Redraw now while shown; else when next shown (a deep model has hundreds of rows)."""
        self._stale = True
        if self.isVisible():
            self._redraw()

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._redraw()
        super().showEvent(event)

    def peak_heights(self, column: int = 0) -> dict[str, float]:
        """The segments in bytes, by component, of the peak (0) or the end of forward (1)."""
        if self._stale:
            self._redraw()
        return {name: item.opts["height"][column] * self._peak_scale for name, item in self.peak_items.items()}

    def _redraw(self, *_: object) -> None:
        self._stale = False
        e = self.model.estimate.shown
        rows = leaf_rows(e.layers) if e is not None else []
        self.bars.rows = rows
        top = max([r.saved_bytes + r.bytes for r in rows] + [1])
        scale, unit = pick_unit(top, self.model.display.binary)
        self.bars.scale, self.bars.unit = scale, unit
        ys = list(range(len(rows)))
        saved = [r.saved_bytes / scale for r in rows]
        self.bars.saved.setOpts(x0=[0.0] * len(rows), width=saved, y=ys, height=BAR_HEIGHT)
        self.bars.params.setOpts(x0=saved, width=[r.bytes / scale for r in rows], y=ys, height=BAR_HEIGHT)
        plot = self.bars.getPlotItem()
        plot.getAxis("left").setTicks([[(i, f"{r.name} · {r.kind}" if r.kind else r.name) for i, r in enumerate(rows)]])
        plot.setYRange(-0.6, max(len(rows), 1) - 0.4, padding=0)
        plot.setXRange(0, top / scale * 1.05, padding=0)
        plot.setLabel("bottom", self.tr("Memory ({unit})").format(unit=unit))
        self.bars.setMinimumHeight(max(160, ROW_PX * len(rows) + 70))
        self._redraw_peak(e)
        self._retranslate(e)

    def _redraw_peak(self, e: Estimate | None) -> None:
        """Two bars: the composition at the peak, and at the end of the forward pass, where the
        course draws it (the engine's course moment: gradients and optimizer state are alive too)."""
        explained = e.explained(formula_language()) if e is not None else {}
        at_peak = {n: f.bytes for n, f in explained.items()}
        forward = end_of_forward(e) if e is not None else None
        at_forward = dict(forward.end_components) if forward is not None else {}
        wanted = [n for n in ALL_COMPONENTS if self.model.display.show_workspace or n != "workspace"]
        columns = [{n: c.get(n, 0) if n in wanted else 0 for n in ALL_COMPONENTS} for c in (at_peak, at_forward)]
        scale, _ = pick_unit(max([sum(c.values()) for c in columns] + [1]), self.model.display.binary)
        self._peak_scale = scale
        bottoms = [0.0, 0.0]
        lines = []
        for name in ALL_COMPONENTS:
            sizes = [c[name] / scale for c in columns]
            self.peak_items[name].setOpts(x=[0, 1], y0=list(bottoms), height=sizes)
            bottoms = [b + h for b, h in zip(bottoms, sizes)]
            if columns[0][name] or columns[1][name]:
                lines.append(f'<span style="color:{COLORS[name]}">■</span> {component_label(name)}: '
                             f"{human_bytes(columns[0][name], self.model.display.binary)} · "
                             f"{human_bytes(columns[1][name], self.model.display.binary)}")
        plot = self.peak.getPlotItem()
        plot.setYRange(0, max(*bottoms, 1e-9) * 1.05, padding=0)
        plot.setXRange(-0.5, 1.5, padding=0)
        plot.getAxis("bottom").setTicks([[(0, self.tr("peak")), (1, self.tr("end of\nforward"))]])
        head = ""
        if e is not None and forward is not None:
            head = self.tr("Peak · end of forward (iteration {i}):").format(i=forward.iteration) + "<br>"
        note = "<br><br><small>" + peak_moment_explained(*e.peak_phase) + "</small>" if e is not None else ""
        self.peak_text.setText(head + "<br>".join(lines) + note)

    def _retranslate(self, e: Estimate | None) -> None:
        if e is None:
            self.caption.setText("")
            return
        square = '<span style="color:{}">■</span>'
        self.caption.setText(self.tr(
            "Per layer at batch {batch}: {saved} kept for backward (activations) and {params} parameters. "
            "Beside it, what is alive at the peak ({peak}) and at the end of the forward pass.").format(
            batch=f"{e.config.batch_size:,}", saved=square.format(COLORS["activations"]),
            params=square.format(COLORS["parameters"]),
            peak=span(e.peak_bytes, e.peak_high_bytes, self.model.display.binary)))
        set_plot_title(self.peak.getPlotItem(), self.tr("Composition"), 9, "#333")

    def tooltip_for(self, index: int) -> str:
        rows = self.bars.rows
        if not 0 <= index < len(rows):
            return ""
        r, binary = rows[index], self.model.display.binary
        return (f"<b>{r.name}</b> ({r.kind})<br>" + self.tr("Kept for backward: {saved}").format(
            saved=human_bytes(r.saved_bytes, binary)) + "<br>" + self.tr("Parameters: {n} = {size}").format(
            n=f"{r.parameters:,}", size=human_bytes(r.bytes, binary)))

    def _on_mouse_moved(self, pos: QPointF) -> None:
        view = self.bars.getPlotItem().vb
        if view.sceneBoundingRect().contains(pos):
            text = self.tooltip_for(round(view.mapSceneToView(pos).y()))
            if text:
                QToolTip.showText(QCursor.pos(), text, self.bars)

    def _on_dimmed(self, dimmed: bool) -> None:
        set_dimmed(self.bars, dimmed)
        set_dimmed(self.peak, dimmed)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()
        super().changeEvent(event)
