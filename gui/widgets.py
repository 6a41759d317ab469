"""Small building blocks the views share: read-only table cells and quiet plots."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidgetItem

__all__ = ["RIGHT", "quiet_plot", "read_only_item"]

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def read_only_item(text: str, align: Qt.AlignmentFlag | None = None, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if align is not None:
        item.setTextAlignment(align)
    item.setToolTip(tip or text)
    return item


def quiet_plot(widget: pg.PlotWidget, min_height: int, x_grid: bool = False, fixed: bool = True) -> pg.PlotItem:
    """A white plot with a light grid and none of pyqtgraph's own buttons and menus; `fixed`
    also stops the mouse from panning and zooming it."""
    widget.setMinimumHeight(min_height)
    plot = widget.getPlotItem()
    plot.showGrid(x=x_grid, y=True, alpha=0.25)
    if fixed:
        plot.setMouseEnabled(x=False, y=False)
    plot.setMenuEnabled(False)
    plot.hideButtons()
    return plot
