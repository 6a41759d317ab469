"""The engine's reasons why nothing can be measured here, in the interface language."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

__all__ = ["unavailable_reason"]

translate = QCoreApplication.translate



def unavailable_reason(reason: str) -> str:
    """core.measure's English reason ("no CUDA device (...)"), translated where it is one it gives."""
    whole = {
        "PyTorch is not installed": translate("Reasons", "PyTorch is not installed"),
        "no CUDA device (torch.cuda.is_available() is False)": translate("Reasons",
            "no CUDA device (torch.cuda.is_available() is False)"),
        "no CUDA device": translate("Reasons", "no CUDA device"),
    }
    if reason in whole:
        return whole[reason]
    prefixes = {
        "PyTorch could not be imported: ": translate("Reasons", "PyTorch could not be imported: {detail}"),
        "CUDA error: ": translate("Reasons", "CUDA error: {detail}"),
    }
    for prefix, text in prefixes.items():
        if reason.startswith(prefix):
            return text.format(detail=reason[len(prefix):])
    return reason
