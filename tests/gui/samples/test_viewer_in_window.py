"""The sample viewer inside the window: a folder is read once and its shape and classes become the
inputs; closing during a slow read or download neither freezes nor aborts; a language switch
rewrites the tab."""

import subprocess
import sys
import textwrap
import threading
import time

import pytest

import gui.samples.source as source_module
import gui.samples.viewer as viewer_module
from core.datasets.folders import read_folder
from tests import support
from tests.gui.helpers import settle
from tests.support.sample_fixtures import write_image_folder, write_png

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")
TIMEOUT_MS = 20_000


@pytest.fixture
def counted_reads(monkeypatch):
    reads = []

    def counting(root, *args, **kwargs):
        reads.append(root)
        return read_folder(root, *args, **kwargs)

    monkeypatch.setattr(source_module, "read_folder", counting)
    return reads


def _show_viewer(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentWidget(window.sample_viewer)


def test_a_valid_folder_is_read_once_and_its_classes_become_the_input(qtbot, window, tmp_path, counted_reads,
                                                                      monkeypatch):
    folder = write_image_folder(tmp_path / "pets")
    write_png(folder / "bird" / "bird0.png", (32, 32))
    monkeypatch.setattr(viewer_module.QFileDialog, "getExistingDirectory", lambda *args: str(folder))
    _show_viewer(qtbot, window)
    window.inputs.dataset.setCurrentIndex(window.inputs.dataset.findData("folder"))
    qtbot.waitUntil(lambda: window.sample_viewer.grid.shown() == 6, timeout=TIMEOUT_MS)
    e = settle(qtbot, window, input_shape=(3, 32, 32), classes=3)
    assert window.inputs.classes.value() == 3
    qtbot.wait(500)  # a loop would have read the folder again many times by now
    assert len(counted_reads) == 1
    assert e.config.dataset == "custom"
    assert window.model.inputs.train_size() == 6


def test_closing_during_a_slow_folder_read_does_not_freeze(qtbot, window, tmp_path, monkeypatch):
    release, entered = threading.Event(), threading.Event()

    def slow_read(root, *args, **kwargs):
        entered.set()
        release.wait(10)  # a huge folder on a slow disk: not cancellable mid-file
        return read_folder(root, *args, **kwargs)

    monkeypatch.setattr(source_module, "read_folder", slow_read)
    _show_viewer(qtbot, window)
    window.sample_viewer.set_folder(write_image_folder(tmp_path / "pets"))
    window.sample_viewer.set_dataset("folder")
    assert entered.wait(5)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 0.5, "closing waited for the folder read"
    assert window.sample_viewer.is_busy()  # still reading, detached; what it reports is dropped
    release.set()
    assert window.sample_viewer.wait_for_workers(10)
    qtbot.wait(50)
    assert window.sample_viewer.grid.shown() == 0


def test_closing_during_a_slow_download_exits_cleanly(tmp_path):
    """A download blocked in a network read used to be a QThread destroyed while running at exit:
    the process aborted (status 134). Now it is left to end on its own and the app exits 0."""
    code = textwrap.dedent(f"""
        import sys, threading, time
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication
        app = QApplication(["memcalc-test"])
        import core.datasets.samples as samples
        from gui.samples.viewer import SampleViewer
        entered = threading.Event()
        def slow_download(key, root, progress=None, cancel=None):
            entered.set()
            time.sleep(60)  # blocked in a read that no cancel flag reaches
        samples.download = slow_download
        viewer = SampleViewer(data_dir={str(tmp_path)!r})
        viewer.set_dataset("mnist")
        viewer.show()
        def close():
            viewer.start_download()
            assert entered.wait(5), "the download did not start"
            viewer.close()
            app.quit()
        QTimer.singleShot(100, close)
        started = time.monotonic()
        status = app.exec()
        print(f"closed in {{time.monotonic() - started:.2f}} s")
        sys.exit(status)
    """)
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code], cwd=support.ROOT, capture_output=True, text=True,
                          timeout=60, env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "QThread" not in done.stderr
    assert time.monotonic() - started < 20


def test_the_sample_tab_follows_a_language_switch(qtbot, window):
    _show_viewer(qtbot, window)
    window.inputs.dataset.setCurrentIndex(window.inputs.dataset.findData("custom"))
    qtbot.waitUntil(lambda: window.sample_viewer.current_dataset() == "custom")
    viewer = window.sample_viewer
    english = (viewer.dir_caption.text(), viewer.note.text(), viewer.title.text())
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.tabs.tabText(window.tabs.indexOf(viewer)) == "样本图片")
    assert viewer.dir_caption.text() != english[0] and viewer.note.text() != english[1]
    assert viewer.title.text() != english[2]
    assert viewer.facts_panel.title() != "As a tensor"
    window.set_language("en")
    qtbot.waitUntil(lambda: viewer.note.text() == english[1])
