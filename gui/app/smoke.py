"""`memcalc --smoke-test PATH`: proof that a build works, for CI and for a user's first start.

It starts the GUI offscreen, computes an estimate, traces a small CNN in the estimate process
(as the window does: the bundle must start itself as that process and trace on the meta
device), renders the window to a PNG, reads the PNG back, loads the translation, font and icon
from resources/, and checks that torch and torchvision's native operators load (the probe and
the sample viewer need them). Exit status 0 only if every check passed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QImage

__all__ = ["report", "smoke_checks"]


def _estimate() -> str:
    from core import TrainingConfig, estimate
    from core.engine.replay.compiled import COMPILED

    if not COMPILED:
        raise RuntimeError("the compiled replay (core/engine/replay/_compiled.c) is not in the build")
    e = estimate(TrainingConfig())
    if not (e.peak_bytes > 0 and e.max_batch_size > 0 and e.components):
        raise RuntimeError("the estimate came back empty")
    return f"peak {e.peak_bytes:,} B, max batch {e.max_batch_size:,}, replayed compiled"


def _trace() -> str:
    from core import Estimate, TrainingConfig

    from ..model.estimate_process import shared_process

    config = TrainingConfig(model="course-cnn", dataset="mnist", batch_size=8)
    e = shared_process().call("estimate", config)
    if not isinstance(e, Estimate):
        raise RuntimeError(f"the estimate process answered {type(e).__name__}")
    convolutions = [row for row in e.layers if row.kind == "Conv2d"]
    if len(convolutions) != 3 or not all(row.saved_bytes > 0 for row in convolutions):
        raise RuntimeError("the traced course CNN came back without its convolutions")
    return f"course CNN traced in the estimate process: peak {e.peak_bytes:,} B, max batch {e.max_batch_size:,}"


def _png(path: Path) -> str:
    image = QImage(str(path))
    if image.isNull() or image.width() < 200 or image.height() < 200:
        raise RuntimeError(f"{path} is not a readable window image")
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 37)}
    if len(colours) < 8:
        raise RuntimeError(f"{path} is nearly blank ({len(colours)} colours)")
    return f"{image.width()}×{image.height()} PNG, {path.stat().st_size:,} bytes"


def _resources() -> str:
    from PySide6.QtCore import QTranslator
    from PySide6.QtGui import QFontDatabase

    from .paths import font_files, icon_file, translation_file

    translator = QTranslator()
    if not translator.load(str(translation_file("zh_CN"))):
        raise RuntimeError(f"cannot load {translation_file('zh_CN')}")
    fonts = [f for f in font_files() if QFontDatabase.addApplicationFont(str(f)) >= 0]
    if not fonts:
        raise RuntimeError("the bundled CJK font did not load")
    if QImage(str(icon_file())).isNull():
        raise RuntimeError(f"cannot read {icon_file()}")
    return f"zh_CN translation, {len(fonts)} font file(s) and the icon load from {translation_file('zh_CN').parents[1]}"


def _torch() -> str:
    import torch
    import torchvision

    boxes = torch.tensor([[0.0, 0.0, 1.0, 1.0], [0.0, 0.0, 1.0, 1.0]])
    kept = torchvision.ops.nms(boxes, torch.tensor([1.0, 0.5]), 0.5)
    if kept.tolist() != [0]:
        raise RuntimeError("torchvision.ops.nms gave a wrong answer")
    return f"torch {torch.__version__}, torchvision {torchvision.__version__} (native ops load)"


def smoke_checks(png: Path, render: Callable[[], bool]) -> list[tuple[str, Callable[[], str]]]:
    def window() -> str:
        if not render():
            raise RuntimeError("the window could not be rendered")
        return _png(png)

    return [("estimate", _estimate), ("trace", _trace), ("window", window), ("resources", _resources),
            ("torch", _torch)]


def report(checks: list[tuple[str, Callable[[], str]]]) -> int:
    failed = 0
    for name, check in checks:
        try:
            line = f"ok    {name}: {check()}"
        except Exception as e:  # every failure is reported, then the status says it
            failed += 1
            line = f"FAIL  {name}: {type(e).__name__}: {e}"
        if sys.stdout is not None:
            print(line, flush=True)
    return 1 if failed else 0
