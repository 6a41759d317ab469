"""`replay`: a program at one batch through the caching allocator, the quicker way where it gives
the same answer."""

from __future__ import annotations

from ..allocator.conf import AllocConf
from ..step.program import Program
from .plan import plan_of
from .result import Replay
from .split import large_replay, small_part
from .whole import whole_replay

__all__ = ["replay"]


def replay(program: Program, batch: int, sm_count: int, threads_per_sm: int, capacity: int | None = None,
           conf: AllocConf | None = None, limit: int | None = None, phases: int | None = None,
           record: bool = False, apart: bool = True) -> Replay:
    """Run the program's first `phases` phases (all by default) through a fresh allocator that
    cudaMalloc gives at most `capacity` bytes (None: no end) and `limit` allows (None: no limit);
    `record`: keep the Placement of a run that got through; `apart`: try the pools apart first
    (for a run expected to get through: near the edge, where half the runs run out, a run cut
    short by running out is quicker whole).

    The pools apart (core.engine.replay.split) where they can be and the run's reserved memory
    stays within the budget: memory reserved never falls in such a run, so every segment it took
    was within the budget when taken, the allocator never ran short and the whole run would have
    done the same. (With expandable segments under a limit, the allocator asks the limit for a
    whole segment where it maps fewer pages: there the run must stay its largest request below
    it.) The whole run otherwise."""
    plan = plan_of(program)
    sized = plan.at(batch, sm_count, threads_per_sm)
    apart = apart and sized.small_key is not None and not (record and phases is not None)
    part = small_part(plan, sized, conf, phases) if apart else None
    if part is not None:
        slack = sized.margin if limit is not None and conf is not None and conf.expandable_segments else 0
        budget = min(b for b in (capacity, limit, 1 << 62) if b is not None) - slack
        run = large_replay(part, sized, conf, phases, record, budget)
        if run is not None:
            return run
    return whole_replay(plan, batch, sized.rounded, sized.borrows, capacity, conf, limit, phases, record)
