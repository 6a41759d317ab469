"""Find this machine's GPU off the GUI thread: importing torch takes seconds."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot

__all__ = ["GpuProbe", "LocalGpu", "probe_torch"]

LocalGpu = tuple[str, int]  # (name, total memory in bytes)


def probe_torch() -> LocalGpu | None:
    """The first CUDA device, or None. Imports torch, so never call it on the GUI thread."""
    from core.measure.machine import first_gpu

    device = first_gpu()
    return None if device is None else (device["name"], device["total_memory_bytes"])


class _Worker(QObject):
    found = Signal(object)
    failed = Signal(str)

    def __init__(self, probe: Callable[[], LocalGpu | None]) -> None:
        super().__init__()
        self._probe = probe

    @Slot()
    def run(self) -> None:
        try:
            result = self._probe()
        except Exception as exc:  # a missing or broken torch must not crash the app
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.found.emit(result)


class GpuProbe(QObject):
    """Runs one probe in a QThread. Signals are re-emitted from this GUI-thread object."""

    found = Signal(object)  # LocalGpu or None
    failed = Signal(str)
    finished = Signal()

    def __init__(self, probe: Callable[[], LocalGpu | None] = probe_torch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread = QThread()
        self._thread.setObjectName("memcalc-gpu-probe")
        self._worker = _Worker(probe)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.found.connect(self._on_found)
        self._worker.failed.connect(self._on_failed)

    def start(self) -> None:
        self._thread.start()

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def stop(self, timeout_ms: int = 10_000) -> bool:
        """Ask the thread to end and wait (bounded); True when it has ended."""
        self._thread.quit()
        return self._thread.wait(timeout_ms)

    @Slot(object)
    def _on_found(self, result: object) -> None:
        self._thread.quit()
        self.found.emit(result)
        self.finished.emit()

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._thread.quit()
        self.failed.emit(message)
        self.finished.emit()
