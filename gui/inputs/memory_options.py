"""The inputs that change how the step uses memory without changing the model: mixed precision
(and GradScaler), gradient checkpointing, the allocator's settings and its limit."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from ..model import AMP_CHOICES, SPIN_LIMITS, CalculatorModel, InputState

__all__ = ["MemoryOptions", "is_sequence"]


def is_sequence(state: InputState) -> bool | None:
    """Whether the chosen model is a sequence of layers (checkpoint_sequential applies); None:
    only the built module can tell (a Python file)."""
    return {"mlp": True, "course-cnn": True, "layers": True, "torchvision": False}.get(state.model)


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        row.addWidget(widget, 1 if isinstance(widget, (QLineEdit, QComboBox, QSpinBox)) else 0)
    return box


class MemoryOptions(QObject):
    """Builds the memory rows of the input panel (`rows()`) and follows the model."""

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.amp = QComboBox()
        self.amp.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.amp.setMinimumContentsLength(6)
        for key in AMP_CHOICES:
            self.amp.addItem(key, key)
        self.grad_scaler = QCheckBox("GradScaler")
        self.amp_row = _row(self.amp, self.grad_scaler)
        self.checkpoint = QSpinBox()
        self.checkpoint.setRange(*SPIN_LIMITS["checkpoint_segments"])
        self.expandable = QCheckBox("expandable_segments")
        self.max_split = QLineEdit()
        self.max_split.setMaxLength(12)
        self.max_split.setMinimumWidth(70)
        self.split_unit = QLabel("MiB")
        self.alloc_row = _row(self.expandable, self.max_split, self.split_unit)
        self.limit = QLineEdit()
        self.limit.setMaxLength(40)
        self.limit_row = _row(self.limit, QLabel("GiB"))
        self.amp.currentIndexChanged.connect(lambda _i: model.inputs.update(amp=self.amp.currentData()))
        self.grad_scaler.toggled.connect(lambda on: model.inputs.update(grad_scaler=on))
        self.checkpoint.valueChanged.connect(lambda n: model.inputs.update(checkpoint_segments=n))
        self.expandable.toggled.connect(lambda on: model.inputs.update(expandable_segments=on))
        self.max_split.textChanged.connect(lambda text: model.inputs.update(max_split_mb=text))
        self.limit.textChanged.connect(lambda text: model.inputs.update(allocator_limit_gib=text))
        model.inputs.stateChanged.connect(self.show_inputs)
        self.show_inputs(model.inputs.state)

    def rows(self) -> list[tuple[str, QWidget]]:
        return [("amp", self.amp_row), ("checkpoint", self.checkpoint), ("alloc", self.alloc_row),
                ("limit", self.limit_row)]

    def show_inputs(self, state: InputState) -> None:
        index = self.amp.findData(state.amp)
        if index >= 0 and index != self.amp.currentIndex():
            self.amp.blockSignals(True)
            self.amp.setCurrentIndex(index)
            self.amp.blockSignals(False)
        for box, checked in ((self.grad_scaler, state.grad_scaler), (self.expandable, state.expandable_segments)):
            if box.isChecked() != checked:
                box.blockSignals(True)
                box.setChecked(checked)
                box.blockSignals(False)
        self.grad_scaler.setEnabled(state.amp != "none")
        if self.checkpoint.value() != state.checkpoint_segments:
            self.checkpoint.blockSignals(True)
            self.checkpoint.setValue(state.checkpoint_segments)
            self.checkpoint.blockSignals(False)
        for edit, text in ((self.max_split, state.max_split_mb), (self.limit, state.allocator_limit_gib)):
            if edit.text() != text:
                edit.blockSignals(True)
                edit.setText(text)
                edit.blockSignals(False)
        self._show_checkpointing(state)

    def _show_checkpointing(self, state: InputState) -> None:
        sequence = is_sequence(state)
        self.checkpoint.setEnabled(sequence is not False or state.checkpoint_segments > 0)
        config = self.model.inputs.config
        if sequence is False:
            self.checkpoint.setToolTip(self.tr(
                "Gradient checkpointing here runs checkpoint_sequential, which needs a model that is a sequence "
                "of layers (nn.Sequential); {model} is not one.").format(model=state.architecture))
        elif config is not None and sequence:
            self.checkpoint.setToolTip(self.tr(
                "Segments of checkpoint_sequential(model, N, x): at most the model's {n} layers; 0 is off. "
                "Saves activations for about one more forward pass.").format(n=config.sequence_length))
        else:
            self.checkpoint.setToolTip(self.tr(
                "Gradient checkpointing: segments of checkpoint_sequential(model, N, x); 0 is off. Only each "
                "segment's input is kept for backward, the rest is recomputed: less activation memory for about "
                "one more forward pass of time."))

    def retranslate(self) -> None:
        self.amp.setItemText(self.amp.findData("none"), self.tr("none (float32)"))
        self.grad_scaler.setToolTip(self.tr(
            "torch.amp.GradScaler, used with float16 autocast: it multiplies the loss so small float16 gradients "
            "do not vanish, and unscales them before the step; it keeps a scale and a check for inf/NaN (a few "
            "bytes). bfloat16 does not need it."))
        self.checkpoint.setSpecialValueText(self.tr("off"))
        self.expandable.setToolTip(self.tr("PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True: segments grow "
                                           "instead of many being cached"))
        self.max_split.setPlaceholderText(self.tr("max split"))
        self.max_split.setToolTip(self.tr("PYTORCH_CUDA_ALLOC_CONF max_split_size_mb: blocks this large or "
                                          "larger are never split (at least 20); empty: not set"))
        self.limit.setPlaceholderText(self.tr("no limit"))
        self.limit.setToolTip(self.tr("torch.cuda.set_per_process_memory_fraction, as GiB the allocator may "
                                      "use; empty: all of the GPU"))
        self._show_checkpointing(self.model.inputs.state)
