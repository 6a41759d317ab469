"""Greying a view whose result no longer belongs to the inputs on screen."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QAbstractItemView, QGraphicsOpacityEffect, QWidget

__all__ = ["DIMMED_OPACITY", "is_dimmed", "set_dimmed"]

DIMMED_OPACITY = 0.35
_DIMMED_TABLE = "QAbstractItemView { color: #9a9a9a; }"


def set_dimmed(widget: QWidget, dimmed: bool) -> None:
    """A plot greys its plot item (cheap, and its export stays sharp); a table greys its text (an
    opacity effect would paint a scroll area dark); other widgets get an opacity effect."""
    opacity = DIMMED_OPACITY if dimmed else 1.0
    if isinstance(widget, pg.PlotWidget):
        widget.getPlotItem().setOpacity(opacity)
        return
    if isinstance(widget, QAbstractItemView):
        widget.setStyleSheet(_DIMMED_TABLE if dimmed else "")
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
    if isinstance(widget, pg.PlotWidget):
        return widget.getPlotItem().opacity() < 1.0
    if isinstance(widget, QAbstractItemView):
        return widget.styleSheet() == _DIMMED_TABLE
    effect = widget.graphicsEffect()
    return isinstance(effect, QGraphicsOpacityEffect) and effect.opacity() < 1.0
