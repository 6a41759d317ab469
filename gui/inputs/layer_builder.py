"""The layer builder: a model as a list of layers, edited in place (add, remove, move, each
layer's settings), with the shape after every layer and its parameters, updated as you type.
A layer that breaks the shapes is marked where it is, with the reason; the estimate on screen
is then the last valid one, greyed."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core import ConfigError
from core.engine.model.layers import Layer

from ..model import COURSE_CNN, CalculatorModel, InputError, InputState
from ..model.layer_list import (
    ARGUMENTS,
    LAYER_KINDS,
    LayerCheck,
    argument,
    check_layers,
    insert_layer,
    layers_text,
    move_layer,
    new_layer,
    parse_text,
    remove_layer,
    set_argument,
)
from ..views.widgets import RIGHT, read_only_item

__all__ = ["LayerBuilder", "shape_text"]

BAD_ROW = QColor("#f8d7da")
SPIN_MAX = 1 << 20


def shape_text(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(f"{d:,}" for d in shape) + ")"


class LayerBuilder(QWidget):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.layers: tuple[Layer, ...] = ()
        self.check = LayerCheck(())
        self._read_error: ConfigError | None = None
        self._editing: tuple[int, str] | None = None  # (row, kind) the settings show
        self._spins: dict[str, QSpinBox | QDoubleSpinBox] = {}
        self._followed: tuple[object, ...] | None = None
        """The inputs the table was last filled from: other inputs leave it as it is."""
        self._build()
        model.inputs.stateChanged.connect(self._follow)
        model.inputs.errorChanged.connect(self._show_error)
        self._retranslate()
        self._follow(model.inputs.state)

    # -- construction -------------------------------------------------------------------------

    def _build(self) -> None:
        self.hint = QLabel(wordWrap=True)
        self.start_cnn, self.start_empty = QPushButton(), QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.hint, 1)
        top.addWidget(self.start_cnn)
        top.addWidget(self.start_empty)
        self.table = QTableWidget(0, 5)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.add_button = QToolButton()
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self.add_button)
        self.add_actions: dict[str, QAction] = {}
        for kind in LAYER_KINDS:
            act = self.add_menu.addAction(kind)
            act.triggered.connect(lambda _checked=False, k=kind: self.add(k))
            self.add_actions[kind] = act
        self.add_button.setMenu(self.add_menu)
        self.remove_button, self.up_button, self.down_button = QPushButton(), QPushButton(), QPushButton()
        buttons = QVBoxLayout()
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.settings = QGroupBox()
        self.settings_form = QFormLayout(self.settings)
        self.settings.hide()
        buttons.addWidget(self.settings)
        middle = QHBoxLayout()
        middle.addWidget(self.table, 1)
        middle.addLayout(buttons)
        self.error = QLabel(wordWrap=True)
        self.error.setStyleSheet("color: #c0392b;")
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addLayout(middle, 1)
        column.addWidget(self.error)
        self.start_cnn.clicked.connect(self.start_from_course_cnn)
        self.start_empty.clicked.connect(lambda: self._set((), None))
        self.remove_button.clicked.connect(self.remove_selected)
        self.up_button.clicked.connect(lambda: self.move_selected(-1))
        self.down_button.clicked.connect(lambda: self.move_selected(1))
        self.table.itemSelectionChanged.connect(self._on_selection)

    # -- editing ------------------------------------------------------------------------------

    def setting(self, name: str) -> QSpinBox | QDoubleSpinBox:
        """The editor of the selected layer's argument `name` ("out_channels", "stride", ...)."""
        return self._spins[name]

    def selected(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else None

    def select(self, row: int | None) -> None:
        if row is None or not 0 <= row < self.table.rowCount():
            self.table.clearSelection()
        else:
            self.table.selectRow(row)
        self._show_settings()

    def start_from_course_cnn(self) -> None:
        """Replace the list with the course CNN, once the user agrees to lose a list of their own."""
        course = parse_text(COURSE_CNN)
        if self.layers and tuple(self.layers) != course:
            answer = QMessageBox.question(
                self, self.tr("Start from the course CNN"),
                self.tr("Replace your {n} layers with the course CNN? Your list is lost.").format(n=len(self.layers)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        self._set(course, 0)

    def add(self, kind: str) -> None:
        """A new layer of `kind` after the selected one (at the end when none is). A Linear that
        ends the model has no width of its own: the last Linear gives the dataset's classes."""
        row = self.selected()
        index = len(self.layers) if row is None else row + 1
        layer = Layer(kind, ()) if kind == "Linear" and index == len(self.layers) else new_layer(kind)
        self._set(insert_layer(self.layers, index, layer), index)

    def remove_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self._set(remove_layer(self.layers, row), min(row, len(self.layers) - 2) if len(self.layers) > 1 else None)

    def move_selected(self, step: int) -> None:
        row = self.selected()
        if row is not None and 0 <= row + step < len(self.layers):
            self._set(move_layer(self.layers, row, step), row + step)

    def set_setting(self, name: str, value: float | None) -> None:
        """Setting `name` of the selected layer (what the settings' boxes call)."""
        row = self.selected()
        if row is None:
            return
        layers = list(self.layers)
        layers[row] = set_argument(layers[row], name, value)
        self._set(tuple(layers), row)

    def _set(self, layers: tuple[Layer, ...], select: int | None) -> None:
        self._editing = None if select is None else self._editing
        self.model.inputs.update(model="layers", layers=layers_text(layers))
        self.select(select)

    # -- following the model ------------------------------------------------------------------

    def _follow(self, state: InputState) -> None:
        key = (state.layers, state.image_shape(), state.class_count())
        if key == self._followed:
            return  # another input changed (the batch slider): the table stands as it is
        self._followed = key
        try:
            self.layers, self._read_error = parse_text(state.layers), None
        except ConfigError as exc:
            self.layers, self._read_error = (), exc
        self.check = check_layers(self.layers, state.image_shape(), state.class_count())
        row = self.selected()
        self._fill()
        self.table.blockSignals(True)
        if row is not None and row < self.table.rowCount():
            self.table.selectRow(row)
        self.table.blockSignals(False)
        self._show_settings()
        self._show_error()

    def _fill(self) -> None:
        check = self.check
        self.table.setRowCount(len(self.layers))
        for i, layer in enumerate(self.layers):
            shape = check.rows[i] if i < len(check.rows) else None
            cells = [
                read_only_item(str(i + 1), RIGHT),
                read_only_item(layer.text),
                read_only_item(shape_text(shape.output) if shape else "—", RIGHT),
                read_only_item(f"{shape.parameters:,}" if shape else "—", RIGHT),
                read_only_item(shape.formula if shape else ""),
            ]
            for col, cell in enumerate(cells):
                if i == check.bad and check.error is not None:
                    cell.setBackground(BAD_ROW)
                    cell.setToolTip(self.reason_text())
                self.table.setItem(i, col, cell)

    def _on_selection(self) -> None:
        self._show_settings()

    def _show_settings(self) -> None:
        row = self.selected()
        layer = self.layers[row] if row is not None and row < len(self.layers) else None
        editing = (row, layer.kind) if row is not None and layer is not None else None
        if editing != self._editing:
            self._editing = editing
            self._build_settings(layer)
        if layer is not None:
            for name, spin in self._spins.items():
                value = argument(layer, name)
                shown = spin.minimum() if value is None else value
                if spin.value() != shown and not spin.hasFocus():
                    spin.blockSignals(True)
                    spin.setValue(shown)  # type: ignore[arg-type]
                    spin.blockSignals(False)
        self.remove_button.setEnabled(layer is not None)
        self.up_button.setEnabled(row is not None and row > 0)
        self.down_button.setEnabled(row is not None and row < len(self.layers) - 1)

    def _build_settings(self, layer: Layer | None) -> None:
        while self.settings_form.rowCount():
            self.settings_form.removeRow(0)
        self._spins = {}
        self.settings.setVisible(layer is not None)
        if layer is None:
            return
        self.settings.setTitle(self.tr("Layer {n}: {kind}").format(n=(self.selected() or 0) + 1, kind=layer.kind))
        names = [name for name, _ in ARGUMENTS.get(layer.kind, ())]
        if not names:
            self.settings_form.addRow(QLabel(self.tr("No settings")))
        for name in names:
            spin = self._spin(layer, name)
            self._spins[name] = spin
            self.settings_form.addRow(self._setting_label(layer.kind, name), spin)

    def _spin(self, layer: Layer, name: str) -> QSpinBox | QDoubleSpinBox:
        if name == "p":
            double = QDoubleSpinBox()
            double.setRange(0.0, 0.99)
            double.setSingleStep(0.1)
            double.valueChanged.connect(lambda v: self.set_setting("p", round(v, 4)))
            return double
        spin = QSpinBox()
        low = 0 if name in ("padding", "out_features") else 1
        spin.setRange(low, SPIN_MAX)
        if name == "out_features":
            spin.setSpecialValueText(self.tr("the classes"))
        spin.valueChanged.connect(lambda v, n=name: self.set_setting(n, None if n == "out_features" and v == 0
                                                                      else v))
        return spin

    def _setting_label(self, kind: str, name: str) -> str:
        labels = {
            "out_channels": self.tr("Channels out"),
            "kernel_size": self.tr("Kernel") if kind == "Conv2d" else self.tr("Pool size"),
            "stride": self.tr("Stride"),
            "padding": self.tr("Padding"),
            "p": self.tr("Dropout p"),
            "out_features": self.tr("Units"),
        }
        return labels.get(name, name)

    # -- the error ----------------------------------------------------------------------------

    def reason_text(self) -> str:
        """Why the list does not make a model, in the interface language; '' when it does."""
        error = self._read_error or self.check.error
        if error is None:
            return ""
        return InputError.from_config_error(error).text()

    def _show_error(self, *_: object) -> None:
        text = self.reason_text()
        if text and self.model.estimate.shown is not None:
            text += " " + self.tr("The greyed results are for the last valid input.")
        self.error.setText(text)
        self.error.setVisible(bool(text))

    # -- language -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.hint.setText(self.tr("Build the network layer by layer: the shape after each layer and its parameters "
                                  "follow as you type. The last Linear gives the dataset's classes."))
        self.start_cnn.setText(self.tr("Start from the course CNN"))
        self.start_empty.setText(self.tr("Start empty"))
        self.add_button.setText(self.tr("Add layer ▾"))
        self.remove_button.setText(self.tr("Remove"))
        self.up_button.setText(self.tr("Move up"))
        self.down_button.setText(self.tr("Move down"))
        self.table.setHorizontalHeaderLabels([self.tr("#"), self.tr("Layer"), self.tr("Output shape (C, H, W)"),
                                              self.tr("Parameters"), self.tr("Formula")])
        self._editing = self._followed = None
        self._follow(self.model.inputs.state)
