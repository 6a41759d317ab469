"""EstimateRunner: estimates off the GUI thread, one at a time, the newest request first.

An estimate of a deep model takes seconds, so it never runs on the GUI thread: the course MLP's
(pure Python, milliseconds) in a daemon thread, every traced one in the estimate process (see
estimate_process: torch in this process would stall the GUI thread). While one runs,
new requests replace each other as the one pending (a burst of keystrokes costs one more
estimate, not one each); a result whose request has been overtaken is reported only from the
estimate process (`overtaken`: a slider dragged over a traced model shows each step computed on
the way, where a re-estimate's round trip is longer than a frame), never from a thread.

The engine is pure Python and holds the GIL, while a repaint of the charts is hundreds of short
calls into Python (pyqtgraph), each of which waits for the GIL: at the interpreter's default
switch interval (5 ms) a repaint during an estimate took seconds. While an estimate runs the
interval is SWITCH_INTERVAL_S, which costs the estimate about 1 %."""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from core import ConfigError, Estimate, TrainingConfig, estimate

from ..workers import Job, ThreadKeeper
from .estimate_process import EstimateProcess, cancellable, shared_process
from .preparing import PREPARED, prepared
from .sources import model_key

__all__ = ["PREPARED", "RESTART_AFTER_S", "SWITCH_INTERVAL_S", "EstimateRunner"]

log = logging.getLogger(__name__)

SWITCH_INTERVAL_S = 0.0005
RESTART_AFTER_S = 3.0
"""A trace that has run this long when the model changes is ended with its process (it may never
return); a shorter one is left to finish, which is cheaper than starting PyTorch again."""

class EstimateRunner(QObject):
    finished = Signal(int, object)  # (token of the request, Estimate)
    overtaken = Signal(int, object)  # (token, Estimate) of a traced request a newer one has overtaken
    failed = Signal(int, object)  # (token, exception)

    def __init__(self, compute: Callable[[TrainingConfig], Estimate] = estimate, parent: QObject | None = None,
                 process: EstimateProcess | None = None) -> None:
        """Traced configs go to `process`, by default the shared one when `compute` is the
        engine's; a test's own `compute` runs every config in a thread."""
        super().__init__(parent)
        self.compute = compute
        self.process = process if process is not None or compute is not estimate else shared_process()
        self._job_config: TrainingConfig | None = None
        self._keeper = ThreadKeeper(self)
        self._job: Job | None = None
        self._pending: tuple[int, TrainingConfig] | None = None
        self._idle_switch_interval: float | None = None

    def in_process(self, config: TrainingConfig) -> bool:
        """Whether `config` is estimated in the estimate process (it needs a trace)."""
        return self.process is not None and not config.is_plain_mlp

    def submit(self, token: int, config: TrainingConfig) -> None:
        self._pending = (token, config)
        if self._job is None:
            self._start_pending()
        elif self._job_config is not None and self.in_process(self._job_config) and not self.in_process(config):
            self._job.cancel()  # the course MLP need not wait for a trace, whose result is dropped
            self._job = None
            self._start_pending()
        elif self._job_config is not None and self._stuck_on_another_model(config):
            self.cancel()
            self._start_pending()

    def _stuck_on_another_model(self, config: TrainingConfig) -> bool:
        running = self._job_config
        return (self.process is not None and running is not None and self.in_process(running)
                and self.in_process(config) and model_key(running) != model_key(config)
                and self.process.busy_for() >= RESTART_AFTER_S)

    def cancel(self) -> bool:
        """End the trace under way with its process (a model's forward may never return); the next
        request starts a fresh process. False when no trace was under way."""
        job, running = self._job, self._job_config
        if job is None or running is None or self.process is None or not self.in_process(running):
            return False
        job.cancel()
        self._job = None
        self.process.stop()
        return True

    def drop_pending(self) -> None:
        """Forget the request not yet started (the inputs became invalid)."""
        self._pending = None

    def is_busy(self) -> bool:
        return self._job is not None

    def running(self) -> int:
        return len(self._keeper.running())

    def shutdown(self, timeout_s: float = 0.0) -> bool:
        """Drop what is pending; an estimate under way is left to end on its own (it cannot be
        interrupted, and nothing waits for it)."""
        self._pending = None
        self._job = None
        return self._keeper.stop_all(timeout_s)

    def _start_pending(self) -> None:
        assert self._pending is not None
        token, config = self._pending
        self._pending = None
        compute = self.compute

        def run(_progress: Callable[..., None], _cancel: threading.Event) -> Estimate:
            return prepared(compute(config))

        if self.process is not None and self.in_process(config):
            job = Job(cancellable(self.process, "estimate", config), tag=token)
        else:
            job = Job(run, tag=token)
        self._job_config = config
        job.succeeded.connect(self._on_succeeded)
        job.failed.connect(self._on_failed)
        job.ended.connect(self._on_ended)
        if self._idle_switch_interval is None:
            self._idle_switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(min(SWITCH_INTERVAL_S, self._idle_switch_interval))
        self._job = self._keeper.start(job)

    def _on_ended(self, _job: Job) -> None:
        if self._job is None and self._idle_switch_interval is not None and not self._keeper.running() - {_job}:
            sys.setswitchinterval(self._idle_switch_interval)
            self._idle_switch_interval = None

    def _finish(self, job: Job) -> bool:
        """Start the pending request; True when `job`'s result is still the newest."""
        if job is not self._job:
            return False
        self._job = None
        if self._pending is not None:
            self._start_pending()
            return False
        return True

    def _on_succeeded(self, job: Job, result: Estimate) -> None:
        was_running, config = job is self._job, self._job_config
        if self._finish(job):
            self.finished.emit(job.tag, result)
        elif was_running and result is not None and config is not None and self.in_process(config):
            self.overtaken.emit(job.tag, result)

    def _on_failed(self, job: Job, error: Exception) -> None:
        if self._finish(job):
            if isinstance(error, ConfigError):
                log.info("estimate %s: %s", job.tag, error)
            else:
                log.error("estimate %s failed", job.tag, exc_info=error)
            self.failed.emit(job.tag, error)
