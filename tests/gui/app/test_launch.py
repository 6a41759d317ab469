"""Starting the app: screenshot mode without torch, and a start with corrupt saved settings that
neither crashes nor exits nor shows absurd values."""

import json
import os
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtGui import QImage

from tests import support

ROOT = support.ROOT


def _run(code: str, tmp_path, timeout: int = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "MEMCALC_CONFIG_DIR": str(tmp_path / "memcalc-config")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=timeout,
                          env=env)


DEFERRED = ("gui.samples.viewer", "gui.inputs.layer_builder", "gui.views.remedies", "gui.views.gpus",
            "gui.measure.comparison", "gui.views.layer_memory", "gui.measure.max_batch", "gui.measure.machine",
            "gui.window.guide", "gui.views.snapshot", "core.measure.snapshot", "core.measure.probe",
            "core.measure.search", "core.engine.remedies", "pyqtgraph.exporters")
"""What the first frame does not need, imported when first used: the tabs behind the overview, the
dialogs, the probe and the search on a GPU, the remedies, the chart exporters."""


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshot_mode_writes_png_without_torch(tmp_path, lang):
    shot = tmp_path / f"shot_{lang}.png"
    code = (
        "import sys, main\n"
        f"rc = main.main(['--screenshot', {str(shot)!r}, '--lang', {lang!r}])\n"
        "assert 'torch' not in sys.modules, 'torch imported on the startup path'\n"
        f"early = [name for name in {DEFERRED!r} if name in sys.modules]\n"
        "assert not early, f'imported at start-up: {early}'\n"
        "import gc\n"
        "assert gc.isenabled(), 'the garbage collector stays paused after start-up'\n"
        "sys.exit(rc)\n"
    )
    done = _run(code, tmp_path)
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert not image.isNull()
    assert image.width() >= 1000 and image.height() >= 700


def test_a_screenshot_of_a_model_file_too_deeply_nested_to_compile_finishes(tmp_path):
    deep = tmp_path / "deep.py"
    deep.write_text("class Net:\n    pass\n\nx = a" + ".b" * 100_000 + "\n")
    shot = tmp_path / "deep.png"
    done = _run(f"import sys, main\nsys.exit(main.main(['--screenshot', {str(shot)!r}, '--model', "
                f"{str(deep) + ':Net'!r}]))\n", tmp_path, timeout=180)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert not QImage(str(shot)).isNull()


@pytest.mark.parametrize(("model", "expected"), [
    ("resnet18", {"model": "torchvision", "architecture": "resnet18"}),
    ("course-cnn", {"model": "course-cnn"}),
    ("net.py:Net", {"model": "file", "model_name": "Net"}),
])
def test_screenshot_options_set_the_model_dataset_batch_and_tab(window, tmp_path, monkeypatch, model, expected):
    from argparse import Namespace

    from gui.app.launch import screenshot_inputs

    monkeypatch.chdir(tmp_path)
    options = Namespace(model=model, dataset="cifar10", batch_size="32", tab="layers", set=[])
    screenshot_inputs(window, options)
    inputs = window.model.inputs.state
    assert {key: getattr(inputs, key) for key in expected} == expected
    assert (inputs.dataset, inputs.batch_size) == ("cifar10", "32")
    assert window.tabs.currentWidget() is window.layer_table
    if model.endswith(":Net"):
        assert inputs.model_file == str(tmp_path / "net.py")


def test_an_unknown_screenshot_dataset_is_refused_by_name(capsys):
    """It used to reach the window, whose error dialog then waited forever offscreen."""
    from gui.app.launch import parse_args

    with pytest.raises(SystemExit) as done:
        parse_args(["--screenshot", "x.png", "--dataset", "foo"])
    assert done.value.code == 2 and "'foo'" in capsys.readouterr().err


