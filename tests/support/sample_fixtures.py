"""Tiny datasets in the real on-disk formats torchvision reads: IDX files, CIFAR pickles, PNGs."""

from __future__ import annotations

import gzip
import pickle
import struct
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

MNIST_TEST_LABELS = [7, 2, 1, 0, 4, 1, 4, 9, 5, 9, 0, 6, 9, 0, 1, 5, 9, 7]
CIFAR10_NAMES = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]


def digit_image(digit: int, size: int = 28) -> np.ndarray:
    """A white digit on black, like MNIST."""
    img = Image.new("L", (size, size))
    ImageDraw.Draw(img).text((size / 2, size / 2), str(digit), fill=255, anchor="mm",
                             font=ImageFont.load_default(size=22))
    return np.asarray(img, dtype=np.uint8)


def _idx(kind: int, array: np.ndarray) -> bytes:
    """IDX format: magic (0, 0, 0x08 = uint8, ndim), big-endian dims, then the bytes."""
    header = struct.pack(">BBBB", 0, 0, 0x08, array.ndim) + struct.pack(f">{array.ndim}I", *array.shape)
    assert kind == array.ndim
    return header + array.astype(np.uint8).tobytes()


def write_mnist(root: Path, folder: str = "MNIST", labels=MNIST_TEST_LABELS, gz: bool = False) -> Path:
    """root/MNIST/raw/{train,t10k}-{images-idx3,labels-idx1}-ubyte, as torchvision expects."""
    raw = root / folder / "raw"
    raw.mkdir(parents=True)
    labels = np.array(labels, dtype=np.uint8)
    images = np.stack([digit_image(int(d)) for d in labels])
    for split in ("train", "t10k"):
        for name, data in ((f"{split}-images-idx3-ubyte", _idx(3, images)),
                           (f"{split}-labels-idx1-ubyte", _idx(1, labels))):
            (raw / name).write_bytes(data)
            if gz:  # what the download leaves beside the extracted files
                (raw / f"{name}.gz").write_bytes(gzip.compress(data))
    return root


def cifar_images(count: int) -> np.ndarray:
    """(N, 3072) rows as CIFAR stores them: 1024 red, 1024 green, 1024 blue."""
    rng = np.random.default_rng(0)
    base = rng.integers(0, 256, size=(count, 3, 1, 1))
    ramp = np.linspace(0, 1, 32)[None, None, :, None] * np.linspace(0, 1, 32)[None, None, None, :]
    return (base * (0.3 + 0.7 * ramp)).astype(np.uint8).reshape(count, 3072)


def write_cifar10(root: Path, per_batch: int = 4) -> Path:
    """root/cifar-10-batches-py/data_batch_1..5, test_batch, batches.meta."""
    folder = root / "cifar-10-batches-py"
    folder.mkdir(parents=True)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for i, name in enumerate(names):
        labels = [(i + j) % 10 for j in range(per_batch)]
        entry = {"batch_label": name, "labels": labels, "data": cifar_images(per_batch),
                 "filenames": [f"{j}.png" for j in range(per_batch)]}
        (folder / name).write_bytes(pickle.dumps(entry))
    (folder / "batches.meta").write_bytes(pickle.dumps({"label_names": CIFAR10_NAMES, "num_vis": 3072}))
    return root


def write_cifar100(root: Path, count: int = 5) -> Path:
    folder = root / "cifar-100-python"
    folder.mkdir(parents=True)
    fine = [f"class{i}" for i in range(100)]
    for name in ("train", "test"):
        entry = {"fine_labels": [3 * j for j in range(count)], "coarse_labels": [0] * count,
                 "data": cifar_images(count)}
        (folder / name).write_bytes(pickle.dumps(entry))
    (folder / "meta").write_bytes(pickle.dumps({"fine_label_names": fine, "coarse_label_names": ["c"] * 20}))
    return root


def write_png(path: Path, size: tuple[int, int], mode: str = "RGB", color=(200, 80, 40)) -> Path:
    """An image of (H, W) = size."""
    path.parent.mkdir(parents=True, exist_ok=True)
    h, w = size
    fill = color if mode in ("RGB", "RGBA") else color[0]
    if mode == "RGBA":
        fill = (*color, 128)
    Image.new(mode, (w, h), fill).save(path)
    return path


def write_image_folder(root: Path, mixed: bool = False) -> Path:
    """root/cat/*.png, root/dog/*.png: 3 RGB cats and 2 dogs, 32×32 (one 48×40 dog when mixed)."""
    for i in range(3):
        write_png(root / "cat" / f"cat{i}.png", (32, 32), color=(230, 120, 20))
    write_png(root / "dog" / "dog0.png", (32, 32), color=(40, 90, 220))
    write_png(root / "dog" / "dog1.png", (48, 40) if mixed else (32, 32), color=(40, 90, 220))
    return root
