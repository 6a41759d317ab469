"""Starting the window: QApplication, fonts, language, error hook; `--screenshot PATH` renders and exits."""

from __future__ import annotations

import argparse
import logging
import sys
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from core import DATASETS

from ..model import DECLARED, InputState
from ..model.estimate_process import stop_shared
from ..views.exporting import PNG_QUALITY
from ..window import MainWindow
from ..window.settings import saved_language
from . import collector
from .errors import ErrorSink, install_excepthooks
from .i18n import LANGUAGES, Languages, load_fonts, system_language
from .paths import icon_file
from .settle import on_screen, settle_layout

__all__ = ["parse_args", "render_screenshot", "run_app", "wait_for_estimate"]

FIRST_ESTIMATE_S = 60.0
REMEDIES_S = 180.0
FIRST_FRAME_MS = 1000
"""How long after the window shows its first frame is surely on screen, and what waits for it starts:
collecting start-up's garbage (30 ms), and the check for a GPU to measure on, which imports torch in
a worker thread whose hold on the GIL made the first frame's paints wait almost half a second."""
SCREENSHOT_TABS = {"overview": "tabs", "layers": "layer_table", "per-layer": "layer_memory", "builder": "builder",
                   "remedies": "remedies"}

log = logging.getLogger(__name__)


def parse_args(args: list[str]) -> tuple[argparse.Namespace, list[str]]:
    parser = argparse.ArgumentParser(prog="memcalc", description="memcalc: GPU memory of training, predicted.")
    parser.add_argument("--screenshot", metavar="PATH", help="render the window to a PNG offscreen and exit")
    parser.add_argument(
        "--smoke-test", metavar="PATH",
        help="offscreen: estimate, render the window to PATH, load torch; exit 0 only if all worked",
    )
    parser.add_argument("--lang", choices=list(LANGUAGES), help="interface language (default: system locale)")
    shot = parser.add_argument_group("what a --screenshot shows (default: the default inputs)")
    shot.add_argument("--model", help="course-cnn, layers (the course CNN in the builder), a torchvision name, "
                                      "or path.py:NAME")
    shot.add_argument("--dataset", choices=list(DATASETS))
    shot.add_argument("--batch-size", help="the batch size")
    shot.add_argument("--tab", choices=list(SCREENSHOT_TABS), help="the tab shown")
    shot.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                      help="any other input as the window holds it (input_shape=128, classes=2) or a declared "
                           "option (gpus=4, strategy=ddp, mode=inference, input_dtype=int64, vocab=30000); repeatable")
    return parser.parse_known_args(args)  # the rest goes to Qt (-style, -platform, ...)


def wait_for_estimate(window: MainWindow, timeout_s: float = FIRST_ESTIMATE_S) -> bool:
    """Run the event loop until the estimate on screen is for the inputs on screen (or bad input
    stops it) and the charts have drawn it; False after `timeout_s`."""
    deadline = time.monotonic() + timeout_s
    QApplication.processEvents()  # a result already computed arrives here, without a sleep first
    while window.model.estimate.is_computing() or window.staggered.waiting():
        if time.monotonic() > deadline:
            return False
        if window.model.estimate.is_computing():
            time.sleep(0.005)  # the charts' turns come at the next passes: no sleep for them
        QApplication.processEvents()
    return True


def screenshot_inputs(window: MainWindow, options: argparse.Namespace) -> None:
    """Set what `--model`, `--dataset`, `--batch-size` and `--tab` ask for."""
    changes: dict[str, object] = {}
    model = options.model
    if model in ("course-cnn", "layers"):
        changes["model"] = model
    elif model and ":" in model:
        path, _, name = model.rpartition(":")
        changes.update(model="file", model_file=str(Path(path).resolve()), model_name=name)
    elif model and model != "mlp":
        changes.update(model="torchvision", architecture=model)
    if options.dataset:
        changes["dataset"] = options.dataset
    if options.batch_size:
        changes["batch_size"] = options.batch_size
    changes.update(_set_inputs(window.model.inputs.state, options.set))
    window.model.inputs.update(**changes)
    if options.tab and options.tab != "overview":
        window.tabs.setCurrentWidget(getattr(window, SCREENSHOT_TABS[options.tab]))


