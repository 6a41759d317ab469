"""The input panel: every input of the model, edited in place; errors show under their field."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from core import DATASETS, DTYPES, OPTIMIZERS, ZERO_GRAD_CHOICES, gpus, human_bytes

from ..model import SPIN_LIMITS, CalculatorModel, InputError, InputState, LocalGpu
from .batch import BatchField
from .declared import DeclaredOptions
from .memory_options import MemoryOptions
from .model_chooser import ModelChooser

__all__ = ["InputPanel"]

_ERROR_STYLE = "color: #c0392b;"
_ERROR_ROWS = {"hidden": "hidden", "batch_size": "batch", "gpu_memory": "gpu", "gpu_memory_bytes": "gpu",
               "gpu": "gpu", "input_shape": "shape", "classes": "shape", "input_dtype": "shape", "vocab": "shape",
               "target": "shape", "model": "hidden", "layers": "hidden",
               "model_file": "hidden", "model_name": "hidden", "amp": "memory", "grad_scaler": "memory",
               "checkpoint_segments": "memory", "alloc_conf": "allocator", "max_split_mb": "allocator",
               "allocator_limit": "allocator", "allocator_limit_bytes": "allocator"}  # field -> row that shows it


def _spin(name: str) -> QSpinBox:
    box = QSpinBox()
    box.setRange(*SPIN_LIMITS[name])
    box.setGroupSeparatorShown(True)
    return box


def _combo(items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)  # long GPU names elide rather than widen the panel
    for text, key in items:
        combo.addItem(text, key)
    return combo


class InputPanel(QWidget):
    folderRequested = Signal()
    builderRequested = Signal()

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self._labels: dict[str, QLabel] = {}
        self._errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._form = form
        self._build_dataset()
        self._build_model()
        self._build_batch()
        self._build_gpu()
        self._error_row("other")
        model.inputs.stateChanged.connect(self._show_inputs)
        model.inputs.errorChanged.connect(self._show_error)
        model.estimate.shownChanged.connect(self._show_error)
        model.inputs.localGpuChanged.connect(self._show_local_gpu)
        self._show_local_gpu(model.inputs.local_gpu)
        self._retranslate()
        self._show_inputs(model.inputs.state)
        self._show_error()

    # -- construction -------------------------------------------------------------------------

    def _row(self, key: str, field: QWidget) -> None:
        label = QLabel()
        label.setBuddy(field)
        self._labels[key] = label
        self._form.addRow(label, field)

    def _error_row(self, key: str) -> None:
        label = QLabel(wordWrap=True)
        label.setStyleSheet(_ERROR_STYLE)
        self._errors[key] = label
        self._form.addRow(label)
        self._form.setRowVisible(label, False)

    def _edits(self, name: str):
        return lambda value: self.model.inputs.update(**{name: value})

    def _build_dataset(self) -> None:
        self.dataset = _combo([(key, key) for key in (*DATASETS, "custom", "folder")])
        self._row("dataset", self.dataset)
        self.channels, self.image_height, self.image_width = _spin("channels"), _spin("height"), _spin("width")
        self.classes = _spin("classes")
        shape = QWidget()
        row = QHBoxLayout(shape)
        row.setContentsMargins(0, 0, 0, 0)
        for text, box in zip(("C", "H", "W"), (self.channels, self.image_height, self.image_width)):
            row.addWidget(QLabel(text))
            row.addWidget(box, 1)
        self.shape_row = shape
        self._row("shape", shape)
        self.input_shape = QLineEdit()
        self.input_shape.setMaxLength(80)
        self._row("input_shape", self.input_shape)
        self._row("classes", self.classes)
        self.declared = DeclaredOptions(self.model, self)
        for declared, widget in self.declared.rows(of_input=True):
            self._row(declared.key, widget)
        self._error_row("shape")
        self.dataset.currentIndexChanged.connect(self._on_dataset)
        self.input_shape.textChanged.connect(self._edits("input_shape"))
        for name, box in (("channels", self.channels), ("height", self.image_height), ("width", self.image_width),
                          ("classes", self.classes)):
            box.valueChanged.connect(self._edits(name))

    def _build_model(self) -> None:
        self.chooser = ModelChooser(self.model, self)
        self.hidden = self.chooser.hidden
        for key, field in self.chooser.rows():
            self._row(key, field)
        self._error_row("hidden")
        self.chooser.builderRequested.connect(self.builderRequested.emit)
        self.dtype = _combo([(key, key) for key in DTYPES])
        self._row("dtype", self.dtype)
        self.optimizer = _combo([(spec.label, key) for key, spec in OPTIMIZERS.items()])
        self._row("optimizer", self.optimizer)
        self.zero_grad = _combo([(key, key) for key in ZERO_GRAD_CHOICES])
        self._row("zero_grad", self.zero_grad)
        self.memory = MemoryOptions(self.model, self)
        amp, checkpoint, alloc, limit = self.memory.rows()
        for key, field in (amp, checkpoint):
            self._row(key, field)
        self._form.addRow(self.declared.more)
        for declared, widget in self.declared.rows():
            self._row(declared.key, widget)
        self.declared.more.toggled.connect(lambda _on: self._show_inputs(self.model.inputs.state))
        self._error_row("memory")
        self._allocator_rows = [alloc, limit]
        for name, combo in (("dtype", self.dtype), ("optimizer", self.optimizer), ("zero_grad", self.zero_grad)):
            combo.currentIndexChanged.connect(
                lambda _i, n=name, c=combo: self.model.inputs.update(**{n: c.currentData()}))

    def _build_batch(self) -> None:
        self.batch_field = BatchField()
        self.batch, self.batch_slider = self.batch_field.edit, self.batch_field.slider
        self._row("batch", self.batch_field)
        self._error_row("batch")
        self.batch_field.edited.connect(self._edits("batch_size"))

    def _build_gpu(self) -> None:
        self.gpu = _combo([(f"{spec.name} · {human_bytes(spec.memory_bytes)}", key) for key, spec in gpus().items()]
                          + [("custom", "custom")])
        self._row("gpu", self.gpu)
        self.gpu_gib = QLineEdit()
        self.gpu_gib.setMaxLength(40)
        memory = QWidget()
        row = QHBoxLayout(memory)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.gpu_gib, 1)
        row.addWidget(QLabel("GiB"))
        self.gpu_memory_row = memory
        self._row("gpu_gib", memory)
        self._error_row("gpu")
        for key, field in self._allocator_rows:
            self._row(key, field)
        self._error_row("allocator")
        self.gpu.currentIndexChanged.connect(lambda _i: self.model.inputs.update(gpu=self.gpu.currentData()))
        self.gpu_gib.textChanged.connect(self._edits("gpu_gib"))

    def _on_dataset(self) -> None:
        key = self.dataset.currentData()
        self.model.inputs.update(dataset=key)
        if key == "folder":
            self.folderRequested.emit()

    # -- following the model ------------------------------------------------------------------

    def _show_inputs(self, state: InputState) -> None:
        for combo, key in ((self.dataset, state.dataset), (self.dtype, state.dtype), (self.optimizer, state.optimizer),
                           (self.zero_grad, state.zero_grad), (self.gpu, state.gpu)):
            index = combo.findData(key)
            if index >= 0 and index != combo.currentIndex():
                combo.blockSignals(True)
                combo.setCurrentIndex(index)
                combo.blockSignals(False)
        for box, value in ((self.channels, state.channels), (self.image_height, state.height),
                           (self.image_width, state.width), (self.classes, state.classes)):
            if box.value() != value:
                box.blockSignals(True)
                box.setValue(value)
                box.blockSignals(False)
        for edit, text in ((self.gpu_gib, state.gpu_gib), (self.input_shape, state.input_shape)):
            if edit.text() != text:
                edit.blockSignals(True)
                edit.setText(text)
                edit.blockSignals(False)
        self.batch_field.show_text(state.batch_size)
        self._form.setRowVisible(self.shape_row, state.custom_shape and state.dataset != "custom")
        self._form.setRowVisible(self.input_shape, state.dataset == "custom")
        self._form.setRowVisible(self.classes, state.custom_shape)
        self._form.setRowVisible(self.gpu_memory_row, state.gpu == "custom")
        shown = self.chooser.visible_rows(state)
        for key, field in self.chooser.rows():
            self._form.setRowVisible(field, key in shown)
        declared = self.declared.shown(state)
        self.declared.more.setArrowType(Qt.ArrowType.DownArrow if declared else Qt.ArrowType.RightArrow)
        for f, widget in (*self.declared.rows(), *self.declared.rows(of_input=True)):
            self._form.setRowVisible(widget, f.key in declared)

    def _show_local_gpu(self, local: LocalGpu | None) -> None:
        index = self.gpu.findData("local")
        if local is None:
            return
        if index < 0:
            self.gpu.addItem("", "local")
            index = self.gpu.count() - 1
        self.gpu.setItemText(index, self._local_text(local))
        self._show_inputs(self.model.inputs.state)  # a restored "local" choice can show now

    def _local_text(self, local: LocalGpu) -> str:
        if local.calibrated:
            return self.tr("This machine: {name} (calibrated)").format(name=local.name)
        return self.tr("This machine: {name}").format(name=local.name)

    def _show_error(self, *_: object) -> None:
        error = self.model.inputs.error
        row = _ERROR_ROWS.get(error.field, "other") if error is not None else None
        for key, label in self._errors.items():
            shown = key == row
            label.setText(self._error_text(error) if shown and error is not None else "")
            self._form.setRowVisible(label, shown)
        marked = {"hidden": self._model_field(), "batch": self.batch, "gpu": self.gpu_gib,
                  "allocator": self.memory.limit if error is not None and error.field.startswith("allocator_limit")
                  else self.memory.max_split}
        for key, edit in marked.items():
            edit.setStyleSheet("border: 1px solid #c0392b;" if key == row else "")
        bad_shape = error is not None and error.field == "input_shape"
        self.input_shape.setStyleSheet("border: 1px solid #c0392b;" if bad_shape else "")

    def _model_field(self) -> QWidget:
        field = {"mlp": self.hidden, "torchvision": self.chooser.architecture, "layers": self.chooser.layers_summary,
                 "file": self.chooser.file_path}
        return field.get(self.model.inputs.state.model, self.chooser.source)

    def _error_text(self, error: InputError) -> str:
        if self.model.estimate.shown is None:
            return error.text()
        return error.text() + " " + self.tr("The greyed results are for the last valid input.")

    def error_text(self) -> str:
        """The error shown under a field, or ''."""
        return next((label.text() for label in self._errors.values() if label.text()), "")

    def row_shown(self, row: str | QWidget) -> bool:
        """Whether a row stands in the form, named by its caption's key ("strategy") or by its field
        (rows that do not apply to the inputs hide)."""
        return self._form.isRowVisible(self._labels[row] if isinstance(row, str) else row)

    def label_text(self, key: str) -> str:
        """The caption of a row: "dataset", "hidden", "batch", "gpu", ..."""
        return self._labels[key].text()

    def set_folder_available(self, available: bool) -> None:
        item = self.dataset.model().item(self.dataset.findData("folder"))  # type: ignore[attr-defined]
        item.setEnabled(available)

    # -- language -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
            self._show_error()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        texts = {
            "dataset": self.tr("&Dataset"),
            "shape": self.tr("Input shape"),
            "input_shape": self.tr("Sample shape"),
            "classes": self.tr("Classes"),
            "hidden": self.tr("&Hidden layers"),
            "model": self.tr("&Model"),
            "architecture": self.tr("Architecture"),
            "layers": self.tr("Layers"),
            "model_file": self.tr("Model file"),
            "model_name": self.tr("Class or function"),
            "amp": self.tr("Mixed &precision"),
            "checkpoint": self.tr("Checkpointing"),
            "alloc": self.tr("Allocator"),
            "limit": self.tr("Allocator limit"),
            "dtype": self.tr("D&type"),
            "optimizer": self.tr("&Optimizer"),
            "zero_grad": self.tr("&zero_grad()"),
            "batch": self.tr("&Batch size"),
            "gpu": self.tr("&Target GPU"),
            "gpu_gib": self.tr("GPU memory"),
        }
        for key, text in {**texts, **self.declared.retranslate()}.items():
            self._labels[key].setText(text)
        for key, spec in DATASETS.items():
            self.dataset.setItemText(self.dataset.findData(key), spec.label)
        self.dataset.setItemText(self.dataset.findData("custom"), self.tr("Custom shape"))
        self.dataset.setItemText(self.dataset.findData("folder"), self.tr("Image folder…"))
        self.zero_grad.setItemText(0, self.tr("after forward (course loop)"))
        self.zero_grad.setItemText(1, self.tr("before forward"))
        self.gpu.setItemText(self.gpu.findData("custom"), self.tr("Custom size"))
        local = self.model.inputs.local_gpu
        if local is not None:
            self.gpu.setItemText(self.gpu.findData("local"), self._local_text(local))
        self.chooser.retranslate()
        self.memory.retranslate()
        self.batch.setToolTip(self.tr("Images per training step: a whole number, 1 or more"))
        self.batch_slider.setToolTip(self.tr("Batch size on a log scale"))
        self.gpu_gib.setToolTip(self.tr("The GPU's memory in GiB (2^30 bytes), as cards are sold: "
                                        "a \u201c24 GB\u201d card is 24 GiB"))
        self._set_tips()

    def _set_tips(self) -> None:
        """What each input means for memory, for a learner of the course."""
        self.dataset.setToolTip(self.tr(
            "The images trained on: their shape sizes the input batch and the activations, their classes the "
            "last layer"))
        self.input_shape.setToolTip(self.tr(
            "One sample's shape, 1 to 4 sizes: 3, 32, 32 for an image (C, H, W), 128 for 128 token ids, "
            "2, 16000 for two channels of audio"))
        self.dtype.setToolTip(self.tr(
            "The dtype of the whole model, its gradients, optimizer state and batch: float32 is 4 bytes a number, "
            "float16 and bfloat16 2, float64 8. A pure float16 model (model.half()) halves everything but trains "
            "badly without care; for training in half precision choose Mixed precision instead."))
        self.optimizer.setToolTip(self.tr(
            "What the optimizer keeps per parameter: SGD nothing, SGD with momentum one copy, Adam and AdamW two "
            "(exp_avg, exp_avg_sq), RMSprop and Adagrad one; its foreach step also needs temporaries"))
        self.zero_grad.setToolTip(self.tr(
            "Where optimizer.zero_grad() stands in the loop. After forward (the course's loop), the previous "
            "gradients are still alive during forward; before forward, they are freed first (set_to_none), which "
            "lowers the peak by the gradients when the peak is in forward."))
        self.memory.amp.setToolTip(self.tr(
            "Mixed precision: forward and loss run under torch.autocast, the model stays in float32 (its "
            "parameters, gradients and optimizer state too) and autocast keeps float16/bfloat16 copies of the "
            "weights; the activations are half the size. Unlike a pure float16 model (Dtype), it trains safely."))
        self.gpu.setToolTip(self.tr(
            "The card to predict for, with the memory nvidia-smi shows; CUDA reports a little less, and the CUDA "
            "context takes some of it before the allocator does"))
