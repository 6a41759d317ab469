"""The main window driven through its API: inputs in, the engine's figures out."""

import math

import pytest

from core import ALL_COMPONENTS, TrainingConfig, estimate
from gui.charts import NAIVE, PREDICTED
from gui.inputs import batch_to_slider, slider_to_batch


def _settled(qtbot, window, **expected):
    def check():
        cfg = window.estimate.config
        for key, value in expected.items():
            assert getattr(cfg, key) == value

    qtbot.waitUntil(check, timeout=2000)
    return window.estimate


def _bar(chart, name, slot):
    opts = chart.items[name].opts
    return opts["y0"][slot] * chart.scale, opts["height"][slot] * chart.scale


def test_batch_change_updates_bars_to_engine_figures(qtbot, window):
    window.inputs.batch.setValue(256)
    _settled(qtbot, window, batch_size=256)
    expected = estimate(TrainingConfig(hidden=(128,), batch_size=256))
    bottom = 0
    for name in ALL_COMPONENTS:
        y0, height = _bar(window.bar_chart, name, PREDICTED)
        assert height == pytest.approx(expected.components[name].bytes)
        assert y0 == pytest.approx(bottom)
        bottom += expected.components[name].bytes
    assert bottom == expected.peak_bytes
    naive_total = sum(_bar(window.bar_chart, n, NAIVE)[1] for n in ALL_COMPONENTS)
    assert naive_total == pytest.approx(expected.naive_bytes)


def test_slider_and_spin_box_stay_in_sync(qtbot, window):
    window.inputs.batch_slider.setValue(batch_to_slider(1024))
    assert window.inputs.batch.value() == 1024
    window.inputs.batch.setValue(300)
    assert window.inputs.batch_slider.value() == round(math.log2(300) * 100)
    window.inputs.batch_slider.setValue(window.inputs.batch_slider.maximum())
    assert window.inputs.batch.value() == 65_536
    assert slider_to_batch(0) == 1
    _settled(qtbot, window, batch_size=65_536)


def test_bad_layer_text_shows_inline_error_and_keeps_last_estimate(qtbot, window):
    window.inputs.hidden.setText("512, 256")
    before = _settled(qtbot, window, hidden=(512, 256))
    heights = [_bar(window.bar_chart, n, PREDICTED) for n in ALL_COMPONENTS]
    window.inputs.hidden.setText("512, 12a")
    qtbot.waitUntil(lambda: window.inputs.hidden_error.isVisibleTo(window))
    assert "12a" in window.inputs.hidden_error.text()
    assert window.estimate is before
    assert [_bar(window.bar_chart, n, PREDICTED) for n in ALL_COMPONENTS] == heights
    window.inputs.hidden.setText("64")
    _settled(qtbot, window, hidden=(64,))
    assert not window.inputs.hidden_error.isVisibleTo(window)


def test_custom_shape_and_custom_gpu(qtbot, window):
    inputs = window.inputs
    inputs.dataset.setCurrentIndex(inputs.dataset.findData("custom"))
    inputs.channels.setValue(3)
    inputs.height.setValue(64)
    inputs.width.setValue(48)
    inputs.classes.setValue(7)
    inputs.gpu.setCurrentIndex(inputs.gpu.findData("custom"))
    inputs.gpu_gb.setValue(12.5)
    e = _settled(qtbot, window, input_shape=(3, 64, 48), classes=7)
    assert e.gpu_memory_bytes == int(12.5 * 2**30)  # GiB, as cards are sold
    assert inputs.gpu_gb.isVisibleTo(window)


def test_local_gpu_from_worker_thread(qtbot, window):
    probe = window.start_gpu_probe(lambda: ("Fake GPU 8GB", 8_000_000_000))
    try:
        with qtbot.waitSignal(probe.finished, timeout=5000):
            pass
    finally:
        assert probe.stop()
    assert not probe.is_running()
    inputs = window.inputs
    index = inputs.gpu.findData("local")
    assert "Fake GPU 8GB" in inputs.gpu.itemText(index)
    inputs.gpu.setCurrentIndex(index)
    assert _settled(qtbot, window, gpu="custom").gpu_memory_bytes == 8_000_000_000


