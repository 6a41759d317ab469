"""A random round of input changes, as a person clicking around would make them, good and bad:
after each, the window either names the bad input or shows the estimate a fresh command-line run
gives for the inputs on screen."""

import random

import pytest

from core import estimate
from core.cli.estimate import run_estimate
from tests.gui.helpers import settle

pytestmark = pytest.mark.gui

_CHANGES = {
    "dataset": ["mnist", "fashion-mnist", "cifar10", "cifar100"],
    "hidden": ["128", "512, 256", "64，32", "", "12a", "512,,", "0"],
    "dtype": ["float32", "float16", "bfloat16", "float64"],
    "optimizer": ["sgd", "sgd-momentum", "adam", "adamw", "rmsprop", "adagrad"],
    "zero_grad": ["after-forward", "before-forward"],
    "batch_size": ["1", "64", "1,024", "100000", "-5", "", "2.5", "9" * 30],
    "gpu": ["h100-80gb", "t4-16gb", "a100-40gb"],
}


@pytest.mark.parametrize("seed", [1, 2])
def test_after_each_change_the_window_matches_a_fresh_estimate(qtbot, window, seed, capsys):
    rng = random.Random(seed)
    good, shown = None, None
    for _ in range(15):
        key = rng.choice(sorted(_CHANGES))
        window.model.inputs.update(**{key: rng.choice(_CHANGES[key])})
        config = window.model.inputs.config
        if config is None:
            assert window.inputs.error_text(), f"{key}: bad input shown without a message"
            continue
        shown = settle(qtbot, window)
        assert shown.config == config
        fresh = estimate(config)
        assert (shown.peak_bytes, shown.peak_reserved_bytes, shown.max_batch_size) == (
            fresh.peak_bytes, fresh.peak_reserved_bytes, fresh.max_batch_size)
        good = config
    assert good is not None and shown is not None
    argv = ["--json", "--dataset", good.dataset, "--dtype", good.dtype, "--optimizer", good.optimizer,
            "--batch-size", str(good.batch_size), "--gpu", good.gpu, "--zero-grad", good.zero_grad,
            "--hidden", ",".join(map(str, good.hidden))]
    capsys.readouterr()
    assert run_estimate(argv) == 0
    assert f'"peak_bytes": {shown.peak_bytes},' in capsys.readouterr().out
