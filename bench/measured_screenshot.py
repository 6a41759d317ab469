"""Render the window with a fake probe result (measured bar, timeline points, comparison table).

    QT_QPA_PLATFORM=offscreen python bench/measured_screenshot.py /tmp/pg_measured_en.png en
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication

from core.measure.probe import run_probe
from core.measure.search import find_max_batch
from gui.app.i18n import Languages, load_fonts
from gui.measure.hub import SearchOutcome
from gui.window.main_window import MainWindow
from tests.support.fake_backend import FakeBackend


def main(path: str, lang: str) -> int:
    found = QApplication.instance()
    app = found if isinstance(found, QApplication) else QApplication([sys.argv[0], "-platform", "offscreen"])
    load_fonts(app)
    languages = Languages(app)
    languages.switch(lang)
    window = MainWindow(languages)
    window.model.inputs.update(batch_size="256")
    deadline = time.monotonic() + 30
    while not (window.model.estimate.is_current() and window.estimate is not None
               and window.estimate.config.batch_size == 256):
        if time.monotonic() > deadline:
            raise SystemExit("the estimate for batch 256 did not come within 30 s")
        app.processEvents()
        time.sleep(0.01)
    config = window.estimate.config
    result = run_probe(config, FakeBackend())
    result.device_name, result.torch_version = "Fake GPU", "2.14.1"
    window.model.measurement.set(result)
    window.show()
    for i, widget in enumerate((window.overview, window.comparison)):
        window.tabs.setCurrentWidget(widget)
        app.processEvents()
        window.grab().save(path.replace(".png", f"_{i}.png"), "PNG")
    search = find_max_batch(config, FakeBackend(oom_above=3000))
    window.maxbatch_panel.clear()
    for trial in search.trials:
        window.maxbatch_panel.add_trial(trial)
    window.measuring._on_search_finished(SearchOutcome(search, None, None, window.estimate.max_batch_size))
    window.tabs.setCurrentWidget(window.maxbatch_panel)
    app.processEvents()
    window.grab().save(path.replace(".png", "_2.png"), "PNG")
    window.stop_workers()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "en"))
