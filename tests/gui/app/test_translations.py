"""The shipped Chinese translation is complete, compiled, and its font is bundled."""

import xml.etree.ElementTree as ET

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
