"""core.datasets.folders on bad and huge folders: empty classes, corrupt files, huge images."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageFile

from core.datasets.folders import read_folder
from core.datasets.images import PREVIEW_SIDE
from tests.support.sample_fixtures import write_image_folder, write_png


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def write_png_header(path: Path, height: int, width: int) -> Path:
    """A PNG whose header claims (H, W) with almost no pixel data: a huge image in a few bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\0" * 64)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", idat) + _chunk(b"IEND", b""))
    return path


def write_truncated_png(path: Path) -> Path:
    """A real PNG of noise cut in half: its header reads, its pixels don't."""
    path.parent.mkdir(parents=True, exist_ok=True)
    noise = np.random.default_rng(1).integers(0, 256, size=(64, 64, 3), dtype=np.uint8)
    Image.fromarray(noise).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


@pytest.fixture
def loads(monkeypatch):
    """The (W, H) of every image PIL decodes."""
    sizes: list[tuple[int, int]] = []
    original = ImageFile.ImageFile.load

    def load(self):
        sizes.append(self.size)
        return original(self)

    monkeypatch.setattr(ImageFile.ImageFile, "load", load)
    return sizes


# ---- classes ----

def test_an_empty_class_folder_is_not_a_class(tmp_path):
    root = write_image_folder(tmp_path / "pets")
    (root / "bird").mkdir()
    info = read_folder(root)
    assert info.classes == ("cat", "dog") and info.class_count == 2
    assert info.empty_classes == ("bird",)
    assert {(s.label, s.name) for s in info.samples} == {(0, "cat"), (1, "dog")}


def test_the_class_count_is_the_number_of_class_folders(tmp_path):
    for name in ("a", "b", "c", "d"):
        write_png(tmp_path / name / "x.png", (8, 8))
    assert read_folder(tmp_path).class_count == 4
    flat = tmp_path / "flat"
    write_png(flat / "x.png", (8, 8))
    assert read_folder(flat).class_count is None


# ---- unreadable files ----

def test_one_corrupt_image_among_20_is_skipped_counted_and_named(tmp_path):
    for i in range(19):
        write_png(tmp_path / "cls" / f"{i:02}.png", (16, 16))
    (tmp_path / "cls" / "bad.png").write_bytes(b"not an image at all")
    info = read_folder(tmp_path, count=20)
    assert info.image_count == 19 and info.sizes == {(16, 16): 19}
    assert [name for name, _ in info.unreadable] == ["cls/bad.png"]
    assert len(info.samples) == 19


def test_a_truncated_image_is_named_and_not_shown(tmp_path):
    for i in range(3):
        write_png(tmp_path / f"{i}.png", (16, 16))
    write_truncated_png(tmp_path / "cut.png")
    info = read_folder(tmp_path)
    assert [name for name, _ in info.unreadable] == ["cut.png"]
    assert "truncated" in info.unreadable[0][1] or "broken" in info.unreadable[0][1]
    assert info.image_count == 3 and info.sizes == {(16, 16): 3}
    assert [s.name for s in info.samples] == ["0.png", "1.png", "2.png"]


def test_a_folder_of_only_unreadable_images_says_so(tmp_path):
    (tmp_path / "a.png").write_bytes(b"junk")
    with pytest.raises(ValueError, match=r"no readable images.*a\.png"):
        read_folder(tmp_path)


# ---- huge images ----

def test_a_20000_square_image_is_read_from_its_header_alone(tmp_path, loads):
    write_png(tmp_path / "small.png", (16, 16))
    write_png_header(tmp_path / "huge.png", 20_000, 20_000)
    info = read_folder(tmp_path)
    assert info.sizes == {(16, 16): 1, (20_000, 20_000): 1} and info.image_count == 2
    assert info.too_large_to_show == ("huge.png",)
    assert [s.name for s in info.samples] == ["small.png"]
    assert (20_000, 20_000) not in loads


def test_pils_bomb_limit_guards_decoding_not_headers(tmp_path, monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # 32 × 32 is over twice the limit
    info = read_folder(write_image_folder(tmp_path / "pets"))
    assert info.image_count == 5 and not info.unreadable and len(info.samples) == 5
    assert Image.MAX_IMAGE_PIXELS == 100


def test_samples_are_kept_small_while_the_sizes_are_real(tmp_path):
    for i in range(3):
        write_png(tmp_path / f"{i}.png", (900, 1200))
    info = read_folder(tmp_path)
    assert info.sizes == {(900, 1200): 3} and info.facts.shape == (3, 900, 1200)
    assert {s.image.shape for s in info.samples} == {(192, PREVIEW_SIDE, 3)}
    assert all(s.image.dtype == np.uint8 for s in info.samples)


def test_a_large_jpeg_is_decoded_at_a_reduced_size(tmp_path, loads):
    Image.new("RGB", (4096, 4096), (10, 200, 30)).save(tmp_path / "big.jpg", quality=50)
    info = read_folder(tmp_path)
    assert info.sizes == {(4096, 4096): 1}
    assert info.samples[0].image.shape == (PREVIEW_SIDE, PREVIEW_SIDE, 3)
    assert loads and max(max(size) for size in loads) <= 1024
