"""CalculatorModel: the window's one source of truth, as child models that every view follows
through their own signals (napari's ViewerModel and its Dims, Camera, LayerList).

- `inputs` (InputsModel): the inputs as shown, the config they describe or the error that stops them;
- `estimate` (EstimateModel): the estimate on screen, whether it is the inputs', what is being
  computed and when the views grey the last result;
- `remedies` (RemediesModel): what changing one thing does, found off the GUI thread;
- `measurement` (MeasurementModel): the probe's result, dropped once the inputs describe another loop;
- `display` (DisplayOptions): units and whether the charts show the cuBLAS workspace.

The children follow `inputs.evaluated`, which comes before the views hear `inputs.stateChanged`."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from core import Estimate, TrainingConfig, estimate

from .display import DisplayOptions
from .estimate_model import DIM_DELAY_MS, EstimateModel, Work
from .estimate_process import EstimateProcess, shared_process
from .inputs import InputState, LocalGpu
from .inputs_model import InputsModel
from .measurement import MeasurementModel, same_loop
from .preparing import engine_remedies
from .remedies_model import REMEDIES_DELAY_MS, RemediesModel

if TYPE_CHECKING:  # imported when remedies are first found (preparing.engine_remedies)
    from core.engine.remedies import Remedy

__all__ = ["DIM_DELAY_MS", "REMEDIES_DELAY_MS", "CalculatorModel", "Work", "same_loop"]


class CalculatorModel(QObject):
    def __init__(self, compute: Callable[[TrainingConfig], Estimate] = estimate, local: LocalGpu | None = None,
                 parent: QObject | None = None,
                 find_remedies: Callable[[TrainingConfig], list[Remedy]] | None = None,
                 process: EstimateProcess | None = None) -> None:
        """`compute` estimates (the engine's by default: traced models in `process`, the shared
        estimate process unless given); `find_remedies` lists remedies (by default the engine's,
        in a process of its own)."""
        super().__init__(parent)
        self.inputs = InputsModel(local, self)
        self.estimate = EstimateModel(self.inputs, compute, process, self)
        remedies_process = shared_process("remedies") if find_remedies is None and compute is estimate else None
        self.remedies = RemediesModel(self.inputs, self.estimate, remedies_process,
                                      find_remedies or engine_remedies, self)
        self.measurement = MeasurementModel(self.inputs, self)
        self.display = DisplayOptions(self)
        self.inputs.evaluate()

    def reset(self, state: InputState) -> None:
        """Start over from `state` (restored settings): nothing computed so far stays on screen."""
        self.estimate.clear()
        self.measurement.clear()
        self.inputs.reset(state)

    def shutdown(self) -> None:
        self.remedies.shutdown()
        self.estimate.shutdown()
