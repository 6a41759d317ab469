"""The main window driven through its API: inputs in, the engine's figures out."""

import math
import sys

import pytest
from PySide6.QtGui import QGuiApplication

from core import ALL_COMPONENTS, TrainingConfig, estimate
from gui.inputs import batch_to_slider, slider_to_batch
from gui.model import BATCH_MAX
from gui.views.bar_chart import NAIVE, PREDICTED
from tests.gui.helpers import WAIT_MS, settle


def _bar(chart, name, slot):
    opts = chart.items[name].opts
    return opts["y0"][slot] * chart.scale, opts["height"][slot] * chart.scale


def test_batch_change_updates_bars_to_engine_figures(qtbot, window):
    window.inputs.batch.setText("256")
    settle(qtbot, window, batch_size=256)
    expected = estimate(TrainingConfig(hidden=(128,), batch_size=256))
    bottom = 0
    for name in ALL_COMPONENTS:
        y0, height = _bar(window.bar_chart, name, PREDICTED)
        wanted = 0 if name == "workspace" else expected.components[name].bytes  # in the device strip
        assert height == pytest.approx(wanted)
        assert y0 == pytest.approx(bottom)
        bottom += wanted
    assert bottom == expected.peak_bytes - expected.components["workspace"].bytes
    assert window.device_strip.training_bytes() + expected.components["workspace"].bytes == expected.peak_bytes
    naive_total = sum(_bar(window.bar_chart, n, NAIVE)[1] for n in ALL_COMPONENTS)
    assert naive_total == pytest.approx(expected.naive_bytes)


def test_slider_and_batch_field_stay_in_sync(qtbot, window):
    inputs = window.inputs
    inputs.batch_slider.setValue(batch_to_slider(1024))
    assert inputs.batch.text() == "1024"
    inputs.batch.setText("300")
    assert inputs.batch_slider.value() == round(math.log2(300) * 100)
    inputs.batch_slider.setValue(inputs.batch_slider.maximum())
    assert inputs.batch.text() == str(BATCH_MAX)
    assert slider_to_batch(0) == 1
    inputs.batch_slider.setValue(batch_to_slider(2**20))
    settle(qtbot, window, batch_size=2**20)


def test_bad_layer_text_shows_inline_error_and_keeps_last_estimate_dimmed(qtbot, window):
    window.inputs.hidden.setText("512, 256")
    before = settle(qtbot, window, hidden=(512, 256))
    heights = [_bar(window.bar_chart, n, PREDICTED) for n in ALL_COMPONENTS]
    window.inputs.hidden.setText("512, 12a")
    assert "12a" in window.inputs.error_text()
    assert window.model.estimate.shown is before and window.model.estimate.dimmed
    assert [_bar(window.bar_chart, n, PREDICTED) for n in ALL_COMPONENTS] == heights
    window.inputs.hidden.setText("64")
    settle(qtbot, window, hidden=(64,))
    assert window.inputs.error_text() == "" and not window.model.estimate.dimmed


def test_custom_shape_and_custom_gpu(qtbot, window):
    inputs = window.inputs
    inputs.dataset.setCurrentIndex(inputs.dataset.findData("custom"))
    inputs.input_shape.setText("3, 64, 48")
    inputs.classes.setValue(7)
    inputs.gpu.setCurrentIndex(inputs.gpu.findData("custom"))
    inputs.gpu_gib.setText("12.5")
    e = settle(qtbot, window, input_shape=(3, 64, 48), classes=7)
    assert e.gpu_memory_bytes == int(12.5 * 2**30)  # GiB, as cards are sold
    assert inputs.gpu_gib.isVisibleTo(window)


def test_input_panel_sizes_are_the_widgets_own(window):
    """The image's height and width fields no longer shadow QWidget.width() and height()."""
    panel = window.inputs
    assert isinstance(panel.width(), int) and isinstance(panel.height(), int)
    assert panel.image_width.value() == 32 and panel.image_height.value() == 32


def test_local_gpu_found_by_the_worker(qtbot, window):
    hub = window.measure
    hub.availability = lambda: (True, "Fake GPU 8GB")
    hub.device = lambda: {"name": "Fake GPU 8GB", "total_memory_bytes": 8_000_000_000}
    with qtbot.waitSignal(hub.deviceFound, timeout=WAIT_MS):
        window.check_measuring()
    inputs = window.inputs
    index = inputs.gpu.findData("local")
    assert "Fake GPU 8GB" in inputs.gpu.itemText(index)
    inputs.gpu.setCurrentIndex(index)
    assert settle(qtbot, window, gpu="custom").gpu_memory_bytes == 8_000_000_000
    assert hub.wait_all(5)


