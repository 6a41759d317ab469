"""RemediesModel: the remedies of the config on screen, found off the GUI thread on demand, or by
themselves once a config that does not fit rests REMEDIES_DELAY_MS; the last list found stays
(for other inputs, greyed) until a newer one replaces it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from core import Estimate, TrainingConfig

from .estimate_model import EstimateModel
from .estimate_process import EstimateProcess
from .inputs_model import InputsModel
from .remedying import RemediesRunner, remedy_inputs

if TYPE_CHECKING:  # imported when remedies are first found (preparing.engine_remedies)
    from core.engine.remedies import Remedy

__all__ = ["REMEDIES_DELAY_MS", "RemediesModel"]

REMEDIES_DELAY_MS = 700
"""A config that does not fit has its remedies found once the inputs rest this long."""


class RemediesModel(QObject):
    """`listChanged`: a new list was found (`last()`); `statusChanged`: whether it belongs to the
    inputs on screen, the search under way or its failure changed."""

    listChanged = Signal()
    statusChanged = Signal()

    def __init__(self, inputs: InputsModel, estimate: EstimateModel, process: EstimateProcess | None,
                 find: Callable[[TrainingConfig], list[Remedy]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inputs, self._estimate = inputs, estimate
        self.runner = RemediesRunner(process, find, self)
        self.runner.finished.connect(self._on_found)
        self.runner.failed.connect(self._on_failed)
        self._last: tuple[TrainingConfig, list[Remedy]] | None = None
        self._failure: tuple[TrainingConfig, Exception] | None = None
        self.auto = True
        """Find the remedies by itself when the config on screen does not fit."""
        self._timer = QTimer(self, singleShot=True, interval=REMEDIES_DELAY_MS)
        self._timer.timeout.connect(self._auto_request)
        estimate.shownChanged.connect(self._on_estimate)
        inputs.evaluated.connect(lambda _config: self.statusChanged.emit())

    def last(self) -> tuple[TrainingConfig, list[Remedy]] | None:
        """The last list found and the config it is for, the inputs on screen's or not."""
        return self._last

    def is_current(self) -> bool:
        """Whether the last list found is that of the inputs on screen."""
        return self._last is not None and self._last[0] == self._inputs.config

    def found(self) -> list[Remedy] | None:
        """The remedies of the inputs on screen, once found."""
        return self._last[1] if self._last is not None and self.is_current() else None

    def error(self) -> Exception | None:
        """Why the remedies of the inputs on screen could not be found."""
        failure = self._failure
        return failure[1] if failure is not None and failure[0] == self._inputs.config else None

    def busy(self) -> bool:
        return self.runner.is_busy() and self.runner.wanted == self._inputs.config

    def request(self) -> None:
        """Find the remedies of the inputs on screen (nothing while they are invalid)."""
        config = self._inputs.config
        if config is None or self.found() is not None or self.busy():
            return
        self.runner.request(config)
        self.statusChanged.emit()

    def apply(self, remedy: Remedy) -> None:
        """Make the inputs those of `remedy`."""
        self._inputs.update(**remedy_inputs(remedy.config))

    def shutdown(self) -> None:
        self._timer.stop()
        self.runner.shutdown()

    def _on_estimate(self, result: Estimate | None) -> None:
        if result is None:
            return
        self.statusChanged.emit()
        if not result.fits:
            self._timer.start()

    def _auto_request(self) -> None:
        e = self._estimate.shown
        if self.auto and e is not None and self._estimate.is_current() and not e.fits:
            self.request()

    def _on_found(self, config: TrainingConfig, found: list[Remedy]) -> None:
        self._last, self._failure = (config, found), None
        self.listChanged.emit()
        self.statusChanged.emit()

    def _on_failed(self, config: TrainingConfig, error: Exception) -> None:
        self._failure = (config, error)
        self.statusChanged.emit()
