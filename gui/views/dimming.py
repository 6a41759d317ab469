"""Greying a view whose result no longer belongs to the inputs on screen."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractItemView, QGraphicsOpacityEffect, QHeaderView, QWidget

__all__ = ["DIMMED_OPACITY", "DIMMED_TEXT", "Greys", "is_dimmed", "set_dimmed", "text_color"]

DIMMED_OPACITY = 0.35
DIMMED_TEXT = QColor("#9a9a9a")


@runtime_checkable
class Greys(Protocol):
    """A widget that greys itself (its text, through palettes): an opacity effect painted it
    into a pixmap and blended that at every repaint, 7-8 ms for the summary."""

    def grey(self, dimmed: bool) -> None: ...

    def greyed(self) -> bool: ...


def text_color(widget: QWidget, color: QColor | None,
               roles: tuple[QPalette.ColorRole, ...] = (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text)
               ) -> None:
    """`widget`'s text (`roles` of its palette) in `color`, the rest inherited; None: all of it
    inherited (its parent's, the style's)."""
    palette = QPalette()  # empty: what it does not set is inherited
    if color is not None:
        for role in roles:
            palette.setColor(role, color)
    widget.setPalette(palette)


def _grey_text(widget: QWidget, roles: tuple[QPalette.ColorRole, ...]) -> None:
    """`roles` grey in `widget`'s palette, the rest inherited; no roles: all of it inherited."""
    text_color(widget, DIMMED_TEXT, roles)


def _dim_view(view: QAbstractItemView, dimmed: bool) -> None:
    """Grey cells and header labels, as a style sheet's `QAbstractItemView { color: ... }` did (the
    scroll bars keep their arrows): a style sheet polished the table and all its children again and
    laid them out anew, which painted it more times whenever a result ended a wait."""
    text = QPalette.ColorRole.Text
    _grey_text(view, (text,) if dimmed else ())
    for header in view.findChildren(QHeaderView):
        _grey_text(header, (text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText) if dimmed else ())


def set_dimmed(widget: QWidget, dimmed: bool) -> None:
    """A plot greys its plot item (cheap, and its export stays sharp); a table greys its text (an
    opacity effect would paint a scroll area dark); a widget that Greys greys itself; other
    widgets get an opacity effect."""
    opacity = DIMMED_OPACITY if dimmed else 1.0
    if isinstance(widget, Greys):
        widget.grey(dimmed)
        return
    if isinstance(widget, pg.PlotWidget):
        widget.getPlotItem().setOpacity(opacity)
        return
    if isinstance(widget, QAbstractItemView):
        if dimmed != _text_dimmed(widget):
            _dim_view(widget, dimmed)
        return
    effect = widget.graphicsEffect()
    if not dimmed:
        if effect is not None:
            widget.setGraphicsEffect(None)  # type: ignore[arg-type]
        return
    if not isinstance(effect, QGraphicsOpacityEffect):
        effect = QGraphicsOpacityEffect(widget)
        widget.setGraphicsEffect(effect)
    effect.setOpacity(opacity)


def is_dimmed(widget: QWidget) -> bool:
    if isinstance(widget, Greys):
        return widget.greyed()
    if isinstance(widget, pg.PlotWidget):
        return widget.getPlotItem().opacity() < 1.0
    if isinstance(widget, QAbstractItemView):
        return _text_dimmed(widget)
    effect = widget.graphicsEffect()
    return isinstance(effect, QGraphicsOpacityEffect) and effect.opacity() < 1.0


def _text_dimmed(widget: QWidget) -> bool:
    return widget.testAttribute(Qt.WidgetAttribute.WA_SetPalette) and widget.palette().color(
        QPalette.ColorRole.Text) == DIMMED_TEXT
