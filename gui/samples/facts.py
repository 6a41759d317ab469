"""The facts panel: one image as a tensor, a batch of them, and how to show one."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QWidget

from core.datasets.folders import FolderInfo
from core.datasets.tensor_facts import TensorFacts
from core.units import grouped, human_bytes

__all__ = ["FactsPanel"]


def _shape(shape: tuple[int, ...]) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ")"


def _sizes(sizes: dict[tuple[int, int], int], limit: int = 4) -> str:
    shown = [f"{h}×{w} ({grouped(n)})" for (h, w), n in list(sizes.items())[:limit]]
    return ", ".join(shown) + (", …" if len(sizes) > limit else "")


class FactsPanel(QGroupBox):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.shape = self._row(form)
        self.batch = self._row(form)
        self.color = self._row(form)
        self.bytes = self._row(form)
        self.batch_bytes = self._row(form)
        self.display = self._row(form)
        self.sizes = self._row(form)
        self.show_facts(None, 64, "float32")

    @staticmethod
    def _row(form: QFormLayout) -> QLabel:
        label = QLabel(wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(label)
        return label

    def show_facts(self, facts: TensorFacts | None, batch_size: int, dtype: str,
                   folder: FolderInfo | None = None) -> None:
        self._shown = (facts, batch_size, dtype, folder)
        self.setTitle(self.tr("As a tensor"))
        self.setVisible(facts is not None)
        if facts is None:
            return
        self.shape.setText(self.tr("Tensor shape (C, H, W) = {0}").format(_shape(facts.shape)))
        self.batch.setText(self.tr("Batch shape (B, C, H, W) = {0}").format(_shape(facts.batch_shape(batch_size))))
        self.color.setText(self.tr("Grayscale: 1 channel") if facts.is_grayscale
                           else self.tr("RGB: 3 channels"))
        self.bytes.setText(self.tr("Bytes per image: {0} B as uint8, {1} B as {2}").format(
            grouped(facts.bytes_per_image("uint8")), grouped(facts.bytes_per_image(dtype)), dtype))
        total = facts.batch_bytes(batch_size, dtype)
        self.batch_bytes.setText(self.tr("One batch as {0}: {1} × {2} B = {3} B ({4})").format(
            dtype, batch_size, grouped(facts.bytes_per_image(dtype)), grouped(total), human_bytes(total)))
        self.display.setText(self.tr("To display: permute to (H, W, C) = {0}, e.g. x.permute(1, 2, 0)").format(
            _shape(facts.display_shape)))
        self.sizes.setVisible(folder is not None)
        if folder is not None:
            self.sizes.setText(self._folder_text(folder))

    def _folder_text(self, folder: FolderInfo) -> str:
        h, w = folder.resize_to
        text = self.tr("{0} images; modes: {1}").format(grouped(folder.image_count), ", ".join(folder.modes))
        if folder.mixed_sizes:
            text += "\n" + self.tr("Mixed sizes (H×W): {0}; resize to the most common, {1}×{2}").format(
                _sizes(folder.sizes), h, w)
        if folder.scanned < folder.image_count:
            text += "\n" + self.tr("(sizes from the first {0} images)").format(grouped(folder.scanned))
        return text

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.show_facts(*self._shown)
        super().changeEvent(event)
