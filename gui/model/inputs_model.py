"""InputsModel: the inputs as shown, and the config they describe or the error that stops them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from core import DATASETS, TrainingConfig

from .errors import InputError
from .inputs import SPIN_LIMITS, InputState, LocalGpu
from .parsing import BATCH_MAX, parse_batch

__all__ = ["InputsModel"]


class InputsModel(QObject):
    """`evaluated` comes first on every new config (or error), so that the models derived from the
    config (the estimate, the remedies, the measurement) have followed it before `stateChanged`
    reaches the views."""

    evaluated = Signal(object)  # TrainingConfig or None: the inputs were read anew
    stateChanged = Signal(object)  # InputState; `config` and `error` are already those of the new inputs
    errorChanged = Signal(object)  # InputError or None
    localGpuChanged = Signal(object)  # LocalGpu or None

    def __init__(self, local: LocalGpu | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._state = InputState()
        self._local = local
        self._config: TrainingConfig | None = None
        self._error: InputError | None = None
        self.folder_images: int | None = None
        """Images in the image folder last read (its training set)."""

    @property
    def state(self) -> InputState:
        return self._state

    @property
    def config(self) -> TrainingConfig | None:
        """The config of the inputs on screen; None while they are invalid."""
        return self._config

    @property
    def error(self) -> InputError | None:
        """What stops the inputs (or their estimate)."""
        return self._error

    @property
    def local_gpu(self) -> LocalGpu | None:
        return self._local

    def train_size(self) -> int | None:
        """Images in the training set of the inputs' dataset, where known."""
        if self._state.dataset in DATASETS:
            return DATASETS[self._state.dataset].train_size
        if self._state.dataset == "folder":
            return self.folder_images
        return None

    def evaluate(self) -> None:
        """Read the config from the inputs again (the first time, and when the local GPU changes)."""
        try:
            config: TrainingConfig | None = self._state.config(self._local)
            error = None
        except InputError as exc:
            config, error = None, exc
        self._config = config
        self.set_error(error)
        self.evaluated.emit(config)

    def set_state(self, state: InputState) -> None:
        if state != self._state:
            self.reset(state)

    def reset(self, state: InputState) -> None:
        """Take `state` whether or not it differs (restored settings)."""
        self._state = state
        self.evaluate()
        self.stateChanged.emit(state)

    def update(self, **changes: object) -> None:
        self.set_state(replace(self._state, **changes))  # type: ignore[arg-type]

    def set_error(self, error: InputError | None) -> None:
        """Also the estimate's own failure, for the inputs it was computed from."""
        if error is not self._error:
            self._error = error
            self.errorChanged.emit(error)

    def scale_batch(self, factor: float) -> None:
        """Double or halve the batch (Ctrl+Up / Ctrl+Down); nothing while the batch is invalid."""
        try:
            batch = parse_batch(self._state.batch_size)
        except InputError:
            return
        self.update(batch_size=str(max(1, min(BATCH_MAX, int(batch * factor)))))

    def apply_folder(self, channels: int, height: int, width: int, classes: int | None, images: int) -> None:
        """A folder's images were read: its shape (and class count) become the inputs."""
        self.folder_images = images
        changes: dict[str, object] = {"channels": channels, "height": height, "width": width}
        if classes:
            changes["classes"] = classes
        for name, value in changes.items():
            low, high = SPIN_LIMITS[name]
            changes[name] = max(low, min(high, int(value)))  # type: ignore[call-overload]
        self.update(**changes)

    def set_local_gpu(self, local: LocalGpu, select: bool = False) -> None:
        """This machine's GPU; a calibrated one is not replaced by a plain finding of the same GPU."""
        known = self._local
        if known is not None and known.spec is not None and local.spec is None and known.name == local.name:
            return
        self._local = local
        self.localGpuChanged.emit(local)
        if select and self._state.gpu != "local":
            self.update(gpu="local")
        elif self._state.gpu == "local":
            self.evaluate()
