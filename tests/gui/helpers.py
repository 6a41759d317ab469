"""What the window's tests share: waiting for the estimate on screen."""

from __future__ import annotations

WAIT_MS = 5000


def settle(qtbot, window, timeout: int = WAIT_MS, **expected):
    """Wait until the estimate on screen is for the inputs on screen (and has `expected` config
    values); returns it."""

    def check():
        assert window.model.estimate.is_current(), "still computing"
        cfg = window.model.estimate.shown.config
        for key, value in expected.items():
            assert getattr(cfg, key) == value

    qtbot.waitUntil(check, timeout=timeout)
    return window.model.estimate.shown
