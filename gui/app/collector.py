"""The garbage collector while the window starts.

Start-up makes some 60,000 objects that live as long as the app (modules, classes, widgets) and
little garbage (about 2,000 objects in cycles). Collected while they are made, they cost some 140
collections, a twentieth of the window's start, that find almost nothing. So the collector is
paused until the window is up, and then what start-up made is frozen (`gc.freeze`): no later full
collection, nor the one at exit, scans it again. (core.engine.lasting does the same around torch's
import; it cannot wrap the window's start, whose imports begin with core's own.)
"""

from __future__ import annotations

import gc

__all__ = ["pause", "resume"]


def pause() -> None:
    gc.disable()


def resume(collect: bool = True) -> None:
    """Start-up is over: collect its garbage (`collect=False` when the process ends now), freeze
    what is left, and collect as usual from now on."""
    if collect:
        gc.collect()
    gc.freeze()
    gc.enable()
