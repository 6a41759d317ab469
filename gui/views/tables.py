"""The component table and the per-layer table: read-only views of the estimate on screen."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from core import ALL_COMPONENTS, Estimate, human_bytes

from ..model import CalculatorModel
from .band import span
from .dimming import set_dimmed
from .labels import color, component_label, formula_language
from .widgets import RIGHT, Staggered, changed, read_only_item

__all__ = ["ComponentTable", "LayerTable"]


def _dims(shape: tuple[int, ...] | None) -> str:
    return "—" if shape is None else " × ".join(f"{d:,}" for d in shape)


class _EstimateTable(QTableWidget):
    """A read-only table that redraws itself from the model's estimate; a `lazy` one only while
    shown (a deep model's layer table has thousands of rows)."""

    lazy = False

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.estimate, self.display = model.estimate, model.display  # QTableWidget.model() is Qt's
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self._stale = True
        self.estimate.shownChanged.connect(self._on_shown)
        self.display.unitsChanged.connect(self._refresh)
        self.estimate.dimmedChanged.connect(self._on_dimmed)

    def _on_shown(self, *_: object) -> None:
        self._refresh()

    def _refresh(self, *_: object) -> None:
        self._stale = True
        if not self.lazy or self.isVisible():
            self._fill_now()

    def _fill_now(self) -> None:
        self._stale = False
        self._set_headers()
        e = self.estimate.shown
        if e is None:
            self.clearContents()
            return
        self._fill(e)

    def showEvent(self, event: QShowEvent) -> None:
        if self._stale:
            self._fill_now()
        super().showEvent(event)

    def _on_dimmed(self, dimmed: bool) -> None:
        set_dimmed(self, dimmed)

    def _set_headers(self) -> None:
        raise NotImplementedError

    def _headers(self, labels: list[str]) -> None:
        if changed(self, "headers", labels):
            self.setHorizontalHeaderLabels(labels)

    def _fill(self, e: Estimate) -> None:
        raise NotImplementedError

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()
        super().changeEvent(event)


class ComponentTable(Staggered, _EstimateTable):
    """The components at the peak; a new result takes its turn in the window's StaggeredPaint, as
    a chart's does (Staggered)."""

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.setColumnCount(4)
        self.setRowCount(len(ALL_COMPONENTS) + 1)
        self._fill_now()

    def redraw(self, *_: object) -> None:
        self._fill_now()

    def _draw_now(self) -> None:
        self._refresh()

    def _set_headers(self) -> None:
        self._headers([self.tr("Component"), self.tr("Size"), self.tr("Share of peak"), self.tr("Formula")])

    def _fill(self, e: Estimate) -> None:
        """Cells change in place and only where their text does: a slider step changes the sizes
        and shares, rarely the names or the formulas' shape."""
        binary = self.display.binary
        explained = e.explained(formula_language())
        resized = False
        for row, name in enumerate(ALL_COMPONENTS):
            fig = explained[name]
            if self._put(row, 0, component_label(name)):
                label = self._cell(row, 0)
                label.setData(Qt.ItemDataRole.DecorationRole, color(name))
                label.setData(Qt.ItemDataRole.UserRole, name)
                resized = True
            resized |= self._put(row, 1, human_bytes(fig.bytes, binary), RIGHT, f"{fig.bytes:,} B")
            share = fig.bytes / e.peak_bytes if e.peak_bytes else 0.0
            self._put(row, 2, f"{share:.1%}", RIGHT)
            self._put(row, 3, fig.formula)
        total = len(ALL_COMPONENTS)
        if self._put(total, 0, self.tr("Peak (sum)")):
            bold = self._cell(total, 0)
            font = bold.font()
            font.setBold(True)
            bold.setFont(font)
            resized = True
        peak = span(e.peak_bytes, e.peak_high_bytes, binary)  # a range where the workspaces are estimated
        resized |= self._put(total, 1, peak, RIGHT, f"{e.peak_bytes:,} B" if e.exact else peak)
        self._put(total, 2, "100.0%", RIGHT)
        self._put(total, 3, "")
        if resized:
            self.resizeColumnToContents(0)
            self.resizeColumnToContents(1)

    def _cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None
        return item

    def _put(self, row: int, column: int, text: str, align: Qt.AlignmentFlag | None = None,
             tip: str | None = None) -> bool:
        """Show `text` (and `tip`) in a cell; True when the cell is new or its text changed."""
        item = self.item(row, column)
        if item is None:
            self.setItem(row, column, read_only_item(text, align, tip))
            return True
        changed = item.text() != text
        if changed:
            item.setText(text)
        if item.toolTip() != (tip or text):
            item.setToolTip(tip or text)
        return changed


class LayerTable(_EstimateTable):
    """Every layer (every module of a traced model): its type, output shape, weight and bias
    shapes, parameters with their formula, parameter bytes, the bytes its forward keeps alive for
    backward, and its parameters with its children's and how many of those train (torchinfo's
    columns); the last row, the model's totals."""

    lazy = True

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(model, parent)
        self.setColumnCount(11)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._set_headers()

    def _set_headers(self) -> None:
        self._headers([self.tr("Layer"), self.tr("Type"), self.tr("Output shape"), self.tr("Weight shape"),
                       self.tr("Bias shape"), self.tr("Parameters"), self.tr("With children"), self.tr("Trainable"),
                       self.tr("Formula"), self.tr("Parameter bytes"), self.tr("Kept for backward")])

    def _fill(self, e: Estimate) -> None:
        binary = self.display.binary
        self.setRowCount(len(e.layers) + 1)
        for row, layer in enumerate(e.layers):
            name = "    " * max(0, layer.depth - 1) + layer.name if layer.depth else self.tr("(the model)")
            cells = [
                read_only_item(name),
                read_only_item(layer.kind),
                read_only_item(_dims(layer.output_shape), RIGHT),
                read_only_item(_dims(layer.weight_shape), RIGHT),
                read_only_item(_dims(layer.bias_shape), RIGHT),
                read_only_item(f"{layer.parameters:,}", RIGHT),
                read_only_item(f"{layer.total_parameters or 0:,}", RIGHT),
                read_only_item(f"{layer.trainable_parameters or 0:,}", RIGHT),
                read_only_item(layer.formula),
                read_only_item(human_bytes(layer.bytes, binary), RIGHT, f"{layer.bytes:,} B"),
                read_only_item(human_bytes(layer.saved_bytes, binary), RIGHT, f"{layer.saved_bytes:,} B"),
            ]
            for col, cell in enumerate(cells):
                self.setItem(row, col, cell)
        self._fill_totals(e, len(e.layers))
        self.resizeColumnsToContents()

    def _fill_totals(self, e: Estimate, row: int) -> None:
        """The model's parameters, how many train and how many do not, as torchinfo ends its table."""
        total, trainable = e.parameter_count, e.trainable_parameter_count
        name = read_only_item(self.tr("Total"))
        font = name.font()
        font.setBold(True)
        name.setFont(font)
        cells = {0: name, 5: read_only_item(f"{total:,}", RIGHT), 6: read_only_item(f"{total:,}", RIGHT),
                 7: read_only_item(f"{trainable:,}", RIGHT),
                 8: read_only_item(self.tr("{trainable} trainable, {frozen} non-trainable").format(
                     trainable=f"{trainable:,}", frozen=f"{total - trainable:,}"))}
        for col in range(self.columnCount()):
            self.setItem(row, col, cells.get(col, read_only_item("")))
