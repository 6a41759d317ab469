"""A grid of sample images with their labels."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from core.datasets.tensor_facts import Sample

__all__ = ["SampleGrid", "to_qimage"]


def to_qimage(image: np.ndarray) -> QImage:
    """uint8 (H, W, 1) or (H, W, 3) → a QImage that owns a copy of the pixels."""
    if image.dtype != np.uint8 or image.ndim != 3 or image.shape[2] not in (1, 3):
        raise ValueError(f"expected uint8 (H, W, 1|3), got {image.dtype} {image.shape}")
    h, w, c = image.shape
    pixels = np.ascontiguousarray(image)
    fmt = QImage.Format.Format_Grayscale8 if c == 1 else QImage.Format.Format_RGB888
    return QImage(pixels.data, w, h, w * c, fmt).copy()


class _Tile(QWidget):
    def __init__(self, size: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.picture = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.picture.setFixedSize(size, size)
        self.picture.setStyleSheet("background: #202020;")
        self.caption = QLabel(alignment=Qt.AlignmentFlag.AlignCenter)
        self.caption.setFixedWidth(size + 16)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        layout.addWidget(self.picture, alignment=Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.caption)

    def show_sample(self, sample: Sample) -> None:
        image = to_qimage(sample.image)
        small = image.width() < self.picture.width()  # keep pixels sharp when enlarging
        mode = Qt.TransformationMode.FastTransformation if small else Qt.TransformationMode.SmoothTransformation
        size = self.picture.size()
        self.picture.setPixmap(QPixmap.fromImage(image).scaled(size, Qt.AspectRatioMode.KeepAspectRatio, mode))
        metrics = self.caption.fontMetrics()
        self.caption.setText(metrics.elidedText(sample.name, Qt.TextElideMode.ElideRight, self.caption.width()))
        self.caption.setToolTip(sample.name)


class SampleGrid(QWidget):
    """rows × columns tiles; ``show_samples`` fills them in order and hides the rest."""

    def __init__(self, rows: int = 4, columns: int = 4, tile: int = 72, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QGridLayout(self)
        layout.setSpacing(4)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tiles = [_Tile(tile) for _ in range(rows * columns)]
        for i, t in enumerate(self.tiles):
            policy = t.sizePolicy()
            policy.setRetainSizeWhenHidden(True)  # the grid keeps its size when few samples show
            t.setSizePolicy(policy)
            layout.addWidget(t, i // columns, i % columns)
        self.clear()

    @property
    def capacity(self) -> int:
        return len(self.tiles)

    def shown(self) -> int:
        return sum(not t.isHidden() for t in self.tiles)

    def show_samples(self, samples: Sequence[Sample]) -> None:
        for tile, sample in zip(self.tiles, samples):
            tile.show_sample(sample)
            tile.setHidden(False)
        for tile in self.tiles[len(samples):]:
            tile.setHidden(True)
        self.setHidden(not samples)

    def clear(self) -> None:
        self.show_samples(())
