"""Small building blocks the views share: read-only table cells and quiet plots."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any, TypeVar, cast

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPicture
from PySide6.QtWidgets import QAbstractScrollArea, QGraphicsItem, QTableWidgetItem, QWidget

from .dimming import set_dimmed

__all__ = ["FLAT_SCROLL_BAR", "RIGHT", "ResultChart", "Staggered", "cached", "changed", "elided", "flat_scroll_bars",
           "forget", "prepared_for_paint", "quiet_plot", "read_only_item", "set_plot_title", "wrapped"]

Item = TypeVar("Item", bound=QGraphicsItem)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


FLAT_SCROLL_BAR = """
QScrollBar { background: #ececec; border: none; margin: 0; }
QScrollBar:vertical { width: 12px; }
QScrollBar:horizontal { height: 12px; }
QScrollBar::handle { background: #b5b5b5; border-radius: 4px; margin: 2px; }
QScrollBar::handle:vertical { min-height: 24px; }
QScrollBar::handle:horizontal { min-width: 24px; }
QScrollBar::handle:hover { background: #a3a3a3; }
QScrollBar::handle:pressed { background: #8a8a8a; }
QScrollBar::add-line, QScrollBar::sub-line { width: 0; height: 0; border: none; }
QScrollBar::add-page, QScrollBar::sub-page { background: none; }
"""
"""Scroll bars drawn flat by a style sheet. Fusion paints a bar in time that grows with its
length: the column of inputs and summary, 770 px tall, took 3-5 ms to repaint, and did at every
result whose text changed the column's height; flat, 0.1 ms."""


def flat_scroll_bars(root: QWidget) -> None:
    """The scroll bars of `root`'s scroll areas (`root`'s own, if it is one) drawn flat: those
    that can show, in `root`'s window (a combo box's list pops up in a window of its own)."""
    areas = root.findChildren(QAbstractScrollArea)
    if isinstance(root, QAbstractScrollArea):
        areas.append(root)
    off = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    for area in areas:
        if area.window() is not root.window():
            continue
        for bar, policy in ((area.verticalScrollBar(), area.verticalScrollBarPolicy()),
                            (area.horizontalScrollBar(), area.horizontalScrollBarPolicy())):
            if policy != off and bar.styleSheet() != FLAT_SCROLL_BAR:
                bar.setStyleSheet(FLAT_SCROLL_BAR)


def read_only_item(text: str, align: Qt.AlignmentFlag | None = None, tip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
    if align is not None:
        item.setTextAlignment(align)
    item.setToolTip(tip or text)
    return item


def changed(owner: object, key: str, value: object) -> bool:
    """Whether `value` differs from what `owner` was last given under `key` (and remember it):
    a view sets a text, ticks or a range only when they change, since each costs pyqtgraph a
    new layout and a repaint of the axis or label."""
    try:
        last = owner.__dict__.setdefault("_last_given", {})
    except AttributeError:
        return True
    if key in last and last[key] == value:
        return False
    last[key] = value
    return True


def forget(owner: object, key: str) -> None:
    """The next `changed(owner, key, ...)` is True: something else set what `key` stands for."""
    owner.__dict__.get("_last_given", {}).pop(key, None)


def prepared_for_paint(widget: pg.PlotWidget) -> None:
    """Bring the plot's view transform and its value axis's width up to date now. pyqtgraph does
    both while it paints, and what they move then asks for another paint: the transform's items,
    and the layout that follows an axis whose tick labels became wider or narrower (resnet50's
    '0 2 4 6' in GiB, the course CNN's '0 20 40 60' in MiB), which was a second and a third
    paint of a chart for one result."""
    widget.scene().prepareForPaint()
    plot = widget.getPlotItem()
    axis = plot.getAxis("left")
    if axis.isVisible():
        picture = QPicture()
        painter = QPainter(picture)
        try:
            axis.paint(painter, None, None)  # lays its labels out and keeps them for the paint
        finally:
            painter.end()
    if not plot.layout.isActivated():  # the axis, the title or the legend changed size
        plot.layout.activate()
        widget.scene().prepareForPaint()


class Staggered:
    """A view of the estimate on screen (mixed in before its Qt class). A new result is drawn at
    once, unless `draw_later` (the window's StaggeredPaint) takes it: then `redraw()` comes in a
    later pass of the event loop, as does the repaint that greys it (`draw_later(view, False)`:
    no redraw)."""

    draw_later: Callable[[Any, bool], bool] | None = None

    def redraw(self, *_: object) -> None:
        raise NotImplementedError

    def redraw_unprepared(self) -> bool:
        """`redraw()`, leaving to a later `prepare_for_paint()` what its paint needs laid out
        first; whether it left anything."""
        self.redraw()
        return False

    def prepare_for_paint(self) -> None:
        """Lay out now what the next paint would (nothing, unless a view says otherwise)."""

    def _draw_now(self) -> None:
        """A new result's drawing where no StaggeredPaint takes it."""
        self.redraw()

    def _on_shown(self, *_: object) -> None:
        if self.draw_later is None or not self.draw_later(self, True):
            self._draw_now()

    def _on_dimmed(self, dimmed: bool) -> None:
        if self.draw_later is not None:
            self.draw_later(self, False)
        set_dimmed(cast(QWidget, self), dimmed)


class ResultChart(Staggered, pg.PlotWidget):
    """A chart of the estimate on screen. Its drawing ends with `prepare_for_paint()`, which a
    StaggeredPaint may leave to a turn of its own (`redraw_unprepared`): its axes' layout costs
    as much as putting the figures into the items."""

    _prepare_later = False
    _prepare_due = False

    def redraw_unprepared(self) -> bool:
        self._prepare_later, self._prepare_due = True, False
        try:
            self.redraw()
        finally:
            self._prepare_later = False
        return self._prepare_due

    def prepare_for_paint(self) -> None:
        if self._prepare_later:
            self._prepare_due = True
        else:
            prepared_for_paint(self)


def cached(item: Item) -> Item:
    """`item` painted once into a pixmap and copied from it until it changes: for what a new
    result leaves as it was (slot names, phase names), which pyqtgraph would otherwise lay out
    and draw anew, text and all, at each repaint of its chart."""
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    return item


def quiet_plot(widget: pg.PlotWidget, min_height: int, x_grid: bool = False, fixed: bool = True) -> pg.PlotItem:
    """A white plot with a light grid and none of pyqtgraph's own buttons and menus; `fixed`
    also stops the mouse from panning and zooming it. The axes mark two levels of ticks, not
    pyqtgraph's three: the third's grid lines, about 30 too faint to read, were most of a chart's
    paint (1.5 of the timeline's 4 ms)."""
    widget.setMinimumHeight(min_height)
    plot = widget.getPlotItem()
    plot.showGrid(x=x_grid, y=True, alpha=0.25)
    for side in ("left", "bottom"):
        plot.getAxis(side).setStyle(maxTickLevel=1)
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


def wrapped(text: str, font: QFont, width: float, point_size: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines of `width` pixels, broken between words (or, for text
    without spaces such as Chinese, between characters); the last line elided if need be."""
    font = QFont(font)
    font.setPointSizeF(point_size)
    metrics = QFontMetrics(font)
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1 and metrics.horizontalAdvance(rest) > width:
        cut = len(rest)
        while cut > 1 and metrics.horizontalAdvance(rest[:cut]) > width:
            cut -= 1
        space = rest.rfind(" ", 0, cut + 1)
        cut = space if space > 0 else cut
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    out.append(elided(rest, font, width))
    return out


def set_plot_title(plot: pg.PlotItem, text: str, point_size: float, color: str, beside: float = 0.0,
                   lines: int = 1) -> None:
    """A title in up to `lines` lines, the last cut with an ellipsis, to the plot's width less
    `beside` (a legend's column): pyqtgraph would widen the plot to fit it."""
    if not text:
        if changed(plot, "title", None):
            plot.setTitle(None)
        return
    view = plot.getViewWidget()
    width = (view.width() if view is not None else 400) - plot.getAxis("left").width() - beside - 12
    font = view.font() if view is not None else QFont()
    if not changed(plot, "title", (text, width, font.toString(), point_size, color, lines)):
        return
    shown = wrapped(text, font, width, point_size, lines)
    plot.setTitle("<br>".join(html.escape(line) for line in shown), size=f"{point_size:g}pt", color=color)