def test_failing_check_reports_instead_of_crashing(qtbot, window):
    def broken():
        raise ImportError("no torch here")

    window.measure.availability = broken
    with qtbot.waitSignal(window.measure.availabilityChanged, timeout=WAIT_MS) as blocker:
        window.check_measuring()
    assert blocker.args[0] is False and "no torch here" in blocker.args[1]
    assert window.inputs.gpu.findData("local") == -1


def test_switching_to_chinese_changes_labels(qtbot, window):
    assert window.tabs.tabText(0) == "Overview"
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "总览")
    assert window.inputs.label_text("dataset") == "数据集(&D)"
    assert window.summary.max_caption.text() == "最大批大小"
    assert window.bar_chart.slot_labels()[0] == "预测"
    window.set_language("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Overview")


def test_bar_tooltips_follow_the_language(qtbot, window):
    """Both bars' formulas, the prediction's and the course estimate's, switch language."""
    e = window.model.estimate.shown
    params = e.components["parameters"].bytes
    params_and_grads = e.naive["parameters_and_gradients"].bytes
    assert "parameters" in window.bar_chart.tooltip_at(NAIVE, params_and_grads / 4)
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: "个参数" in window.bar_chart.tooltip_at(NAIVE, params_and_grads / 4))
    assert "个参数" in window.bar_chart.tooltip_at(PREDICTED, params / 2)
    window.set_language("en")
    qtbot.waitUntil(lambda: "parameters" in window.bar_chart.tooltip_at(PREDICTED, params / 2))


def test_unit_switch(qtbot, window):
    window.model.display.set_binary(False)
    sizes = [window.component_table.item(r, 1).text() for r in range(len(ALL_COMPONENTS))]
    assert any(s.endswith(" MB") or s.endswith(" KB") for s in sizes)
    assert window.bar_chart.unit in ("KB", "MB", "GB")
    assert window.menus.act_gb.isChecked()
    window.menus.act_gib.trigger()
    assert window.model.display.binary and window.bar_chart.unit in ("KiB", "MiB", "GiB")


def test_tooltips_name_size_and_formula(window):
    params = window.model.estimate.shown.components["parameters"]
    text = window.bar_chart.tooltip_at(PREDICTED, params.bytes / 2)
    assert "Parameters" in text and params.formula in text
    assert window.bar_chart.tooltip_at(0.5, 1) == ""
    assert "Iteration" in window.timeline.tooltip_for(window.timeline.peak_index)


def test_timeline_marks_the_peak(window):
    e = window.model.estimate.shown
    tl = window.timeline
    assert tl.points[tl.peak_index].bytes == e.peak_bytes
    assert (tl.points[tl.peak_index].phase, tl.points[tl.peak_index].iteration) == e.peak_phase


def test_summary_and_title(qtbot, window):
    window.inputs.batch.setText("128")
    e = settle(qtbot, window, batch_size=128)
    assert window.summary.max_value.text() == f"{e.max_batch_size:,}"
    assert window.summary.rec_value.text() == f"{e.recommended_batch_size:,}"
    assert "batch 128" in window.windowTitle()
    window.copy_summary()
    assert f"{e.max_batch_size:,}" in QGuiApplication.clipboard().text()


def test_ctrl_up_and_down_double_and_halve_the_batch(qtbot, window):
    window.menus.act_double.trigger()
    assert window.inputs.batch.text() == "128"
    window.menus.act_halve.trigger()
    window.menus.act_halve.trigger()
    assert window.inputs.batch.text() == "32"
    settle(qtbot, window, batch_size=32)


def test_about_lists_versions_without_importing_torch(window):
    text = window.about_text()
    for name in ("Python", "Qt", "PySide6", "pyqtgraph"):
        assert name in text
    assert ("<br>torch " in text) == ("torch" in sys.modules)  # the description names torchvision


def test_the_workspace_joins_the_training_bar_only_when_asked(window):
    e = window.model.estimate.shown
    assert not window.model.display.show_workspace  # at first start the course's places fill the bar
    chart = window.bar_chart
    assert chart.segment_at(0, 0)[1] == e.component_bytes["parameters"]
    heights = {name: item.opts["height"][0] * chart.scale
               for name, item in chart.items.items() if name in e.component_bytes}
    assert heights["workspace"] == 0
    assert abs(sum(heights.values()) - (e.peak_bytes - e.component_bytes["workspace"])) < 1
    window.menus.act_workspace.trigger()
    assert window.model.display.show_workspace
    assert abs(chart.items["workspace"].opts["height"][0] * chart.scale - e.component_bytes["workspace"]) < 1
