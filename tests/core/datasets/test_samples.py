"""core.datasets.samples and friends on tiny datasets in the real formats; no Qt, no network."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading

import numpy as np
import pytest

from core.datasets import samples
from core.datasets.folders import channels_for_mode, read_folder
from core.datasets.tensor_facts import TensorFacts
from tests import support
from tests.support.sample_fixtures import (
    CIFAR10_NAMES,
    MNIST_TEST_LABELS,
    digit_image,
    write_cifar10,
    write_cifar100,
    write_image_folder,
    write_mnist,
    write_png,
)


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Every name lookup fails, as on a machine with no network: nothing can download."""

    def offline(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (test: offline)")

    monkeypatch.setattr(socket, "getaddrinfo", offline)


# ---- tensor facts: values from the course ----

def test_mnist_facts_from_the_course():
    facts = TensorFacts(1, 28, 28)
    assert facts.shape == (1, 28, 28) and facts.display_shape == (28, 28, 1)
    assert facts.batch_shape(64) == (64, 1, 28, 28)
    assert facts.bytes_per_image("uint8") == 784
    assert facts.bytes_per_image("float32") == 3_136
    assert facts.bytes_per_image("float16") == facts.bytes_per_image("bfloat16") == 1_568
    assert facts.bytes_per_image("float64") == 6_272
    assert facts.batch_bytes(64, "float32") == 200_704
    assert facts.color_mode == "grayscale"


def test_cifar_facts_are_rgb():
    facts = samples.facts_for("cifar10")
    assert facts.shape == (3, 32, 32) and facts.color_mode == "RGB"
    assert facts.bytes_per_image("uint8") == 3_072
    assert samples.facts_for("imagenet").shape == (3, 224, 224)


@pytest.mark.parametrize("bad", [lambda f: f.bytes_per_image("int7"), lambda f: f.batch_shape(0)])
def test_bad_inputs_name_the_value(bad):
    with pytest.raises(ValueError, match=r"int7|0"):
        bad(TensorFacts(1, 28, 28))


def test_default_data_dir_is_per_user():
    path = samples.default_data_dir()
    assert path.name == "data" and "memcalc" in path.parent.name.lower()


# ---- the built-in datasets ----

@pytest.mark.parametrize("gz", [False, True])
def test_reads_mnist_idx_files(tmp_path, gz):
    root = write_mnist(tmp_path, gz=gz)
    assert samples.is_downloaded("mnist", root)
    got = samples.read_samples("mnist", root, count=16)
    assert got.facts.shape == (1, 28, 28) and got.size == len(MNIST_TEST_LABELS)
    assert len(got.samples) == 16
    first = got.samples[0]
    assert first.image.shape == (28, 28, 1) and first.image.dtype == np.uint8
    assert np.array_equal(first.image[..., 0], digit_image(7))
    assert [s.label for s in got.samples] == MNIST_TEST_LABELS[:16]
    assert first.name == "7 - seven"


def test_reads_fashion_mnist_in_its_own_folder(tmp_path):
    write_mnist(tmp_path, folder="FashionMNIST", labels=[9, 0, 0, 3])
    assert samples.is_downloaded("fashion-mnist", tmp_path)
    assert not samples.is_downloaded("mnist", tmp_path)
    got = samples.read_samples("fashion-mnist", tmp_path)
    assert [s.name for s in got.samples] == ["Ankle boot", "T-shirt/top", "T-shirt/top", "Dress"]


def test_reads_cifar10_pickles(tmp_path):
    root = write_cifar10(tmp_path, per_batch=4)
    assert samples.is_downloaded("cifar10", root)
    got = samples.read_samples("cifar10", root, count=16)
    assert got.facts.shape == (3, 32, 32) and got.classes == tuple(CIFAR10_NAMES)
    assert len(got.samples) == 4  # the test batch holds 4
    assert got.samples[0].image.shape == (32, 32, 3)
    assert [s.label for s in got.samples] == [5, 6, 7, 8]  # test_batch is the 6th: (5 + j) % 10
    assert got.samples[0].name == "dog"


def test_reads_cifar100(tmp_path):
    got = samples.read_samples("cifar100", write_cifar100(tmp_path))
    assert got.facts.shape == (3, 32, 32) and len(got.classes) == 100
    assert [s.name for s in got.samples][:2] == ["class0", "class3"]


def test_missing_dataset(tmp_path):
    assert not samples.is_downloaded("mnist", tmp_path)
    assert not samples.is_downloaded("imagenet", tmp_path)
    with pytest.raises(samples.NotDownloadedError, match="MNIST"):
        samples.read_samples("mnist", tmp_path)


def test_partial_mnist_is_not_downloaded(tmp_path):
    write_mnist(tmp_path)
    (tmp_path / "MNIST" / "raw" / "train-labels-idx1-ubyte").unlink()
    assert not samples.is_downloaded("mnist", tmp_path)


# ---- download, offline ----

@pytest.mark.parametrize("key", ["mnist", "cifar10"])
def test_download_offline_raises_offline_error(tmp_path, key):
    with pytest.raises(samples.OfflineError, match="cannot reach"):
        samples.download(key, tmp_path / "data")
    assert not samples.is_downloaded(key, tmp_path / "data")


def test_download_offline_via_urlerror(tmp_path, monkeypatch):
    import urllib.error
    import urllib.request

    def refuse(*args, **kwargs):
        raise urllib.error.URLError("no network (test)")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    with pytest.raises(samples.OfflineError, match="no network"):
        samples.download("fashion-mnist", tmp_path)


def test_download_restores_torchvision(tmp_path):
    from torchvision.datasets import utils

    before = utils._urlretrieve, utils._get_redirect_url
    with pytest.raises(samples.OfflineError):
        samples.download("mnist", tmp_path)
    assert (utils._urlretrieve, utils._get_redirect_url) == before


def test_download_cancelled_before_start(tmp_path):
    flag = threading.Event()
    flag.set()
    with pytest.raises(samples.DownloadCancelled):
        samples.download("cifar10", tmp_path, cancel_flag=flag)


def test_imagenet_cannot_be_downloaded(tmp_path):
    with pytest.raises(samples.DownloadError, match="cannot be downloaded automatically"):
        samples.download("imagenet", tmp_path)


# ---- image folders ----

def test_image_folder_layout(tmp_path):
    info = read_folder(write_image_folder(tmp_path / "pets"))
    assert info.layout == "imagefolder" and info.classes == ("cat", "dog")
    assert info.image_count == 5 and not info.mixed_sizes
    assert info.facts.shape == (3, 32, 32)
    assert {s.name for s in info.samples} == {"cat", "dog"}
    assert info.samples[0].image.shape == (32, 32, 3)


def test_mixed_sizes_resize_to_the_most_common(tmp_path):
    info = read_folder(write_image_folder(tmp_path / "pets", mixed=True))
    assert info.mixed_sizes
    assert info.sizes == {(32, 32): 4, (48, 40): 1}
    assert info.resize_to == (32, 32) and info.facts.shape == (3, 32, 32)


def test_flat_grayscale_folder(tmp_path):
    for i in range(3):
        write_png(tmp_path / f"scan{i}.png", (20, 30), mode="L")
    info = read_folder(tmp_path)
    assert info.layout == "flat" and info.classes == ()
    assert info.facts.shape == (1, 20, 30)
    assert info.samples[0].image.shape == (20, 30, 1) and info.samples[0].label is None
    assert info.samples[0].name == "scan0.png"


def test_rgba_counts_as_three_channels(tmp_path):
    write_png(tmp_path / "a.png", (8, 8), mode="RGBA")
    info = read_folder(tmp_path)
    assert info.facts.channels == 3 and info.modes == {"RGBA": 1}
    assert info.samples[0].image.shape == (8, 8, 3)


@pytest.mark.parametrize(("mode", "channels"), [("L", 1), ("1", 1), ("RGB", 3), ("RGBA", 3), ("P", 3)])
def test_channels_for_mode(mode, channels):
    assert channels_for_mode(mode) == channels


def test_folder_without_images(tmp_path):
    (tmp_path / "notes.txt").write_text("hi")
    with pytest.raises(ValueError, match="no images"):
        read_folder(tmp_path)


def test_core_imports_neither_qt_nor_torch():
    heavy = "('torch', 'torchvision', 'PySide6', 'PIL')"
    code = f"import sys, core.datasets.samples; print(sorted(m for m in {heavy} if m in sys.modules))"
    repo = support.ROOT
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=repo)
    assert out.stdout.strip() == "[]"
