"""The compiled run (_compiled.c, built by `pip install`): the caching allocator and the walk of
core.engine.replay.whole, in C, where it is built and the settings are its own (expandable
segments are the Python allocator's alone). The two give the same results, request by request
and run by run (tests/core/engine/test_compiled.py)."""

from __future__ import annotations

from array import array

from ..allocator.caching import AllocatorOOM
from ..allocator.conf import AllocConf
from ..simulate import Placement
from ..step.program import ALLOC, BULK
from .plan import Plan, Sized
from .result import Replay

try:
    from . import _compiled
except ImportError:  # built without a C compiler: the Python allocator and walk, slower
    _compiled = None  # type: ignore[assignment]
else:
    _compiled.set_oom(AllocatorOOM)

__all__ = ["COMPILED", "compiled_allocator", "compiled_replay", "compiles"]

COMPILED = _compiled is not None
"""Whether the compiled run was built (the tests turn it off to compare)."""


def compiles(conf: AllocConf | None) -> bool:
    """Whether a run with these settings runs compiled."""
    return COMPILED and not (conf is not None and conf.expandable_segments)


def compiled_allocator(capacity: int | None = None, conf: AllocConf | None = None,
                       limit: int | None = None) -> _compiled.Allocator:
    """A fresh allocator as CachingAllocator(capacity, conf, limit) makes it, compiled (where
    `compiles(conf)`)."""
    return _compiled.Allocator(capacity, limit, conf.max_split_size if conf is not None else None)


def compiled_replay(plan: Plan, sized: Sized, capacity: int | None, conf: AllocConf | None, limit: int | None,
                    phases: int | None, record: bool) -> Replay:
    """core.engine.replay.whole.whole_replay, compiled (where `compiles(conf)`)."""
    words, members, slots = plan.shared.codes
    rounded, scratches, blocks, most = sized.codes
    allocator = compiled_allocator(capacity, conf, limit)
    at, phase, top, ends, peaks, placed, scratch, running, oom = _compiled.walk(
        allocator, words, members, slots, rounded, plan.scratch_codes, scratches, blocks, most, sized.batch,
        -1 if phases is None else phases, record)
    if oom is not None:
        failed = plan.program.events[at]
        slot = failed[1] if failed[0] in (ALLOC, BULK) else -1
        return Replay(allocator.peak_allocated, top, allocator.reserved_at_peak, tuple(ends), tuple(peaks), oom, phase,
                      slot)
    placement = None
    if placed is not None and scratch is not None and running is not None:
        placement = Placement(placed, scratch, array("q", running))
    return Replay(allocator.peak_allocated, top, allocator.reserved_at_peak, tuple(ends), tuple(peaks),
                  placement=placement)
