"""Running the event loop until the window is laid out, and taking its image as on screen.

A new result changes texts and axes, and the layouts they ask for take a pass of the event loop
each: a summary that grows makes the left column's scroll bar appear, which narrows the column,
whose labels then wrap anew. A grab taken before the last of these passes shows a window that
the user never sees for more than a moment (and which one depends on how fast start-up was)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtGui import QGuiApplication, QPixmap
from PySide6.QtWidgets import QWidget

__all__ = ["LAYOUT_EVENTS", "on_screen", "settle_layout"]

LAYOUT_EVENTS = (QEvent.Type.LayoutRequest, QEvent.Type.Resize)


class _LayoutWatch(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.seen = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in LAYOUT_EVENTS:
            self.seen += 1
        return False


def settle_layout(max_passes: int = 20) -> int:
    """Run passes of the event loop until one lays nothing out (at most `max_passes`); how many ran."""
    app = QCoreApplication.instance()
    assert app is not None, "no application to run the event loop of"
    watch = _LayoutWatch()
    app.installEventFilter(watch)
    try:
        for done in range(1, max_passes + 1):
            watch.seen = 0
            QCoreApplication.processEvents()
            if not watch.seen:
                return done
        return max_passes
    finally:
        app.removeEventFilter(watch)


def on_screen(window: QWidget) -> QPixmap:
    """What the window shows: on the offscreen platform its copy of the last frame painted (a
    grab would paint the whole window again), elsewhere a grab (the screen may show other windows
    over it)."""
    if QGuiApplication.platformName() == "offscreen":
        return window.screen().grabWindow(window.winId())
    return window.grab()
