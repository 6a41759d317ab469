"""CalculatorModel: the window's one source of truth, which every view follows through signals.

It holds the inputs as shown, the config they describe or the error that stops them, the
estimate on screen and whether it belongs to those inputs, the measurement, and the display
choices (units, the workspace). A result on screen always belongs to the inputs on screen: while
the inputs are invalid, or a newer estimate has taken longer than DIM_DELAY_MS, `dimmed` is True
and the views grey the last result; a measurement is dropped once the inputs describe another
training loop than the one measured."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, fields, replace

from PySide6.QtCore import QObject, QTimer, Signal

from core import DATASETS, ConfigError, Estimate, TrainingConfig, estimate
from core.engine.remedies import Remedy, remedies
from core.measure.probe import ProbeResult

from .errors import InputError
from .estimate_process import EstimateProcess, shared_process
from .estimating import EstimateRunner
from .inputs import SPIN_LIMITS, InputState, LocalGpu
from .parsing import BATCH_MAX, parse_batch
from .remedying import RemediesRunner, remedy_inputs
from .sources import needs_trace

__all__ = ["DIM_DELAY_MS", "CalculatorModel", "Work", "same_loop"]

log = logging.getLogger(__name__)

DIM_DELAY_MS = 150
"""An estimate quicker than this replaces the last one without the views greying in between."""

REMEDIES_DELAY_MS = 700
"""A config that does not fit has its remedies found once the inputs rest this long."""

_LOOP_FIELDS = tuple(f.name for f in fields(TrainingConfig) if f.compare and f.name not in ("gpu", "gpu_memory_bytes"))


def same_loop(a: TrainingConfig, b: TrainingConfig) -> bool:
    """Whether two configs run the same training loop (the GPU they are predicted for aside)."""
    return all(getattr(a, f) == getattr(b, f) for f in _LOOP_FIELDS)


@dataclass(frozen=True)
class Work:
    """What the estimate under way does: "trace" a model anew or "estimate" a known one;
    `starting`: the estimate process is not warm yet (torch is being imported)."""

    kind: str
    model: str
    starting: bool = False


class CalculatorModel(QObject):
    inputsChanged = Signal(object)  # InputState; `config` and `error` are already those of the new inputs
    errorChanged = Signal(object)  # InputError or None
    estimateChanged = Signal(object)  # the Estimate on screen, or None
    dimmedChanged = Signal(bool)
    measurementChanged = Signal(object)  # ProbeResult or None
    measurementDropped = Signal()  # the inputs no longer describe the measured loop
    localGpuChanged = Signal(object)  # LocalGpu or None
    workChanged = Signal(object)  # Work or None
    remediesChanged = Signal()  # remedies found, failed or under way
    unitsChanged = Signal(bool)  # binary
    workspaceShownChanged = Signal(bool)

    def __init__(self, compute: Callable[[TrainingConfig], Estimate] = estimate, local: LocalGpu | None = None,
                 parent: QObject | None = None,
                 find_remedies: Callable[[TrainingConfig], list[Remedy]] | None = None,
                 process: EstimateProcess | None = None) -> None:
        """`compute` estimates (the engine's by default: traced models in `process`, the shared
        estimate process unless given); `find_remedies` lists remedies (by default the engine's,
        in a process of its own)."""
        super().__init__(parent)
        self._inputs = InputState()
        self._local = local
        self._config: TrainingConfig | None = None
        self._error: InputError | None = None
        self._estimate: Estimate | None = None
        self._measurement: ProbeResult | None = None
        self._work: Work | None = None
        self._token = 0  # of the latest inputs
        self._shown_token = -1  # of the inputs the estimate on screen was computed from
        self._failed_token = -1  # of the inputs whose estimate failed
        self._dimmed = False
        self.binary = True
        self.show_workspace = False
        """Whether the training charts stack the cuBLAS workspace on the training's tensors (the
        device strip always shows it, with CUDA's other fixed costs)."""
        self.folder_images: int | None = None
        self.runner = EstimateRunner(compute, self, process)
        self.runner.finished.connect(self._on_estimate)
        self.runner.failed.connect(self._on_failed)
        remedies_process = shared_process("remedies") if find_remedies is None and compute is estimate else None
        self.remedies_runner = RemediesRunner(remedies_process, find_remedies or remedies, self)
        self.remedies_runner.finished.connect(self._on_remedies)
        self.remedies_runner.failed.connect(self._on_remedies_failed)
        self._remedies: tuple[TrainingConfig, list[Remedy] | Exception] | None = None
        self.auto_remedies = True
        """Find the remedies by itself when the config on screen does not fit."""
        self._remedies_timer = QTimer(self, singleShot=True, interval=REMEDIES_DELAY_MS)
        self._remedies_timer.timeout.connect(self._auto_remedies)
        self._dim_timer = QTimer(self, singleShot=True, interval=DIM_DELAY_MS)
        self._dim_timer.timeout.connect(self._update_dimmed)
        self._evaluate()

    # -- what the views read ------------------------------------------------------------------

    @property
    def inputs(self) -> InputState:
        return self._inputs

    @property
    def config(self) -> TrainingConfig | None:
        """The config of the inputs on screen; None while they are invalid."""
        return self._config

    @property
    def error(self) -> InputError | None:
        return self._error

    @property
    def estimate(self) -> Estimate | None:
        """The estimate on screen: for the inputs on screen when `is_current()`, else the last one."""
        return self._estimate

    def is_current(self) -> bool:
        return self._estimate is not None and self._shown_token == self._token

    def is_computing(self) -> bool:
        return self._config is not None and not self.is_current() and self._failed_token != self._token

    @property
    def dimmed(self) -> bool:
        return self._dimmed

    @property
    def work(self) -> Work | None:
        """What is being computed for the inputs on screen; None when nothing is."""
        return self._work

    @property
    def measurement(self) -> ProbeResult | None:
        return self._measurement

    @property
    def local_gpu(self) -> LocalGpu | None:
        return self._local

    def train_size(self) -> int | None:
        """Images in the training set of the inputs' dataset, where known."""
        if self._inputs.dataset in DATASETS:
            return DATASETS[self._inputs.dataset].train_size
        if self._inputs.dataset == "folder":
            return self.folder_images
        return None

    # -- changing the inputs ------------------------------------------------------------------

    def set_inputs(self, inputs: InputState) -> None:
        if inputs == self._inputs:
            return
        self._inputs = inputs
        self._evaluate()
        self.inputsChanged.emit(inputs)

    def update_inputs(self, **changes: object) -> None:
        self.set_inputs(replace(self._inputs, **changes))  # type: ignore[arg-type]

    def reset(self, inputs: InputState) -> None:
        """Start over from `inputs` (restored settings): nothing computed so far stays on screen."""
        self._estimate, self._shown_token = None, -1
        self.estimateChanged.emit(None)
        self._set_measurement(None)
        self._inputs = inputs
        self._evaluate()
        self.inputsChanged.emit(inputs)

    def scale_batch(self, factor: float) -> None:
        """Double or halve the batch (Ctrl+Up / Ctrl+Down); nothing while the batch is invalid."""
        try:
            batch = parse_batch(self._inputs.batch_size)
        except InputError:
            return
        self.update_inputs(batch_size=str(max(1, min(BATCH_MAX, int(batch * factor)))))

    def apply_folder(self, channels: int, height: int, width: int, classes: int | None, images: int) -> None:
        """A folder's images were read: its shape (and class count) become the inputs."""
        self.folder_images = images
        changes: dict[str, object] = {"channels": channels, "height": height, "width": width}
        if classes:
            changes["classes"] = classes
        for name, value in changes.items():
            low, high = SPIN_LIMITS[name]
            changes[name] = max(low, min(high, int(value)))  # type: ignore[call-overload]
        self.update_inputs(**changes)

    def set_local_gpu(self, local: LocalGpu, select: bool = False) -> None:
        """This machine's GPU; a calibrated one is not replaced by a plain finding of the same GPU."""
        known = self._local
        if known is not None and known.spec is not None and local.spec is None and known.name == local.name:
            return
        self._local = local
        self.localGpuChanged.emit(local)
        if select and self._inputs.gpu != "local":
            self.update_inputs(gpu="local")
        elif self._inputs.gpu == "local":
            self._evaluate()

    # -- display choices and the measurement --------------------------------------------------

    def set_binary(self, binary: bool) -> None:
        if binary != self.binary:
            self.binary = binary
            self.unitsChanged.emit(binary)

    def set_show_workspace(self, show: bool) -> None:
        if show != self.show_workspace:
            self.show_workspace = show
            self.workspaceShownChanged.emit(show)

    def set_measurement(self, result: ProbeResult | None) -> bool:
        """Show a probe's result; False (and nothing shown) when the inputs moved on meanwhile."""
        if result is not None and (self._config is None or not same_loop(result.config, self._config)):
            return False
        self._set_measurement(result)
        return True

    def _set_measurement(self, result: ProbeResult | None) -> None:
        if result is not self._measurement:
            self._measurement = result
            self.measurementChanged.emit(result)

    # -- computing ----------------------------------------------------------------------------

    def _evaluate(self) -> None:
        self._token += 1
        try:
            config: TrainingConfig | None = self._inputs.config(self._local)
            error = None
        except InputError as exc:
            config, error = None, exc
        self._config = config
        self._set_error(error)
        self._set_work(self._work_for(config) if config is not None else None)
        if config is not None:
            self.runner.submit(self._token, config)
            self._dim_timer.start()
            if self._measurement is not None and not same_loop(self._measurement.config, config):
                self._set_measurement(None)
                self.measurementDropped.emit()
        else:
            self.runner.drop_pending()
        self._update_dimmed()

    def _work_for(self, config: TrainingConfig) -> Work:
        last = self._estimate.config if self._estimate is not None else None
        process = self.runner.process
        starting = self.runner.in_process(config) and process is not None and not process.is_warm()
        return Work("trace" if needs_trace(config, last) else "estimate", config.model_spec.name, starting)

    def _set_work(self, work: Work | None) -> None:
        if work != self._work:
            self._work = work
            self.workChanged.emit(work)

    def _set_error(self, error: InputError | None) -> None:
        if error is not self._error:
            self._error = error
            self.errorChanged.emit(error)

    def _on_estimate(self, token: int, result: Estimate) -> None:
        if token != self._token:
            return
        self._estimate, self._shown_token = result, token
        self._dim_timer.stop()
        self._set_work(None)
        self.estimateChanged.emit(result)
        self.remediesChanged.emit()
        if not result.fits:
            self._remedies_timer.start()
        self._update_dimmed()

    def _on_failed(self, token: int, error: Exception) -> None:
        if token != self._token:
            return
        self._failed_token = token
        self._dim_timer.stop()
        self._set_work(None)
        self._set_error(InputError.from_config_error(error) if isinstance(error, ConfigError)
                        else InputError.from_failure(error))
        self._update_dimmed()

    def _update_dimmed(self) -> None:
        waiting = self.is_computing() and not self._dim_timer.isActive()
        dimmed = self._estimate is not None and (self._error is not None or waiting)
        if dimmed != self._dimmed:
            self._dimmed = dimmed
            self.dimmedChanged.emit(dimmed)

    # -- remedies -----------------------------------------------------------------------------

    def remedies(self) -> list[Remedy] | None:
        """The remedies of the inputs on screen, once found."""
        found = self._remedies
        if found is None or found[0] != self._config or isinstance(found[1], Exception):
            return None
        return found[1]

    def remedies_error(self) -> Exception | None:
        found = self._remedies
        if found is None or found[0] != self._config or not isinstance(found[1], Exception):
            return None
        return found[1]

    def remedies_busy(self) -> bool:
        return self.remedies_runner.is_busy() and self.remedies_runner.wanted == self._config

    def request_remedies(self) -> None:
        """Find the remedies of the inputs on screen (nothing while they are invalid)."""
        if self._config is None or self.remedies() is not None or self.remedies_busy():
            return
        self.remedies_runner.request(self._config)
        self.remediesChanged.emit()

    def apply_remedy(self, remedy: Remedy) -> None:
        """Make the inputs those of `remedy`."""
        self.update_inputs(**remedy_inputs(remedy.config))

    def _auto_remedies(self) -> None:
        e = self._estimate
        if self.auto_remedies and e is not None and self.is_current() and not e.fits:
            self.request_remedies()

    def _on_remedies(self, config: TrainingConfig, found: list[Remedy]) -> None:
        self._remedies = (config, found)
        self.remediesChanged.emit()

    def _on_remedies_failed(self, config: TrainingConfig, error: Exception) -> None:
        self._remedies = (config, error)
        self.remediesChanged.emit()

    def cancel_trace(self) -> bool:
        """Stop the trace under way (its process is ended and restarted on the next request); the
        last result stays dimmed and the error says the trace was cancelled."""
        work, config = self._work, self._config
        if work is None or work.kind != "trace" or config is None or not self.runner.cancel():
            return False
        self._failed_token = self._token
        self._dim_timer.stop()
        self._set_work(None)
        self._set_error(InputError.from_config_error(ConfigError("model", config.model_spec.name, "trace_cancelled")))
        self._update_dimmed()
        return True

    def shutdown(self) -> None:
        self._dim_timer.stop()
        self._remedies_timer.stop()
        self.remedies_runner.shutdown()
        self.runner.shutdown()
