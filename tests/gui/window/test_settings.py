"""Inputs persist between sessions; corrupt saved values are skipped, a half-typed one shows its error."""

import pytest
from PySide6.QtCore import QSettings

from gui.model import InputState
from gui.window import MainWindow
from tests.gui.helpers import WAIT_MS, settle


def _new_window(qtbot, languages):
    other = MainWindow(languages)
    qtbot.addWidget(other)
    return other


def test_settings_round_trip(qtbot, window, languages):
    inputs = window.inputs
    inputs.dataset.setCurrentIndex(inputs.dataset.findData("cifar10"))
    inputs.hidden.setText("1024, 512, 256")
    inputs.dtype.setCurrentIndex(inputs.dtype.findData("bfloat16"))
    inputs.optimizer.setCurrentIndex(inputs.optimizer.findData("sgd-momentum"))
    inputs.zero_grad.setCurrentIndex(inputs.zero_grad.findData("before-forward"))
    inputs.batch.setText("777")
    inputs.gpu.setCurrentIndex(inputs.gpu.findData("custom"))
    inputs.gpu_gib.setText("40.5")
    window.model.display.set_binary(False)
    window.save_settings(QSettings())
    saved = window.model.inputs.state

    other = _new_window(qtbot, languages)
    assert other.model.inputs.state != saved
    assert other.restore_settings(QSettings()) == []
    assert other.model.inputs.state == saved
    assert other.model.display.binary is False
    e = settle(qtbot, other, hidden=(1024, 512, 256), batch_size=777)
    assert e.gpu_memory_bytes == int(40.5 * 2**30)
    other.stop_workers()


def test_restore_skips_garbage_and_keeps_the_rest(qtbot, window):
    s = QSettings()
    s.setValue("inputs/batch_size", "lots")
    s.setValue("inputs/dtype", "float7")
    s.setValue("inputs/hidden", "32")
    skipped = window.restore_settings(s)
    assert sorted(line.split("=")[0] for line in skipped) == ["batch_size", "dtype"]
    e = settle(qtbot, window, hidden=(32,))
    assert e.config.dtype == "float32" and e.config.batch_size == 64


@pytest.mark.parametrize(("key", "value"), [
    ("inputs/batch_size", str(10**30)),
    ("inputs/batch_size", "-5"),
    ("inputs/gpu_gib", "nan"),
    ("inputs/gpu_gb", "nan"),
    ("inputs/gpu_gib", "inf"),
    ("inputs/channels", str(10**30)),
    ("inputs/classes", "0"),
    ("inputs/hidden", "x" * 200_000),
    ("inputs/dataset", "folder"),
    ("window/geometry", "hello"),
    ("view/binary", "maybe"),
])
def test_a_corrupt_saved_value_falls_back_to_its_default(qtbot, window, key, value):
    s = QSettings()
    s.setValue("inputs/gpu", "custom")
    s.setValue(key, value)
    window.restore_settings(s)
    defaults = InputState(gpu="custom")
    e = settle(qtbot, window)
    assert window.model.inputs.state == defaults
    assert e.gpu_memory_bytes == 24 * 2**30 and e.config.batch_size == 64
    assert window.model.display.binary is True and window.model.inputs.error is None


def test_restart_with_a_half_typed_input_shows_its_error_and_no_result(qtbot, window, languages):
    s = QSettings()
    s.setValue("inputs/dataset", "cifar10")
    s.setValue("inputs/hidden", "512,256,")
    s.setValue("inputs/gpu", "a100-40gb")
    other = _new_window(qtbot, languages)
    other.restore_settings(s)
    qtbot.wait(300)  # the default inputs' estimate, had it been started, would be back by now
    assert other.inputs.hidden.text() == "512,256,"
    assert "512,256," in other.inputs.error_text()
    assert other.model.estimate.shown is None
    assert "Fits" not in other.summary.fits.text() and other.summary.max_value.text() == "–"
    assert "MNIST" not in other.windowTitle() and "H100" not in other.windowTitle()
    assert "invalid input" in other.windowTitle()
    assert other.bar_chart.segment_at(0, 1) is None
    other.inputs.hidden.setText("512,256")
    e = settle(qtbot, other, hidden=(512, 256), timeout=WAIT_MS)
    assert e.config.dataset == "cifar10" and "CIFAR-10" in other.windowTitle()
    other.stop_workers()


def test_an_image_folder_dataset_comes_back_with_its_folder(qtbot, window, languages, tmp_path):
    window.sample_viewer.set_folder(tmp_path)
    window.model.inputs.update(dataset="folder", channels=3, height=64, width=48, classes=7)
    settle(qtbot, window, input_shape=(3, 64, 48))
    s = QSettings()
    window.save_settings(s)
    other = _new_window(qtbot, languages)
    assert other.restore_settings(s) == []
    e = settle(qtbot, other)
    assert other.model.inputs.state.dataset == "folder"
    assert e.config.input_shape == (3, 64, 48) and e.config.classes == 7
    assert other.sample_viewer.folder() == tmp_path
    other.stop_workers()


def test_an_image_folder_that_is_gone_is_skipped_with_the_reason(qtbot, window, languages, tmp_path):
    s = QSettings()
    s.setValue("inputs/dataset", "folder")
    s.setValue("samples/folder", str(tmp_path / "gone"))
    skipped = window.restore_settings(s)
    assert any("is not there any more" in line for line in skipped)
    assert settle(qtbot, window).config.dataset == "mnist"
