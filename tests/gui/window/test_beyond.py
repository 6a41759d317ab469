"""The window's GPU comparison, the memory snapshot exported and compared, and the inference mode
made from its declaration, in both languages."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QFileDialog

from core import gpus, write_snapshot
from gui.model.inputs import DECLARED
from gui.views.snapshot import SnapshotDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen plugin, as a dialog shows


def test_which_gpu_tab_lists_every_card(window, qtbot):
    panel = window.gpu_panel
    assert window.tabs.indexOf(panel) >= 0
    panel.compare()
    qtbot.waitUntil(lambda: len(panel.rows) == len(gpus()), timeout=20_000)
    assert panel.table.rowCount() == len(gpus())
    figures = [panel.table.item(i, 8).text() for i in range(panel.table.rowCount())]
    assert "measured" in figures
    assert panel.wait(5)


def test_snapshot_exported_then_compared(window, qtbot, tmp_path, monkeypatch):
    e = window.estimate
    path = tmp_path / "step.pickle"
    write_snapshot(e, path)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(path), ""))
    window.ask_compare_snapshot()
    dialog = window.snapshot_dialog
    assert isinstance(dialog, SnapshotDialog)
    peak = next(r for r in dialog.rows if r.name == "peak allocated")
    assert peak.measured == peak.predicted == e.peak_bytes
    dialog.close()
    assert window.menus.act_snapshot.isEnabled() and window.menus.act_memory_viz.isEnabled()


def test_the_mode_is_an_input_and_translated(window, qtbot):
    assert "mode" in {f.key for f in DECLARED}
    tab = window.tabs.indexOf(window.gpu_panel)
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.tabs.tabText(tab) == "选哪块 GPU")
    assert window.menus.act_snapshot.text() == "与显存快照比较(&S)…"
    assert window.gpu_panel.button.text() == "比较 GPU"
    window.set_language("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(tab) == "Which GPU")
