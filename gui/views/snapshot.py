"""A memory snapshot recorded on a GPU beside the prediction (core.measure.snapshot): the peaks
and memory_allocated over the step, nothing run."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QVBoxLayout, QWidget

from core import Estimate, human_bytes
from core.measure.snapshot import SnapshotFigures, predicted_figures, snapshot_rows

from .widgets import RIGHT, quiet_plot, read_only_item

__all__ = ["SnapshotDialog"]


class SnapshotDialog(QDialog):
    def __init__(self, e: Estimate, measured: SnapshotFigures, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Measured (memory snapshot) vs predicted"))
        predicted = predicted_figures(e)
        self.rows = snapshot_rows(predicted, measured)
        note = QLabel(self.tr("{file}: the snapshot's trace replayed (the allocated blocks recovered from the "
                              "addresses), beside the same figures of the predicted step.").format(file=name),
                      wordWrap=True)
        self.table = QTableWidget(len(self.rows), 5)
        self.table.verticalHeader().hide()
        self.table.setHorizontalHeaderLabels([self.tr("Figure"), self.tr("Predicted"), self.tr("Measured"),
                                              self.tr("Difference"), "%"])
        names = {"peak allocated": self.tr("Peak allocated"), "peak active (requested)": self.tr("Peak requested"),
                 "peak reserved": self.tr("Peak reserved"), "allocations": self.tr("Allocations")}
        for i, r in enumerate(self.rows):
            count = r.name == "allocations"
            show = (lambda v: f"{v:,}") if count else human_bytes
            cells = [names.get(r.name, r.name), show(r.predicted or 0), show(r.measured or 0),
                     show(r.difference or 0) if r.difference is not None else "",
                     f"{r.percent:+.2f}" if r.percent is not None else ""]
            for j, text in enumerate(cells):
                self.table.setItem(i, j, read_only_item(text, RIGHT if j else None))
        self.table.resizeColumnsToContents()
        self.plot = pg.PlotWidget()
        item = quiet_plot(self.plot, 220, fixed=False)
        item.addLegend()
        item.setLabel("bottom", self.tr("share of the step's allocations and frees"))
        item.setLabel("left", self.tr("memory_allocated (MiB)"))
        for values, colour, label in ((predicted.sampled(), "#1f77b4", self.tr("predicted")),
                                      (measured.sampled(), "#d62728", self.tr("measured"))):
            xs = [i / max(1, len(values) - 1) for i in range(len(values))]
            item.plot(xs, [v / 2**20 for v in values], pen=pg.mkPen(colour, width=2), name=label)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table)
        layout.addWidget(self.plot, 1)
        self.resize(720, 560)
