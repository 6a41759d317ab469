"""A user's own folder of images: ImageFolder layout (one subfolder per class) or flat.

Headers are read for sizes (PIL opens lazily); pixels only for the few images shown, at
preview size (core.datasets.images). A file PIL cannot read is skipped and named, not fatal.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .images import Header, read_header, read_preview
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
    """What a folder holds. Class folders without a single image file are not classes here
    (`empty_classes`): torchvision's ImageFolder raises FileNotFoundError for them, and with
    ``allow_empty=True`` would count a class no image has. Delete or fill them."""

    root: Path
    layout: str  # "imagefolder" or "flat"
    classes: tuple[str, ...]
    image_count: int  # image files, less the unreadable ones
    scanned: int  # headers read: every file, or SCAN_LIMIT when there are more
    sizes: dict[tuple[int, int], int]  # (H, W) -> how many images, most common first
    modes: dict[str, int]
    facts: TensorFacts  # C from the modes; H, W the size everything is resized to
    samples: tuple[Sample, ...]  # pixels at most PREVIEW_SIDE on the long side
    empty_classes: tuple[str, ...] = ()
    unreadable: tuple[tuple[str, str], ...] = ()  # (path relative to root, why), skipped
    too_large_to_show: tuple[str, ...] = ()  # sampled, but too large to decode for a preview

    @property
    def class_count(self) -> int | None:
        """The classes a model for this folder needs; None for a flat folder (no labels)."""
        return len(self.classes) if self.layout == "imagefolder" else None

    @property
    def mixed_sizes(self) -> bool:
        return len(self.sizes) > 1

    @property
    def resize_to(self) -> tuple[int, int]:
        """The most common (H, W): the size a Resize() would bring every image to."""
        return (self.facts.height, self.facts.width)


@dataclass(frozen=True)
class _Listing:
    layout: str
    classes: tuple[str, ...]
    empty_classes: tuple[str, ...]
    files: list[tuple[Path, int | None]]


@dataclass
class _Scan:
    headers: dict[Path, Header] = field(default_factory=dict)
    unreadable: dict[Path, str] = field(default_factory=dict)
    too_large: list[Path] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)


def _is_image(path: Path) -> bool:
    return path.is_file() and path.suffix.lower() in IMAGE_EXTENSIONS


def _list_images(root: Path) -> _Listing:
    folders = sorted(d.name for d in root.iterdir() if d.is_dir() and not d.name.startswith("."))
    per_class = {name: [p for p in sorted((root / name).rglob("*")) if _is_image(p)] for name in folders}
    classes = tuple(name for name in folders if per_class[name])
    if classes:
        files: list[tuple[Path, int | None]] = [(p, i) for i, name in enumerate(classes) for p in per_class[name]]
        empty = tuple(name for name in folders if not per_class[name])
        return _Listing("imagefolder", classes, empty, files)
    return _Listing("flat", (), (), [(p, None) for p in sorted(root.iterdir()) if _is_image(p)])


def _spread(items: list, count: int) -> list:
    """``count`` items spread evenly over the list, so every class has a chance to show."""
    if len(items) <= count:
        return list(items)
    step = len(items) / count
    return [items[int(i * step)] for i in range(count)]


def _why(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


def _read_headers(scan: _Scan, files: list[tuple[Path, int | None]]) -> None:
    for path, _ in files:
        try:
            scan.headers[path] = read_header(path)
        except Exception as e:  # PIL raises many kinds for a damaged file; one must not fail the folder
            scan.unreadable[path] = _why(e)


def _read_samples(scan: _Scan, candidates: list[tuple[Path, int | None]], channels: int, classes: tuple) -> None:
    for path, label in candidates:
        if path in scan.unreadable:
            continue
        try:
            pixels = read_preview(path, channels)
        except Exception as e:  # a truncated file: its header read, its pixels don't
            scan.unreadable[path] = _why(e)
            scan.headers.pop(path, None)
            continue
        if pixels is None:
            scan.too_large.append(path)
        else:
            scan.samples.append(Sample(pixels, label, classes[label] if label is not None else path.name))


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _no_readable_images(root: Path, scan: _Scan) -> ValueError:
    path, why = next(iter(scan.unreadable.items()))
    return ValueError(f"no readable images in {str(root)!r}: {len(scan.unreadable)} unreadable, "
                      f"e.g. {_relative(root, path)}: {why}")


def read_folder(root: str | Path, count: int = 16) -> FolderInfo:
    """Sizes, modes and a few samples of a folder of images. Raises ValueError when it has no
    readable image."""
    root = Path(root)
    if not root.is_dir():
        raise ValueError(f"not a folder: {str(root)!r}")
    listing = _list_images(root)
    if not listing.files:
        raise ValueError(f"no images ({', '.join(IMAGE_EXTENSIONS)}) in {str(root)!r}")
    scan = _Scan()
    _read_headers(scan, listing.files[:SCAN_LIMIT])
    if not scan.headers:
        raise _no_readable_images(root, scan)
    channels = max(channels_for_mode(h.mode) for h in scan.headers.values())  # one RGB image makes the batch RGB
    _read_samples(scan, _spread(listing.files, count), channels, listing.classes)
    if not scan.headers:
        raise _no_readable_images(root, scan)
    return _info(root, listing, scan, channels)


def _info(root: Path, listing: _Listing, scan: _Scan, channels: int) -> FolderInfo:
    sizes = Counter((h.height, h.width) for h in scan.headers.values())
    modes = Counter(h.mode for h in scan.headers.values())
    (height, width), _ = sizes.most_common(1)[0]
    return FolderInfo(
        root=root,
        layout=listing.layout,
        classes=listing.classes,
        image_count=len(listing.files) - len(scan.unreadable),
        scanned=min(len(listing.files), SCAN_LIMIT),
        sizes=dict(sizes.most_common()),
        modes=dict(modes.most_common()),
        facts=TensorFacts(channels, height, width),
        samples=tuple(scan.samples),
        empty_classes=listing.empty_classes,
        unreadable=tuple((_relative(root, p), why) for p, why in scan.unreadable.items()),
        too_large_to_show=tuple(_relative(root, p) for p in scan.too_large),
    )