def test_failing_probe_reports_instead_of_crashing(qtbot, window):
    def broken():
        raise ImportError("no torch here")

    probe = window.start_gpu_probe(broken)
    try:
        with qtbot.waitSignal(probe.failed, timeout=5000) as blocker:
            pass
    finally:
        assert probe.stop()
    assert "no torch here" in blocker.args[0]
    assert window.inputs.gpu.findData("local") == -1


def test_switching_to_chinese_changes_labels(qtbot, window):
    assert window.tabs.tabText(0) == "Overview"
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "总览")
    assert window.inputs._labels["dataset"].text() == "数据集(&D)"
    assert window.summary.max_caption.text() == "最大批大小"
    assert window.bar_chart.getPlotItem().getAxis("bottom")._tickLevels[0][0][1] == "预测"
    window.set_language("en")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == "Overview")


def test_bar_tooltips_follow_the_language(qtbot, window):
    """Both bars' formulas, the prediction's and the course estimate's, switch language."""
    params = window.estimate.components["parameters"].bytes
    params_and_grads = window.estimate.naive["parameters_and_gradients"].bytes
    assert "parameters" in window.bar_chart.tooltip_at(NAIVE, params_and_grads / 4)
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: "个参数" in window.bar_chart.tooltip_at(NAIVE, params_and_grads / 4))
    assert "个参数" in window.bar_chart.tooltip_at(PREDICTED, params / 2)
    window.set_language("en")
    qtbot.waitUntil(lambda: "parameters" in window.bar_chart.tooltip_at(PREDICTED, params / 2))


def test_unit_switch(qtbot, window):
    window.set_binary(False)
    sizes = [window.component_table.item(r, 1).text() for r in range(len(ALL_COMPONENTS))]
    assert any(s.endswith(" MB") or s.endswith(" KB") for s in sizes)
    assert window.bar_chart.unit in ("KB", "MB", "GB")
    window.set_binary(True)
    assert window.bar_chart.unit in ("KiB", "MiB", "GiB")


def test_tooltips_name_size_and_formula(window):
    e = window.estimate
    params = e.components["parameters"]
    text = window.bar_chart.tooltip_at(PREDICTED, params.bytes / 2)
    assert "Parameters" in text and params.formula in text
    assert window.bar_chart.tooltip_at(0.5, 1) == ""
    assert "Iteration" in window.timeline.tooltip_for(window.timeline.peak_index)


def test_timeline_marks_the_peak(window):
    e = window.estimate
    tl = window.timeline
    assert tl.points[tl.peak_index].bytes == e.peak_bytes
    assert (tl.points[tl.peak_index].phase, tl.points[tl.peak_index].iteration) == e.peak_phase


def test_summary_and_title(qtbot, window):
    window.inputs.batch.setValue(128)
    e = _settled(qtbot, window, batch_size=128)
    assert window.summary.max_value.text() == f"{e.max_batch_size:,}"
    assert window.summary.rec_value.text() == f"{e.recommended_batch_size:,}"
    assert "batch 128" in window.windowTitle()
    window.copy_summary()
    from PySide6.QtGui import QGuiApplication

    assert f"{e.max_batch_size:,}" in QGuiApplication.clipboard().text()


def test_about_lists_versions_without_importing_torch(window):
    import sys

    text = window.about_text()
    for name in ("Python", "Qt", "PySide6", "pyqtgraph"):
        assert name in text
    assert ("torch" in text) == ("torch" in sys.modules)


def test_hiding_the_workspace_leaves_the_tensors_in_the_bar(window):
    e = window.estimate
    window.set_show_workspace(False)
    chart = window.bar_chart
    assert chart.segment_at(0, 0)[1] == e.component_bytes["parameters"]
    heights = {name: item.opts["height"][0] * chart.scale
               for name, item in chart.items.items() if name in e.component_bytes}
    assert heights["workspace"] == 0
    assert abs(sum(heights.values()) - (e.peak_bytes - e.component_bytes["workspace"])) < 1
    window.set_show_workspace(True)
    assert abs(chart.items["workspace"].opts["height"][0] * chart.scale - e.component_bytes["workspace"]) < 1
