"""Traced estimates in the estimate process: the result comes back whole, without torch in this
process; the engine's ConfigError comes back as one; a stale call is dropped, not mixed up."""

import sys
import threading

import pytest

from core import ConfigError, TrainingConfig
from gui.model.estimate_process import Cancelled, shared_process

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
