"""The device's side of the estimate: the device strip puts the training before what the allocator
caches and the CUDA context, against the capacity the verdict uses; when nothing fits the summary says why; the
remedies panel ranks what would help, in both languages, and applies one."""

from dataclasses import replace

import pytest

from core import estimate
from core.engine.remedies import Remedy
from gui.model import CalculatorModel
from gui.views.bar_chart import MemoryBarChart, device_capacity
from gui.views.device_strip import DeviceStrip
from gui.views.remedies import RemediesPanel
from gui.views.summary import SummaryBox
from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _remedies(config):
    """What the engine's remedies() gives, for plain MLP variants only (no trace, no torch)."""
    now = estimate(config)
    found = []
    for key, changes in (("recommended", {"batch_size": max(1, now.max_batch_size * 4 // 5)}),
                         ("sgd", {"optimizer": "sgd"}), ("zero_grad", {"zero_grad": "before-forward"})):
        variant = replace(config, **changes)
        after = estimate(variant)
        found.append(Remedy(key, variant, after, now.demand_bytes - after.demand_bytes))
    return sorted(found, key=lambda r: (not r.fits, -r.saved_bytes))


class SmallGpu:
    """The views of these tests on their own model, no window: the device strip, the chart, the
    verdict, the remedies."""

    def __init__(self, qtbot) -> None:
        self.model = CalculatorModel(find_remedies=_remedies)
        self.device_strip = DeviceStrip(self.model)
        self.bar_chart = MemoryBarChart(self.model)
        self.summary = SummaryBox(self.model)
        self.remedies = RemediesPanel(self.model)
        for view in (self.device_strip, self.bar_chart, self.summary, self.remedies):
            qtbot.addWidget(view)


@pytest.fixture
def small_gpu(qtbot, languages):
    rig = SmallGpu(qtbot)
    # 3 GiB: a custom card's CUDA context is estimated, and the verdict takes its high side (1.4 GiB)
    rig.model.inputs.update(gpu="custom", gpu_gib="3", hidden="4096, 4096", batch_size="200000")
    settle(qtbot, rig)
    yield rig
    rig.model.shutdown()


def test_the_device_strip_puts_the_training_before_cuda_and_libraries(qtbot, window):
    e = settle(qtbot, window)
    strip = window.device_strip
    training = e.peak_bytes - e.component_bytes["workspace"]
    assert strip.training_bytes() == training
    assert strip.segment_at(training + e.component_bytes["workspace"] / 2)[0] == "cuBLAS workspace"
    cached = strip.segment_at(e.peak_bytes + e.cached_at_peak_bytes / 2)
    context = strip.segment_at(e.peak_bytes + e.cached_at_peak_bytes + e.runtime.cuda_context_bytes / 2)
    assert cached[0] == "Cached by the allocator" and cached[1] == e.cached_at_peak_bytes > 0
    assert context[0] == "CUDA context" and context[1] == e.runtime.cuda_context_bytes
    assert strip.items["cached"].opts["x0"][0] * strip.scale == pytest.approx(e.peak_bytes, rel=1e-9)
    assert strip.libraries_bytes() > 100 * training  # the MLP: the bar chart shows the training at its own scale
    assert "your training" in strip.title() and "off the scale" in strip.title()
    assert "nvidia-smi would show" in window.summary.details.text()
    window.model.inputs.update(allocator_limit_gib="0.5")
    e = settle(qtbot, window, allocator_limit_bytes=1 << 29)
    assert device_capacity(e) == e.config.allocator_limit + e.runtime.cuda_context_bytes
    assert strip.capacity_line.isVisible() and "allocator limit + CUDA context" in strip.title()


def test_bar_and_verdict_agree_when_it_does_not_fit(qtbot, small_gpu):
    e = small_gpu.model.estimate.shown
    assert not e.fits and "✘" in small_gpu.summary.fits.text()
    strip = small_gpu.device_strip
    used = strip.training_bytes() + strip.libraries_bytes()
    assert used > device_capacity(e), "the strip runs past the capacity the verdict uses"
    assert strip.capacity_line.isVisible()
    assert "Out of memory in" in small_gpu.bar_chart.title()


def test_when_not_even_one_fits_the_summary_says_why(qtbot, small_gpu):
    small_gpu.model.inputs.update(hidden="20000, 20000", batch_size="1")
    e = settle(qtbot, small_gpu, hidden=(20000, 20000))
    assert e.max_batch_size == 0
    text = small_gpu.summary.details.text()
    assert "Not even a batch of one fits" in text and "optimizer state" in text


def test_remedies_are_found_when_it_does_not_fit_and_one_applies(qtbot, small_gpu, languages):
    panel = small_gpu.remedies
    qtbot.waitUntil(lambda: panel.table.rowCount() == 3, timeout=10_000)
    assert panel.remedies.is_current() and "the most device memory saved first" in panel.status.text()
    first = panel.shown()[0]
    assert first.key == "recommended" and panel.table.item(0, 4).text() == "✔ fits"
    assert panel.table.item(0, 2).text() == f"{first.estimate.max_batch_size:,}"
    languages.switch("zh_CN")
    qtbot.waitUntil(lambda: "推荐批量" in panel.table.item(0, 0).text())
    languages.switch("en")
    panel.apply_buttons[0].click()
    e = settle(qtbot, small_gpu, batch_size=first.config.batch_size)
    assert e.fits and "✔" in small_gpu.summary.fits.text()
    assert not panel.remedies.is_current() and not panel.apply_buttons[0].isEnabled()
    assert panel.find_button.isEnabled()
    panel.find_button.click()
    qtbot.waitUntil(panel.remedies.is_current, timeout=10_000)


def test_remedies_for_a_traced_model_come_from_their_process(qtbot, window):
    window.model.inputs.update(model="course-cnn")
    settle(qtbot, window, timeout=120_000, model="course-cnn")
    window.remedies.find_button.click()
    assert "Finding remedies" in window.remedies.status.text()
    qtbot.waitUntil(window.remedies.remedies.is_current, timeout=180_000)
    keys = [r.key for r in window.remedies.shown()]
    assert "amp_bfloat16" in keys and "checkpoint" in keys
    assert window.remedies.shown()[0].config.model_spec.name == "course-cnn"
