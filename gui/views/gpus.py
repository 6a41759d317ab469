"""Which GPU: the inputs on screen estimated on every card of the catalogue (core.engine.gpu_table),
found off the GUI thread when asked (a traced model in the remedies' process)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QPushButton, QTableWidget, QVBoxLayout, QWidget

from core import GpuRow, TrainingConfig, compare_gpus, human_bytes

from ..model import CalculatorModel
from ..model.estimate_process import cancellable
from ..workers import Job, ThreadKeeper
from .widgets import RIGHT, read_only_item

__all__ = ["GpuPanel"]

_FITS, _NOT = QColor("#e6f4e6"), QColor("#fbe9e7")


class GpuPanel(QWidget):
    """A Compare button, a note and the table: card, architecture, CUDA memory, context, fits,
    max and recommended batch, share of the card; measured figures marked."""

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.button = QPushButton()
        self.button.clicked.connect(self.compare)
        self.note = QLabel(wordWrap=True)
        self.table = QTableWidget(0, 9)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.note)
        layout.addWidget(self.table, 1)
        self.rows: list[GpuRow] = []
        self._for: TrainingConfig | None = None
        self._job: Job | None = None
        self._keeper = ThreadKeeper(self)
        model.inputs.stateChanged.connect(self._show)
        self.retranslate()

    def compare(self) -> None:
        config = self.model.inputs.config
        if config is None:
            return
        if self._job is not None:
            self._job.cancel()
        process = self.model.remedies.runner.process
        if process is not None and not config.is_plain_mlp:
            fn: Callable[..., object] = cancellable(process, "gpus", config)
        else:
            def fn(_progress: Callable[..., None], _cancel: threading.Event) -> object:
                return compare_gpus(config)
        job = Job(fn, tag=config)
        job.succeeded.connect(self._on_done)
        job.failed.connect(self._on_failed)
        self._for, self.rows = config, []
        self._job = self._keeper.start(job)
        self._show()

    def wait(self, timeout_s: float) -> bool:
        return self._keeper.wait_all(timeout_s)

    def running(self) -> int:
        return len(self._keeper.running())

    def shutdown(self) -> None:
        if self._job is not None:
            self._job.cancel()
        self._keeper.stop_all()

    def _on_done(self, job: Job, rows: object) -> None:
        if job is self._job and isinstance(rows, list):
            self._job, self.rows = None, rows
            self._show()

    def _on_failed(self, job: Job, error: object) -> None:
        if job is self._job:
            self._job = None
            self.note.setText(self.tr("The comparison failed: {error}").format(error=error))

    def _show(self, *_: object) -> None:
        busy = self._job is not None
        stale = self._for is not None and self._for != self.model.inputs.config
        self.note.setText(self.tr("Estimating on every card…") if busy else self._note(stale))
        self.table.setRowCount(0 if stale else len(self.rows))
        for i, r in enumerate([] if stale else self.rows):
            self._fill(i, r)
        self.table.resizeColumnsToContents()

    def _note(self, stale: bool) -> str:
        if not self.rows or stale:
            return self.tr("Compare the inputs on screen on every GPU of the catalogue: whether they fit, the "
                           "largest and the recommended batch, and the share of the card they take.")
        return self.tr("Cards the setup fits come first, the smallest first. * estimated: CUDA's total memory "
                       "was not measured for the card (the figure nvidia-smi lists stands in; CUDA reports a "
                       "little less), or its CUDA context comes from library defaults. Rows marked measured rest "
                       "on figures measured on such a card.")

    def _fill(self, i: int, r: GpuRow) -> None:
        g = r.gpu
        cells = [
            g.name, g.arch, human_bytes(g.usable_bytes) + ("" if r.memory_measured else " *"),
            human_bytes(r.context_bytes) + (" *" if r.context_source == "estimated" else ""),
            self.tr("yes") if r.fits else self.tr("no"), f"{r.max_batch_size:,}", f"{r.recommended_batch_size:,}",
            f"{100 * r.share:.1f} %", self.tr("measured") if r.measured else "",
        ]
        for j, text in enumerate(cells):
            item = read_only_item(text, RIGHT if 2 <= j <= 7 else None)
            item.setBackground(_FITS if r.fits else _NOT)
            self.table.setItem(i, j, item)

    def retranslate(self) -> None:
        self.button.setText(self.tr("Compare GPUs"))
        self.table.setHorizontalHeaderLabels([
            self.tr("GPU"), self.tr("Architecture"), self.tr("CUDA memory"), self.tr("CUDA context"), self.tr("Fits"),
            self.tr("Max batch"), self.tr("Recommended"), self.tr("Of the card"), self.tr("Figures")])
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
