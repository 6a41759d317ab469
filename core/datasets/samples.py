"""Real samples of the course's datasets, read with torchvision's dataset classes.

torch and torchvision are imported inside the functions that need them, never at import
time: call these from a worker thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..engine.catalog import DATASETS
from .errors import DownloadCancelled, DownloadError, NotDownloadedError, OfflineError
from .folders import FolderInfo, read_folder
from .tensor_facts import Sample, TensorFacts

__all__ = [
    "DOWNLOADABLE",
    "DownloadCancelled",
    "DownloadError",
    "FolderInfo",
    "NotDownloadedError",
    "OfflineError",
    "Sample",
    "SampleSet",
    "TensorFacts",
    "default_data_dir",
    "download",
    "facts_for",
    "is_downloaded",
    "read_folder",
    "read_samples",
]

#: The datasets torchvision can fetch by itself; ImageNet needs a registration.
DOWNLOADABLE = ("mnist", "fashion-mnist", "cifar10", "cifar100")

IMAGENET_NOTE = (
    "ImageNet cannot be downloaded automatically: it needs a registration at image-net.org "
    "(about 150 GB). Point 'Image folder' at a copy you already have."
)

ProgressCallback = Callable[[int, int, str], None]  # (bytes done, bytes total or 0, file name)


@dataclass(frozen=True)
class SampleSet:
    key: str
    label: str  # "MNIST"
    split: str  # "test": the smaller split, quicker to read
    facts: TensorFacts
    classes: tuple[str, ...]
    samples: tuple[Sample, ...]
    size: int  # images in the split


def default_data_dir() -> Path:
    """``<user data dir>/memcalc/data``, e.g. ~/.local/share/memcalc/data on Linux."""
    import platformdirs

    return Path(platformdirs.user_data_dir("memcalc")) / "data"


def facts_for(key: str) -> TensorFacts:
    """The shape of one image of a built-in dataset, without reading it."""
    spec = DATASETS[_check_key(key, DATASETS)]
    return TensorFacts(*spec.shape)


def _check_key(key: str, allowed) -> str:
    if key not in allowed:
        raise ValueError(f"unknown dataset {key!r}; expected one of {', '.join(allowed)}")
    return key


def _dataset_class(key: str):
    """torchvision's class for ``key``; the CIFAR ones check file presence instead of MD5.

    torchvision's CIFAR classes hash ~160 MB on every open; the download still checks the
    archive's MD5 (``tgz_md5``), so a checked download is what the presence check finds.
    """
    from torchvision import datasets

    if key == "imagenet":
        raise DownloadError(IMAGENET_NOTE)
    base = {
        "mnist": datasets.MNIST,
        "fashion-mnist": datasets.FashionMNIST,
        "cifar10": datasets.CIFAR10,
        "cifar100": datasets.CIFAR100,
    }[_check_key(key, DOWNLOADABLE)]
    if not issubclass(base, datasets.CIFAR10):
        return base  # MNIST's check is presence only, and its folder is named after the class
    return type(
        base.__name__,
        (base,),
        {
            "train_list": [[name, None] for name, _ in base.train_list],
            "test_list": [[name, None] for name, _ in base.test_list],
            "meta": {**base.meta, "md5": None},
        },
    )


def is_downloaded(key: str, root: str | Path) -> bool:
    """Whether every file torchvision needs for ``key`` is under ``root``."""
    if key == "imagenet":
        return False
    cls = _dataset_class(key)
    if hasattr(cls, "resources"):  # the MNIST family: root/MNIST/raw/train-images-idx3-ubyte, …
        raw = Path(root, cls.__name__, "raw")
        return all((raw / Path(name).with_suffix("").name).is_file() for name, _ in cls.resources)
    folder = Path(root, cls.base_folder)
    names = [n for n, _ in cls.train_list + cls.test_list] + [cls.meta["filename"]]
    return all((folder / n).is_file() for n in names)


def read_samples(key: str, root: str | Path, count: int = 16) -> SampleSet:
    """The first ``count`` images of the test split, as uint8 (H, W, C) arrays."""
    import numpy as np

    if not is_downloaded(key, root):
        raise NotDownloadedError(f"{DATASETS[key].label} is not in {str(root)!r}")
    ds = _dataset_class(key)(str(root), train=False, download=False)
    pixels = ds.data[:count]
    pixels = pixels.numpy() if hasattr(pixels, "numpy") else np.asarray(pixels)
    if pixels.ndim == 3:  # MNIST family: (N, H, W) → (N, H, W, 1)
        pixels = pixels[..., None]
    classes = tuple(str(c) for c in ds.classes)
    samples = tuple(
        Sample(np.ascontiguousarray(img, dtype=np.uint8), int(t), classes[int(t)])
        for img, t in zip(pixels, list(ds.targets[:count]))
    )
    h, w, c = pixels.shape[1:]
    return SampleSet(key, DATASETS[key].label, "test", TensorFacts(c, h, w), classes, samples, len(ds))


def download(
    key: str,
    root: str | Path,
    progress_cb: ProgressCallback | None = None,
    cancel_flag: threading.Event | None = None,
) -> None:
    """Fetch ``key`` into ``root`` with torchvision (``download=True``).

    Raises OfflineError when the server cannot be reached, DownloadCancelled when
    ``cancel_flag`` is set, DownloadError for ImageNet and other failures.
    """
    from . import fetch

    if key == "imagenet":
        raise DownloadError(IMAGENET_NOTE)
    cls = _dataset_class(key)
    Path(root).mkdir(parents=True, exist_ok=True)
    with fetch.hooked(progress_cb, cancel_flag) as network_errors:
        try:
            cls(str(root), train=True, download=True)
        except DownloadCancelled:
            raise
        except Exception as exc:
            if network_errors:
                raise OfflineError(f"cannot reach the server for {DATASETS[key].label}: {network_errors[-1]}") from exc
            raise DownloadError(f"downloading {DATASETS[key].label} failed: {exc}") from exc