@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_a_screenshot_shows_the_window_laid_out(window, tmp_path):
    """The grab came a pass or two of the event loop before the layouts a result asks for (the left
    column's scroll bar, the timeline's axis), so it showed a window that changed right after."""
    from PySide6.QtWidgets import QApplication

    from gui.app.launch import render_screenshot

    shot = tmp_path / "shot.png"
    assert render_screenshot(window, str(shot))
    for _ in range(3):
        QApplication.processEvents()
    later = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert QImage(str(shot)).convertToFormat(QImage.Format.Format_RGB32) == later


def test_the_garbage_collection_and_the_check_for_a_gpu_wait_for_the_first_frame(tmp_path):
    """The check imports torch in a worker thread, whose hold on the GIL made the first frame wait;
    the collector, paused while the window starts, then collects as usual."""
    code = textwrap.dedent("""
        import json, sys
        from PySide6.QtCore import QTimer
        from gui.window import MainWindow
        seen = []

        def check(window):
            seen.append([window.model.estimate.shown is not None and not window.staggered.waiting(),
                         __import__("gc").isenabled()])
            QTimer.singleShot(0, window.close)

        MainWindow.check_measuring = check
        import main
        status = main.main([])
        print(json.dumps(seen))
        sys.exit(status)
    """)
    done = _run(code, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [[True, True]]


def test_a_screenshot_that_cannot_be_written_says_why(tmp_path):
    shot = tmp_path / "no such folder" / "shot.png"
    done = _run(f"import sys, main\nsys.exit(main.main(['--screenshot', {str(shot)!r}]))\n", tmp_path)
    assert done.returncode == 1
    assert "could not write the screenshot" in done.stderr and "folder does not exist" in done.stderr


CORRUPT = {
    "inputs/batch_size": str(10**30),
    "inputs/gpu": "custom",
    "inputs/gpu_gb": "nan",
    "inputs/hidden": "256",
    "inputs/channels": "-3",
    "window/geometry": "hello",
    "view/binary": "sometimes",
    "view/language": ["zh_CN", "en"],
}


def test_a_start_with_corrupt_settings_keeps_running_with_the_defaults(tmp_path):
    """batch_size 10^30 used to show the error dialog and then end the app; geometry=hello crashed it;
    gpu_gb=nan became 100,000 GB. Each bad value is skipped and logged; the rest is restored."""
    code = textwrap.dedent(f"""
        import json, sys
        from PySide6.QtCore import QCoreApplication, QSettings, QTimer
        from PySide6.QtWidgets import QApplication, QMessageBox
        app = QApplication(["memcalc"])
        QCoreApplication.setOrganizationName("memcalc")
        QCoreApplication.setApplicationName("memcalc")
        settings = QSettings()
        for key, value in {CORRUPT!r}.items():
            settings.setValue(key, value)
        settings.sync()
        dialogs = []
        QMessageBox.exec = lambda self: dialogs.append(self.informativeText()) or 0
        seen = {{}}

        def look():
            from gui.window import MainWindow
            window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
            if window.model.estimate.is_computing():
                QTimer.singleShot(50, look)
                return
            e = window.model.estimate.shown
            seen.update(batch=window.inputs.batch.text(), gib=window.inputs.gpu_gib.text(),
                        hidden=window.inputs.hidden.text(), channels=window.inputs.channels.value(),
                        memory=e.gpu_memory_bytes, error=window.inputs.error_text(), dialogs=dialogs,
                        binary=window.model.display.binary)
            window.close()

        QTimer.singleShot(200, look)
        import main
        status = main.main([])
        print(json.dumps(seen))
        sys.exit(status)
    """)
    done = _run(code, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen == {"batch": "64", "gib": "24", "hidden": "256", "channels": 3, "memory": 24 * 2**30,
                    "error": "", "dialogs": [], "binary": True}
    for key in ("batch_size", "gpu_gib", "channels", "window/geometry", "view/binary", "view/language"):
        assert key in done.stderr, f"the skipped {key} is not logged"
