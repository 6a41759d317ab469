"""The training step's program run event by event through the oracle allocator: what the fast
running-sum simulator in core.engine.simulate is checked against."""

from core.engine.step.program import ALLOC, BULK, COMPONENTS, FREE, PHASE, TEMPORARIES, Program
from tests.support.oracle_allocator import OracleAllocator


def oracle_marks(program: Program, batch: int, sm_count: int, threads_per_sm: int) -> list[tuple]:
    """(phase, peak, end, components at the peak, event of the peak) for every phase, with every
    block, small or large, through the oracle's allocator."""
    allocator = OracleAllocator()
    held: dict[int, list[tuple[int, int]]] = {}  # slot -> (address, bytes) of its blocks
    component_of: dict[int, int] = {}
    live = [0] * len(COMPONENTS)
    marks, current = [], None
    for i, ev in enumerate(program.events):
        kind = ev[0]
        if kind == PHASE:
            if current:
                marks.append(tuple(current))
            current = [ev[1], allocator.allocated, allocator.allocated, tuple(live), i]
            continue
        extra = 0
        if kind == ALLOC:
            held[ev[1]], component_of[ev[1]] = [allocator.malloc(ev[2] * batch + ev[3])], ev[4]
        elif kind == BULK:
            held[ev[1]] = [allocator.malloc(n) for n in program.member_bytes[ev[1]]]
            component_of[ev[1]] = ev[3]
        elif kind == FREE:
            for address, _ in held[ev[1]]:
                allocator.free(address)
        else:  # a kernel's scratch: taken, used and given back at once
            borrowed = [allocator.malloc(n) for n in program.scratches[ev[1]].blocks(batch, sm_count, threads_per_sm)
                        if n]
            extra = sum(size for _, size in borrowed)
            for address, _ in borrowed:
                allocator.free(address)
        if kind in (ALLOC, BULK):
            live[component_of[ev[1]]] += sum(size for _, size in held[ev[1]])
        elif kind == FREE:
            live[component_of[ev[1]]] -= sum(size for _, size in held.pop(ev[1]))
        current[2] = allocator.allocated
        if allocator.allocated + extra > current[1]:
            at_peak = list(live)
            at_peak[TEMPORARIES] += extra
            current[1], current[3], current[4] = allocator.allocated + extra, tuple(at_peak), i
    marks.append(tuple(current))
    return marks
