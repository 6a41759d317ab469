"""The model chooser: where the network comes from, and the one input each source needs (the
hidden widths, a torchvision architecture from a searchable list, the layer builder, or a
Python file and the class or function in it)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..model import MODEL_SOURCES, CalculatorModel, InputState, architectures
from ..model.layer_list import parse_text

__all__ = ["MAX_SCANNED_BYTES", "ModelChooser", "module_names"]

MAX_SCANNED_BYTES = 2 << 20
"""Larger files are not read for their names (the name field still takes one typed)."""


def module_names(path: str) -> list[str]:
    """The classes and functions a Python file defines at its top level, read without running
    it (classes first); [] when it cannot be read or parsed."""
    file = Path(path)
    try:
        if not file.is_file() or file.stat().st_size > MAX_SCANNED_BYTES:
            return []
        text = file.read_text(encoding="utf-8", errors="replace")
        tree = ast.parse(text)
    except (RecursionError, MemoryError):  # nested deeper than the parser's stack: the lines still tell
        return _names_by_line(text)
    except (OSError, SyntaxError, ValueError):
        return []
    classes = [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
    return classes + functions


def _names_by_line(text: str) -> list[str]:
    """Top-level `class X` and `def x` lines, for a file too deeply nested to parse."""
    classes = re.findall(r"^class\s+([A-Za-z_]\w*)", text, re.MULTILINE)
    functions = re.findall(r"^def\s+([A-Za-z]\w*)", text, re.MULTILINE)
    return classes + functions


def _narrow(combo: QComboBox) -> QComboBox:
    """Long names elide rather than widen the panel."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(8)
    return combo


def _row(*widgets: QWidget, stretch: int = 0) -> QWidget:
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        row.addWidget(widget, 1 if i == stretch else 0)
    return box


class ModelChooser(QObject):
    """Builds the model rows of the input panel, which places them (`rows()`); follows the model."""

    builderRequested = Signal()

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.source = _narrow(QComboBox())
        for key in MODEL_SOURCES:
            self.source.addItem(key, key)
        self.hidden = QLineEdit()
        self.architecture = _narrow(QComboBox())
        self.architecture.setEditable(True)
        self.architecture.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.architecture.addItems(list(architectures()))
        self.architecture.setMaxVisibleItems(20)
        completer = QCompleter(list(architectures()), self.architecture)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.architecture.setCompleter(completer)
        self.layers_summary = QLabel()
        self.edit_layers = QPushButton()
        self.layers_row = _row(self.layers_summary, self.edit_layers)
        self.file_path = QLineEdit()
        self.browse = QPushButton()
        self.file_row = _row(self.file_path, self.browse)
        self.file_name = _narrow(QComboBox())
        self.file_name.setEditable(True)
        self.file_name.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._scanned = ""
        self.source.currentIndexChanged.connect(self._on_source)
        self.hidden.textChanged.connect(lambda text: model.inputs.update(hidden=text))
        self.architecture.currentTextChanged.connect(self._on_architecture)
        self.edit_layers.clicked.connect(self.builderRequested.emit)
        self.file_path.textChanged.connect(lambda text: model.inputs.update(model_file=text))
        self.file_name.currentTextChanged.connect(lambda text: model.inputs.update(model_name=text))
        self.browse.clicked.connect(self.choose_file)
        model.inputs.stateChanged.connect(self.show_inputs)
        self.show_inputs(model.inputs.state)

    def rows(self) -> list[tuple[str, QWidget]]:
        """(key, field) for the panel's form, in order."""
        return [("model", self.source), ("hidden", self.hidden), ("architecture", self.architecture),
                ("layers", self.layers_row), ("model_file", self.file_row), ("model_name", self.file_name)]

    def visible_rows(self, state: InputState) -> set[str]:
        shown = {"mlp": "hidden", "torchvision": "architecture", "layers": "layers"}
        keys = {"model", shown.get(state.model, "")}
        if state.model == "file":
            keys |= {"model_file", "model_name"}
        return keys

    def _on_source(self) -> None:
        key = self.source.currentData()
        changes: dict[str, object] = {"model": key}
        if key in ("torchvision", "file"):
            changes["checkpoint_segments"] = 0  # only a sequence of layers is checkpointed here
        self.model.inputs.update(**changes)
        if key == "layers":
            self.builderRequested.emit()
        elif key == "file" and not self.model.inputs.state.model_file:
            self.choose_file()

    def _on_architecture(self, text: str) -> None:
        if text in architectures():
            self.model.inputs.update(architecture=text)

    def choose_file(self) -> None:
        start = self.model.inputs.state.model_file or str(Path.home())
        path, _ = QFileDialog.getOpenFileName(self.source.window(), self.tr("Open a model file"), start,
                                              self.tr("Python files (*.py)"))
        if path:
            self.set_file(path)

    def set_file(self, path: str, name: str | None = None) -> None:
        """Choose `path` (and the class or function `name`; by default the first it defines)."""
        names = module_names(path)
        chosen = name if name is not None else (names[0] if names else self.model.inputs.state.model_name)
        self.model.inputs.update(model="file", model_file=path, model_name=chosen)

    def show_inputs(self, state: InputState) -> None:
        index = self.source.findData(state.model)
        if index >= 0 and index != self.source.currentIndex():
            self.source.blockSignals(True)
            self.source.setCurrentIndex(index)
            self.source.blockSignals(False)
        for edit, text in ((self.hidden, state.hidden), (self.file_path, state.model_file)):
            if edit.text() != text:
                edit.blockSignals(True)
                edit.setText(text)
                edit.blockSignals(False)
        if self.architecture.currentText() != state.architecture:
            self.architecture.blockSignals(True)
            self.architecture.setCurrentText(state.architecture)
            self.architecture.blockSignals(False)
        self._show_names(state)
        self._show_layers(state)

    def _show_names(self, state: InputState) -> None:
        self.file_name.blockSignals(True)
        if state.model_file != self._scanned:
            self._scanned = state.model_file
            self.file_name.clear()
            self.file_name.addItems(module_names(state.model_file))
        if self.file_name.currentText() != state.model_name:
            self.file_name.setCurrentText(state.model_name)
        self.file_name.blockSignals(False)

    def _show_layers(self, state: InputState) -> None:
        try:
            count = len(parse_text(state.layers))
        except ValueError:
            self.layers_summary.setText(self.tr("a list that cannot be read"))
            return
        self.layers_summary.setText(self.tr("{n} layers").format(n=count))

    def retranslate(self) -> None:
        texts = {
            "mlp": self.tr("Course MLP"),
            "course-cnn": self.tr("Course CNN"),
            "layers": self.tr("Layer builder"),
            "torchvision": self.tr("torchvision architecture"),
            "file": self.tr("Python file…"),
        }
        for key, text in texts.items():
            self.source.setItemText(self.source.findData(key), text)
        self.edit_layers.setText(self.tr("Edit layers…"))
        self.browse.setText(self.tr("Browse…"))
        self.hidden.setPlaceholderText(self.tr("e.g. 512, 256 (empty: no hidden layer)"))
        self.hidden.setToolTip(self.tr("Widths of the hidden layers, separated by commas (， and 、 too)"))
        self.architecture.setToolTip(self.tr("Type to search torchvision's classification architectures"))
        self.file_path.setPlaceholderText(self.tr("path/to/model.py"))
        self.file_path.setToolTip(self.tr("memcalc imports and runs this file, as python would"))
        self.file_name.setToolTip(self.tr("The nn.Module class, or a function that returns one, built with no "
                                          "arguments"))
        self._show_layers(self.model.inputs.state)
