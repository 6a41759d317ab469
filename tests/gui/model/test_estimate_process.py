"""Traced estimates in the estimate process: the result comes back whole, without torch in this
process; the engine's ConfigError comes back as one; a stale call is dropped, not mixed up."""

import pickle
import sys
import threading
import time

import pytest

from core import ConfigError, TrainingConfig, estimate
from gui.model.estimate_process import Cancelled, encode_reply, shared_process
from gui.model.preparing import LANGUAGES, LightEstimate, prepared

CNN = TrainingConfig(model="course-cnn", dataset="mnist", batch_size=8)


@pytest.fixture(scope="module")
def process():
    return shared_process()


def test_a_traced_estimate_comes_back_prepared(process):
    had_torch = "torch" in sys.modules
    e = process.call("estimate", CNN)
    assert e.config == CNN and e.peak_bytes > 0 and "max_batch_size" in e.__dict__
    assert e.layers[1].kind == "Conv2d" and e.layers[1].saved_bytes > 0
    assert process.is_warm()
    if not had_torch:
        assert "torch" not in sys.modules, "unpickling the estimate imported torch here"


def test_a_traced_estimate_comes_back_light_and_whole(process):
    """Issue 24: the programs stay pickled until read (unpickling them held the GUI thread for
    more than a frame); what the views read answers without them, the same as the whole."""
    e = process.call("estimate", CNN)
    assert isinstance(e, LightEstimate) and not e.is_loaded()
    whole = estimate(CNN)
    for language in LANGUAGES:
        assert e.explained(language) == whole.explained(language)
        assert e.naive_explained(language) == whole.naive_explained(language)
    assert (e.parameter_count, e.trainable_parameter_count) == (whole.parameter_count,
                                                                whole.trainable_parameter_count)
    assert e.to_dict() == whole.to_dict() and e.fits == whole.fits and e.layers == whole.layers
    assert not e.is_loaded()
    assert e.peak_tensors == whole.peak_tensors and e.is_loaded()  # read: unpickled then
    assert e.step.parameter_count == whole.step.parameter_count


def test_a_light_estimate_pickles_again_whole_or_not():
    e = prepared(estimate(TrainingConfig(dataset="mnist", batch_size=8)))
    light = pickle.loads(encode_reply(e))
    again = pickle.loads(pickle.dumps(light))
    assert isinstance(again, LightEstimate) and again.to_dict() == e.to_dict()
    assert again.peak_tensors == e.peak_tensors
    light.step  # noqa: B018  (unpickles the programs)
    assert pickle.loads(pickle.dumps(light)).peak_tensors == e.peak_tensors


def test_a_model_file_error_comes_back_as_a_config_error(process, tmp_path):
    net = tmp_path / "net.py"
    net.write_text("import torch\n\nclass Net(torch.nn.Module):\n    def __init__(self):\n"
                   "        super().__init__()\n        raise ValueError('no weights here')\n")
    with pytest.raises(ConfigError) as raised:
        process.call("estimate", TrainingConfig(model_file=f"{net}:Net", dataset="mnist"))
    assert raised.value.field == "model_file" and "net.py" in raised.value.reason
    assert "line 6" in raised.value.reason and "no weights here" in raised.value.reason


def test_a_cancelled_call_leaves_its_reply_to_be_dropped(process):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        process.call("estimate", CNN.with_batch(16), cancel)
    assert process.call("estimate", CNN.with_batch(32)).config.batch_size == 32


def test_an_estimate_that_does_not_fit_comes_back_with_its_out_of_memory(process):
    e = process.call("estimate", TrainingConfig(model="course-cnn", dataset="imagenet", batch_size=4096))
    assert not e.fits and e.to_dict()["out_of_memory_in"]["requested_bytes"] > 0


def test_answers_keep_pythons_own_exceptions_whole_and_rebuild_the_engines():
    import pickle

    from core.engine.allocator.caching import AllocatorOOM
    from gui.model.estimate_process import encode_reply

    missing = pickle.loads(encode_reply(FileNotFoundError(2, "No such file", "net.py")))
    assert (missing.errno, missing.filename) == (2, "net.py")
    oom = pickle.loads(encode_reply(AllocatorOOM(100, 2 << 20, 10, 5, 20)))
    assert (oom.requested, oom.segment, oom.limit) == (100, 2 << 20, 20)


HANGS = '''
import os, signal, sys, time
from torch import nn


class Hangs(nn.Linear):
    def __init__(self):
        super().__init__(784, 10)

    def forward(self, x):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        open({marker!r}, "w").close()
        while True:
            time.sleep(1)
'''


def _hanging_model(tmp_path) -> tuple[TrainingConfig, object]:
    marker = tmp_path / "in forward"
    net = tmp_path / "hangs.py"
    net.write_text(HANGS.format(marker=str(marker)))
    return TrainingConfig(model_file=f"{net}:Hangs", dataset="mnist"), marker


def _wait_for(path, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.1)


def test_stop_kills_a_child_whose_model_ignores_sigterm_and_the_next_call_starts_afresh(tmp_path):
    from gui.model.estimate_process import EstimateProcess, ProcessEnded

    process = EstimateProcess("hang test")
    config, marker = _hanging_model(tmp_path)
    outcome: list[BaseException] = []

    def call() -> None:
        try:
            process.call("estimate", config)
        except BaseException as e:  # what the waiting call saw
            outcome.append(e)

    caller = threading.Thread(target=call)
    caller.start()
    try:
        _wait_for(marker)
        child = process._process
        assert process.busy_for() > 0
        started = time.monotonic()
        process.stop(grace_s=1)
        assert time.monotonic() - started < 5 and not child.is_alive()
        caller.join(10)
        assert not caller.is_alive() and isinstance(outcome[0], ProcessEnded)
        assert process.call("estimate", CNN).config == CNN  # a fresh child
    finally:
        process.stop(grace_s=1)
        caller.join(10)


def test_the_runner_restarts_its_process_when_the_model_changes_under_a_hung_trace(qtbot, tmp_path, monkeypatch):
    from core import estimate
    from gui.model import estimating
    from gui.model.estimate_process import EstimateProcess

    monkeypatch.setattr(estimating, "RESTART_AFTER_S", 0.5)
    process = EstimateProcess("restart test")
    runner = estimating.EstimateRunner(estimate, process=process)
    results: list[object] = []
    runner.finished.connect(lambda token, result: results.append((token, result)))
    hanging, marker = _hanging_model(tmp_path)
    try:
        runner.submit(1, hanging)
        _wait_for(marker)
        hung = process._process
        runner.submit(2, CNN)
        qtbot.waitUntil(lambda: bool(results), timeout=120_000)
        assert results[0][0] == 2 and results[0][1].config == CNN
        assert not hung.is_alive() and process._process is not hung
    finally:
        runner.shutdown(5)
        process.stop(grace_s=1)
