"""Render the window with a fake probe result (measured bar, timeline points, comparison table).

    QT_QPA_PLATFORM=offscreen python bench/measured_screenshot.py /tmp/pg_measured_en.png en
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gui.i18n import Languages, load_fonts
from gui.main_window import MainWindow
from PySide6.QtWidgets import QApplication
from tests.fake_backend import FakeBackend

from core.measure.probe import run_probe
from core.measure.search import find_max_batch


def main(path: str, lang: str) -> int:
    app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
    load_fonts(app)
    languages = Languages(app)
    languages.switch(lang)
    window = MainWindow(languages)
    window.inputs.batch.setValue(256)
    window.recompute()
    result = run_probe(window.estimate.config, FakeBackend())
    result.device_name, result.torch_version = "Fake GPU", "2.14.1"
    window.show_measured(result)
    window.show()
    for i, widget in enumerate((window.tabs.widget(0), window.comparison)):
        window.tabs.setCurrentWidget(widget)
        app.processEvents()
        window.grab().save(path.replace(".png", f"_{i}.png"), "PNG")
    window._search_config = window.estimate.config
    search = find_max_batch(window.estimate.config, FakeBackend(oom_above=3000))
    window.maxbatch_panel.clear()
    for trial in search.trials:
        window.maxbatch_panel.add_trial(trial)
    from gui.measure import SearchOutcome

    window._on_search_finished(SearchOutcome(search, None, None))
    window.tabs.setCurrentWidget(window.maxbatch_panel)
    app.processEvents()
    window.grab().save(path.replace(".png", "_2.png"), "PNG")
    window.stop_workers()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "en"))
