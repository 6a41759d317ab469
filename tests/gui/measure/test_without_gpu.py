"""Without a CUDA device the Max batch and This machine tabs say what they need and show the
predicted max batch, never empty plots; the reason and the status bar follow the language."""

import pytest

from tests.gui.helpers import WAIT_MS, settle

REASON = "no CUDA device (torch.cuda.is_available() is False)"
pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def no_gpu(qtbot, window):
    hub = window.measure
    hub.availability = lambda: (False, REASON)
    hub.sampler = lambda: None
    hub.machine = lambda: {"cpu": {"model": "Test CPU", "cores": 4, "threads": 8}, "python": "3", "torch": "2",
                           "cuda": None, "cudnn": None, "gpus": [], "gpu_note": REASON}
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitSignal(hub.availabilityChanged, timeout=WAIT_MS):
        window.check_measuring()
    yield window
    window.stop_workers()
    assert hub.wait_all(5)


def test_max_batch_tab_says_what_it_needs_and_shows_the_prediction(qtbot, no_gpu):
    window = no_gpu
    e = settle(qtbot, window)
    panel = window.maxbatch_panel
    window.tabs.setCurrentWidget(panel)
    assert "needs a CUDA GPU" in panel.summary.text() and "no CUDA device" in panel.summary.text()
    prediction = panel.prediction.text()
    assert f"{e.max_batch_size:,}" in prediction and f"{e.recommended_batch_size:,}" in prediction
    assert not panel.plots.isVisible()
    window.inputs.batch.setText("128")
    window.inputs.hidden.setText("4096, 4096")
    e = settle(qtbot, window, hidden=(4096, 4096))
    assert f"{e.max_batch_size:,}" in panel.prediction.text()


def test_machine_tab_says_what_it_needs_and_shows_the_prediction(qtbot, no_gpu):
    window = no_gpu
    e = settle(qtbot, window)
    panel = window.machine_panel
    with qtbot.waitSignal(window.measure.machineFound, timeout=WAIT_MS):
        window.tabs.setCurrentWidget(panel)
    qtbot.waitUntil(lambda: "needs a CUDA device" in panel.gauge.text(), timeout=WAIT_MS)
    assert f"{e.max_batch_size:,}" in panel.gauge.text()
    assert not panel.memory_plot.isVisible()
    assert "Test CPU" in panel.facts.text()


def test_no_cuda_device_and_the_status_bar_are_translated_live(qtbot, no_gpu):
    window = no_gpu
    assert REASON in window.status.current()
    window.tabs.setCurrentWidget(window.machine_panel)
    qtbot.waitUntil(lambda: "none usable" in window.machine_panel.facts.text(), timeout=WAIT_MS)
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: "没有 CUDA 设备" in window.status.current())
    assert "Measuring is unavailable" not in window.status.current()
    assert "没有 CUDA 设备" in window.maxbatch_panel.summary.text()
    assert "没有 CUDA 设备" in window.machine_panel.facts.text()
    assert "没有 CUDA 设备" in window.machine_panel.gauge.text()
    assert "没有 CUDA 设备" in window.measuring.act_measure.toolTip()
    window.set_language("en")
    qtbot.waitUntil(lambda: REASON in window.status.current())
