"""The component table and the per-layer table: read-only views of one estimate."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QWidget,
)

from core import ALL_COMPONENTS, Estimate, human_bytes

from .components import color, component_label
from .i18n import formula_language
from .widgets import RIGHT, read_only_item

__all__ = ["ComponentTable", "LayerTable"]



def _shape(shape: tuple[int, ...] | None) -> str:
    return "—" if shape is None else " × ".join(f"{d:,}" for d in shape)


class _Table(QTableWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        self.binary = True
        self._estimate: Estimate | None = None

    def set_binary(self, binary: bool) -> None:
        self.binary = binary
        if self._estimate is not None:
            self.update_estimate(self._estimate)

    def update_estimate(self, e: Estimate) -> None:
        raise NotImplementedError


class ComponentTable(_Table):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(4)
        self.setRowCount(len(ALL_COMPONENTS) + 1)
        self.retranslate()

    def update_estimate(self, e: Estimate) -> None:
        self._estimate = e
        explained = e.explained(formula_language())
        for row, name in enumerate(ALL_COMPONENTS):
            fig = explained[name]
            label = read_only_item(component_label(name))
            label.setData(Qt.ItemDataRole.DecorationRole, color(name))
            label.setData(Qt.ItemDataRole.UserRole, name)
            self.setItem(row, 0, label)
            self.setItem(row, 1, read_only_item(human_bytes(fig.bytes, self.binary), RIGHT, f"{fig.bytes:,} B"))
            share = fig.bytes / e.peak_bytes if e.peak_bytes else 0.0
            self.setItem(row, 2, read_only_item(f"{share:.1%}", RIGHT))
            self.setItem(row, 3, read_only_item(fig.formula))
        total = len(ALL_COMPONENTS)
        bold = read_only_item(self.tr("Peak (sum)"))
        font = bold.font()
        font.setBold(True)
        bold.setFont(font)
        self.setItem(total, 0, bold)
        self.setItem(total, 1, read_only_item(human_bytes(e.peak_bytes, self.binary), RIGHT, f"{e.peak_bytes:,} B"))
        self.setItem(total, 2, read_only_item("100.0%", RIGHT))
        self.setItem(total, 3, read_only_item(""))
        self.resizeColumnToContents(0)
        self.resizeColumnToContents(1)

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Component"), self.tr("Size"), self.tr("Share of peak"),
                                        self.tr("Formula")])
        if self._estimate is not None:
            self.update_estimate(self._estimate)


class LayerTable(_Table):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(7)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.retranslate()

    def update_estimate(self, e: Estimate) -> None:
        self._estimate = e
        self.setRowCount(len(e.layers))
        for row, layer in enumerate(e.layers):
            cells = [
                read_only_item(layer.name),
                read_only_item(_shape(layer.output_shape), RIGHT),
                read_only_item(_shape(layer.weight_shape), RIGHT),
                read_only_item(_shape(layer.bias_shape), RIGHT),
                read_only_item(f"{layer.parameters:,}", RIGHT),
                read_only_item(layer.formula),
                read_only_item(human_bytes(layer.bytes, self.binary), RIGHT, f"{layer.bytes:,} B"),
            ]
            for col, cell in enumerate(cells):
                self.setItem(row, col, cell)
        self.resizeColumnsToContents()

    def retranslate(self) -> None:
        self.setHorizontalHeaderLabels([self.tr("Layer"), self.tr("Output shape"), self.tr("Weight shape"),
                                        self.tr("Bias shape"), self.tr("Parameters"), self.tr("Formula"),
                                        self.tr("Parameter bytes")])
        if self._estimate is not None:
            self.update_estimate(self._estimate)
