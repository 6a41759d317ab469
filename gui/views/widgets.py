"""Small building blocks the views share: read-only table cells and quiet plots."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableWidgetItem

__all__ = ["RIGHT", "elided", "quiet_plot", "read_only_item", "set_plot_title"]

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


def elided(text: str, font: QFont, width: float, point_size: float | None = None) -> str:
    """`text` cut with an ellipsis to `width` pixels in `font` (at `point_size`, if given)."""
    if point_size is not None:
        font = QFont(font)
        font.setPointSizeF(point_size)
    return QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, max(0, int(width)))


def set_plot_title(plot: pg.PlotItem, text: str, point_size: float, color: str, beside: float = 0.0) -> None:
    """A title cut with an ellipsis to the plot's width less `beside` (a legend's column): pyqtgraph
    would widen the plot to fit it."""
    if not text:
        plot.setTitle(None)
        return
    view = plot.getViewWidget()
    width = (view.width() if view is not None else 400) - plot.getAxis("left").width() - beside - 12
    font = view.font() if view is not None else QFont()
    plot.setTitle(elided(text, font, width, point_size), size=f"{point_size:g}pt", color=color)
