"""Guard against a reference-counting bug of PySide6 6.12.0 on Python 3.11.

There, every PySide6 method that returns None (`QLabel.setText`, `QWidget.show`, ...) hands back
`None` without a new reference, so each call lowers None's reference count by one. On Python < 3.12
None is not immortal: after some tens of thousands of calls, a few minutes of slider dragging, the
interpreter aborts with "none_dealloc: deallocating None". PySide6 < 6.12 and Python >= 3.12 are
unaffected. Where the leak is detected, None's count is raised once by 2**48, more than any session
can spend. True and False leak the same way (seen as "bool_dealloc" at exit), so they get the same
margin. The proper fix is a PySide6 release with the bug fixed (pyproject excludes 6.12.0).
"""

from __future__ import annotations

import ctypes
import logging
import sys
from collections.abc import Callable

from PySide6.QtCore import QObject

__all__ = ["none_refcount_leaks", "protect_none"]

log = logging.getLogger(__name__)
_MARGIN = 1 << 48


def _qt_call_returning_none(probe: QObject) -> None:
    probe.setObjectName("probe")


def none_refcount_leaks(calls: int = 64, call: Callable[[QObject], None] = _qt_call_returning_none) -> bool:
    """Whether `calls` calls of a PySide6 method returning None lower None's reference count."""
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(calls):
        call(probe)
    return sys.getrefcount(None) < before - calls // 2


def protect_none(leaks: Callable[[], bool] = none_refcount_leaks) -> bool:
    """Raise the reference counts of None, True and False if this PySide6 leaks it; True when it did."""
    if sys.version_info >= (3, 12) or not leaks():
        return False
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += _MARGIN  # ob_refcnt is the first field
    log.warning("PySide6 %s leaks references to None; applied a workaround", __import__("PySide6").__version__)
    return True
