"""The guard against PySide6 6.12.0's None/bool reference leak keeps long sessions alive."""

import sys

from gui.qt_compat import none_refcount_leaks


def test_singletons_survive_a_long_session(window):
    # Without the guard, ~300 None references leak per recompute: a few hundred kill the interpreter.
    for batch in range(1, 401):
        window.inputs.batch.setValue(batch)
        window.recompute()
    assert window.estimate.config.batch_size == 400
    if none_refcount_leaks():
        assert sys.getrefcount(None) > 2**47
        assert sys.getrefcount(True) > 2**47 and sys.getrefcount(False) > 2**47
