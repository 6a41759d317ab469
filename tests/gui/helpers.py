"""What the window's tests share: waiting for the estimate on screen."""

from __future__ import annotations

WAIT_MS = 5000


def settle(qtbot, window, timeout: int = WAIT_MS, **expected):
    """Wait until the estimate on screen is for the inputs on screen (and has `expected` config
    values) and the window's charts have drawn it; returns it. `window`: the window, or anything
    else with a `model`, or the model."""
    model = getattr(window, "model", window)
    estimate = model.estimate
    staggered = getattr(window, "staggered", None)

    def check():
        assert estimate.is_current(), "still computing"
        assert staggered is None or not staggered.waiting(), "the charts are still drawing"
        cfg = estimate.shown.config
        for key, value in expected.items():
            assert getattr(cfg, key) == value

    qtbot.waitUntil(check, timeout=timeout)
    return estimate.shown
