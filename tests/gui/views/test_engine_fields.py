"""Issue 19's engine fields on screen: what happens at the failing allocation (reserved never
below allocated, the phase the chart's title names), the parts of peak − course estimate, the
engine's course moment in the Memory per layer tab, total and trainable parameters in the Layers
tab, and remedies that say "saves" or "needs more", their largest and recommended batch, and
"does not help here"; in English and Chinese."""

from dataclasses import replace

import pytest

from core import estimate, human_bytes
from core.engine.remedies import Remedy
from gui.views.band import signed_bytes
from gui.views.remedies import FITS, LARGEST, MEMORY, RECOMMENDED
from gui.window import MainWindow
from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _remedies(config):
    """Three plain-MLP remedies (no trace): one that saves, one that needs more, one that does not help."""
    now = estimate(config)
    found = []
    for key, changes, helps in (("recommended", {"batch_size": max(1, now.max_batch_size * 4 // 5)}, True),
                                ("max_batch", {"batch_size": config.batch_size * 2}, True),
                                ("zero_grad", {"zero_grad": "before-forward"}, False)):
        variant = replace(config, **changes)
        after = estimate(variant)
        found.append(Remedy(key, variant, after, now.demand_bytes - after.demand_bytes, helps=helps))
    return found


@pytest.fixture
def small_gpu(qtbot, languages):
    window = MainWindow(languages, find_remedies=_remedies)
    qtbot.addWidget(window)
    # 3 GiB: a custom card's CUDA context is estimated, and the verdict takes its high side (1.4 GiB)
    window.model.inputs.update(gpu="custom", gpu_gib="3", hidden="4096, 4096", batch_size="200000")
    settle(qtbot, window)
    yield window
    window.stop_workers()


def test_out_of_memory_says_what_happens_at_the_failing_allocation(qtbot, small_gpu, languages):
    e = small_gpu.model.estimate.shown
    oom = e.out_of_memory
    assert oom is not None and oom.reserved_bytes >= oom.allocated_bytes
    details = small_gpu.summary.details.text()
    assert "the allocator reserves up to" not in details  # the old text put reserved below allocated
    phase = f"Out of memory in {oom.phase} of iteration {oom.iteration}: {oom.tensor} asks for " \
            f"{human_bytes(oom.requested_bytes)}"
    assert details.startswith(phase)
    assert small_gpu.bar_chart.title_lines()[0].startswith(f"Out of memory in {oom.phase}, iteration {oom.iteration}")
    assert (f"new {human_bytes(oom.segment_bytes)} segment, but it holds {human_bytes(oom.reserved_bytes)} "
            f"({human_bytes(oom.allocated_bytes)} in tensors, {human_bytes(oom.cached_bytes)} cached") in details
    assert f"only {human_bytes(oom.free_bytes)} of the {human_bytes(oom.capacity_bytes)}" in details
    assert f"{human_bytes(e.peak_bytes)} allocated" in details
    assert f"{human_bytes(e.unbounded_reserved_bytes)} reserved" in details
    assert e.unbounded_reserved_bytes >= e.peak_bytes
    languages.switch("zh_CN")
    qtbot.waitUntil(lambda: small_gpu.summary.details.text().startswith(f"在第 {oom.iteration} 次迭代的"))
    assert "显存不足" in small_gpu.summary.details.text()


def test_the_difference_from_the_course_estimate_is_split(qtbot, window, languages):
    e = settle(qtbot, window)
    d = e.naive_differences
    assert sum(d.values()) == e.peak_bytes - e.naive_bytes
    text = window.summary.details.text()
    assert (f"Peak − course estimate = {signed_bytes(e.peak_bytes - e.naive_bytes, True)}: cuBLAS workspace "
            f"{signed_bytes(d['workspace'], True)}, temporaries {signed_bytes(d['temporaries'], True)}, rounding "
            f"up to the allocator's blocks {signed_bytes(d['block_rounding'], True)}, the moment of the peak "
            f"{signed_bytes(d['moment'], True)}.") in text
    languages.switch("zh_CN")
    qtbot.waitUntil(lambda: "峰值 − 课程估算" in window.summary.details.text())


def test_the_end_of_forward_bar_is_the_engines_course_moment(qtbot, window):
    e = settle(qtbot, window)
    moment = e.course_moment
    assert (moment.phase, moment.iteration) == ("loss", 2)
    view = window.layer_memory
    at_forward = view.peak_heights(1)
    for name, size in moment.end_components.items():
        expected = 0 if name == "workspace" and not window.model.display.show_workspace else size
        assert at_forward[name] == pytest.approx(expected, abs=1), name
    assert "end of forward (iteration 2)" in view.peak_text.text()


def test_the_layers_tab_counts_total_and_trainable_parameters(qtbot, window, languages):
    e = settle(qtbot, window)
    window.show()
    qtbot.waitExposed(window)
    table = window.layer_table
    window.tabs.setCurrentWidget(table)  # the table fills while shown
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert headers[5:8] == ["Parameters", "With children", "Trainable"]
    linear = next(i for i, row in enumerate(e.layers) if row.kind == "Linear")
    row = e.layers[linear]
    assert table.item(linear, 1).text() == "Linear"
    assert table.item(linear, 3).text() == " × ".join(f"{d:,}" for d in row.weight_shape)
    assert table.item(linear, 6).text() == f"{row.total_parameters:,}"
    assert table.item(linear, 7).text() == f"{row.trainable_parameters:,}"
    last = table.rowCount() - 1
    assert last == len(e.layers) and table.item(last, 0).text() == "Total"
    assert table.item(last, 5).text() == f"{e.parameter_count:,}"
    assert table.item(last, 7).text() == f"{e.trainable_parameter_count:,}"
    assert table.item(last, 8).text() == f"{e.trainable_parameter_count:,} trainable, 0 non-trainable"
    languages.switch("zh_CN")
    qtbot.waitUntil(lambda: table.horizontalHeaderItem(7).text() == "可训练")
    assert table.item(last, 0).text() == "合计"


def test_remedies_say_saves_or_needs_more_with_their_batches(qtbot, small_gpu, languages):
    panel = small_gpu.remedies
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=10_000)
    saves, needs, useless = panel.shown()
    assert saves.saved_bytes > 0 > needs.saved_bytes and not useless.helps
    memory = [panel.table.item(row, MEMORY).text() for row in range(3)]
    assert memory == [f"saves {human_bytes(saves.saved_bytes)}", f"needs {human_bytes(-needs.saved_bytes)} more",
                      "does not help here"]
    assert not any("−" in text or "-" in text for text in memory)
    for row, remedy in enumerate((saves, needs, useless)):
        assert panel.table.item(row, LARGEST).text() == f"{remedy.max_batch_size:,}"
        assert panel.table.item(row, RECOMMENDED).text() == f"{remedy.recommended_batch_size:,}"
    assert panel.table.item(0, FITS).text() == "✔ fits"
    assert "with it the largest batch is" in panel.table.item(2, 0).toolTip()
    languages.switch("zh_CN")
    qtbot.waitUntil(lambda: panel.table.item(0, MEMORY).text().startswith("节省"))
    assert panel.table.item(1, MEMORY).text().startswith("还需要")
    assert panel.table.item(2, MEMORY).text() == "在这里没有帮助"
