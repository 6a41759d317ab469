"""Upright names under a plot's bars: each bar of the timeline is one phase of the loop, too
narrow for its name written across, so the name stands rotated in the bottom axis, under the
axis's own labels (the iterations)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics
from PySide6.QtWidgets import QGraphicsSimpleTextItem

from .widgets import cached

__all__ = ["PhaseLabels"]

_TICK_ROW_PX = 20  # the axis's own tick labels above the phase names
_POINT_SIZE = 8


class PhaseLabels:
    """Rotated texts in `plot`'s bottom axis, one per x = 0, 1, 2, ..."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self.plot = plot
        self.axis = plot.getAxis("bottom")
        self.font = QFont()
        self.font.setPointSize(_POINT_SIZE)
        self.items: list[QGraphicsSimpleTextItem] = []
        self.texts: list[str] = []
        plot.vb.sigResized.connect(self.place)
        plot.vb.sigXRangeChanged.connect(self.place)

    def set_texts(self, texts: list[str]) -> None:
        self.texts = list(texts)
        while len(self.items) < len(texts):
            item = cached(QGraphicsSimpleTextItem(self.axis))
            item.setFont(self.font)
            item.setBrush(QBrush(QColor("#444")))
            item.setRotation(-90)
            self.items.append(item)
        for item, text in zip(self.items, texts):
            item.setText(text)
            item.show()
        for item in self.items[len(texts):]:
            item.hide()
        metrics = QFontMetrics(self.font)
        longest = max([metrics.horizontalAdvance(t) for t in texts] + [0])
        self.axis.setHeight(_TICK_ROW_PX + longest + 8)
        self.place()

    def place(self, *_: object) -> None:
        """Each name centred under its bar, its end at the top (read bottom to top)."""
        view = self.plot.vb
        metrics = QFontMetrics(self.font)
        for i, (item, text) in enumerate(zip(self.items, self.texts)):
            x = self.axis.mapFromScene(view.mapViewToScene(QPointF(i, 0))).x()
            item.setPos(x - metrics.height() / 2, _TICK_ROW_PX + metrics.horizontalAdvance(text) + 2)

    def shown(self) -> list[str]:
        return [item.text() for item in self.items if item.isVisible()]
