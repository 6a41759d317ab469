"""Predicted next to measured: per component, the totals and each phase's peak (core.compare)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core import human_bytes
from core.measure.compare import Row, component_rows, phase_rows, totals_rows

from ..model import CalculatorModel
from ..views.dimming import set_dimmed
from ..views.labels import COLORS, component_label, phase_label
from ..views.widgets import RIGHT, read_only_item

__all__ = ["ComparisonPanel"]


class ComparisonPanel(QWidget):
    """A note on where the figures come from, and a table of predicted, measured, difference, %."""

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.note = QLabel(wordWrap=True, textFormat=Qt.TextFormat.RichText)
        self.table = QTableWidget(0, 5)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        model.estimate.shownChanged.connect(self._refresh)
        model.measurement.resultChanged.connect(self._refresh)
        model.display.unitsChanged.connect(self._refresh)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self._on_dimmed(model.estimate.dimmed)  # built late, it greys what it shows as the others do
        self.retranslate()

    def _on_dimmed(self, dimmed: bool) -> None:
        set_dimmed(self.table, dimmed)

    def rows(self) -> list[tuple[str, Row]]:
        """(section, row) for every line of the table; empty until a probe has finished."""
        e, r = self.model.estimate.shown, self.model.measurement.result
        if e is None or r is None or not r.readings:
            return []
        return ([("component", row) for row in component_rows(e, r)] + [("total", row) for row in totals_rows(e, r)]
                + [("phase", row) for row in phase_rows(e, r)])

    def _label(self, section: str, name: str) -> str:
        if section == "component":
            return component_label(name)
        if section == "phase":
            phase, _, iteration = name.partition(" ")
            return self.tr("Peak in {phase} {i}").format(phase=phase_label(phase), i=iteration).strip()
        return {"peak allocated": self.tr("Peak allocated"), "peak reserved": self.tr("Peak reserved"),
                "CUDA context": self.tr("CUDA context"),
                "device use at peak": self.tr("Device use at peak")}.get(name, name)

    def _signed(self, value: int | None) -> QTableWidgetItem:
        if value is None:
            return read_only_item("—", RIGHT, self.tr("not measured or not predicted"))
        sign = "+" if value > 0 else ("−" if value < 0 else "")
        return read_only_item(sign + human_bytes(abs(value), self.model.display.binary), RIGHT, f"{value:+,} B")

    def _refresh(self, *_: object) -> None:
        rows = self.rows()
        self.table.setRowCount(len(rows))
        for i, (section, row) in enumerate(rows):
            label = read_only_item(self._label(section, row.name))
            if section == "component" and row.name in COLORS:
                label.setData(Qt.ItemDataRole.DecorationRole, QColor(COLORS[row.name]))
            if row.name == "peak allocated":
                font = QFont(label.font())
                font.setBold(True)
                label.setFont(font)
            self.table.setItem(i, 0, label)
            self.table.setItem(i, 1, read_only_item(self._plain(row.predicted), RIGHT, self._exact(row.predicted)))
            self.table.setItem(i, 2, read_only_item(self._plain(row.measured), RIGHT, self._exact(row.measured)))
            self.table.setItem(i, 3, self._signed(row.difference))
            pct = row.percent
            self.table.setItem(i, 4, read_only_item("—" if pct is None else f"{pct:+.1f} %", RIGHT))
        self.table.resizeColumnsToContents()
        self._update_note()

    def _plain(self, value: int | None) -> str:
        return "—" if value is None else human_bytes(value, self.model.display.binary)

    @staticmethod
    def _exact(value: int | None) -> str:
        return "—" if value is None else f"{value:,} B"

    def _update_note(self) -> None:
        e, r = self.model.estimate.shown, self.model.measurement.result
        if r is None or e is None:
            self.note.setText(self.tr("Nothing measured yet. <b>Measure on this GPU</b> runs the training loop of "
                                      "these settings for three iterations and compares it with the prediction."))
            return
        source = {"calibrated": self.tr("calibrated on this machine"),
                  "measured": self.tr("catalogue values, measured on a reference GPU")}.get(
            e.runtime.source, self.tr("catalogue estimates"))
        self.note.setText(self.tr(
            "<b>Measured</b> on {device} (torch {torch}), batch {batch}: figures in the <i>Measured</i> column "
            "come from the allocator's counters. <b>Predicted</b> figures use runtime costs (workspace, CUDA "
            "context) that are {source}.").format(
                device=r.device_name or "?", torch=r.torch_version or "?", batch=r.config.batch_size, source=source))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Quantity"), self.tr("Predicted"), self.tr("Measured"),
                                              self.tr("Difference"), self.tr("Difference %")])
        self._refresh()
