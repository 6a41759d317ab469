"""The model: a result on screen belongs to the inputs on screen; slow estimates run off the GUI
thread, coalesce and never show a stale result."""

import threading

import pytest

from core import estimate
from gui.model import DIM_DELAY_MS, CalculatorModel, InputState

WAIT_MS = 5000


class GatedCompute:
    """estimate() that waits for `gate` (so a test can act while it runs) and counts its calls."""

    def __init__(self) -> None:
        self.gate, self.entered = threading.Event(), threading.Event()
        self.configs = []

    def __call__(self, config):
        self.configs.append(config)
        self.entered.set()
        if not self.gate.wait(10):
            raise TimeoutError("gate never opened")
        return estimate(config)


@pytest.fixture
def gated(qtbot):
    compute = GatedCompute()
    compute.gate.set()
    model = CalculatorModel(compute)
    qtbot.waitUntil(model.estimate.is_current, timeout=WAIT_MS)
    compute.gate.clear()
    compute.entered.clear()
    compute.configs.clear()
    yield model, compute
    compute.gate.set()
    model.shutdown()
    assert model.estimate.runner.shutdown(5.0)


def test_a_slow_estimate_dims_the_last_result_after_a_delay(qtbot, gated):
    model, compute = gated
    first = model.estimate.shown
    model.inputs.update(batch_size="256")
    assert compute.entered.wait(5)
    assert model.estimate.shown is first and not model.estimate.is_current()
    assert not model.estimate.dimmed, "a quick estimate would flicker if the views greyed at once"
    qtbot.waitUntil(lambda: model.estimate.dimmed, timeout=DIM_DELAY_MS * 10)
    compute.gate.set()
    qtbot.waitUntil(model.estimate.is_current, timeout=WAIT_MS)
    assert model.estimate.shown.config.batch_size == 256 and not model.estimate.dimmed


def test_requests_coalesce_and_a_stale_result_is_never_shown(qtbot, gated):
    model, compute = gated
    shown = []
    model.estimate.shownChanged.connect(lambda e: shown.append(e.config.batch_size))
    model.inputs.update(batch_size="2")
    assert compute.entered.wait(5)
    for batch in range(3, 40):
        model.inputs.update(batch_size=str(batch))
    compute.gate.set()
    qtbot.waitUntil(model.estimate.is_current, timeout=WAIT_MS)
    assert [c.batch_size for c in compute.configs] == [2, 39]  # the one running, then only the newest
    assert shown == [39]


def test_bad_input_dims_at_once_and_names_the_value(gated):
    model, _ = gated
    model.inputs.update(hidden="512,256,")
    assert model.inputs.config is None and model.estimate.dimmed
    assert model.inputs.error.field == "hidden" and "512,256," in model.inputs.error.text()


def test_reset_forgets_a_result_of_other_inputs(qtbot, gated):
    model, compute = gated
    compute.gate.set()
    model.reset(InputState(hidden="512,256,"))
    assert model.estimate.shown is None and model.inputs.error is not None and not model.estimate.dimmed
    model.inputs.update(hidden="512,256")
    qtbot.waitUntil(model.estimate.is_current, timeout=WAIT_MS)
    assert model.estimate.shown.config.hidden == (512, 256)


def test_a_failing_estimate_is_shown_as_an_inline_error(qtbot):
    def broken(config):
        raise MemoryError("out of host memory")

    model = CalculatorModel(broken)
    qtbot.waitUntil(lambda: model.inputs.error is not None, timeout=WAIT_MS)
    assert "MemoryError: out of host memory" in model.inputs.error.text()
    assert model.estimate.runner.shutdown(5.0)


def test_the_classes_of_an_image_folder_become_the_input(qtbot):
    model = CalculatorModel()
    model.inputs.update(dataset="folder")
    model.inputs.apply_folder(3, 64, 48, 37, images=1200)
    state = model.inputs.state
    assert (state.channels, state.height, state.width, state.classes) == (3, 64, 48, 37)
    qtbot.waitUntil(model.estimate.is_current, timeout=WAIT_MS)
    assert model.estimate.shown.config.classes == 37 and model.inputs.train_size() == 1200
    assert model.estimate.runner.shutdown(5.0)
