"""File menu: exports that read back, names without a suffix, missing folders, the copied summary."""

import csv
import json

import pytest
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QMessageBox

from core import ALL_COMPONENTS
from tests.gui.helpers import settle


def test_exports_write_files_that_read_back(qtbot, window, tmp_path):
    window.inputs.batch.setText("512")
    e = settle(qtbot, window, batch_size=512)
    window.export_chart_png(tmp_path / "chart.png")
    image = QImage(str(tmp_path / "chart.png"))
    assert not image.isNull() and image.width() == window.overview.width()
    window.export_json(tmp_path / "estimate.json")
    data = json.loads((tmp_path / "estimate.json").read_text(encoding="utf-8"))
    assert data["peak_bytes"] == e.peak_bytes
    assert data["config"]["batch_size"] == 512
    assert data["max_batch_size"] == e.max_batch_size
    window.export_csv(tmp_path / "components.csv")
    with open(tmp_path / "components.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["component"] for r in rows] == [*ALL_COMPONENTS, "peak"]
    assert sum(int(r["bytes"]) for r in rows[:-1]) == int(rows[-1]["bytes"]) == e.peak_bytes


def test_png_export_adds_the_suffix_it_needs(window, tmp_path):
    written = window.export_chart_png(tmp_path / "chart")
    assert written == tmp_path / "chart.png"
    assert not QImage(str(written)).isNull()
    assert window.export_chart_png(tmp_path / "chart.v2") == tmp_path / "chart.v2.png"


def test_png_export_to_a_missing_folder_is_reported(qtbot, window, tmp_path, monkeypatch):
    with pytest.raises(FileNotFoundError) as raised:
        window.export_chart_png(tmp_path / "no such folder" / "chart.png")
    assert raised.value.filename == str(tmp_path / "no such folder")
    told = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: told.append(text))
    assert window.write_reporting("Export chart", str(tmp_path / "gone" / "c.png"), window.export_chart_png) is None
    assert told and str(tmp_path / "gone") in told[0] and "does not exist" in told[0]
    written = window.write_reporting("Export chart", str(tmp_path / "ok"), window.export_chart_png)
    assert written == tmp_path / "ok.png" and str(written) in window.status.current()


def test_exports_wait_for_a_result_of_these_inputs(qtbot, window):
    assert window.menus.act_json.isEnabled()
    window.inputs.hidden.setText("12a")
    assert not window.menus.act_json.isEnabled() and not window.menus.act_copy.isEnabled()
    window.inputs.hidden.setText("12")
    settle(qtbot, window, hidden=(12,))
    assert window.menus.act_json.isEnabled()


def test_copied_summary_speaks_the_interface_language_without_internal_keys(qtbot, window):
    window.copy_summary()
    english = QGuiApplication.clipboard().text()
    assert "Optimizer state" in english and "optimizer_state" not in english
    assert "input_batch" not in english and "after-forward" not in english
    assert "The whole training set (60,000 images) fits in one batch." in english
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "总览")
    settle(qtbot, window)
    window.copy_summary()
    chinese = QGuiApplication.clipboard().text()
    assert "优化器状态" in chinese and "optimizer_state" not in chinese
    assert "Predicted peak" not in chinese


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_png_is_the_whole_overview_under_its_title(qtbot, window, tmp_path):
    window.resize(1280, 860)
    window.show()
    qtbot.waitExposed(window)
    window.tabs.setCurrentIndex(1)  # exported from another tab too
    image = QImage(str(window.export_chart_png(tmp_path / "overview.png")))
    overview = window.overview
    assert image.width() == overview.width() and image.height() > overview.height()
    assert image.height() > window.bar_chart.height() + window.component_table.height()


def test_save_dialogs_open_in_the_last_folder_or_documents(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    asked = []

    def answer(_parent, _title, start, _pattern):
        asked.append(start)
        return str(tmp_path / "chart.png"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", answer)
    window.ask_export_png()
    assert asked[0].startswith(documents) and asked[0].endswith("memcalc.png")
    window.ask_export_json()
    assert asked[1] == str(tmp_path / "memcalc.json")
