"""Where each layer's memory goes: for every module, the bytes its forward keeps alive for
backward and its parameter bytes, as horizontal bars in the components' colours, with the
peak's composition beside them. For a CNN the early convolutions' feature maps stand out."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QToolTip, QVBoxLayout, QWidget

from core import ALL_COMPONENTS, Estimate, human_bytes
from core.engine.model.mlp import LayerRow
from core.units import pick_unit

from ..model import CalculatorModel
from .dimming import set_dimmed
from .labels import COLORS, component_label, formula_language
from .widgets import quiet_plot, set_plot_title

__all__ = ["LayerMemoryView", "leaf_rows"]

ROW_PX = 20
BAR_HEIGHT = 0.75
_CONTAINERS = {"Sequential", "ModuleList", "ModuleDict"}


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
        peak_plot.getAxis("bottom").setTicks([[]])
        self.peak.setFixedWidth(150)
        self.peak_items = {name: pg.BarGraphItem(x=[0], height=[0], y0=[0], width=0.7, brush=COLORS[name],
                                                 pen=pg.mkPen("w", width=1)) for name in ALL_COMPONENTS}
        for item in self.peak_items.values():
            peak_plot.addItem(item)
        self.peak_text = QLabel(wordWrap=True)
        self.peak_text.setTextFormat(Qt.TextFormat.RichText)
        self.peak_text.setFixedWidth(190)
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
        model.estimate.shownChanged.connect(self._redraw)
        model.display.unitsChanged.connect(self._redraw)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self._redraw()

    def shown_rows(self) -> list[LayerRow]:
        return list(self.bars.rows)

    def _redraw(self, *_: object) -> None:
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
        explained = e.explained(formula_language()) if e is not None else {}
        scale, _ = pick_unit(e.peak_bytes if e is not None else 1, self.model.display.binary)
        bottom = 0.0
        lines = []
        for name in ALL_COMPONENTS:
            size = explained[name].bytes if name in explained else 0
            self.peak_items[name].setOpts(y0=[bottom], height=[size / scale])
            bottom += size / scale
            if size:
                lines.append(f'<span style="color:{COLORS[name]}">■</span> {component_label(name)}: '
                             f"{human_bytes(size, self.model.display.binary)}")
        self.peak.getPlotItem().setYRange(0, max(bottom, 1e-9) * 1.05, padding=0)
        self.peak_text.setText("<br>".join(lines))

    def _retranslate(self, e: Estimate | None) -> None:
        if e is None:
            self.caption.setText("")
            return
        square = '<span style="color:{}">■</span>'
        self.caption.setText(self.tr(
            "Per layer at batch {batch}: {saved} kept for backward (activations) and {params} parameters. "
            "Beside it, the peak's composition: {peak}.").format(
            batch=f"{e.config.batch_size:,}", saved=square.format(COLORS["activations"]),
            params=square.format(COLORS["parameters"]), peak=human_bytes(e.peak_bytes, self.model.display.binary)))
        set_plot_title(self.peak.getPlotItem(), self.tr("Peak"), 9, "#333")

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
            self._redraw()
        super().changeEvent(event)
