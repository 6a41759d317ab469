"""Measuring from the window, with the scripted fake backend: no torch, no GPU, no thread left."""

import threading

import pytest
from PySide6.QtWidgets import QApplication

from core import ALL_COMPONENTS
from core.measure.calibration import find_calibration
from core.measure.machine import cpu_info
from gui.views.bar_chart import MEASURED, UNSPLIT
from tests.gui.helpers import settle
from tests.support.fake_backend import FakeBackend

WAIT_MS = 5000
DEVICE = {"index": 0, "name": "Fake GPU", "total_memory_bytes": FakeBackend.TOTAL, "compute_capability": "9.0",
          "architecture": "Hopper", "sm_count": 132, "threads_per_sm": 2048}


class GatedBackend(FakeBackend):
    """Holds its first transfer until `gate` opens (or `hold` seconds pass), so a test can act
    while a probe is under way."""

    def __init__(self, hold: float = 5.0, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entered, self.gate, self.hold = threading.Event(), threading.Event(), hold

    def run_phase(self, phase, config):
        if phase == "transfer" and not self.entered.is_set():
            self.entered.set()
            self.gate.wait(self.hold)
        super().run_phase(phase, config)


@pytest.fixture
def fake(window, qtbot):
    """The window measuring with FakeBackend (replace `fake.backend` to script it)."""

    class Rig:
        backend = FakeBackend()

    rig = Rig()
    m = window.measure
    m.backend_factory = lambda: rig.backend
    m.availability = lambda: (True, "Fake GPU")
    m.device = lambda: DEVICE
    m.sampler = lambda: (100, FakeBackend.TOTAL - 100, FakeBackend.TOTAL)
    m.machine = lambda: {"cpu": cpu_info(), "platform": "test", "python": "3", "torch": "2.14.1", "cuda": "12.8",
                         "cudnn": None, "gpus": [DEVICE], "gpu_note": ""}  # machine_info() would import torch
    with qtbot.waitSignal(m.availabilityChanged, timeout=WAIT_MS):
        window.check_measuring()
    yield rig
    window.measure.shutdown()
    assert window.measure.wait_all(5), "a worker outlived its test"
    assert window.measure.running() == 0


def _measure(qtbot, window):
    with qtbot.waitSignal(window.measure.probeFinished, timeout=WAIT_MS) as blocker:
        window.measuring.act_measure.trigger()
    return blocker.args[0].result


def test_measured_bar_shows_the_fakes_figures(qtbot, window, fake):
    assert window.measuring.act_measure.isEnabled()
    window.inputs.batch.setText("64")
    settle(qtbot, window, batch_size=64)
    result = _measure(qtbot, window)
    assert result.status == "done"
    assert window.bar_chart.measured_heights()["workspace"] == 0  # in the device strip, until asked for
    window.model.display.set_show_workspace(True)
    heights = window.bar_chart.measured_heights()
    assert heights["parameters"] == FakeBackend.PARAMS
    assert heights["input_batch"] == FakeBackend.INPUT * 64
    assert heights["activations"] == FakeBackend.ACTIVATIONS * 64
    assert heights["optimizer_state"] == FakeBackend.STATE
    assert heights["workspace"] == FakeBackend.WORKSPACE
    assert heights[UNSPLIT] > FakeBackend.PARAMS  # gradients and temporaries: the counters don't split them
    assert sum(heights.values()) == result.peak_allocated_bytes
    drawn = sum(window.bar_chart.items[n].opts["height"][MEASURED] for n in ALL_COMPONENTS)
    assert drawn * window.bar_chart.scale == pytest.approx(result.peak_allocated_bytes - heights[UNSPLIT])
    # the timeline draws one measured point per phase, and the table compares them
    assert len(window.timeline.measured_points()) == len(result.readings)
    rows = window.comparison.rows()
    peak = next(row for section, row in rows if row.name == "peak allocated")
    assert peak.measured == result.peak_allocated_bytes and peak.predicted == window.estimate.peak_bytes
    assert window.comparison.table.rowCount() == len(rows)


def test_a_clean_probe_calibrates_this_machine(qtbot, window, fake):
    _measure(qtbot, window)
    cal = find_calibration("Fake GPU")
    assert cal is not None and cal.workspace_bytes == FakeBackend.WORKSPACE
    qtbot.waitUntil(lambda: window.estimate.config.gpu == "local")
    assert window.estimate.runtime.source == "calibrated"
    assert window.estimate.gpu_memory_bytes == FakeBackend.TOTAL
    assert "calibrated" in window.inputs.gpu.currentText()
    assert window.model.measurement.result is not None  # the GPU changed, the loop did not: the measurement stays
    window.inputs.batch.setText(str(int(window.inputs.batch.text()) * 2))
    qtbot.waitUntil(lambda: window.model.measurement.result is None)
    assert window.bar_chart.measured_heights() == {}


def test_cancel_stops_between_phases(qtbot, window, fake):
    fake.backend = GatedBackend()
    window.measuring.act_measure.trigger()
    assert fake.backend.entered.wait(WAIT_MS / 1000)
    assert window.measuring.act_cancel.isEnabled() and not window.measuring.act_measure.isEnabled()
    with qtbot.waitSignal(window.measure.probeFinished, timeout=WAIT_MS) as blocker:
        window.measuring.act_cancel.trigger()
        fake.backend.gate.set()
    assert blocker.args[0].result.status == "cancelled"
    assert [phase for phase, _ in fake.backend.calls] == ["setup", "transfer"]
    assert window.model.measurement.result is None
    assert window.measuring.act_measure.isEnabled()


@pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen plugin, as the message box opens
def test_out_of_memory_is_explained_and_the_app_keeps_working(qtbot, window, fake):
    window.inputs.batch.setText("8192")
    settle(qtbot, window, batch_size=8192)
    fake.backend = FakeBackend(oom_at=("backward", 8192))
    result = _measure(qtbot, window)
    assert result.status == "oom"
    text = window.measuring.message_box.text()
    assert "Out of memory in backward (iteration 1) at batch 8,192" in text
    assert "tried to allocate 20.00 MiB with 3.12 MiB free" in text
    assert "Out of memory" in window.statusBar().currentMessage()
    window.measuring.message_box.close()
    fake.backend = FakeBackend()
    assert _measure(qtbot, window).status == "done"


def test_no_cuda_disables_the_actions_with_the_reason(qtbot, window):
    reason = "no CUDA device (torch.cuda.is_available() is False)"
    window.measure.availability = lambda: (False, reason)
    with qtbot.waitSignal(window.measure.availabilityChanged, timeout=WAIT_MS):
        window.check_measuring()
    for act in (window.measuring.act_measure, window.measuring.act_maxbatch):
        assert not act.isEnabled()
        assert reason in act.toolTip()
    assert reason in window.statusBar().currentMessage()
    window.measure.shutdown()


def test_the_actions_wait_for_the_check(window):
    assert not window.measuring.act_measure.isEnabled()
    assert "Checking" in window.measuring.act_measure.toolTip()


def test_closing_the_window_stops_a_probe(qtbot, window, fake):
    fake.backend = GatedBackend(hold=0.3)
    window.measuring.act_measure.trigger()
    assert fake.backend.entered.wait(WAIT_MS / 1000)
    window.close()
    assert window.measure.running() == 0
    assert not window.measure.is_busy()
    assert fake.backend.released == 1  # the probe cleaned up after itself
    QApplication.processEvents()
    assert window.model.measurement.result is None  # its late result is dropped


def test_a_second_probe_replaces_the_first(qtbot, window, fake):
    first = fake.backend = GatedBackend(hold=0.3)
    window.measuring.act_measure.trigger()
    assert first.entered.wait(WAIT_MS / 1000)
    fake.backend = FakeBackend()
    with qtbot.waitSignal(window.measure.probeFinished, timeout=WAIT_MS) as blocker:
        window.measure.start_probe(window.estimate.config)
    assert blocker.args[0].result.status == "done"
    assert first.released == 1


def test_max_batch_search_reports_the_boundary_and_fills_both_plots(qtbot, window, fake):
    fake.backend = FakeBackend(oom_above=100)
    with qtbot.waitSignal(window.measure.searchFinished, timeout=WAIT_MS) as blocker:
        window.measuring.act_maxbatch.trigger()
    search = blocker.args[0].search
    assert search.max_batch_size == 100 and search.recommended_batch_size == 80
    panel = window.maxbatch_panel
    assert "100" in panel.summary.text() and "80" in panel.summary.text()
    fits = [t for t in search.trials if t.fits]
    xs = panel.memory_curve.xData
    assert list(xs) == sorted(t.batch_size for t in fits)
    assert len(panel.oom_points.xData) == len(search.trials) - len(fits)
    sx, sy = panel.speed_curve.xData, panel.speed_curve.yData
    assert len(sx) == len(fits) and all(v > 0 for v in sy)
    assert window.tabs.currentWidget() is panel


def test_machine_panel_without_gpu_shows_the_cpu(qtbot, window):
    cpu = cpu_info()
    info = {"cpu": cpu, "platform": "test", "python": "3", "torch": None, "cuda": None, "cudnn": None,
            "gpus": [], "gpu_note": "PyTorch is not installed"}
    window.measure.machine = lambda: info
    window.measure.sampler = lambda: None
    with qtbot.waitSignal(window.measure.machineFound, timeout=WAIT_MS):
        window.measuring.act_machine.trigger()
    text = window.machine_panel.facts.text()
    assert cpu["model"] in text and str(cpu["threads"]) in text
    assert "PyTorch is not installed" in text
    qtbot.waitUntil(lambda: "no CUDA device" in window.machine_panel.gauge.text(), timeout=WAIT_MS)
    window.stop_workers()
    assert window.measure.wait_all(5) and window.measure.running() == 0


def test_memory_monitor_samples_while_the_tab_shows(qtbot, window, fake):
    window.tabs.setCurrentWidget(window.machine_panel)
    qtbot.waitUntil(lambda: len(window.machine_panel.samples) >= 1, timeout=WAIT_MS)
    assert window.measuring.is_sampling()
    window.tabs.setCurrentIndex(0)
    assert not window.measuring.is_sampling()


def test_an_unexpected_worker_error_goes_to_the_error_sink(qtbot, window, fake):
    from gui.app.errors import ErrorSink

    seen = []
    window.error_sink = ErrorSink(show=lambda summary, details: seen.append(summary))

    def broken():
        raise RuntimeError("no backend today")

    window.measure.backend_factory = broken
    window.measuring.act_measure.trigger()
    qtbot.waitUntil(lambda: seen == ["RuntimeError: no backend today"], timeout=WAIT_MS)
    assert window.measuring.act_measure.isEnabled()
