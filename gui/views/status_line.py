"""The status bar's messages, kept as how to write them, so a language switch rewrites the one showing."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QStatusBar

__all__ = ["StatusLine"]


class StatusLine:
    def __init__(self, bar: QStatusBar) -> None:
        self.bar = bar
        self._text: Callable[[], str] | None = None
        self._shown = ""
        self._until: float | None = None

    def show(self, text: Callable[[], str], timeout_ms: int = 0) -> None:
        """`text` is called now and again after a language switch; it should call tr() itself."""
        self._text = text
        self._until = time.monotonic() + timeout_ms / 1000 if timeout_ms else None
        self._write(timeout_ms)

    def current(self) -> str:
        return self.bar.currentMessage()

    def retranslate(self) -> None:
        if self._text is None or self.bar.currentMessage() != self._shown:
            return  # expired, or replaced by Qt's own (menu tips)
        left = 0
        if self._until is not None:
            left = int((self._until - time.monotonic()) * 1000)
            if left <= 0:
                return
        self._write(left)

    def _write(self, timeout_ms: int) -> None:
        assert self._text is not None
        text = self._text()
        self._shown = text.splitlines()[0] if text else ""
        self.bar.showMessage(self._shown, timeout_ms)
