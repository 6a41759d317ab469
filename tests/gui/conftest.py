"""Fixtures of the window's tests: the languages, a window, waiting for its estimate, and a check
that no worker thread outlives a test."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from tests.gui.helpers import settle

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    """Every test of the window is `gui` (they all import PySide6), Qt fixtures or not."""
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def languages(qapp):
    from gui.app.i18n import Languages

    langs = Languages(qapp)
    yield langs
    langs.switch("en")


@pytest.fixture
def window(qtbot, languages):
    from gui.window import MainWindow

    w = MainWindow(languages)
    qtbot.addWidget(w)
    settle(qtbot, w)
    yield w
    w.stop_workers()


@pytest.fixture(autouse=True)
def no_worker_left():
    """A memcalc worker thread still alive a little after the test is a leak (napari's
    _dangling_qthreads); a test that leaves one on purpose ends it itself."""
    before = {t for t in threading.enumerate() if t.name.startswith("memcalc-")}
    yield
    alive = []
    for thread in threading.enumerate():
        if thread.name.startswith("memcalc-") and thread not in before:
            thread.join(5)
            if thread.is_alive():
                alive.append(thread.name)
    assert not alive, f"worker threads outlived the test: {alive}"


@pytest.fixture(autouse=True, scope="session")
def estimate_processes_end():
    """The estimate processes the tests shared (torch imported once) end with the session."""
    yield
    from gui.model.estimate_process import stop_shared

    stop_shared()
