"""DisplayOptions: how the views show an estimate (units, whether the training charts stack the
cuBLAS workspace); no view computes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

__all__ = ["DisplayOptions"]


class DisplayOptions(QObject):
    unitsChanged = Signal(bool)  # binary
    workspaceShownChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._binary = True
        self._show_workspace = False

    @property
    def binary(self) -> bool:
        """GiB (True) or GB."""
        return self._binary

    @property
    def show_workspace(self) -> bool:
        """Whether the training charts stack the cuBLAS workspace on the training's tensors (the
        device strip always shows it, with CUDA's other fixed costs)."""
        return self._show_workspace

    def set_binary(self, binary: bool) -> None:
        if binary != self._binary:
            self._binary = binary
            self.unitsChanged.emit(binary)

    def set_show_workspace(self, show: bool) -> None:
        if show != self._show_workspace:
            self._show_workspace = show
            self.workspaceShownChanged.emit(show)
