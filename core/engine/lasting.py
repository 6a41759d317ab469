"""Imports that last as long as the process, made without the cyclic garbage collector.

`import torch, torchvision` makes about a million objects that live to the end; while they are
made, the collector runs its full collections over them again and again and finds almost
nothing (a fifth of the import's time here), and every later full collection (the trace makes
many short-lived objects) scans them once more. So they are imported with the collector paused
and then frozen (`gc.freeze`): later collections see only what came after. What the trace makes
is collected as before."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["lasting_imports"]


@contextmanager
def lasting_imports() -> Iterator[None]:
    """Import what the process keeps to its end inside this."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
