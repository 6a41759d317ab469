"""The headline numbers: max and recommended batch size, and whether the run fits."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QWidget

from core import RECOMMENDED_FRACTION, Estimate, human_bytes
from core.engine.oom import OutOfMemoryAt

from ..model import CalculatorModel
from .band import failing_allocation, signed_bytes, span, workspace_line
from .dimming import DIMMED_TEXT, text_color
from .labels import course_estimate_explained, phase_label
from .widgets import Staggered

__all__ = ["SummaryBox", "runtime_source_label"]

_FITS, _FAILS, _NEUTRAL = QColor("#1e8449"), QColor("#c0392b"), QColor("#666")


def _bold(font: QFont, point_size: int) -> QFont:
    bold = QFont(font)
    bold.setPointSize(point_size)
    bold.setBold(True)
    return bold


def runtime_source_label(source: str) -> str:
    """Where the CUDA context and workspace figures come from, as the summary says it."""
    labels = {
        "measured": QCoreApplication.translate("SummaryBox", "measured"),
        "calibrated": QCoreApplication.translate("SummaryBox", "calibrated on this machine"),
    }
    return labels.get(source, QCoreApplication.translate("SummaryBox", "estimated"))


class SummaryBox(Staggered, QGroupBox):
    """The headline figures of the estimate on screen. A new result takes its turns in the
    window's StaggeredPaint, first in line: its texts, the layouts they ask for (word-wrapped
    paragraphs measured, the column around it following its height), then its repaint; they took
    6 ms in the result's own pass. It greys itself through palettes (Greys): its colours are
    palettes too, not style sheets, which polished a label anew at each change."""

    def __init__(self, model: CalculatorModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(18)
        self.max_caption, self.rec_caption = QLabel(wordWrap=True), QLabel(wordWrap=True)  # per GPU: long
        self.max_value, self.rec_value = QLabel("–"), QLabel("–")
        for label in (self.max_value, self.rec_value):
            label.setFont(_bold(label.font(), 20))
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fits = QLabel()
        self.fits.setFont(_bold(self.fits.font(), 12))
        self.whole_set = QLabel(wordWrap=True)
        self.too_large = QLabel(wordWrap=True)
        self.details = QLabel(wordWrap=True)
        self.scope = QLabel(wordWrap=True)
        """What the figures are of: inference, or one GPU of several (its own figures, NCCL and the global batch)."""
        self.scope.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._colors = {self.fits: _NEUTRAL, self.too_large: QColor("#b9770e"), self.scope: QColor("#1f4e79")}
        self._greyed = False
        for label in self._colors:
            self._tint(label)
        grid.addWidget(self.max_caption, 0, 0)
        grid.addWidget(self.rec_caption, 0, 1)
        grid.addWidget(self.max_value, 1, 0)
        grid.addWidget(self.rec_value, 1, 1)
        grid.addWidget(self.fits, 2, 0, 1, 2)
        grid.addWidget(self.scope, 3, 0, 1, 2)
        grid.addWidget(self.whole_set, 4, 0, 1, 2)
        grid.addWidget(self.too_large, 5, 0, 1, 2)
        grid.addWidget(self.details, 6, 0, 1, 2)
        model.estimate.shownChanged.connect(self._on_shown)
        model.display.unitsChanged.connect(self._refresh)
        model.inputs.errorChanged.connect(self._refresh)
        model.estimate.dimmedChanged.connect(self._on_dimmed)
        self._refresh()

    def redraw(self, *_: object) -> None:
        self._refresh()

    def redraw_unprepared(self) -> bool:
        self.redraw()
        return True

    def prepare_for_paint(self) -> None:
        """The layouts its new texts ask for, now, its own and each one around it in turn (the
        column, the scroll area): one pass of the event loop lays out one of them, and the
        summary was painted anew after each."""
        widget: QWidget | None = self
        while widget is not None:
            QCoreApplication.sendPostedEvents(widget, QEvent.Type.LayoutRequest)
            widget = widget.parentWidget()

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
        self._show_scope(e)
        if e.fits and e.per_gpu is not None:
            self.fits.setText(self.tr("✔ Fits on each of the {gpus} GPUs").format(gpus=e.per_gpu.gpus))
            self._verdict_color(_FITS)
        elif e.per_gpu is not None:
            self.fits.setText(self.tr("✘ Does not fit: each of the {gpus} GPUs runs out").format(gpus=e.per_gpu.gpus))
            self._verdict_color(_FAILS)
        elif e.fits:
            self.fits.setText(self.tr("✔ Fits on this GPU"))
            self._verdict_color(_FITS)
        else:
            self.fits.setText(self.tr("✘ Does not fit on this GPU"))
            self._verdict_color(_FAILS)
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

    def _verdict_color(self, color: QColor) -> None:
        if self._colors[self.fits] != color:
            self._colors[self.fits] = color
            self._tint(self.fits)

    def _tint(self, label: QLabel) -> None:
        text_color(label, DIMMED_TEXT if self._greyed else self._colors[label])

    def grey(self, dimmed: bool) -> None:
        self._greyed = dimmed
        text_color(self, DIMMED_TEXT if dimmed else None)
        for label in self._colors:
            self._tint(label)

    def greyed(self) -> bool:
        return self._greyed

    def _show_nothing(self) -> None:
        self.max_value.setText("–")
        self.rec_value.setText("–")
        self.whole_set.hide()
        self.too_large.hide()
        self.scope.hide()
        self._verdict_color(_NEUTRAL)
        if self.model.inputs.error is not None:
            self.fits.setText(self.tr("No result: fix the input above."))
        else:
            self.fits.setText(self.tr("Computing…"))
        self.details.setText("")

    def _show_scope(self, e: Estimate) -> None:
        """Captions per GPU with the global batch, and a paragraph on what the figures are of."""
        d = e.per_gpu
        if d is not None:
            self.max_caption.setText(self.tr("Max batch per GPU (global {batch})").format(
                batch=f"{d.max_global_batch:,}"))
            self.rec_caption.setText(self.tr("Recommended per GPU (global {batch})").format(
                batch=f"{d.gpus * e.recommended_batch_size:,}"))
        elif e.config.inference:
            self.max_caption.setText(self.tr("Max batch size (inference)"))
        parts = [self.inference_text()] if e.config.inference else []
        parts += [self.per_gpu_text(e)] if d is not None else []
        self.scope.setText("\n".join(parts))
        self.scope.setVisible(bool(parts))

    def inference_text(self) -> str:
        return self.tr(
            "Inference: model.eval() and the forward under torch.inference_mode(), batch after batch. No "
            "gradients, no optimizer state, no activations saved for backward: what stays alive is the "
            "parameters, the batch and its outputs, the forward's temporaries (freed layer by layer) and the "
            "cuBLAS/cuDNN workspaces. The course estimate beside it counts training's four places, for comparison.")

    def per_gpu_text(self, e: Estimate) -> str:
        """Rank 0's figures (the largest), what nvidia-smi shows with NCCL's memory, and the global batch."""
        d, binary = e.per_gpu, self.model.display.binary
        assert d is not None
        strategy = {"ddp": "DDP", "fsdp": "FSDP2"}.get(d.strategy, d.strategy)
        return self.tr(
            "Per GPU ({strategy} on {gpus} GPUs; rank 0, the largest): peak {peak} allocated, {reserved} reserved. "
            "nvidia-smi would show {used} on each GPU: reserved, the CUDA context {ctx} and NCCL's {nccl}, which "
            "lives outside the allocator (an estimate: NCCL sizes it by channels and topology). Batch {batch} per "
            "GPU, global batch {global_batch} ({gpus} × {batch}); max batch {max} per GPU, global {max_global} "
            "({gpus} × {max})."
        ).format(strategy=strategy, gpus=d.gpus, peak=human_bytes(d.peak_bytes, binary),
                 reserved=human_bytes(d.reserved_bytes, binary),
                 used=span(d.device_used_bytes, d.device_used_high_bytes, binary),
                 ctx=human_bytes(d.context_bytes, binary), nccl=span(d.nccl.low, d.nccl.high, binary),
                 batch=f"{d.batch_size:,}", global_batch=f"{d.global_batch:,}", max=f"{d.max_batch_size:,}",
                 max_global=f"{d.max_global_batch:,}")

    def _details(self, e: Estimate) -> str:
        binary = self.model.display.binary
        failing = failing_allocation(e)
        text = self._fit_text(e) if failing is None else self.out_of_memory_text(e, *failing)
        if e.config.allocator_limit is not None:
            text += " " + self.tr("The allocator may use {limit}.").format(limit=human_bytes(e.usable_bytes, binary))
        workspaces = workspace_line(e, binary)
        if workspaces:
            text += "\n" + workspaces
        text += "\n" + self.naive_differences_text(e) + "\n" + course_estimate_explained()
        if e.max_batch_size == 0:
            text += "\n" + self.why_nothing_fits(e)
        return text

    def _context(self, e: Estimate) -> dict[str, str]:
        return {"ctx": span(*e.cuda_context_range, self.model.display.binary),
                "source": runtime_source_label(e.runtime.source)}

    def _fit_text(self, e: Estimate) -> str:
        """The peak, reserved memory and what nvidia-smi shows: ranges where they rest on a guess."""
        binary = self.model.display.binary
        return self.tr(
            "Peak {peak} allocated at {phase} (iteration {it}); the allocator reserves up to {reserved}. "
            "nvidia-smi would show {used} of {gpu}, with the CUDA context {ctx} ({source}). Course estimate: {naive}."
        ).format(peak=span(e.peak_bytes, e.peak_high_bytes, binary), phase=phase_label(e.peak_phase[0]),
                 it=e.peak_phase[1], reserved=span(e.peak_reserved_bytes, e.reserved_high_bytes, binary),
                 used=span(e.device_used_bytes, e.device_used_high_bytes, binary),
                 gpu=human_bytes(e.gpu_memory_bytes, binary), naive=human_bytes(e.naive_bytes, binary),
                 **self._context(e))

    def out_of_memory_text(self, e: Estimate, oom: OutOfMemoryAt, high_side: bool = False) -> str:
        """What happens at the failing allocation (the phase the bar chart's title names), then
        the peak the step would reach with memory to spare."""
        binary = self.model.display.binary

        def size(n: int) -> str:
            return human_bytes(n, binary)

        text = self.tr("With the largest workspaces the convolutions can take: ") if high_side else ""
        text += self.tr(
            "Out of memory in {phase} of iteration {it}: {tensor} asks for {requested}. The allocator, having "
            "released what it had cached, asks for a new {segment} segment, but it holds {reserved} ({allocated} in "
            "tensors, {cached} cached in segments still in use) and only {free} of the {capacity} it may use is "
            "free. With memory to spare the step would peak at {peak} allocated ({peak_phase}, iteration {peak_it}) "
            "and {unbounded} reserved, with the CUDA context {ctx} ({source}). Course estimate: {naive}."
        ).format(phase=phase_label(oom.phase), it=oom.iteration, tensor=oom.tensor, requested=size(oom.requested_bytes),
                 segment=size(oom.segment_bytes), reserved=size(oom.reserved_bytes),
                 allocated=size(oom.allocated_bytes), cached=size(oom.cached_bytes), free=size(oom.free_bytes),
                 capacity=size(oom.capacity_bytes), peak=span(e.peak_bytes, e.peak_high_bytes, binary),
                 peak_phase=phase_label(e.peak_phase[0]), peak_it=e.peak_phase[1],
                 unbounded=span(e.unbounded_reserved_bytes, e.high.unbounded_reserved_bytes if e.high is not None
                                else e.unbounded_reserved_bytes, binary),
                 naive=size(e.naive_bytes), **self._context(e))
        return text

    def naive_differences_text(self, e: Estimate) -> str:
        """Why the peak is not the course's estimate, in parts that add up to the difference."""
        d, binary = e.naive_differences, self.model.display.binary
        template = (self.tr("Peak − course estimate = {diff}: cuBLAS workspace {workspace}, temporaries "
                            "{temporaries}, rounding up to the allocator's blocks {rounding}, the moment of the peak "
                            "{moment}.") if e.exact else
                    self.tr("Low peak − course estimate = {diff}: cuBLAS workspace {workspace}, temporaries "
                            "{temporaries}, rounding up to the allocator's blocks {rounding}, the moment of the peak "
                            "{moment}; the convolution workspaces come on top."))
        return template.format(diff=signed_bytes(e.peak_bytes - e.naive_bytes, binary),
                               workspace=signed_bytes(d["workspace"], binary),
                               temporaries=signed_bytes(d["temporaries"], binary),
                               rounding=signed_bytes(d["block_rounding"], binary),
                               moment=signed_bytes(d["moment"], binary))

    def why_nothing_fits(self, e: Estimate) -> str:
        """Not even a batch of one fits: what the model and its optimizer take whatever the batch."""
        binary = self.model.display.binary
        p = e.persistent_bytes
        if e.config.inference:
            return self.tr(
                "Not even a batch of one runs: the parameters ({params}) and the workspaces ({ws}) alone take "
                "{total}, whatever the batch, of the {usable} the allocator may use."
            ).format(params=human_bytes(p["parameters"], binary), ws=human_bytes(p["workspace"], binary),
                     total=human_bytes(sum(p.values()), binary),
                     usable=human_bytes(e.usable_bytes - (0 if e.config.allocator_limit else
                                                          e.runtime.cuda_context_bytes), binary))
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
