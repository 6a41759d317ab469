"""The input panel: every field of a TrainingConfig, validated as the user types."""

from __future__ import annotations

import contextlib
import math

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSlider,
    QSpinBox,
    QWidget,
)

from core import DATASETS, DTYPES, OPTIMIZERS, ZERO_GRAD_CHOICES, TrainingConfig, gpus, parse_sizes
from core.engine.catalog import GpuSpec
from core.units import gib_to_bytes

__all__ = ["BATCH_MAX", "InputPanel", "batch_to_slider", "slider_to_batch"]

BATCH_MAX = 65_536
_STEPS_PER_OCTAVE = 100
_SLIDER_MAX = int(math.log2(BATCH_MAX) * _STEPS_PER_OCTAVE)


def slider_to_batch(position: int) -> int:
    return max(1, min(BATCH_MAX, round(2 ** (position / _STEPS_PER_OCTAVE))))


def batch_to_slider(batch: int) -> int:
    return round(math.log2(max(1, batch)) * _STEPS_PER_OCTAVE)


def _spin(low: int, high: int, value: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setValue(value)
    box.setGroupSeparatorShown(True)
    return box


class InputPanel(QWidget):
    changed = Signal()
    folderRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build_dataset(form)
        self._build_model(form)
        self._build_batch(form)
        self._build_gpu(form)
        self.retranslate()
        self._sync_visibility()

    # -- construction -------------------------------------------------------------------------

    def _row(self, form: QFormLayout, key: str, field: QWidget) -> None:
        label = QLabel()
        label.setBuddy(field)
        self._labels[key] = label
        form.addRow(label, field)

    def _build_dataset(self, form: QFormLayout) -> None:
        self.dataset = QComboBox()
        for key in (*DATASETS, "custom", "folder"):
            self.dataset.addItem(key, key)
        self._row(form, "dataset", self.dataset)
        self.channels, self.height, self.width = _spin(1, 4096, 3), _spin(1, 65_536, 32), _spin(1, 65_536, 32)
        self.classes = _spin(1, 10_000_000, 10)
        shape = QWidget()
        row = QHBoxLayout(shape)
        row.setContentsMargins(0, 0, 0, 0)
        self._shape_labels = [QLabel(t) for t in ("C", "H", "W")]
        for label, box in zip(self._shape_labels, (self.channels, self.height, self.width)):
            row.addWidget(label)
            row.addWidget(box, 1)
        self.shape_row = shape
        self._row(form, "shape", shape)
        self._row(form, "classes", self.classes)
        self.dataset.currentIndexChanged.connect(self._on_dataset)
        for box in (self.channels, self.height, self.width, self.classes):
            box.valueChanged.connect(self.changed)

    def _build_model(self, form: QFormLayout) -> None:
        self.hidden = QLineEdit("128")
        self.hidden_error = QLabel()
        self.hidden_error.setStyleSheet("color: #c0392b;")
        self.hidden_error.setWordWrap(True)
        self.hidden_error.hide()
        self._row(form, "hidden", self.hidden)
        form.addRow(self.hidden_error)
        self.dtype = QComboBox()
        for key in DTYPES:
            self.dtype.addItem(key, key)
        self._row(form, "dtype", self.dtype)
        self.optimizer = QComboBox()
        for key, spec in OPTIMIZERS.items():
            self.optimizer.addItem(spec.label, key)
        self.optimizer.setCurrentIndex(self.optimizer.findData("adam"))
        self._row(form, "optimizer", self.optimizer)
        self.zero_grad = QComboBox()
        for key in ZERO_GRAD_CHOICES:
            self.zero_grad.addItem(key, key)
        self._row(form, "zero_grad", self.zero_grad)
        self.hidden.textChanged.connect(self.changed)
        for combo in (self.dtype, self.optimizer, self.zero_grad):
            combo.currentIndexChanged.connect(self.changed)

    def _build_batch(self, form: QFormLayout) -> None:
        self.batch = _spin(1, BATCH_MAX, 64)
        self.batch_slider = QSlider(Qt.Orientation.Horizontal)
        self.batch_slider.setRange(0, _SLIDER_MAX)
        self.batch_slider.setValue(batch_to_slider(64))
        self.batch_slider.setPageStep(_STEPS_PER_OCTAVE)
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.batch)
        layout.addWidget(self.batch_slider, 1)
        self._row(form, "batch", row)
        self.batch.valueChanged.connect(self._on_batch_spin)
        self.batch_slider.valueChanged.connect(self._on_batch_slider)

    def _build_gpu(self, form: QFormLayout) -> None:
        self.gpu = QComboBox()
        for key, spec in gpus().items():
            self.gpu.addItem(spec.name, key)
        self.gpu.addItem("custom", "custom")
        self.gpu.setCurrentIndex(self.gpu.findData("h100-80gb"))
        self._row(form, "gpu", self.gpu)
        self.gpu_gb = QDoubleSpinBox()
        self.gpu_gb.setRange(0.1, 100_000)
        self.gpu_gb.setDecimals(1)
        self.gpu_gb.setValue(24.0)
        self.gpu_gb.setSuffix(" GiB")
        self._row(form, "gpu_gb", self.gpu_gb)
        self._local_bytes: int | None = None
        self._local_spec: GpuSpec | None = None  # with a calibration: predictions use gpu="local"
        self.gpu.currentIndexChanged.connect(self._on_gpu)
        self.gpu_gb.valueChanged.connect(self.changed)

    # -- behaviour ----------------------------------------------------------------------------

    @Slot(int)
    def _on_batch_spin(self, value: int) -> None:
        self.batch_slider.blockSignals(True)
        self.batch_slider.setValue(batch_to_slider(value))
        self.batch_slider.blockSignals(False)
        self.changed.emit()

    @Slot(int)
    def _on_batch_slider(self, position: int) -> None:
        self.batch.setValue(slider_to_batch(position))  # emits changed through _on_batch_spin

    @Slot()
    def _on_dataset(self) -> None:
        self._sync_visibility()
        if self.dataset.currentData() == "folder":
            self.folderRequested.emit()
        self.changed.emit()

    @Slot()
    def _on_gpu(self) -> None:
        self._sync_visibility()
        self.changed.emit()

    def _sync_visibility(self) -> None:
        form = self.layout()
        assert isinstance(form, QFormLayout)
        custom = self.dataset.currentData() in ("custom", "folder")
        form.setRowVisible(self.shape_row, custom)
        form.setRowVisible(self.classes, custom)
        form.setRowVisible(self.gpu_gb, self.gpu.currentData() == "custom")

    def set_folder_shape(self, channels: int, height: int, width: int) -> None:
        for box, value in ((self.channels, channels), (self.height, height), (self.width, width)):
            box.blockSignals(True)
            box.setValue(value)
            box.blockSignals(False)
        self.changed.emit()

    def set_folder_available(self, available: bool) -> None:
        item = self.dataset.model().item(self.dataset.findData("folder"))  # type: ignore[attr-defined]
        item.setEnabled(available)

    def set_local_gpu(self, name: str, memory_bytes: int) -> None:
        self._local_bytes = memory_bytes
        index = self.gpu.findData("local")
        if index < 0:
            self.gpu.addItem("", "local")
            index = self.gpu.count() - 1
        self._local_name = name
        self.gpu.setItemText(index, self._local_text())

    def set_local_spec(self, spec: GpuSpec, select: bool = False) -> None:
        """This machine's GPU as the engine knows it (calibrated when spec.runtime is set)."""
        self._local_spec = spec
        self.set_local_gpu(spec.name, spec.memory_bytes)
        if select:
            self.gpu.setCurrentIndex(self.gpu.findData("local"))
        elif self.gpu.currentData() == "local":
            self.changed.emit()

    def has_local_spec(self, name: str) -> bool:
        return self._local_spec is not None and self._local_spec.name == name

    def _local_text(self) -> str:
        if self._local_spec is not None and self._local_spec.runtime is not None:
            return self.tr("This machine: {name} (calibrated)").format(name=self._local_name)
        return self.tr("This machine: {name}").format(name=self._local_name)

    # -- the model ----------------------------------------------------------------------------

    def hidden_sizes(self) -> tuple[int, ...]:
        return parse_sizes("hidden", self.hidden.text())

    def config(self) -> TrainingConfig:
        """The current inputs as a config; raises ConfigError on bad input."""
        dataset = self.dataset.currentData()
        custom = dataset in ("custom", "folder")
        gpu = self.gpu.currentData()
        memory = None
        if gpu == "custom":
            memory = gib_to_bytes(self.gpu_gb.value())
        elif gpu == "local" and self._local_spec is None:
            gpu, memory = "custom", self._local_bytes
        return TrainingConfig(
            dataset="custom" if custom else dataset,
            hidden=self.hidden_sizes(),
            dtype=self.dtype.currentData(),
            optimizer=self.optimizer.currentData(),
            batch_size=self.batch.value(),
            gpu=gpu,
            zero_grad=self.zero_grad.currentData(),
            input_shape=(self.channels.value(), self.height.value(), self.width.value()) if custom else None,
            classes=self.classes.value() if custom else None,
            gpu_memory_bytes=memory,
            local_gpu=self._local_spec if gpu == "local" else None,
        )

    def show_error(self, message: str | None) -> None:
        self.hidden_error.setText(message or "")
        self.hidden_error.setVisible(bool(message))

    def state(self) -> dict[str, object]:
        return {
            "dataset": self.dataset.currentData(),
            "channels": self.channels.value(),
            "height": self.height.value(),
            "width": self.width.value(),
            "classes": self.classes.value(),
            "hidden": self.hidden.text(),
            "dtype": self.dtype.currentData(),
            "optimizer": self.optimizer.currentData(),
            "zero_grad": self.zero_grad.currentData(),
            "batch_size": self.batch.value(),
            "gpu": self.gpu.currentData(),
            "gpu_gb": self.gpu_gb.value(),
        }

    def apply_state(self, state: dict[str, object]) -> None:
        """Restore what `state` returned; unknown or malformed values are skipped."""
        combos = {"dataset": self.dataset, "dtype": self.dtype, "optimizer": self.optimizer,
                  "zero_grad": self.zero_grad, "gpu": self.gpu}
        for key, combo in combos.items():
            index = combo.findData(state.get(key))
            if index >= 0 and not (key == "dataset" and state.get(key) == "folder"):
                combo.setCurrentIndex(index)
        spins = {"channels": self.channels, "height": self.height, "width": self.width,
                 "classes": self.classes, "batch_size": self.batch}
        for key, spin in spins.items():
            with contextlib.suppress(KeyError, TypeError, ValueError):
                spin.setValue(int(state[key]))  # type: ignore[call-overload]
        with contextlib.suppress(KeyError, TypeError, ValueError):
            self.gpu_gb.setValue(float(state["gpu_gb"]))  # type: ignore[arg-type]
        if isinstance(state.get("hidden"), str):
            self.hidden.setText(str(state["hidden"]))

    # -- language -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        texts = {
            "dataset": self.tr("&Dataset"),
            "shape": self.tr("Input shape"),
            "classes": self.tr("Classes"),
            "hidden": self.tr("&Hidden layers"),
            "dtype": self.tr("D&type"),
            "optimizer": self.tr("&Optimizer"),
            "zero_grad": self.tr("&zero_grad()"),
            "batch": self.tr("&Batch size"),
            "gpu": self.tr("&Target GPU"),
            "gpu_gb": self.tr("GPU memory"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        for key, spec in DATASETS.items():
            self.dataset.setItemText(self.dataset.findData(key), spec.label)
        self.dataset.setItemText(self.dataset.findData("custom"), self.tr("Custom shape"))
        self.dataset.setItemText(self.dataset.findData("folder"), self.tr("Image folder…"))
        self.zero_grad.setItemText(0, self.tr("after forward (course loop)"))
        self.zero_grad.setItemText(1, self.tr("before forward"))
        self.gpu.setItemText(self.gpu.findData("custom"), self.tr("Custom size"))
        if self._local_bytes is not None:
            self.gpu.setItemText(self.gpu.findData("local"), self._local_text())
        self.hidden.setPlaceholderText(self.tr("e.g. 512, 256 (empty: no hidden layer)"))
        self.hidden.setToolTip(self.tr("Widths of the hidden layers, separated by commas"))
        self.batch_slider.setToolTip(self.tr("Batch size on a log scale, 1 to 65,536"))
