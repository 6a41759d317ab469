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

__all__ = ["none_refcount_leaks", "protect_none", "skip_feature_scan"]

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


def skip_feature_scan() -> bool:
    """Stop PySide6 from reading the source of every module imported after it.

    For its opt-in `from __feature__ import snake_case, true_property`, PySide6 replaces
    `__import__` and, after each new module, reads its whole source (`inspect.getsource`) to see
    whether it mentions PySide6: about 450 modules at start-up, a tenth of the window's start.
    memcalc selects no feature, and a module that does import `__feature__` registers itself on
    that import; every other module is told apart as one that does not use PySide6, which with no
    feature selected anywhere behaves the same. True when applied."""
    feature = sys.modules.get("shibokensupport.feature")
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    setattr(feature, "_mod_uses_pyside", _uses_no_feature)  # noqa: B010
    return True


def _uses_no_feature(_module: object) -> bool:
    return False
