"""Issue 18 in the window: where cuDNN's convolution workspaces are estimated the charts draw a
hatched band between the low and the high side and the result says so, with the verdict on the
high side; an estimated CUDA context is shown as its range; nothing that rests on a guess is
written as one exact figure, in English and Chinese."""

import pytest

from core import human_bytes
from gui.views.band import span
from gui.views.bar_chart import PREDICTED
from gui.views.tables import ComponentTable
from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TRACE_MS = 120_000  # a fresh estimate process imports torch first


@pytest.fixture
def cnn(qtbot, window):
    """The course CNN on CIFAR-10: its convolutions' workspaces are not measured for the H100."""
    window.model.inputs.update(model="course-cnn", dataset="cifar10", batch_size="256")
    e = settle(qtbot, window, timeout=TRACE_MS, model="course-cnn", batch_size=256)
    assert e.conv_workspaces == "estimated" and e.peak_high_bytes > e.peak_bytes
    return window


def _peak_row(table: ComponentTable) -> str:
    return table.item(table.rowCount() - 1, 1).text()


def test_the_band_is_drawn_and_said_where_workspaces_are_estimated(qtbot, cnn, languages):
    e, chart, strip = cnn.model.estimate.shown, cnn.bar_chart, cnn.device_strip
    band = e.peak_high_bytes - e.peak_bytes
    assert chart.band_bytes() == band and chart.band.opts["height"][0] * chart.scale == pytest.approx(band)
    bar_top = chart.band.opts["y0"][0] * chart.scale
    assert "estimated" in chart.segment_at(PREDICTED, bar_top + band / 2)[0]
    assert chart.band_label.isVisible() and chart.band_label.toPlainText() == "estimated"
    extra = e.device_used_high_bytes - e.device_used_bytes
    assert strip.band_segment[1] == extra > 0
    assert strip.segment_at(strip.training_bytes() + strip.libraries_bytes() + extra / 2) == strip.band_segment
    low, high = human_bytes(e.peak_bytes), human_bytes(e.peak_high_bytes)
    details = cnn.summary.details.text()
    assert f"Peak {low} – {high} allocated" in details
    assert (f"Convolution workspaces: estimated (nothing measured for this GPU, cuDNN version and shapes): the peak "
            f"is between {low} and {high}") in details and "take the high side" in details
    assert f"would show {human_bytes(e.device_used_bytes)} – {human_bytes(e.device_used_high_bytes)}" in details
    assert _peak_row(cnn.component_table) == f"{low} – {high}"  # never one exact figure
    assert e.max_batch_size == e.high.max_batch_size or e.max_batch_size <= e.high.max_batch_size
    languages.switch("zh_CN")
    qtbot.waitUntil(lambda: "卷积工作区" in cnn.summary.details.text())
    details = cnn.summary.details.text()
    assert f"{low} – {high}" in details and "高值" in details
    assert chart.band_label.toPlainText() == "估算"


def test_no_band_without_convolutions(qtbot, window):
    e = settle(qtbot, window)
    assert e.conv_workspaces == "none"
    assert window.bar_chart.band_bytes() == 0 and not window.bar_chart.band_label.isVisible()
    assert window.device_strip.band_segment[1] == 0
    details = window.summary.details.text()
    assert "Convolution workspaces" not in details and f"Peak {human_bytes(e.peak_bytes)} allocated" in details
    assert _peak_row(window.component_table) == human_bytes(e.peak_bytes)


def test_an_estimated_cuda_context_is_shown_as_its_range(qtbot, window, languages):
    window.model.inputs.update(gpu="a100-40gb")
    e = settle(qtbot, window, gpu="a100-40gb")
    low, high = e.cuda_context_range
    assert high > low
    context = f"the CUDA context {human_bytes(low)} – {human_bytes(high)} (estimated)"
    assert context in window.summary.details.text()
    strip = window.device_strip
    assert strip.band_segment[1] == e.device_used_high_bytes - e.device_used_bytes == high - low
    tip = strip.tooltip_at(strip.training_bytes() + strip.libraries_bytes() - 1)
    assert "CUDA context" in tip and human_bytes(high) in tip
    languages.switch("zh_CN")
    qtbot.waitUntil(lambda: f"{human_bytes(low)} – {human_bytes(high)}" in window.summary.details.text()
                    and "CUDA 上下文" in window.summary.details.text())


@pytest.mark.parametrize(("low", "high", "shown"), [
    (6_015_588_864, 6_018_260_480, "5.60 GiB"),  # resnet50 at 64: the sides 2.5 MiB apart
    (6_018_260_480, 6_015_588_864, "5.60 GiB"),
    (5 << 30, 6 << 30, "5.00 GiB – 6.00 GiB"),
    (6 << 30, 5 << 30, "5.00 GiB – 6.00 GiB"),
])
def test_a_band_narrower_than_its_figures_show_is_one_figure(low, high, shown):
    """'5.60 GiB – 5.60 GiB' told a learner nothing; the range is written where it can be read."""
    assert span(low, high, binary=True) == shown
