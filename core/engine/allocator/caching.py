"""PyTorch's CUDA caching allocator as a whole: both pools, their segments, reserved memory and
the out-of-memory path (c10/cuda/CUDACachingAllocator.cpp, torch 2.11, one stream).

* Requests of at most 1 MiB come from the small pool, whose segments are 2 MiB; larger ones from
  the large pool, whose segments are 20 MiB below 10 MiB and the request rounded up to 2 MiB
  above. A cached free block is taken by best fit (smallest, then lowest address).
* A block is split when the rest is at least 512 B (small pool) or more than 1 MiB (large
  pool); an unsplit rest is handed out with the block and counts as allocated.
  With max_split_size, blocks that large are never split, and an oversize request takes a
  cached block only if less than 20 MiB would be wasted.
* A free block merges with its free neighbours in its segment. Memory goes back to the device
  only when a request cannot be met: every whole free segment is released and the request tried
  once more, and only then is it out of memory.
* With expandable_segments, each pool has one segment that grows by pages (2 MiB small,
  20 MiB large) and can shrink by unmapping whole free pages; reserved counts mapped pages.

`reserved` is what `memory_reserved()` reports and the device gives; `allocated` what
`memory_allocated()` reports. The limit is what cudaMalloc may obtain: the device's memory less
the CUDA context, or `set_per_process_memory_fraction`'s share.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from .conf import AllocConf
from .pools import LARGE_BUFFER, MIN_BLOCK, MIN_LARGE_ALLOC, ROUND_LARGE, SMALL_SIZE

__all__ = ["AllocatorOOM", "CachingAllocator"]

SMALL_BUFFER = 2 << 20
_VA = LARGE_BUFFER << 22
"""Address space of one segment: more than any device has, and a whole number of pages (2 MiB
and 20 MiB) so that every segment starts on a page."""


class AllocatorOOM(Exception):
    """The allocator could not get `segment` more bytes for a request of `requested`."""

    def __init__(self, requested: int, segment: int, reserved: int, allocated: int, limit: int) -> None:
        super().__init__(f"tried to allocate {segment} B with {reserved} B reserved of {limit} B")
        self.requested, self.segment, self.reserved, self.allocated, self.limit = (
            requested, segment, reserved, allocated, limit)


class _Block:
    __slots__ = ("allocated", "mapped", "next", "prev", "ptr", "size", "small")

    def __init__(self, ptr: int, size: int, small: bool, mapped: bool = True) -> None:
        self.ptr, self.size, self.small, self.mapped = ptr, size, small, mapped
        self.prev: _Block | None = None
        self.next: _Block | None = None
        self.allocated = False


class _Pool:
    """Free mapped blocks by (size, address); with expandable segments, the unmapped ranges."""

    __slots__ = ("blocks", "free", "page", "small", "unmapped")

    def __init__(self, small: bool) -> None:
        self.small = small
        self.free: list[tuple[int, int]] = []
        self.blocks: dict[int, _Block] = {}
        self.unmapped: dict[int, _Block] = {}
        self.page = SMALL_BUFFER if small else LARGE_BUFFER

    def insert(self, b: _Block) -> None:
        insort(self.free, (b.size, b.ptr))
        self.blocks[b.ptr] = b

    def remove(self, b: _Block) -> None:
        del self.free[bisect_left(self.free, (b.size, b.ptr))]
        del self.blocks[b.ptr]

    def best_fit(self, size: int) -> _Block | None:
        i = bisect_left(self.free, (size, -1))
        return self.blocks[self.free[i][1]] if i < len(self.free) else None


def _split(pool: _Pool, block: _Block, size: int) -> None:
    """Cut `block` to `size`; the rest becomes a free block of the pool, right after it."""
    rest = _Block(block.ptr + size, block.size - size, pool.small, block.mapped)
    rest.prev, rest.next = block, block.next
    if block.next is not None:
        block.next.prev = rest
    block.next, block.size = rest, size
    pool.insert(rest)


class CachingAllocator:
    """Allocated and reserved bytes, their peaks, and an AllocatorOOM where PyTorch raises one.

    `capacity` is what cudaMalloc can get on the device (its memory less the CUDA context);
    `limit` the share set_per_process_memory_fraction allows (None: no such limit)."""

    def __init__(self, capacity: int | None = None, conf: AllocConf | None = None, limit: int | None = None) -> None:
        self.conf = conf or AllocConf()
        self.capacity = capacity if capacity is not None else 1 << 62
        self.limit = limit
        self.allocated = self.reserved = 0
        self.peak_allocated = self.peak_reserved = 0
        self.reserved_at_peak = 0
        """memory_reserved when memory_allocated reached its peak."""
        self._pools = (_Pool(True), _Pool(False))
        self._used: dict[int, _Block] = {}
        self._next_segment = _VA
        self._max_split = self.conf.max_split_size if self.conf.max_split_size is not None else 1 << 62
        self._plain = not self.conf.expandable_segments and self.conf.max_split_size is None

    # -- the public operations ----------------------------------------------------------------

    def malloc(self, nbytes: int) -> tuple[int, int]:
        """(address, block size counted as allocated) for a request of `nbytes`."""
        size = MIN_BLOCK if nbytes < MIN_BLOCK else -(-nbytes // MIN_BLOCK) * MIN_BLOCK
        pool = self._pools[0] if size <= SMALL_SIZE else self._pools[1]
        if not self._plain:
            return self._configured_malloc(pool, size, nbytes)
        # PyTorch's default settings: best fit, split, or a new segment
        free = pool.free
        i = bisect_left(free, (size, -1))
        if i < len(free):
            block = pool.blocks.pop(free.pop(i)[1])
        else:
            block = self._new(pool, size) or self._new_after_release(pool, size, nbytes)
        remaining = block.size - size
        if remaining >= MIN_BLOCK if pool.small else remaining > SMALL_SIZE:
            _split(pool, block, size)
        block.allocated = True
        self._used[block.ptr] = block
        self.allocated += block.size
        if self.allocated > self.peak_allocated:
            self.peak_allocated, self.reserved_at_peak = self.allocated, self.reserved
        return block.ptr, block.size

    def _configured_malloc(self, pool: _Pool, size: int, nbytes: int) -> tuple[int, int]:
        """malloc with expandable segments or max_split_size."""
        block = self._find(pool, size) or self._new(pool, size)
        if block is None and self._release_oversize(pool, size):
            block = self._new(pool, size)
        if block is None:
            block = self._new_after_release(pool, size, nbytes)
        return self._hand_out(pool, block, size)

    def free(self, ptr: int) -> None:
        block = self._used.pop(ptr)
        self.allocated -= block.size
        block.allocated = False
        pool = self._pools[0] if block.small else self._pools[1]
        if not self._plain:
            self._merge_and_insert(pool, block)
            return
        free, blocks = pool.free, pool.blocks
        before, after = block.prev, block.next
        if before is not None and not before.allocated:
            del free[bisect_left(free, (before.size, before.ptr))], blocks[before.ptr]
            block.ptr, block.size, block.prev = before.ptr, before.size + block.size, before.prev
            if before.prev is not None:
                before.prev.next = block
        if after is not None and not after.allocated:
            del free[bisect_left(free, (after.size, after.ptr))], blocks[after.ptr]
            block.size += after.size
            block.next = after.next
            if after.next is not None:
                after.next.prev = block
        insort(free, (block.size, block.ptr))
        blocks[block.ptr] = block

    def release_cached(self) -> None:
        """empty_cache(): every whole free segment goes back (whole free pages, expandable)."""
        for pool in self._pools:
            for _, ptr in list(pool.free):
                b = pool.blocks.get(ptr)
                if b is None:
                    continue
                if self.conf.expandable_segments:
                    self._unmap(pool, b)
                elif b.prev is None and b.next is None:
                    pool.remove(b)
                    self._set_reserved(-b.size)

    # -- finding a block ----------------------------------------------------------------------

    def _find(self, pool: _Pool, size: int) -> _Block | None:
        block = self._expandable_fit(pool, size) if self.conf.expandable_segments else pool.best_fit(size)
        if block is None:
            return None
        if size < self._max_split <= block.size:
            return None
        if size >= self._max_split and block.size >= size + LARGE_BUFFER:
            return None
        pool.remove(block)
        return block

    def _expandable_fit(self, pool: _Pool, size: int) -> _Block | None:
        """The best fit, but a block whose free unmapped tail makes it look larger loses to one
        of the next size (get_free_block's expandable loop)."""
        i = bisect_left(pool.free, (size, -1))
        if i >= len(pool.free):
            return None
        block = pool.blocks[pool.free[i][1]]
        for _, ptr in pool.free[i + 1:]:
            other = pool.blocks[ptr]
            if _expandable_size(other) >= _expandable_size(block):
                break
            block = other
        return block

    def _hand_out(self, pool: _Pool, block: _Block, size: int) -> tuple[int, int]:
        remaining = block.size - size
        split = remaining >= MIN_BLOCK if pool.small or self.conf.expandable_segments else (
            size < self._max_split and remaining > SMALL_SIZE)
        if split:
            _split(pool, block, size)
        block.allocated = True
        self._used[block.ptr] = block
        self.allocated += block.size
        if self.allocated > self.peak_allocated:
            self.peak_allocated, self.reserved_at_peak = self.allocated, self.reserved
        return block.ptr, block.size

    def _merge_and_insert(self, pool: _Pool, block: _Block) -> _Block:
        for other in (block.prev, block.next):
            if other is None or other.allocated or other.mapped != block.mapped:
                continue
            if other.mapped:
                pool.remove(other)
            else:
                del pool.unmapped[other.ptr]
            if other is block.prev:
                block.ptr, block.prev = other.ptr, other.prev
                if other.prev is not None:
                    other.prev.next = block
            else:
                block.next = other.next
                if other.next is not None:
                    other.next.prev = block
            block.size += other.size
        if block.mapped:
            pool.insert(block)
        else:
            pool.unmapped[block.ptr] = block
        return block

    # -- new memory ---------------------------------------------------------------------------

    def _segment_size(self, pool: _Pool, size: int) -> int:
        if pool.small:
            return SMALL_BUFFER
        if size < MIN_LARGE_ALLOC:
            return LARGE_BUFFER
        return -(-size // ROUND_LARGE) * ROUND_LARGE

    def _set_reserved(self, delta: int) -> None:
        self.reserved += delta
        self.peak_reserved = max(self.peak_reserved, self.reserved)

    def _new_after_release(self, pool: _Pool, size: int, nbytes: int) -> _Block:
        """The last try before out of memory: free every cached segment, then ask the device again."""
        self.release_cached()
        block = self._new(pool, size)
        if block is None:
            budget = min(self.capacity, self.limit) if self.limit is not None else self.capacity
            raise AllocatorOOM(nbytes, self._segment_size(pool, size), self.reserved, self.allocated, budget)
        return block

    def _new(self, pool: _Pool, size: int) -> _Block | None:
        """alloc_block: a new segment (expandable: more pages), or None when none can be had."""
        segment = self._segment_size(pool, size)
        if self.limit is not None and self.reserved + segment > self.limit:
            return None
        if self.conf.expandable_segments:
            return self._grow(pool, size)
        if self.reserved + segment > self.capacity:
            return None
        block = _Block(self._next_segment, segment, pool.small)
        self._next_segment += _VA * (1 + segment // _VA)
        self._set_reserved(segment)
        return block

    def _release_oversize(self, pool: _Pool, size: int) -> bool:
        """release_available_cached_blocks: with max_split_size, free cached oversize segments."""
        if self.conf.max_split_size is None:
            return False
        key = max(size, self._max_split)
        fit = pool.best_fit(key)
        if fit is not None and fit.prev is None and fit.next is None:
            pool.remove(fit)
            self._set_reserved(-fit.size)
            return True
        released = 0
        for block_size, ptr in reversed(list(pool.free)):
            if released >= key or block_size < self._max_split:
                break
            block = pool.blocks[ptr]
            if block.prev is None and block.next is None:
                pool.remove(block)
                self._set_reserved(-block.size)
                released += block.size
        return released >= key

    # -- expandable segments ------------------------------------------------------------------

    def _grow(self, pool: _Pool, size: int) -> _Block | None:
        """try_allocate_expandable_block: map pages into the lowest free run that can hold
        `size` until one free block does; that block, taken from the pool."""
        c = self._expandable_run(pool, size)
        if not c.mapped:
            mapped = self._map(pool, c, min(c.size, size))
            if mapped is None:
                return None
            c = mapped
        while c.size < size:
            nxt = c.next
            assert nxt is not None and not nxt.mapped
            mapped = self._map(pool, nxt, min(size - c.size, nxt.size))
            if mapped is None:
                return None
            c = mapped
        pool.remove(c)
        return c

    def _expandable_run(self, pool: _Pool, size: int) -> _Block:
        """find_expandable_block: the lowest free run (mapped and unmapped) of at least `size`."""
        for ptr in sorted(pool.unmapped):
            u = pool.unmapped[ptr]
            start = u.prev if u.prev is not None and not u.prev.allocated else u
            if _free_run(start, size) >= size:
                return start
        u = _Block(self._next_segment, _VA, pool.small, mapped=False)
        self._next_segment += 2 * _VA
        pool.unmapped[u.ptr] = u
        return u

    def _map(self, pool: _Pool, u: _Block, nbytes: int) -> _Block | None:
        """map_block: whole pages from the start of the unmapped block `u`; the free mapped block
        they merge into, or None when the device has no room for them."""
        mapped = -(-nbytes // pool.page) * pool.page
        if self.reserved + mapped > self.capacity:
            return None
        del pool.unmapped[u.ptr]
        if u.size > mapped:
            rest = _Block(u.ptr + mapped, u.size - mapped, pool.small, mapped=False)
            rest.prev, rest.next = u, u.next
            if u.next is not None:
                u.next.prev = rest
            u.next, u.size = rest, mapped
            pool.unmapped[rest.ptr] = rest
        u.mapped = True
        self._set_reserved(mapped)
        return self._merge_and_insert(pool, u)

    def _unmap(self, pool: _Pool, b: _Block) -> None:
        """Unmap the whole pages inside a free block; the partial pages at its ends stay."""
        page = pool.page
        first = -(-b.ptr // page) * page
        last = (b.ptr + b.size) // page * page
        if last <= first:
            return
        pool.remove(b)
        pieces = [_Block(ptr, size, pool.small, mapped) for ptr, size, mapped in (
            (b.ptr, first - b.ptr, True), (first, last - first, False), (last, b.ptr + b.size - last, True)) if size]
        for left, right in zip([b.prev, *pieces], [*pieces, b.next]):
            if left is not None:
                left.next = right
            if right is not None:
                right.prev = left
        self._set_reserved(-(last - first))
        for piece in pieces:
            self._merge_and_insert(pool, piece)


def _expandable_size(b: _Block) -> int:
    return b.size + (b.next.size if b.next is not None and not b.next.mapped else 0)


def _free_run(start: _Block, size: int) -> int:
    """Bytes of free blocks (mapped or not) from `start` on, counted up to `size`."""
    run, b = 0, start
    while run < size and b is not None and not b.allocated:
        run += b.size
        b = b.next  # type: ignore[assignment]
    return run