def _set_inputs(state: InputState, settings: list[str]) -> dict[str, object]:
    """`--set KEY=VALUE`s as changes to the inputs: InputState's own (numbers as numbers) and the
    declared options; an unknown key is named and skipped."""
    changes: dict[str, object] = {}
    options = dict(state.options)
    for setting in settings:
        key, _, value = setting.partition("=")
        if key in {f.key for f in DECLARED}:
            options[key] = value
        elif key in InputState.names() and key != "options":
            kind = type(getattr(state, key))
            changes[key] = value.lower() == "true" if kind is bool else kind(value)
        else:
            print(f"memcalc: --set {setting}: no input is called {key}", file=sys.stderr)
    if options:
        changes["options"] = InputState.options_of(options)
    return changes


def wait_for_remedies(window: MainWindow, timeout_s: float = REMEDIES_S) -> bool:
    window.model.remedies.request()
    deadline = time.monotonic() + timeout_s
    while window.model.remedies.found() is None and window.model.remedies.error() is None:
        if time.monotonic() > deadline or window.model.inputs.config is None:
            return False
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()
    return True


def render_screenshot(window: MainWindow, path: str) -> bool:
    window.show()
    if not wait_for_estimate(window):
        print(f"memcalc: the estimate took longer than {FIRST_ESTIMATE_S:.0f} s; the screenshot shows none",
              file=sys.stderr)
    if window.tabs.currentWidget() is window.lazy_tabs.built("remedies") and not wait_for_remedies(window):
        print("memcalc: no remedies to show", file=sys.stderr)
    window.staggered.flush()
    settle_layout()
    ok = on_screen(window).save(path, "PNG", PNG_QUALITY)
    if not ok:
        folder = Path(path).resolve().parent
        reason = "its folder does not exist" if not folder.is_dir() else "the file could not be written there"
        print(f"memcalc: could not write the screenshot {path}: {reason}", file=sys.stderr)
    return ok


def _after_first_frame(window: MainWindow) -> None:
    collector.resume()
    window.check_measuring()


def _application(qt_args: list[str], offscreen: bool) -> QApplication:
    app = QApplication.instance()
    if app is None:
        argv = [sys.argv[0] if sys.argv else "memcalc", *qt_args]
        if offscreen:
            argv += ["-platform", "offscreen"]
        app = QApplication(argv)
    QCoreApplication.setOrganizationName("memcalc")
    QCoreApplication.setApplicationName("memcalc")
    return app  # type: ignore[return-value]


def run_app(args: list[str]) -> int:
    options, qt_args = parse_args(args)
    screenshot = options.screenshot is not None or options.smoke_test is not None
    app = _application(qt_args, offscreen=screenshot)
    app.setWindowIcon(QIcon(str(icon_file())))
    load_fonts(app)
    settings = QSettings()
    languages = Languages(app)
    language = options.lang or saved_language(settings, LANGUAGES) or system_language()
    languages.switch(language if language in LANGUAGES else "en")
    sink = ErrorSink()
    restore_hooks = install_excepthooks(sink)
    try:
        window = MainWindow(languages)
        window.error_sink = sink
        if options.smoke_test is not None:
            from .smoke import report, smoke_checks

            path = Path(options.smoke_test)
            collector.resume()
            status = report(smoke_checks(path, lambda: render_screenshot(window, str(path))))
            window.stop_workers()
            return status
        if screenshot:
            screenshot_inputs(window, options)
            ok = render_screenshot(window, options.screenshot)
            collector.resume(collect=False)
            window.stop_workers()
            return 0 if ok else 1
        try:
            window.restore_settings(settings)
        except Exception:  # the defaults are a working window; the sink tells what went wrong
            sink.report(*sys.exc_info())
        window.show()
        QTimer.singleShot(FIRST_FRAME_MS, lambda: _after_first_frame(window))
        app.aboutToQuit.connect(window.stop_workers)
        return app.exec()
    finally:
        stop_shared()
        restore_hooks()
