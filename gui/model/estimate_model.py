"""EstimateModel: the estimate on screen, whether it belongs to the inputs on screen, what is
being computed, and when the views grey the last result.

A result on screen always belongs to the inputs on screen: while the inputs are invalid, or a
newer estimate has taken longer than DIM_DELAY_MS, `dimmed` is True and the views grey the last
result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from core import ConfigError, Estimate, TrainingConfig, estimate

from .errors import InputError
from .estimate_process import EstimateProcess
from .estimating import EstimateRunner
from .inputs_model import InputsModel
from .sources import needs_trace

__all__ = ["DIM_DELAY_MS", "EstimateModel", "Work"]

DIM_DELAY_MS = 150
"""An estimate quicker than this replaces the last one without the views greying in between."""


@dataclass(frozen=True)
class Work:
    """What the estimate under way does: "trace" a model anew or "estimate" a known one;
    `starting`: the estimate process is not warm yet (torch is being imported)."""

    kind: str
    model: str
    starting: bool = False


class EstimateModel(QObject):
    shownChanged = Signal(object)  # the Estimate on screen, or None
    dimmedChanged = Signal(bool)
    workChanged = Signal(object)  # Work or None

    def __init__(self, inputs: InputsModel, compute: Callable[[TrainingConfig], Estimate] = estimate,
                 process: EstimateProcess | None = None, parent: QObject | None = None) -> None:
        """`compute` estimates (the engine's by default: traced models in `process`, the shared
        estimate process unless given)."""
        super().__init__(parent)
        self._inputs = inputs
        self._shown: Estimate | None = None
        self._work: Work | None = None
        self._token = 0  # of the latest inputs
        self._shown_token = -1  # of the inputs the estimate on screen was computed from
        self._failed_token = -1  # of the inputs whose estimate failed
        self._dimmed = False
        self.runner = EstimateRunner(compute, self, process)
        self.runner.finished.connect(self._on_estimate)
        self.runner.failed.connect(self._on_failed)
        self._dim_timer = QTimer(self, singleShot=True, interval=DIM_DELAY_MS)
        self._dim_timer.timeout.connect(self._update_dimmed)
        inputs.evaluated.connect(self._follow)

    @property
    def shown(self) -> Estimate | None:
        """The estimate on screen: for the inputs on screen when `is_current()`, else the last one."""
        return self._shown

    def is_current(self) -> bool:
        return self._shown is not None and self._shown_token == self._token

    def is_computing(self) -> bool:
        return self._inputs.config is not None and not self.is_current() and self._failed_token != self._token

    @property
    def dimmed(self) -> bool:
        return self._dimmed

    @property
    def work(self) -> Work | None:
        """What is being computed for the inputs on screen; None when nothing is."""
        return self._work

    def clear(self) -> None:
        """Nothing computed so far stays on screen (the inputs start over)."""
        self._shown, self._shown_token = None, -1
        self.shownChanged.emit(None)

    def cancel_trace(self) -> bool:
        """Stop the trace under way (its process is ended and restarted on the next request); the
        last result stays dimmed and the inputs' error says the trace was cancelled."""
        work, config = self._work, self._inputs.config
        if work is None or work.kind != "trace" or config is None or not self.runner.cancel():
            return False
        self._failed_token = self._token
        self._dim_timer.stop()
        self._set_work(None)
        self._inputs.set_error(InputError.from_config_error(
            ConfigError("model", config.model_spec.name, "trace_cancelled")))
        self._update_dimmed()
        return True

    def shutdown(self) -> None:
        self._dim_timer.stop()
        self.runner.shutdown()

    def _follow(self, config: TrainingConfig | None) -> None:
        self._token += 1
        self._set_work(self._work_for(config) if config is not None else None)
        if config is not None:
            self.runner.submit(self._token, config)
            self._dim_timer.start()
        else:
            self.runner.drop_pending()
        self._update_dimmed()

    def _work_for(self, config: TrainingConfig) -> Work:
        last = self._shown.config if self._shown is not None else None
        process = self.runner.process
        starting = self.runner.in_process(config) and process is not None and not process.is_warm()
        return Work("trace" if needs_trace(config, last) else "estimate", config.model_spec.name, starting)

    def _set_work(self, work: Work | None) -> None:
        if work != self._work:
            self._work = work
            self.workChanged.emit(work)

    def _on_estimate(self, token: int, result: Estimate) -> None:
        if token != self._token:
            return
        self._shown, self._shown_token = result, token
        self._dim_timer.stop()
        self._set_work(None)
        self.shownChanged.emit(result)
        self._update_dimmed()

    def _on_failed(self, token: int, error: Exception) -> None:
        if token != self._token:
            return
        self._failed_token = token
        self._dim_timer.stop()
        self._set_work(None)
        self._inputs.set_error(InputError.from_config_error(error) if isinstance(error, ConfigError)
                               else InputError.from_failure(error))
        self._update_dimmed()

    def _update_dimmed(self) -> None:
        waiting = self.is_computing() and not self._dim_timer.isActive()
        dimmed = self._shown is not None and (self._inputs.error is not None or waiting)
        if dimmed != self._dimmed:
            self._dimmed = dimmed
            self.dimmedChanged.emit(dimmed)
