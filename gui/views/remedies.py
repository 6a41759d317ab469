"""The remedies panel: what changing one thing does (a smaller batch, zero_grad first, mixed
precision, checkpointing, a leaner optimizer, expandable segments, and the best combination),
ranked by the device memory it saves, each with its max batch, whether it fits and its cost;
one click applies a remedy to the inputs. Found in a worker, on demand or when the config does
not fit; the last list stays, greyed, while the inputs differ from its own."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from core import ConfigError, human_bytes
from core.engine.remedies import Remedy

from ..model import CalculatorModel, InputError
from .dimming import set_dimmed
from .labels import formula_language, model_label
from .widgets import RIGHT, read_only_item

__all__ = ["RemediesPanel"]

COLUMNS = 7
CHANGE, MEMORY, LARGEST, RECOMMENDED, FITS, COST, APPLY = range(COLUMNS)


class RemediesPanel(QWidget):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.status = QLabel(wordWrap=True)
        self.find_button = QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.status, 1)
        top.addWidget(self.find_button)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COST, QHeaderView.ResizeMode.Stretch)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        self.apply_buttons: list[QPushButton] = []
        self.remedies = model.remedies
        self.find_button.clicked.connect(self.remedies.request)
        self.remedies.listChanged.connect(self._refill)
        self.remedies.statusChanged.connect(self._refresh)
        model.display.unitsChanged.connect(self._refill)
        self.find_button.setText(self.tr("Find remedies"))
        self._refill()
        self._refresh()

    def shown(self) -> list[Remedy]:
        last = self.remedies.last()
        return list(last[1]) if last is not None else []

    def _refresh(self, *_: object) -> None:
        current = self.remedies.is_current()
        set_dimmed(self.table, self.remedies.last() is not None and not current)
        for button in self.apply_buttons:
            button.setEnabled(current)
        self.find_button.setEnabled(self.model.inputs.config is not None and not current and not self.remedies.busy())
        self.status.setText(self._status_text())

    def _status_text(self) -> str:
        config, error = self.model.inputs.config, self.remedies.error()
        if config is None:
            return self.tr("Fix the inputs to find remedies.")
        if error is not None:
            detail = (InputError.from_config_error(error).text() if isinstance(error, ConfigError)
                      else f"{type(error).__name__}: {error}")
            return self.tr("The remedies could not be found: {error}").format(error=detail)
        if self.remedies.busy():
            return self.tr("Finding remedies for {model}: every one is an estimate of its own…").format(
                model=model_label(config))
        if self.remedies.is_current():
            return self.tr("What changing one thing does for {model} at batch {batch}, the most device memory "
                           "saved first. Apply one to make it the inputs.").format(
                model=model_label(config), batch=f"{config.batch_size:,}")
        if self.remedies.last() is not None:
            return self.tr("The greyed remedies are for other inputs: find them again for these.")
        return self.tr("Find what would make it fit: a smaller batch, mixed precision, checkpointing, another "
                       "optimizer, the allocator's expandable segments. Found by itself when it does not fit.")

    def _refill(self, *_: object) -> None:
        self.table.setHorizontalHeaderLabels([self.tr("Change"), self.tr("Device memory"), self.tr("Largest batch"),
                                              self.tr("Recommended batch"), self.tr("Fits"), self.tr("Cost"), ""])
        last = self.remedies.last()
        current, remedies = last if last is not None else (None, [])
        self.table.setRowCount(len(remedies))
        self.apply_buttons = []
        language = formula_language()
        for row, remedy in enumerate(remedies):
            assert current is not None
            change, cost = remedy.text(current, language)
            batch = remedy.batch_text(language)
            cells = [
                read_only_item(change, tip=change if remedy.changes_batch else f"{change}: {batch}"),
                read_only_item(self.memory_text(remedy), RIGHT, f"{remedy.saved_bytes:,} B"),
                read_only_item(f"{remedy.max_batch_size:,}", RIGHT, batch),
                read_only_item(f"{remedy.recommended_batch_size:,}", RIGHT, batch),
                read_only_item(self.tr("✔ fits") if remedy.fits else self.tr("✘ does not fit")),
                read_only_item(cost),
            ]
            cells[FITS].setForeground(Qt.GlobalColor.darkGreen if remedy.fits else Qt.GlobalColor.darkRed)
            for col, cell in enumerate(cells):
                if not remedy.helps:
                    cell.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, col, cell)
            button = QPushButton(self.tr("Apply"))
            button.clicked.connect(lambda _checked=False, r=remedy: self.remedies.apply(r))
            button.setEnabled(self.remedies.is_current())
            self.apply_buttons.append(button)
            self.table.setCellWidget(row, APPLY, button)
        self.table.resizeRowsToContents()

    def memory_text(self, remedy: Remedy) -> str:
        """What the remedy does to the device memory the step needs, in words that carry the sign."""
        if not remedy.helps:
            return self.tr("does not help here")
        size = human_bytes(abs(remedy.saved_bytes), self.model.display.binary)
        if remedy.saved_bytes > 0:
            return self.tr("saves {size}").format(size=size)
        if remedy.saved_bytes < 0:
            return self.tr("needs {size} more").format(size=size)
        return self.tr("the same")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.find_button.setText(self.tr("Find remedies"))
            self._refill()
            self._refresh()
        super().changeEvent(event)
