"""SampleViewer driven through its API on tiny on-disk datasets; nothing downloads."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request

import pytest

from gui.samples.viewer import SampleViewer
from tests.support.sample_fixtures import write_cifar10, write_image_folder, write_mnist

pytestmark = [
    pytest.mark.gui,
    pytest.mark.qt_log_level_fail("WARNING"),
    pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints"),  # offscreen's show()
]

TIMEOUT_MS = 20_000  # the first read imports torch and torchvision


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    """Name lookups fail after a short delay, as on a machine with no network."""

    def offline(*args, **kwargs):
        time.sleep(0.3)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (test: offline)")

    monkeypatch.setattr(socket, "getaddrinfo", offline)


@pytest.fixture
def viewer(qtbot, tmp_path):
    widget = SampleViewer(data_dir=tmp_path / "data")
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    widget.close()
    assert widget.wait_for_workers(TIMEOUT_MS / 1000), "a worker thread outlived the widget"


def test_mnist_fixture_shows_images_and_shape(qtbot, viewer, tmp_path):
    write_mnist(tmp_path / "data")
    with qtbot.waitSignal(viewer.samplesShown, timeout=TIMEOUT_MS) as shown:
        viewer.set_dataset("mnist")
    assert shown.args == ["mnist"]
    assert viewer.grid.shown() == 16
    first = viewer.grid.tiles[0]
    assert not first.picture.pixmap().isNull()
    assert first.caption.text() == "7 - seven"
    assert "(1, 28, 28)" in viewer.facts_panel.shape.text()
    assert "Grayscale" in viewer.facts_panel.color.text()
    assert not viewer.download_button.isVisible()


def test_set_batch_updates_the_labels(qtbot, viewer):
    viewer.set_dataset("fashion-mnist")  # shape known before reading; missing files are fine here
    viewer.set_batch(64, "float32")
    assert viewer.facts_panel.batch.text() == "Batch shape (B, C, H, W) = (64, 1, 28, 28)"
    assert viewer.facts_panel.bytes.text() == "Bytes per image: 784 B as uint8, 3,136 B as float32"
    assert "200,704 B" in viewer.facts_panel.batch_bytes.text()
    viewer.set_batch(8, "float16")
    assert "(8, 1, 28, 28)" in viewer.facts_panel.batch.text()
    assert "1,568 B as float16" in viewer.facts_panel.bytes.text()
    with pytest.raises(ValueError, match="int3"):
        viewer.set_batch(8, "int3")
    qtbot.waitUntil(lambda: not viewer.is_busy(), timeout=TIMEOUT_MS)


def test_cifar_fixture_is_rgb(qtbot, viewer, tmp_path):
    write_cifar10(tmp_path / "data")
    with qtbot.waitSignal(viewer.samplesShown, timeout=TIMEOUT_MS):
        viewer.set_dataset("cifar10")
    assert viewer.grid.shown() == 4
    assert "(3, 32, 32)" in viewer.facts_panel.shape.text()
    assert viewer.facts_panel.color.text().startswith("RGB")


def test_missing_dataset_offers_download(qtbot, viewer):
    with qtbot.waitSignal(viewer.loadFailed, timeout=TIMEOUT_MS) as failed:
        viewer.set_dataset("mnist")
    assert "not in the data folder" in failed.args[0]
    assert viewer.download_button.isVisible() and viewer.grid.shown() == 0
    assert "(1, 28, 28)" in viewer.facts_panel.shape.text()  # the facts still show


def test_offline_download_reports_without_freezing(qtbot, viewer, tmp_path):
    with qtbot.waitSignal(viewer.loadFailed, timeout=TIMEOUT_MS):
        viewer.set_dataset("mnist")
    ticks = []
    timer_id = viewer.startTimer(20)
    viewer.timerEvent = lambda event: ticks.append(event.timerId())
    try:
        with qtbot.waitSignal(viewer.downloadFailed, timeout=TIMEOUT_MS) as failed:
            viewer.download_button.click()
            assert viewer.is_downloading() and viewer.cancel_button.isVisible()
            viewer.set_batch(32, "float64")  # the rest keeps working meanwhile
    finally:
        viewer.killTimer(timer_id)
    assert len(ticks) >= 5, "the event loop was blocked during the download"
    assert "No network" in failed.args[0] and "Name or service not known" in failed.args[0]
    assert not viewer.is_downloading() and not viewer.progress.isVisible()
    assert viewer.download_button.isVisible() and viewer.download_button.isEnabled()
    assert "(32, 1, 28, 28)" in viewer.facts_panel.batch.text()
    write_cifar10(tmp_path / "data")  # other datasets still load
    with qtbot.waitSignal(viewer.samplesShown, timeout=TIMEOUT_MS):
        viewer.set_dataset("cifar10")


class _SlowResponse:
    """A fake HTTP response that trickles bytes, so there is time to press Cancel."""

    url = None
    length = 10 * 2**20

    def __init__(self, release: threading.Event) -> None:
        self._release = release

    def read(self, size: int) -> bytes:
        self._release.wait(5)
        time.sleep(0.01)
        return b"\0" * size

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        pass


def test_cancel_download(qtbot, viewer, monkeypatch):
    release = threading.Event()
    monkeypatch.setattr(urllib.request, "urlopen", lambda *a, **k: _SlowResponse(release))
    with qtbot.waitSignal(viewer.loadFailed, timeout=TIMEOUT_MS):
        viewer.set_dataset("cifar10")
    viewer.start_download()
    release.set()
    qtbot.waitUntil(lambda: viewer.progress.value() > 0, timeout=TIMEOUT_MS)
    assert "cifar-10-python.tar.gz" in viewer.progress.format()
    with qtbot.waitSignal(viewer.downloadFailed, timeout=TIMEOUT_MS) as failed:
        viewer.cancel_button.click()
    assert failed.args == ["Download cancelled."]
    assert not list((viewer.data_dir()).glob("*.tar.gz")), "a partial download was left behind"


def test_folder_emits_its_shape(qtbot, viewer, tmp_path):
    viewer.set_folder(write_image_folder(tmp_path / "pets"))
    with qtbot.waitSignal(viewer.folderShapeChanged, timeout=TIMEOUT_MS) as shape:
        viewer.set_dataset("folder")
    assert shape.args == [3, 32, 32]
    qtbot.waitUntil(lambda: viewer.grid.shown() == 5)
    assert viewer.grid.tiles[0].caption.text() == "cat"


def test_mixed_folder_reports_sizes(qtbot, viewer, tmp_path):
    viewer.set_folder(write_image_folder(tmp_path / "pets", mixed=True))
    with qtbot.waitSignal(viewer.folderShapeChanged, timeout=TIMEOUT_MS):
        viewer.set_dataset("folder")
    text = viewer.facts_panel.sizes.text()
    assert "48×40 (1)" in text and "32×32" in text


def test_folder_without_a_choice_asks_for_one(viewer):
    viewer.set_dataset("folder")
    assert viewer.folder_button.isVisible() and "Choose a folder" in viewer.note.text()
    assert not viewer.is_busy()


def test_custom_and_imagenet_show_notes_only(viewer):
    viewer.set_dataset("custom")
    assert viewer.grid.shown() == 0 and not viewer.facts_panel.isVisible()
    viewer.set_dataset("imagenet")
    assert "cannot be downloaded automatically" in viewer.note.text()
    assert "(3, 224, 224)" in viewer.facts_panel.shape.text()
    assert not viewer.download_button.isVisible() and not viewer.is_busy()


def test_stale_read_is_dropped(qtbot, viewer, tmp_path):
    write_mnist(tmp_path / "data")
    write_cifar10(tmp_path / "data")
    with qtbot.waitSignal(viewer.samplesShown, timeout=TIMEOUT_MS) as shown:
        viewer.set_dataset("mnist")
        viewer.set_dataset("cifar10")
    assert shown.args == ["cifar10"]
    qtbot.waitUntil(lambda: not viewer.is_busy(), timeout=TIMEOUT_MS)
    assert "(3, 32, 32)" in viewer.facts_panel.shape.text()


def test_close_stops_workers(qtbot, tmp_path, monkeypatch):
    widget = SampleViewer(data_dir=tmp_path)
    qtbot.addWidget(widget)
    widget.set_dataset("mnist")
    widget.close()
    assert widget.wait_for_workers(TIMEOUT_MS / 1000)
    assert not widget.is_busy()


def test_data_dir_change_rereads(qtbot, viewer, tmp_path):
    write_mnist(tmp_path / "other")
    viewer.set_dataset("custom")
    viewer.set_dataset("mnist")
    with qtbot.waitSignals([viewer.dataDirChanged, viewer.samplesShown], timeout=TIMEOUT_MS):
        viewer.set_data_dir(tmp_path / "other")
    assert viewer.dir_label.text() == str(tmp_path / "other")
