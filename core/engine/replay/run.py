"""`replay`: a program at one batch through the caching allocator, compiled where it can be."""

from __future__ import annotations

from ..allocator.conf import AllocConf
from ..step.program import Program
from .compiled import compiled_replay, compiles
from .plan import plan_of
from .result import Replay
from .whole import whole_replay

__all__ = ["replay"]


def replay(program: Program, batch: int, sm_count: int, threads_per_sm: int, capacity: int | None = None,
           conf: AllocConf | None = None, limit: int | None = None, phases: int | None = None,
           record: bool = False) -> Replay:
    """Run the program's first `phases` phases (all by default) through a fresh allocator that
    cudaMalloc gives at most `capacity` bytes (None: no end) and `limit` allows (None: no limit);
    `record`: keep the Placement of a run that got through."""
    assert not (record and phases is not None), "a placement is of the whole program"
    plan = plan_of(program)
    sized = plan.at(batch, sm_count, threads_per_sm)
    if compiles(conf):
        return compiled_replay(plan, sized, capacity, conf, limit, phases, record)
    return whole_replay(plan, batch, sized.rounded, sized.borrows, capacity, conf, limit, phases, record)
