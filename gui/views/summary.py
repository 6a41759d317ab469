"""The headline numbers: max and recommended batch size, and whether the run fits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from core import RECOMMENDED_FRACTION, Estimate, human_bytes

from ..model import CalculatorModel
from .dimming import set_dimmed
from .labels import course_estimate_explained, phase_label

__all__ = ["SummaryBox", "runtime_source_label"]

_BIG = "font-size: 20pt; font-weight: bold;"
_VERDICT = "font-size: 12pt; font-weight: bold; color: {color};"


def runtime_source_label(source: str) -> str:
    """Where the CUDA context and workspace figures come from, as the summary says it."""
    labels = {
        "measured": QCoreApplication.translate("SummaryBox", "measured"),
        "calibrated": QCoreApplication.translate("SummaryBox", "calibrated on this machine"),
    }
    return labels.get(source, QCoreApplication.translate("SummaryBox", "estimated"))


class SummaryBox(QGroupBox):
    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        self.max_caption, self.rec_caption = QLabel(), QLabel()
        self.max_value, self.rec_value = QLabel("–"), QLabel("–")
        for label in (self.max_value, self.rec_value):
            label.setStyleSheet(_BIG)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fits = QLabel()
        self.whole_set = QLabel(wordWrap=True)
        self.too_large = QLabel(wordWrap=True)
        self.too_large.setStyleSheet("color: #b9770e;")
        self.details = QLabel(wordWrap=True)
        grid.addWidget(self.max_caption, 0, 0)
        grid.addWidget(self.rec_caption, 0, 1)
        grid.addWidget(self.max_value, 1, 0)
        grid.addWidget(self.rec_value, 1, 1)
        grid.addWidget(self.fits, 2, 0, 1, 2)
        grid.addWidget(self.whole_set, 3, 0, 1, 2)
        grid.addWidget(self.too_large, 4, 0, 1, 2)
        grid.addWidget(self.details, 5, 0, 1, 2)
        model.estimate.shownChanged.connect(self._refresh)
        model.display.unitsChanged.connect(self._refresh)
        model.inputs.errorChanged.connect(self._refresh)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self._refresh()

    def _on_dimmed(self, dimmed: bool) -> None:
        set_dimmed(self, dimmed)

    def _refresh(self, *_: object) -> None:
        self.setTitle(self.tr("Result"))
        self.max_caption.setText(self.tr("Max batch size"))
        self.rec_caption.setText(self.tr("Recommended ({percent:.0f} %)").format(percent=RECOMMENDED_FRACTION * 100))
        e = self.model.estimate.shown
        if e is None:
            self._show_nothing()
            return
        self.max_value.setText(f"{e.max_batch_size:,}")
        self.rec_value.setText(f"{e.recommended_batch_size:,}")
        if e.fits:
            self.fits.setText(self.tr("✔ Fits on this GPU"))
            self.fits.setStyleSheet(_VERDICT.format(color="#1e8449"))
        else:
            self.fits.setText(self.tr("✘ Does not fit on this GPU"))
            self.fits.setStyleSheet(_VERDICT.format(color="#c0392b"))
        train_size = self.model.inputs.train_size()
        whole = train_size is not None and e.max_batch_size >= train_size
        self.whole_set.setVisible(whole)
        if whole:
            self.whole_set.setText(self.tr(
                "The whole training set ({images} images) fits in one batch.").format(images=f"{train_size:,}"))
        too_large = train_size is not None and e.config.batch_size > train_size
        self.too_large.setVisible(too_large)
        if too_large:
            self.too_large.setText(self.tr(
                "⚠ The batch ({batch}) is larger than the training set ({images} images): a DataLoader gives at "
                "most {images} images a batch, so this batch never happens in training.").format(
                batch=f"{e.config.batch_size:,}", images=f"{train_size:,}"))
        self.details.setText(self._details(e))

    def _show_nothing(self) -> None:
        self.max_value.setText("–")
        self.rec_value.setText("–")
        self.whole_set.hide()
        self.too_large.hide()
        self.fits.setStyleSheet(_VERDICT.format(color="#666"))
        if self.model.inputs.error is not None:
            self.fits.setText(self.tr("No result: fix the input above."))
        else:
            self.fits.setText(self.tr("Computing…"))
        self.details.setText("")

    def _details(self, e: Estimate) -> str:
        binary = self.model.display.binary

        def size(n: int) -> str:
            return human_bytes(n, binary)

        text = self.tr(
            "Peak {peak} allocated at {phase} (iteration {it}); the allocator reserves up to {reserved}. "
            "nvidia-smi would show {used} of {gpu}, with the CUDA context {ctx} ({source}). Course estimate: {naive}."
        ).format(peak=size(e.peak_bytes), phase=phase_label(e.peak_phase[0]), it=e.peak_phase[1],
                 reserved=size(e.peak_reserved_bytes), used=size(e.device_used_bytes), gpu=size(e.gpu_memory_bytes),
                 ctx=size(e.runtime.cuda_context_bytes), source=runtime_source_label(e.runtime.source),
                 naive=size(e.naive_bytes))
        if e.config.allocator_limit is not None:
            text += " " + self.tr("The allocator may use {limit}.").format(limit=size(e.usable_bytes))
        text += "\n" + course_estimate_explained()
        if e.max_batch_size == 0:
            text += "\n" + self.why_nothing_fits(e)
        return text

    def why_nothing_fits(self, e: Estimate) -> str:
        """Not even a batch of one fits: what the model and its optimizer take whatever the batch."""
        binary = self.model.display.binary
        p = e.persistent_bytes
        return self.tr(
            "Not even a batch of one fits: the parameters ({params}), their gradients ({grads}), the optimizer "
            "state ({state}) and the workspaces ({ws}) alone take {total}, whatever the batch, of the {usable} "
            "the allocator may use."
        ).format(params=human_bytes(p["parameters"], binary), grads=human_bytes(p["gradients"], binary),
                 state=human_bytes(p["optimizer_state"], binary), ws=human_bytes(p["workspace"], binary),
                 total=human_bytes(sum(p.values()), binary),
                 usable=human_bytes(e.usable_bytes - (0 if e.config.allocator_limit else e.runtime.cuda_context_bytes),
                                    binary))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._refresh()
        super().changeEvent(event)
