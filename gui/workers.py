"""Run a function off the GUI thread; it reports through signals and never crashes the app."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QThread, Signal

__all__ = ["FunctionThread", "ThreadKeeper"]

log = logging.getLogger(__name__)

#: fn(progress_cb(done, total, name), cancel_flag) -> result
Job = Callable[[Callable[[int, int, str], None], threading.Event], Any]


class FunctionThread(QThread):
    """Runs ``job`` once. Signals carry the thread itself, so a receiver can drop stale results."""

    succeeded = Signal(object, object)  # (thread, result)
    failed = Signal(object, object)  # (thread, exception)
    progressed = Signal(object, int, int, str)  # (thread, done, total, name)

    def __init__(self, job: Job, tag: Any = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.cancel_flag = threading.Event()
        self._job = job
        self._last_percent = -1

    def run(self) -> None:
        try:
            result = self._job(self._progress, self.cancel_flag)
        except Exception as exc:  # reported, never raised into Qt
            self.failed.emit(self, exc)
        else:
            self.succeeded.emit(self, result)

    def _progress(self, done: int, total: int, name: str) -> None:
        percent = done * 100 // total if total else -1
        if percent != self._last_percent or not total:  # at most ~100 signals per file
            self._last_percent = percent
            self.progressed.emit(self, done, total, name)


class ThreadKeeper(QObject):
    """Owns running FunctionThreads; ``stop_all`` cancels them and waits, with a bound."""

    _stragglers: ClassVar[set[FunctionThread]] = set()  # threads that outlived stop_all's wait

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: set[FunctionThread] = set()

    def start(self, thread: FunctionThread) -> FunctionThread:
        self._running.add(thread)
        thread.finished.connect(self._forget)
        thread.start()
        return thread

    def running(self) -> set[FunctionThread]:
        return {t for t in self._running if t.isRunning()}

    def _forget(self) -> None:
        for thread in [t for t in self._running if t.isFinished()]:
            self._running.discard(thread)

    def stop_all(self, timeout_ms: int = 5000) -> bool:
        """Cancel every thread and wait; True when all have ended."""
        for thread in self._running:
            thread.cancel_flag.set()
        ended = True
        for thread in list(self._running):
            if not thread.wait(timeout_ms):
                # Blocked in a network call: keep the object alive until it ends, never terminate().
                log.warning("worker %r still running after %d ms", thread.tag, timeout_ms)
                ThreadKeeper._stragglers.add(thread)
                thread.finished.connect(lambda t=thread: ThreadKeeper._stragglers.discard(t))
                ended = False
        self._running.clear()
        return ended
