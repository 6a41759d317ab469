"""A user's own folder of images: ImageFolder layout (one subfolder per class) or flat.

Only PIL and numpy: headers are read for sizes (PIL opens lazily), pixels only for the
few images shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .tensor_facts import Sample, TensorFacts

__all__ = ["IMAGE_EXTENSIONS", "FolderInfo", "channels_for_mode", "read_folder"]

#: The extensions torchvision's ImageFolder accepts.
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp")

#: How many image headers are read at most to find the sizes.
SCAN_LIMIT = 5000

_ONE_CHANNEL_MODES = {"1", "L", "LA", "I", "I;16", "I;16B", "I;16L", "F"}


def channels_for_mode(mode: str) -> int:
    """1 for grayscale modes (L, 1, I;16, …); 3 for everything else (RGB, RGBA → RGB, P, CMYK)."""
    return 1 if mode in _ONE_CHANNEL_MODES else 3


@dataclass(frozen=True)
class FolderInfo:
    root: Path
    layout: str  # "imagefolder" or "flat"
    classes: tuple[str, ...]
    image_count: int
    scanned: int  # headers read: image_count, or SCAN_LIMIT when there are more
    sizes: dict[tuple[int, int], int]  # (H, W) -> how many images, most common first
    modes: dict[str, int]
    facts: TensorFacts  # C from the modes; H, W the size everything is resized to
    samples: tuple[Sample, ...]

    @property
    def mixed_sizes(self) -> bool:
        return len(self.sizes) > 1

    @property
    def resize_to(self) -> tuple[int, int]:
        """The most common (H, W): the size a Resize() would bring every image to."""
        return (self.facts.height, self.facts.width)


def _is_image(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in IMAGE_EXTENSIONS


def _list_images(root: Path) -> tuple[str, tuple[str, ...], list[tuple[Path, int | None]]]:
    classes = tuple(sorted(d.name for d in root.iterdir() if d.is_dir() and not d.name.startswith(".")))
    files: list[tuple[Path, int | None]] = []
    for index, name in enumerate(classes):
        files += [(p, index) for p in sorted((root / name).rglob("*")) if _is_image(p)]
    if files:
        return "imagefolder", classes, files
    return "flat", (), [(p, None) for p in sorted(root.iterdir()) if _is_image(p)]


def _spread(items: list, count: int) -> list:
    """``count`` items spread evenly over the list, so every class has a chance to show."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _pixels(path: Path, channels: int) -> np.ndarray:
    from PIL import Image

    with Image.open(path) as img:
        array = np.asarray(img.convert("L" if channels == 1 else "RGB"), dtype=np.uint8)
    return array[:, :, None] if array.ndim == 2 else array


def read_folder(root: str | Path, count: int = 16) -> FolderInfo:
    """Sizes, modes and a few samples of a folder of images. Raises ValueError when it has none."""
    from PIL import Image

    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"not a folder: {str(root)!r}")
    layout, classes, files = _list_images(root)
    if not files:
        raise ValueError(f"no images ({', '.join(IMAGE_EXTENSIONS)}) in {str(root)!r}")
    sizes: Counter[tuple[int, int]] = Counter()
    modes: Counter[str] = Counter()
    for path, _ in files[:SCAN_LIMIT]:
        with Image.open(path) as img:
            sizes[(img.height, img.width)] += 1
            modes[img.mode] += 1
    channels = max(channels_for_mode(m) for m in modes)  # one RGB image makes the batch RGB
    (height, width), _ = sizes.most_common(1)[0]
    samples = tuple(
        Sample(_pixels(p, channels), label, classes[label] if label is not None else p.name)
        for p, label in _spread(files, count)
    )
    return FolderInfo(
        root=root,
        layout=layout,
        classes=classes,
        image_count=len(files),
        scanned=min(len(files), SCAN_LIMIT),
        sizes=dict(sizes.most_common()),
        modes=dict(modes.most_common()),
        facts=TensorFacts(channels, height, width),
        samples=samples,
    )
