"""Inputs made from the schema alone: for each field declared with `window=True`, a check box, a
list or a text field, labelled and explained by its declaration, following InputState.options."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from core.engine.schema import Choice, Field, Flag

from ..model import DECLARED, CalculatorModel, InputState

__all__ = ["DeclaredOptions"]

translate = QCoreApplication.translate


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
        model.inputs.stateChanged.connect(self.show_inputs)
        self.show_inputs(model.inputs.state)

    def rows(self) -> list[tuple[Field, QWidget]]:
        return [(f, self.widgets[f.key]) for f in DECLARED]

    def _widget(self, f: Field) -> QWidget:
        if isinstance(f.kind, Flag):
            box = QCheckBox()
            box.toggled.connect(lambda on: self._set(f.key, f.text(on)))
            return box
        if isinstance(f.kind, Choice):
            combo = QComboBox()
            for key in f.kind.choices():
                combo.addItem(key, key)
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
        for f in DECLARED:
            widget, text = self.widgets[f.key], state.option(f.key)
            if isinstance(widget, QCheckBox) and widget.isChecked() != (text == "true"):
                _set_quietly(widget, partial(widget.setChecked, text == "true"))
            elif isinstance(widget, QComboBox) and widget.currentData() != text:
                _set_quietly(widget, partial(widget.setCurrentIndex, widget.findData(text)))
            elif isinstance(widget, QLineEdit) and widget.text() != text:
                _set_quietly(widget, partial(widget.setText, text))

    def retranslate(self) -> dict[str, str]:
        """The rows' labels in the interface language, by key; tooltips set."""
        for f in DECLARED:
            self.widgets[f.key].setToolTip(translate("FieldHelp", f.help))
        return {f.key: translate("Field", f.label) for f in DECLARED}
