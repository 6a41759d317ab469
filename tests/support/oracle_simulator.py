"""The allocator model run the plain way, one event after another: the oracle that the fast
running-sum simulator in core.simulate is checked against."""

from core.engine.allocator import SMALL_SIZE, LargePool, round_size
from core.engine.step.program import ALLOC, BULK, COMPONENTS, FREE, PHASE, TEMPORARIES, Program


def oracle_marks(program: Program, batch: int, sm_count: int, threads_per_sm: int) -> list[tuple]:
    """(phase, peak, end, components at the peak, event of the peak) for every phase."""
    pool = LargePool()
    slots: dict[int, tuple[int, int, int]] = {}
    live = [0] * len(COMPONENTS)
    allocated, marks, current = 0, [], None
    for i, ev in enumerate(program.events):
        kind = ev[0]
        if kind == PHASE:
            if current:
                marks.append(tuple(current))
            current = [ev[1], allocated, allocated, tuple(live), i]
            continue
        extra = 0
        if kind in (ALLOC, BULK):
            size = round_size(ev[2] * batch + ev[3]) if kind == ALLOC else ev[2]
            comp = ev[4] if kind == ALLOC else ev[3]
            addr = -1
            if kind == ALLOC and size > SMALL_SIZE:
                addr, size = pool.malloc(size)
            slots[ev[1]] = (addr, size, comp)
            allocated += size
            live[comp] += size
        elif kind == FREE:
            addr, size, comp = slots.pop(ev[1])
            if addr >= 0:
                pool.free(addr)
            allocated -= size
            live[comp] -= size
        else:
            for n in program.scratches[ev[1]].blocks(batch, sm_count, threads_per_sm):
                size = round_size(n)
                if size > SMALL_SIZE:
                    addr, size = pool.malloc(size)
                    pool.free(addr)
                extra += size
        current[2] = allocated
        if allocated + extra > current[1]:
            at_peak = list(live)
            at_peak[TEMPORARIES] += extra
            current[1], current[3], current[4] = allocated + extra, tuple(at_peak), i
    marks.append(tuple(current))
    return marks
