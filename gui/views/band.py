"""Figures that rest on a guess, written as what they are: one figure where the engine is sure,
a range where cuDNN's convolution workspaces or the CUDA context were estimated (issue 18's
honest band); and the allocation a step that does not fit fails at, on whichever side of the
band it fails."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor

from core import Estimate, human_bytes
from core.engine.oom import OutOfMemoryAt

__all__ = ["BAND_BRUSH", "BAND_PEN_COLOR", "context_band", "device_band", "failing_allocation", "peak_band",
           "signed_bytes", "span", "workspace_line"]

translate = QCoreApplication.translate

BAND_PEN_COLOR = "#7b241c"
BAND_BRUSH = QBrush(QColor(BAND_PEN_COLOR), Qt.BrushStyle.BDiagPattern)
"""Hatched: the part of a bar that may or may not be there."""


def span(low: int, high: int, binary: bool) -> str:
    """One figure when the engine is sure (high == low) or the two read the same ("5.60 GiB",
    not "5.60 GiB – 5.60 GiB"), else "low – high", the smaller first: with larger workspaces the
    allocator can pack its segments tighter, so a "high side" figure can come out below the low
    side's."""
    low_text, high_text = human_bytes(min(low, high), binary), human_bytes(max(low, high), binary)
    if low_text == high_text:
        return low_text
    return translate("Band", "{low} – {high}").format(low=low_text, high=high_text)


def signed_bytes(n: int, binary: bool) -> str:
    """"+1.50 MiB", "−512 B", "0 B": a part of a difference, with its sign."""
    if n == 0:
        return human_bytes(0, binary)
    return ("+" if n > 0 else "−") + human_bytes(abs(n), binary)


def peak_band(e: Estimate) -> int:
    """What the estimated convolution workspaces may add to the allocated peak (0 when measured)."""
    return max(0, e.peak_high_bytes - e.peak_bytes)


def context_band(e: Estimate) -> int:
    """What the CUDA context may take beyond its estimate (0 where measured or calibrated)."""
    low, high = e.cuda_context_range
    return max(0, high - low)


def device_band(e: Estimate) -> int:
    """What nvidia-smi may show beyond `device_used_bytes`: the workspaces' and the context's."""
    return max(0, e.device_used_high_bytes - e.device_used_bytes)


def workspace_line(e: Estimate, binary: bool) -> str:
    """Where the convolution workspaces come from, in a sentence; "" without cuDNN convolutions."""
    if e.conv_workspaces == "measured":
        return translate("Band", "Convolution workspaces: measured for this GPU and cuDNN version.")
    if e.conv_workspaces != "estimated":
        return ""
    if human_bytes(e.peak_high_bytes, binary) == human_bytes(e.peak_bytes, binary):
        return translate(
            "Band", "Convolution workspaces: estimated (nothing measured for this GPU, cuDNN version and shapes); "
            "the peak is {peak} with or without them; the verdict and the batch sizes take the high side.").format(
            peak=human_bytes(e.peak_high_bytes, binary))
    return translate(
        "Band",
        "Convolution workspaces: estimated (nothing measured for this GPU, cuDNN version and shapes): the peak is "
        "between {low} and {high} (hatched); the verdict and the batch sizes take the high side.").format(
        low=human_bytes(e.peak_bytes, binary), high=human_bytes(e.peak_high_bytes, binary))


def failing_allocation(e: Estimate) -> tuple[OutOfMemoryAt, bool] | None:
    """The allocation the step runs out at, and whether only the high side of the band (the
    largest workspaces) runs out; None when it fits."""
    oom = e.out_of_memory_in
    return (oom, e.out_of_memory is None) if oom is not None else None
