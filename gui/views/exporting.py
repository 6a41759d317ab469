"""Writing what the window shows: the estimate as JSON and CSV (keys for programs), the chart as
PNG, and a plain-text summary for the clipboard (words in the interface language)."""

from __future__ import annotations

import csv
import errno
import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QImage

from core import ALL_COMPONENTS, Estimate, human_bytes

from .labels import component_label, dataset_label, model_label, optimizer_label, phase_label, zero_grad_label
from .summary import runtime_source_label

__all__ = ["PNG_QUALITY", "save_png", "summary_text", "with_suffix", "write_csv", "write_json"]

translate = QCoreApplication.translate

PNG_QUALITY = 80
"""Qt's PNG quality, its zlib level backwards (80: level 1): the window's PNGs come out a tenth smaller
and a third faster than at Qt's default, pixel for pixel the same."""


def with_suffix(path: str | Path, suffix: str) -> Path:
    """`path` ending in `suffix` (".png"): added when the name has another ending or none."""
    path = Path(path)
    return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)


def _folder_must_exist(path: Path) -> None:
    if not path.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, "the folder does not exist", str(path.parent))


def write_json(e: Estimate, path: str | Path) -> Path:
    path = with_suffix(path, ".json")
    _folder_must_exist(path)
    path.write_text(json.dumps(e.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def write_csv(e: Estimate, path: str | Path) -> Path:
    """One row per component at the peak, then the total; bytes exact, formulas as text."""
    path = with_suffix(path, ".csv")
    _folder_must_exist(path)
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["component", "bytes", "share_of_peak", "formula"])
        for name in ALL_COMPONENTS:
            fig = e.components[name]
            share = fig.bytes / e.peak_bytes if e.peak_bytes else 0.0
            out.writerow([name, fig.bytes, f"{share:.6f}", fig.formula])
        out.writerow(["peak", e.peak_bytes, "1.000000", ""])
    return path


def save_png(image: QImage, path: str | Path) -> Path:
    """Save `image` as PNG; raises OSError naming the path when that fails (Qt only returns False)."""
    path = with_suffix(path, ".png")
    _folder_must_exist(path)
    if image.isNull() or not image.save(str(path), quality=PNG_QUALITY):  # PNG: the suffix says so
        raise OSError(errno.EIO, "the image could not be written", str(path))
    return path



def summary_text(e: Estimate, binary: bool = True, train_size: int | None = None) -> str:
    c = e.config

    def size(n: int) -> str:
        return human_bytes(n, binary)

    shape = "×".join(str(d) for d in c.input_shape or ())
    dtype = c.dtype if c.amp is None else f"{c.dtype} + autocast {c.amp}"
    lines = [
        translate("Summary", "memcalc: {model} on {dataset} ({shape}, {classes} classes), {dtype}, "
                  "{optimizer}, batch {batch}, zero_grad {zero_grad}, GPU {gpu}").format(
            model=model_label(c), dataset=dataset_label(c.dataset), shape=shape, classes=f"{c.classes:,}",
            dtype=dtype, optimizer=optimizer_label(c.optimizer), batch=f"{c.batch_size:,}",
            zero_grad=zero_grad_label(c.zero_grad), gpu=c.gpu_spec.name),
        translate("Summary",
                  "Predicted peak (max_memory_allocated): {peak} ({exact} B) at {phase}, iteration {it}").format(
            peak=size(e.peak_bytes), exact=f"{e.peak_bytes:,}", phase=phase_label(e.peak_phase[0]),
            it=e.peak_phase[1]),
    ]
    lines += [f"  {component_label(n)}: {size(e.components[n].bytes)}" for n in ALL_COMPONENTS]
    verdict = translate("Summary", "fits") if e.fits else translate("Summary", "does not fit")
    lines += [
        translate("Summary", "Course estimate: {naive}").format(naive=size(e.naive_bytes)),
        translate("Summary", "Cached by the allocator at the peak: {cached}; reserved at most: {reserved}").format(
            cached=size(e.cached_at_peak_bytes), reserved=size(e.peak_reserved_bytes)),
        translate("Summary", "nvidia-smi would show {total} of {gpu}, with the CUDA context ({source}) ({verdict})"
                  ).format(source=runtime_source_label(e.runtime.source), total=size(e.device_used_bytes),
                           gpu=size(e.gpu_memory_bytes), verdict=verdict),
        translate("Summary", "Max batch size: {max}; recommended: {rec}").format(
            max=f"{e.max_batch_size:,}", rec=f"{e.recommended_batch_size:,}"),
    ]
    if train_size is not None and e.max_batch_size >= train_size:
        lines.append(translate("Summary", "The whole training set ({images} images) fits in one batch.").format(
            images=f"{train_size:,}"))
    return "\n".join(lines)
