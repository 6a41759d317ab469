"""MeasurementModel: the probe's result on screen, dropped once the inputs describe another loop."""

from __future__ import annotations

from dataclasses import fields
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from core import TrainingConfig

from .inputs_model import InputsModel

if TYPE_CHECKING:  # the probe's module is imported when a probe runs
    from core.measure.probe import ProbeResult

__all__ = ["MeasurementModel", "same_loop"]

_LOOP_FIELDS = tuple(f.name for f in fields(TrainingConfig) if f.compare and f.name not in ("gpu", "gpu_memory_bytes"))


def same_loop(a: TrainingConfig, b: TrainingConfig) -> bool:
    """Whether two configs run the same training loop (the GPU they are predicted for aside)."""
    return all(getattr(a, f) == getattr(b, f) for f in _LOOP_FIELDS)


class MeasurementModel(QObject):
    resultChanged = Signal(object)  # ProbeResult or None
    dropped = Signal()  # the inputs no longer describe the measured loop

    def __init__(self, inputs: InputsModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._inputs = inputs
        self._result: ProbeResult | None = None
        inputs.evaluated.connect(self._follow)

    @property
    def result(self) -> ProbeResult | None:
        return self._result

    def set(self, result: ProbeResult | None) -> bool:
        """Show a probe's result; False (and nothing shown) when the inputs moved on meanwhile."""
        config = self._inputs.config
        if result is not None and (config is None or not same_loop(result.config, config)):
            return False
        self._set(result)
        return True

    def clear(self) -> None:
        self._set(None)

    def _set(self, result: ProbeResult | None) -> None:
        if result is not self._result:
            self._result = result
            self.resultChanged.emit(result)

    def _follow(self, config: TrainingConfig | None) -> None:
        if config is not None and self._result is not None and not same_loop(self._result.config, config):
            self._set(None)
            self.dropped.emit()
