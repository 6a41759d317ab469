"""Every model source in the window, traced off the GUI thread: a torchvision pick, a model file
(good, broken, slow), what the window says while it traces, and that a slow trace never holds
the course MLP up nor shows when the inputs have moved on."""

import threading
import time

import pytest
from PySide6.QtCore import QTimer

from core import estimate
from gui.model import CalculatorModel
from gui.model.estimate_process import Cancelled, EstimateProcess
from gui.views.bar_chart import CACHED
from gui.views.dimming import is_dimmed
from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

TRACE_MS = 120_000  # a fresh estimate process imports torch first

GOOD = """\
import torch.nn as nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(1, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
        self.head = nn.Linear(8 * 14 * 14, 10)

    def forward(self, x):
        return self.head(self.features(x).flatten(1))


def build():
    return Net()
"""


def test_a_torchvision_pick_is_traced_then_rebatched(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    inputs = window.inputs
    inputs.dataset.setCurrentIndex(inputs.dataset.findData("cifar10"))
    chooser = inputs.chooser
    chooser.source.setCurrentIndex(chooser.source.findData("torchvision"))
    chooser.architecture.setCurrentText("resnet18")
    assert window.model.estimate.work is not None and window.model.estimate.work.kind == "trace"
    assert "resnet18" in window.busy.text() and "racing" in window.busy.text()
    e = settle(qtbot, window, timeout=TRACE_MS, model="resnet18")
    assert window.busy.isHidden() and e.config.model_spec.kind == "torchvision"
    assert sum(layer.kind == "Conv2d" for layer in e.layers) == 20
    window.tabs.setCurrentWidget(window.layer_table)
    assert window.layer_table.rowCount() == len(e.layers) + 1  # and the totals
    assert window.layer_table.item(1, 1).text() == "Conv2d" and window.layer_table.item(1, 10).text() != "0 B"
    cached = window.device_strip.segments[CACHED]  # CUDA's fixed costs stand in the device strip
    assert cached[0] == "Cached by the allocator" and cached[1] == e.cached_at_peak_bytes > 0
    inputs.batch.setText("256")
    assert window.model.estimate.work.kind == "estimate" and "Tracing" not in window.busy.text()
    started = time.perf_counter()
    rebatched = settle(qtbot, window, timeout=10_000, batch_size=256)
    assert time.perf_counter() - started < 3.0, "another batch of a traced model must not trace it again"
    assert rebatched.peak_bytes > e.peak_bytes


def test_tracing_in_the_process_never_stalls_the_gui_thread(qtbot):
    """The figure the issue asks for: the longest gap between 5 ms timer ticks while a fresh
    process imports torch and traces the course CNN."""
    process = EstimateProcess("stall-test")
    model = CalculatorModel(process=process)
    ticks = []
    timer = QTimer(interval=5)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    try:
        model.inputs.update(model="course-cnn")
        qtbot.waitUntil(model.estimate.is_current, timeout=TRACE_MS)
        model.inputs.update(batch_size="512")
        qtbot.waitUntil(model.estimate.is_current, timeout=10_000)
    finally:
        timer.stop()
        model.shutdown()
        process.stop()
    gaps = [b - a for a, b in zip(ticks, ticks[1:])]
    print(f"longest GUI-thread gap while tracing: {max(gaps) * 1000:.1f} ms over {len(ticks)} ticks")
    assert model.estimate.shown.config.model_spec.name == "course-cnn" and max(gaps) < 0.25


def test_a_model_file_is_traced_and_a_broken_one_named_in_place(qtbot, window, tmp_path):
    net = tmp_path / "net.py"
    net.write_text(GOOD)
    window.inputs.chooser.set_file(str(net))
    assert window.model.inputs.state.model_name == "Net"
    assert [window.inputs.chooser.file_name.itemText(i) for i in range(2)] == ["Net", "build"]
    e = settle(qtbot, window, timeout=TRACE_MS, model_file=f"{net}:Net")
    assert [layer.kind for layer in e.layers if layer.depth == 2] == ["Conv2d", "ReLU", "MaxPool2d"]
    broken = tmp_path / "broken.py"
    broken.write_text("import torch.nn as nn\n\nclass Net(nn.Module)\n    pass\n")
    window.inputs.chooser.set_file(str(broken))
    qtbot.waitUntil(lambda: "broken.py" in window.inputs.error_text(), timeout=TRACE_MS)
    text = window.inputs.error_text()
    assert "line 3" in text and "syntax error" in text and not window.model.estimate.is_computing()
    assert window.model.estimate.shown is e and window.model.estimate.dimmed and is_dimmed(window.bar_chart)
    window.inputs.chooser.set_file(str(net), "build")
    assert settle(qtbot, window, timeout=TRACE_MS).config.model_file == f"{net}:build"
    assert not window.inputs.error_text()


class SlowProcess:
    """The estimate process, slowed: each call waits for `gate` (or its caller to give up)."""

    def __init__(self) -> None:
        self.gate, self.entered = threading.Event(), threading.Event()
        self.calls = 0

    def is_warm(self) -> bool:
        return True

    def call(self, name, config, cancel=None):
        self.entered.set()
        while not self.gate.wait(0.02):
            if cancel is not None and cancel.is_set():
                raise Cancelled
        self.calls += 1
        return estimate(config.with_batch(config.batch_size)) if config.is_plain_mlp else estimate(
            type(config)(dataset=config.dataset, batch_size=config.batch_size))


def test_a_slow_trace_is_dimmed_dropped_and_never_holds_the_mlp_up(qtbot):
    slow = SlowProcess()
    model = CalculatorModel(process=slow)
    qtbot.waitUntil(model.estimate.is_current, timeout=5000)
    first = model.estimate.shown
    try:
        model.inputs.update(model="file", model_file="/tmp/net.py", model_name="Net")
        assert slow.entered.wait(5)
        qtbot.waitUntil(lambda: model.estimate.dimmed, timeout=5000)
        work = model.estimate.work
        assert model.estimate.shown is first and work.kind == "trace" and work.model == "/tmp/net.py:Net"
        model.inputs.update(model="mlp", hidden="256")
        qtbot.waitUntil(model.estimate.is_current, timeout=5000)  # the MLP did not wait for the trace
        assert model.estimate.shown.config.hidden == (256,) and slow.calls == 0
        slow.gate.set()
        qtbot.wait(300)
        assert model.estimate.shown.config.hidden == (256,) and not model.estimate.dimmed, "the stale trace was shown"
    finally:
        slow.gate.set()
        model.shutdown()
