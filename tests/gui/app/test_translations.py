"""The shipped Chinese translation is complete, compiled, and its font is bundled."""

import xml.etree.ElementTree as ET
from pathlib import Path

from gui.app.paths import RESOURCES, font_files, translation_file


def test_every_string_is_translated_and_compiled():
    ts = ET.parse(RESOURCES / "i18n" / "memcalc_zh_CN.ts")
    messages = list(ts.iter("message"))
    assert len(messages) > 50
    unfinished = [m.findtext("source") for m in messages
                  if m.find("translation").get("type") in ("unfinished", "obsolete") or not m.findtext("translation")]
    assert unfinished == []
    assert translation_file("zh_CN").stat().st_size > 1000


def test_cjk_font_is_bundled(qapp):
    from PySide6.QtGui import QFont, QFontMetrics

    from gui.app.i18n import load_fonts

    assert font_files(), "no bundled font"
    families = load_fonts(qapp)
    assert any("WenQuanYi" in f or "文泉驿" in f for f in families)
    assert QFontMetrics(QFont(families[0])).inFontUcs4(ord("显"))


def test_formulas_follow_the_interface_language(qtbot, window, languages):
    from gui.views.labels import formula_language

    languages.switch("zh_CN")
    assert formula_language() == "zh_CN"
    qtbot.waitUntil(lambda: "个参数" in window.component_table.item(0, 3).text())
    languages.switch("en")
    assert formula_language() == "en"
    qtbot.waitUntil(lambda: "parameters ×" in window.component_table.item(0, 3).text())


def test_qt_dialogs_speak_chinese_even_where_qt_has_no_translations_path(languages, monkeypatch, tmp_path):
    """A bundle's QLibraryInfo may point where nothing is: Qt's own words come from PySide6's folder."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo

    monkeypatch.setattr(QLibraryInfo, "path", lambda _which: str(tmp_path))
    languages.switch("zh_CN")
    assert QCoreApplication.translate("QFileDialog", "Look in:") != "Look in:"
    assert QCoreApplication.translate("QFileDialog", "Files of type:") != "Files of type:"


def test_the_bundle_carries_qts_own_translations():
    spec = (Path(__file__).resolve().parents[3] / "packaging" / "memcalc.spec").read_text(encoding="utf-8")
    assert "qtbase_zh_CN.qm" in spec and "PySide6/Qt/translations" in spec
