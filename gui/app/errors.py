"""One sink for unexpected errors: a dialog with the traceback, and the app keeps running."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QApplication, QMessageBox

__all__ = ["ErrorSink", "install_excepthooks"]

log = logging.getLogger(__name__)


class ErrorSink(QObject):
    """Lives on the GUI thread; `report` may be called from any thread (the signal is queued)."""

    reported = Signal(str, str)  # summary, details

    def __init__(self, show: Callable[[str, str], None] | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._show = show or self._dialog
        self.reported.connect(self._on_reported)

    def report(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", details)
        self.reported.emit(f"{exc_type.__name__}: {exc}", details)

    @Slot(str, str)
    def _on_reported(self, summary: str, details: str) -> None:
        self._show(summary, details)

    def _dialog(self, summary: str, details: str) -> None:
        box = QMessageBox(QApplication.activeWindow())
        box.setIcon(QMessageBox.Icon.Critical)
        box.setWindowTitle(self.tr("Unexpected error"))
        box.setText(self.tr("Something went wrong. memcalc keeps running; the details may help a bug report."))
        box.setInformativeText(summary)
        box.setDetailedText(details)
        box.exec()


def install_excepthooks(sink: ErrorSink) -> Callable[[], None]:
    """Route sys.excepthook and threading.excepthook to `sink`; returns a function that undoes it."""
    old_sys, old_thread = sys.excepthook, threading.excepthook

    def sys_hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            old_sys(exc_type, exc, tb)
            return
        sink.report(exc_type, exc, tb)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        sink.report(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = sys_hook
    threading.excepthook = thread_hook

    def restore() -> None:
        sys.excepthook, threading.excepthook = old_sys, old_thread

    return restore
