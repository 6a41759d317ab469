"""Help → Guide (F1): what the window shows and what each input does to memory, in a few
paragraphs, in the interface's language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

__all__ = ["GuideDialog", "guide_html"]


def guide_html() -> str:
    translate = QCoreApplication.translate
    parts = [
        ("<h3>{}</h3>", translate("Guide", "What memcalc shows")),
        ("<p>{}</p>", translate(
            "Guide", "memcalc predicts the peak of torch.cuda.max_memory_allocated() while your model "
                                   "trains, and the largest batch that fits, before you train. Change an input on "
                                   "the left and every figure follows.")),
        ("<p>{}</p>", translate(
            "Guide", "<b>Overview.</b> The strip at the top is the whole GPU: your training, then what "
                                   "CUDA and its libraries take whatever the model (the cuBLAS workspace, the "
                                   "allocator's cache, the CUDA context), against the card's capacity. Below, the "
                                   "bars show your training alone at its own scale: the course's four places "
                                   "(parameters, gradients, optimizer state, the data batch with the activations) "
                                   "and the temporaries, predicted beside the course estimate. The timeline shows "
                                   "each phase of the first three iterations; hover a bar for its figures.")),
        ("<p>{}</p>", translate(
            "Guide", "<b>Course estimate</b> adds the four places, all alive at once. The real peak "
                                   "differs: the cuBLAS workspace, temporaries, 512-byte blocks, and the moment of "
                                   "the peak (after backward the activations are gone).")),
        ("<p>{}</p>", translate(
            "Guide", "<b>When it does not fit</b>, the Remedies tab ranks what one change does: a "
                                   "smaller batch, mixed precision, gradient checkpointing, another optimizer, "
                                   "zero_grad() before forward, expandable segments. Apply makes it your input.")),
        ("<p>{}</p>", translate(
            "Guide", "<b>Inputs.</b> Dtype sets the whole model's number size; Mixed precision keeps "
                                   "the model in float32 and runs forward under autocast (GradScaler for float16); "
                                   "Checkpointing recomputes activations instead of keeping them; the allocator "
                                   "options are PYTORCH_CUDA_ALLOC_CONF's. Hover any input for what it does.")),
        ("<p>{}</p>", translate(
            "Guide", "<b>Tabs.</b> Layers lists every module with its output shape and parameters; "
                                   "Memory per layer shows what each layer keeps for backward; Layer builder "
                                   "builds a CNN layer by layer. File exports the overview as PNG, the estimate "
                                   "as JSON and the components as CSV.")),
    ]
    return "".join(form.format(text) for form, text in parts)


class GuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("memcalc guide"))
        self.text = QTextBrowser()
        self.text.setHtml(guide_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.text)
        column.addWidget(buttons)
        self.resize(560, 520)
