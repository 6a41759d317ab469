"""One image file through PIL: its header, and its pixels at preview size.

PIL's decompression-bomb check (``Image.MAX_IMAGE_PIXELS``) fires in ``Image.open``, before a
pixel is decoded, so a 20,000 × 20,000 photo could not even say its size. Here nothing is ever
decoded beyond `DECODE_PIXEL_LIMIT` pixels, so the check is lifted while a file is open. PIL
only has the process-wide setting; it is changed and restored under a lock.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DECODE_PIXEL_LIMIT", "PREVIEW_SIDE", "Header", "read_header", "read_preview"]

PREVIEW_SIDE = 256
"""Samples are kept at most this many pixels on their long side."""

DECODE_PIXEL_LIMIT = 36_000_000
"""The most pixels decoded for one preview, after JPEG's reduced-size decoding (draft)."""

_LOCK = threading.Lock()


@dataclass(frozen=True)
class Header:
    height: int
    width: int
    mode: str


@contextlib.contextmanager
def _opened(path: Path) -> Iterator[Any]:
    from PIL import Image

    with _LOCK:
        saved, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            with Image.open(path) as img:
                yield img
        finally:
            Image.MAX_IMAGE_PIXELS = saved


def read_header(path: Path) -> Header:
    """Size and mode from the file's header; no pixels are decoded."""
    with _opened(path) as img:
        return Header(img.height, img.width, img.mode)


def read_preview(path: Path, channels: int) -> Any:
    """uint8 (H, W, C) pixels, at most PREVIEW_SIDE on the long side; None when even the
    reduced image would be over DECODE_PIXEL_LIMIT (a huge PNG or TIFF, which PIL can only
    decode whole)."""
    import numpy as np

    mode = "L" if channels == 1 else "RGB"
    with _opened(path) as img:
        img.draft(mode, (PREVIEW_SIDE, PREVIEW_SIDE))
        if img.width * img.height > DECODE_PIXEL_LIMIT:
            return None
        small = img.convert(mode)
    small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    array = np.asarray(small, dtype=np.uint8)
    return array[:, :, None] if array.ndim == 2 else array
