"""The guard against PySide6 6.12.0's None/bool reference leak, tested with a simulated leak so
it runs on the PySide6 this project installs (which does not leak)."""

import ctypes
import sys

import pytest

from gui.app.qt_compat import none_refcount_leaks, protect_none
from tests.gui.helpers import settle

pytestmark = pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12")


def _leaky_call(probe):
    """What 6.12.0 does: a call that hands back None without the reference it owes."""
    probe.setObjectName("probe")
    ctypes.pythonapi.Py_DecRef(ctypes.py_object(None))


def test_the_probe_sees_a_leak_and_no_leak():
    calls = 64
    try:
        assert none_refcount_leaks(calls, _leaky_call)
    finally:
        for _ in range(calls):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    assert not none_refcount_leaks(calls)  # this PySide6 hands its references back


def test_the_guard_raises_the_singletons_counts_only_where_it_leaks():
    before = [sys.getrefcount(s) for s in (None, True, False)]
    assert protect_none(leaks=lambda: False) is False
    assert [sys.getrefcount(s) for s in (None, True, False)] == pytest.approx(before, abs=50)
    assert protect_none(leaks=lambda: True) is True  # the margin stays: None is never freed anyway
    for singleton in (None, True, False):
        assert sys.getrefcount(singleton) > 2**47


def test_singletons_survive_a_long_session(qtbot, window):
    # Without the guard on 6.12.0, ~300 None references leak per recompute: a few hundred kill the interpreter.
    for batch in range(1, 401):
        window.inputs.batch.setText(str(batch))
    assert settle(qtbot, window, batch_size=400).config.batch_size == 400
