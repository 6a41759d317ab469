"""Inputs made from the schema alone: for each field declared with `window=True`, a check box, a
list or a text field, labelled and explained by its declaration, following InputState.options;
shown under "More options", and only where the other inputs make them apply (`only_with`)."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QToolButton, QWidget

from core.engine.schema import Choice, Field, Flag
from core.engine.schema import field as schema_field

from ..model import DECLARED, CalculatorModel, InputState

__all__ = ["DeclaredOptions"]

translate = QCoreApplication.translate


def _of_input(f: Field) -> bool:
    """Whether a field describes the custom dataset's input: it goes with the dataset, or with a
    field that does."""
    if f.only_with is None:
        return False
    other = f.only_with[0]
    return other == "dataset" or (other in {d.key for d in DECLARED} and _of_input(schema_field(other)))


def _set_quietly(widget: QWidget, apply: Callable[[], None]) -> None:
    widget.blockSignals(True)
    apply()
    widget.blockSignals(False)


class DeclaredOptions(QObject):
    """One input per declared field (`rows()`), writing its text into the model's inputs."""

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.widgets: dict[str, QWidget] = {f.key: self._widget(f) for f in DECLARED}
        self.more = QToolButton()
        self.more.setCheckable(True)
        self.more.setAutoRaise(True)
        self.more.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.more.toggled.connect(lambda _on: self.show_inputs(self.model.inputs.state))
        model.inputs.stateChanged.connect(self.show_inputs)
        self.show_inputs(model.inputs.state)

    def rows(self, of_input: bool = False) -> list[tuple[Field, QWidget]]:
        """The rows under "More options", or (`of_input`) those that describe the custom input and
        stand beside the dataset."""
        return [(f, self.widgets[f.key]) for f in DECLARED if _of_input(f) == of_input]

    def shown(self, state: InputState) -> set[str]:
        """The keys whose rows stand, where they apply: the input's always, the others with "More
        options" open."""
        return {f.key for f in DECLARED if (_of_input(f) or self.more.isChecked()) and state.applies(f)}

    def _widget(self, f: Field) -> QWidget:
        if isinstance(f.kind, Flag):
            box = QCheckBox()
            box.toggled.connect(lambda on: self._set(f.key, f.text(on)))
            return box
        if isinstance(f.kind, Choice):
            combo = QComboBox()
            # long choices ("DDP: every GPU holds the model") elide rather than widen the panel past its scroll area
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)
            if f.default is None:  # left unset: what the field does by default
                combo.addItem("", f.text(None))
            for key in f.kind.choices():
                combo.addItem(translate("Choice", f.kind.label(key)), key)
            combo.currentIndexChanged.connect(lambda _i: self._set(f.key, combo.currentData()))
            return combo
        edit = QLineEdit()
        edit.setMaxLength(40)
        edit.textChanged.connect(lambda text: self._set(f.key, text))
        return edit

    def _set(self, key: str, text: str) -> None:
        options = {**dict(self.model.inputs.state.options), key: text}
        self.model.inputs.update(options=InputState.options_of(options))

    def show_inputs(self, state: InputState) -> None:
        folded = any(not _of_input(schema_field(k)) for k, _ in state.options)
        if folded and not self.more.isChecked():  # a value set elsewhere (a remedy, a saved one) shows
            self.more.setChecked(True)
        for f in DECLARED:
            widget, text = self.widgets[f.key], state.option(f.key)
            if isinstance(widget, QCheckBox) and widget.isChecked() != (text == "true"):
                _set_quietly(widget, partial(widget.setChecked, text == "true"))
            elif isinstance(widget, QComboBox) and widget.currentData() != text:
                _set_quietly(widget, partial(widget.setCurrentIndex, widget.findData(text)))
            elif isinstance(widget, QLineEdit) and widget.text() != text:
                _set_quietly(widget, partial(widget.setText, text))

    def retranslate(self) -> dict[str, str]:
        """The rows' labels in the interface language, by key; tooltips and choices set."""
        self.more.setText(translate("DeclaredOptions", "More options"))
        self.more.setToolTip(translate("DeclaredOptions", "Inference, several GPUs, cuDNN benchmark mode, "
                                       "checkpointing of blocks: options beyond the course's loop"))
        for f in DECLARED:
            widget = self.widgets[f.key]
            widget.setToolTip(translate("FieldHelp", f.help))
            if isinstance(widget, QComboBox) and isinstance(f.kind, Choice):
                for i in range(widget.count()):
                    key = widget.itemData(i)
                    widget.setItemText(i, translate("Choice", f.kind.label(key)) if key else
                                       translate("DeclaredOptions", "as the dtype"))
        return {f.key: translate("Field", f.label) for f in DECLARED}
