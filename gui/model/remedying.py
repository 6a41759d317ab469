"""The remedies for the config on screen, found off the GUI thread (each one is an estimate,
several of them traces: seconds), and the inputs that apply one."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from core import TrainingConfig

from ..workers import Job, ThreadKeeper
from .estimate_process import EstimateProcess, cancellable
from .inputs import DECLARED, InputState
from .preparing import engine_remedies, prepared_remedies

if TYPE_CHECKING:  # imported when remedies are first found (preparing.engine_remedies)
    from core.engine.remedies import Remedy

__all__ = ["RemediesRunner", "remedy_inputs"]

log = logging.getLogger(__name__)

MIB = 1 << 20


def remedy_inputs(config: TrainingConfig) -> dict[str, object]:
    """The InputState changes that make the inputs describe `config` (a remedy's): the fields a
    remedy changes, as the inputs hold them."""
    split = config.alloc.max_split_size
    return {
        "batch_size": str(config.batch_size),
        "zero_grad": config.zero_grad,
        "optimizer": config.optimizer,
        "amp": config.amp or "none",
        "grad_scaler": config.grad_scaler if config.amp else True,
        "checkpoint_segments": config.checkpoint_segments or 0,
        "expandable_segments": config.alloc.expandable_segments,
        "max_split_mb": str(split // MIB) if split is not None else "",
        "options": InputState.options_of({f.key: f.text(getattr(config, f.config_attr)) for f in DECLARED}),
    }


class RemediesRunner(QObject):
    """`request(config)` finds its remedies in a worker; `finished(config, remedies)` or
    `failed(config, error)` reports the newest request's only."""

    finished = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self, process: EstimateProcess | None,
                 find: Callable[[TrainingConfig], list[Remedy]] = engine_remedies,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.process, self.find = process, find
        self._keeper = ThreadKeeper(self)
        self._job: Job | None = None
        self.wanted: TrainingConfig | None = None

    def request(self, config: TrainingConfig) -> None:
        if config == self.wanted and self._job is not None:
            return
        if self._job is not None:
            self._job.cancel()
        self.wanted = config
        find = self.find

        def run(_progress: Callable[..., None], _cancel: threading.Event) -> list[Remedy]:
            return prepared_remedies(config, find)

        fn = cancellable(self.process, "remedies", config) if self.process is not None else run
        job = Job(fn, tag=config)
        job.succeeded.connect(self._on_succeeded)
        job.failed.connect(self._on_failed)
        self._job = self._keeper.start(job)

    def is_busy(self) -> bool:
        return self._job is not None

    def running(self) -> int:
        return len(self._keeper.running())

    def _on_succeeded(self, job: Job, result: object) -> None:
        if job is self._job:
            self._job = None
            self.finished.emit(job.tag, result)

    def _on_failed(self, job: Job, error: Exception) -> None:
        if job is self._job:
            self._job = None
            log.info("remedies for %s failed: %s", job.tag, error)
            self.failed.emit(job.tag, error)

    def shutdown(self, timeout_s: float = 0.0) -> bool:
        self._job, self.wanted = None, None
        return self._keeper.stop_all(timeout_s)
