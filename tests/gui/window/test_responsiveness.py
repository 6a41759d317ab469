"""Long recomputes run off the GUI thread: typing a deep model, or starting with one saved, never
freezes the window; the last result stays on screen, greyed, until the new one is there."""

import threading
import time

import pytest
from PySide6.QtCore import QSettings, QTimer

from core import estimate
from gui.window import MainWindow
from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _busy_estimate(seconds: float):
    """estimate() after `seconds` of pure-Python work, holding the GIL as the engine does."""

    def compute(config):
        if len(config.hidden) > 1:
            end = time.perf_counter() + seconds
            while time.perf_counter() < end:
                sum(range(1000))
        return estimate(config)

    return compute


def _window(qtbot, languages, compute):
    w = MainWindow(languages, compute=compute)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


def test_typing_a_deep_model_never_blocks_the_gui_thread(qtbot, languages):
    window = _window(qtbot, languages, _busy_estimate(2.0))
    before = settle(qtbot, window)
    ticks = []
    timer = QTimer(interval=10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    started = time.perf_counter()
    window.inputs.hidden.setText(", ".join(["128"] * 150))
    assert time.perf_counter() - started < 0.2, "the keystroke waited for the estimate"
    qtbot.waitUntil(lambda: window.model.estimate.dimmed, timeout=2000)
    assert window.model.estimate.shown is before and window.summary.max_value.text() == f"{before.max_batch_size:,}"
    assert not window.menus.act_json.isEnabled(), "the old result must not be exported as the new inputs'"
    e = settle(qtbot, window, timeout=10_000)
    timer.stop()
    assert len(e.config.hidden) == 150 and not window.model.estimate.dimmed and window.menus.act_json.isEnabled()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    assert len(ticks) > 40 and max(gaps) < 1.0, f"the event loop stalled for {max(gaps):.2f} s"
    window.stop_workers()


def test_a_saved_deep_model_does_not_freeze_the_start(qtbot, languages):
    gate = threading.Event()

    def gated(config):
        if len(config.hidden) > 1:
            gate.wait(10)
        return estimate(config)

    settings = QSettings()
    settings.setValue("inputs/hidden", ",".join(["64"] * 2000))
    window = MainWindow(languages, compute=gated)
    qtbot.addWidget(window)
    started = time.perf_counter()
    window.restore_settings(settings)
    window.show()
    qtbot.waitExposed(window)
    assert time.perf_counter() - started < 1.0
    assert window.model.estimate.shown is None and "Computing" in window.summary.fits.text()
    assert "[64, 64" in window.windowTitle()
    gate.set()
    e = settle(qtbot, window, timeout=60_000)
    assert len(e.config.hidden) == 2000
    window.stop_workers()
