"""Work off the GUI thread: a Job runs one function in a daemon thread and reports through Qt
signals; a ThreadKeeper owns the running jobs, cancels them and says truthfully which still run.

A job is a Python daemon thread, not a QThread: one blocked in a network read or a slow folder
can be left to finish on its own when the window closes (its results are dropped), where a
QThread destroyed while running aborts the process. The signals are emitted from the worker
thread and so reach slots of GUI-thread objects queued, on the GUI thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

__all__ = ["Job", "JobFunction", "Progress", "ThreadKeeper"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]
"""progress(done, total, name); a job that reports payloads instead gets report(payload)."""
JobFunction = Callable[[Callable[..., None], threading.Event], Any]
"""fn(progress_or_report, cancel_flag) -> result."""


class Job(QObject):
    """Runs ``fn`` once in a daemon thread. Signals carry the job, so a receiver can drop stale results."""

    succeeded = Signal(object, object)  # (job, result)
    failed = Signal(object, object)  # (job, exception)
    progressed = Signal(object, int, int, str)  # (job, done, total, name)
    reported = Signal(object, object)  # (job, payload), for jobs started with reports=True
    ended = Signal(object)  # (job), after succeeded or failed

    def __init__(self, fn: JobFunction, tag: Any = None, reports: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.tag = tag
        self.cancel_flag = threading.Event()
        self._fn = fn
        self._reports = reports
        self._last_percent = -1
        self._thread = threading.Thread(target=self._run, name=f"memcalc-{tag}", daemon=True)

    def start(self) -> Job:
        self._thread.start()
        return self

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Block until the job has ended or `timeout_s` passed; True when it has ended."""
        if self._thread.ident is not None:
            self._thread.join(timeout_s)
        return not self._thread.is_alive()

    def cancel(self) -> None:
        self.cancel_flag.set()

    def _run(self) -> None:
        callback = self._report if self._reports else self._progress
        try:
            result = self._fn(callback, self.cancel_flag)
        except Exception as exc:  # reported, never raised into the thread's excepthook
            self._emit(self.failed, self, exc)
        else:
            self._emit(self.succeeded, self, result)
        self._emit(self.ended, self)

    def _progress(self, done: int, total: int, name: str) -> None:
        percent = done * 100 // total if total else -1
        if percent != self._last_percent or not total:  # at most ~100 signals per file
            self._last_percent = percent
            self._emit(self.progressed, self, done, total, name)

    def _report(self, payload: object) -> None:
        self._emit(self.reported, self, payload)

    def _emit(self, signal: SignalInstance, *args: object) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:  # the receivers and this object are gone: the window has closed
            log.debug("job %r finished after its window closed", self.tag)


class ThreadKeeper(QObject):
    """Owns the jobs it started. ``running()`` lists those whose thread is alive, including any
    that ``stop_all`` had to leave behind."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs: set[Job] = set()

    def start(self, job: Job) -> Job:
        self._jobs.add(job)
        job.ended.connect(self._forget)
        return job.start()

    def running(self) -> set[Job]:
        return {job for job in self._jobs if job.is_running()}

    def _forget(self, job: Job) -> None:
        self._jobs.discard(job)

    def wait_all(self, timeout_s: float) -> bool:
        """Wait until every job has ended, at most `timeout_s` in all; True when none runs."""
        deadline = time.monotonic() + timeout_s
        for job in list(self._jobs):
            job.wait(max(0.0, deadline - time.monotonic()))
        self._jobs = self.running()
        return not self._jobs

    def stop_all(self, timeout_s: float = 0.0) -> bool:
        """Cancel every job and wait up to `timeout_s` in all. Jobs still running after that are
        left to finish detached (their receivers drop what they report); True when none runs."""
        for job in self._jobs:
            job.cancel()
        ended = self.wait_all(timeout_s)
        if not ended:
            log.info("left %d worker(s) to finish on their own: %s", len(self._jobs),
                     ", ".join(repr(job.tag) for job in self._jobs))
        return ended
