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
from .pools import LARGE_BUFFER, MIN_BLOCK, SMALL_BUFFER, SMALL_SIZE, round_size, segment_size

__all__ = ["AllocatorOOM", "CachingAllocator"]

_VA = LARGE_BUFFER << 22
"""Address space of one segment: more than any device has, and a whole number of pages (2 MiB
and 20 MiB) so that every segment starts on a page."""
_ADDRESS_BITS = 128
"""A free block's place in best-fit order is one integer, `size << _ADDRESS_BITS | address`,
cheaper to compare than a (size, address) pair. Addresses stay far below 2**128: a segment is at
most the capacity (under 2**63 B), and each takes at most that plus _VA of address space."""
_ADDRESS = (1 << _ADDRESS_BITS) - 1


class AllocatorOOM(Exception):
    """The allocator could not get `segment` more bytes for a request of `requested`."""

    def __init__(self, requested: int, segment: int, reserved: int, allocated: int, limit: int) -> None:
        super().__init__(f"tried to allocate {segment} B with {reserved} B reserved of {limit} B")
        self.requested, self.segment, self.reserved, self.allocated, self.limit = (
            requested, segment, reserved, allocated, limit)


class _Pool:
    """Free mapped blocks by (size, address); with expandable segments, the unmapped ranges."""

    __slots__ = ("blocks", "expandable", "free", "max_split", "page", "small", "spare", "unmapped")

    def __init__(self, small: bool, conf: AllocConf) -> None:
        self.small = small
        self.expandable = conf.expandable_segments
        self.max_split = conf.max_split_size if conf.max_split_size is not None else 1 << 62
        self.free: list[int] = []
        """The free mapped blocks in best-fit order, by size then address: `size << _ADDRESS_BITS | ptr`."""
        self.blocks: dict[int, _Block] = {}
        self.unmapped: dict[int, _Block] = {}
        self.page = SMALL_BUFFER if small else LARGE_BUFFER
        self.spare: list[_Block] = []
        """Blocks merged into a neighbour, for _split to use again rather than build anew."""

    def insert(self, b: _Block) -> None:
        """A free block joins the pool: the best-fit order if mapped, the unmapped ranges if not."""
        if b.mapped:
            insort(self.free, b.size << _ADDRESS_BITS | b.ptr)
            self.blocks[b.ptr] = b
        else:
            self.unmapped[b.ptr] = b

    def remove(self, b: _Block) -> None:
        if b.mapped:
            free = self.free
            del free[bisect_left(free, b.size << _ADDRESS_BITS | b.ptr)], self.blocks[b.ptr]
        else:
            del self.unmapped[b.ptr]

    def free_ptrs(self) -> list[int]:
        """The addresses of the free mapped blocks, in best-fit order."""
        return [key & _ADDRESS for key in self.free]

    def merge_in(self, block: _Block) -> _Block:
        """A freed block takes in its free neighbours (of its own kind, mapped or not) and joins
        the pool (free_block and try_merge_blocks)."""
        before, after, mapped = block.prev, block.next, block.mapped
        if before is not None and not before.allocated and before.mapped == mapped:
            self.remove(before)
            block.ptr, block.size, block.prev = before.ptr, before.size + block.size, before.prev
            if before.prev is not None:
                before.prev.next = block
            self.spare.append(before)
        if after is not None and not after.allocated and after.mapped == mapped:
            self.remove(after)
            block.size += after.size
            block.next = after.next
            if after.next is not None:
                after.next.prev = block
            self.spare.append(after)
        if mapped:
            insort(self.free, block.size << _ADDRESS_BITS | block.ptr)
            self.blocks[block.ptr] = block
        else:
            self.unmapped[block.ptr] = block
        return block

    def take(self, size: int) -> _Block | None:
        """get_free_block: the smallest free block of at least `size`, the lowest address among
        equals, out of the pool; None when there is none, or when it is oversize (max_split) for
        this request. With expandable segments, a block whose free unmapped tail makes it look
        larger loses to one of the next size."""
        free = self.free
        i = bisect_left(free, size << _ADDRESS_BITS)
        if i == len(free):
            return None
        if self.expandable:
            i = self._expandable_choice(i)
        key, max_split = free[i], self.max_split
        found = key >> _ADDRESS_BITS
        if size < max_split <= found or (size >= max_split and found >= size + LARGE_BUFFER):
            return None
        del free[i]
        return self.blocks.pop(key & _ADDRESS)

    def _expandable_choice(self, i: int) -> int:
        free, blocks = self.free, self.blocks
        grows = _expandable_size(blocks[free[i] & _ADDRESS])
        for j in range(i + 1, len(free)):
            other = _expandable_size(blocks[free[j] & _ADDRESS])
            if other >= grows:
                break
            i, grows = j, other
        return i


class _Block:
    __slots__ = ("allocated", "mapped", "next", "pool", "prev", "ptr", "size")

    def __init__(self, ptr: int, size: int, pool: _Pool, mapped: bool = True) -> None:
        self.ptr, self.size, self.pool, self.mapped = ptr, size, pool, mapped
        self.prev: _Block | None = None
        self.next: _Block | None = None
        self.allocated = False


def _split(block: _Block, size: int) -> None:
    """Cut `block` to `size`; the rest becomes a free block of its pool, right after it."""
    pool, after = block.pool, block.next
    rest = pool.spare.pop() if pool.spare else _Block(0, 0, pool)
    rest.ptr, rest.size, rest.mapped, rest.allocated = block.ptr + size, block.size - size, block.mapped, False
    rest.prev, rest.next = block, after
    if after is not None:
        after.prev = rest
    block.next, block.size = rest, size
    pool.insert(rest)


class CachingAllocator:
    """Allocated and reserved bytes, their peaks, and an AllocatorOOM where PyTorch raises one.

    `capacity` is what cudaMalloc can get on the device (its memory less the CUDA context);
    `limit` the share set_per_process_memory_fraction allows (None: no such limit). With no
    capacity it never runs out: a warm process's allocator, which later runs start from."""

    def __init__(self, capacity: int | None = None, conf: AllocConf | None = None, limit: int | None = None) -> None:
        self.conf = conf or AllocConf()
        self.capacity = capacity if capacity is not None else 1 << 62
        self.limit = limit
        self.allocated = self.reserved = 0
        self.peak_allocated = self.peak_reserved = 0
        self.reserved_at_peak = 0
        """memory_reserved when memory_allocated reached its peak."""
        self._small, self._large = _Pool(True, self.conf), _Pool(False, self.conf)
        self._used: dict[int, _Block] = {}
        self._next_segment = _VA
        self._max_split = self.conf.max_split_size if self.conf.max_split_size is not None else 1 << 62
        self._expandable = self.conf.expandable_segments

    @property
    def blocks_in_use(self) -> int:
        return len(self._used)

    # -- the public operations ----------------------------------------------------------------

    def malloc(self, nbytes: int) -> tuple[int, int]:
        """(address, block size counted as allocated) for a request of `nbytes`: a cached block,
        else a new segment, else one after giving cached segments back, else AllocatorOOM."""
        return self.malloc_rounded(round_size(nbytes), nbytes)

    def malloc_rounded(self, size: int, nbytes: int) -> tuple[int, int]:
        """`malloc(nbytes)` where `size` is `round_size(nbytes)` already (a replay rounds each
        request of its program once, not at every allocation)."""
        small = size <= SMALL_SIZE
        pool = self._small if small else self._large
        block = pool.take(size) or self._new(pool, size) or self._new_after_release(
            pool, size, nbytes)
        remaining = block.size - size
        if remaining >= MIN_BLOCK if small or self._expandable else (
                size < self._max_split and remaining > SMALL_SIZE):  # should_split
            _split(block, size)
        block.allocated = True
        ptr, size = block.ptr, block.size
        self._used[ptr] = block
        allocated = self.allocated = self.allocated + size
        if allocated > self.peak_allocated:
            self.peak_allocated, self.reserved_at_peak = allocated, self.reserved
        return ptr, size

    def free(self, ptr: int) -> None:
        block = self._used.pop(ptr)
        self.allocated -= block.size
        block.allocated = False
        block.pool.merge_in(block)

    def release_cached(self) -> None:
        """empty_cache(): every whole free segment goes back (whole free pages, expandable)."""
        for pool in (self._small, self._large):
            for ptr in pool.free_ptrs():
                b = pool.blocks.get(ptr)
                if b is None:
                    continue
                if self._expandable:
                    self._unmap(pool, b)
                elif b.prev is None and b.next is None:
                    pool.remove(b)
                    self._set_reserved(-b.size)

    # -- new memory ---------------------------------------------------------------------------

    def _set_reserved(self, delta: int) -> None:
        self.reserved += delta
        self.peak_reserved = max(self.peak_reserved, self.reserved)

    def _new_after_release(self, pool: _Pool, size: int, nbytes: int) -> _Block:
        """The last tries before out of memory: give back cached oversize segments (max_split_size),
        then every cached segment, asking the device again after each."""
        block = self._new(pool, size) if self._release_oversize(pool, size) else None
        if block is None:
            self.release_cached()
            block = self._new(pool, size)
        if block is None:
            budget = min(self.capacity, self.limit) if self.limit is not None else self.capacity
            raise AllocatorOOM(nbytes, segment_size(size), self.reserved, self.allocated, budget)
        return block

    def _new(self, pool: _Pool, size: int) -> _Block | None:
        """alloc_block: a new segment (expandable: more pages), or None when none can be had."""
        segment = segment_size(size)
        if self.limit is not None and self.reserved + segment > self.limit:
            return None
        if self._expandable:
            return self._grow(pool, size)
        if self.reserved + segment > self.capacity:
            return None
        block = _Block(self._next_segment, segment, pool)
        self._next_segment += _VA * (1 + segment // _VA)
        self._set_reserved(segment)
        return block

    def _release_oversize(self, pool: _Pool, size: int) -> bool:
        """release_available_cached_blocks: with max_split_size, free cached oversize segments."""
        if self.conf.max_split_size is None:
            return False
        key = max(size, self._max_split)
        i = bisect_left(pool.free, key << _ADDRESS_BITS)  # its own search, as in PyTorch
        fit = pool.blocks[pool.free[i] & _ADDRESS] if i < len(pool.free) else None
        if fit is not None and fit.prev is None and fit.next is None:
            pool.remove(fit)
            self._set_reserved(-fit.size)
            return True
        released = 0
        for ptr in reversed(pool.free_ptrs()):
            block = pool.blocks[ptr]
            if released >= key or block.size < self._max_split:
                break
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
        u = _Block(self._next_segment, _VA, pool, mapped=False)
        self._next_segment += 2 * _VA
        pool.insert(u)
        return u

    def _map(self, pool: _Pool, u: _Block, nbytes: int) -> _Block | None:
        """map_block: whole pages from the start of the unmapped block `u`; the free mapped block
        they merge into, or None when the device has no room for them."""
        mapped = -(-nbytes // pool.page) * pool.page
        if self.reserved + mapped > self.capacity:
            return None
        pool.remove(u)
        if u.size > mapped:
            _split(u, mapped)  # the rest stays unmapped
        u.mapped = True
        self._set_reserved(mapped)
        return pool.merge_in(u)

    def _unmap(self, pool: _Pool, b: _Block) -> None:
        """Unmap the whole pages inside a free block; the partial pages at its ends stay."""
        page = pool.page
        first = -(-b.ptr // page) * page
        last = (b.ptr + b.size) // page * page
        if last <= first:
            return
        pool.remove(b)
        pieces = [_Block(ptr, size, pool, mapped) for ptr, size, mapped in (
            (b.ptr, first - b.ptr, True), (first, last - first, False), (last, b.ptr + b.size - last, True)) if size]
        for left, right in zip([b.prev, *pieces], [*pieces, b.next]):
            if left is not None:
                left.next = right
            if right is not None:
                right.prev = left
        self._set_reserved(-(last - first))
        for piece in pieces:
            pool.merge_in(piece)


def _expandable_size(b: _Block) -> int:
    return b.size + (b.next.size if b.next is not None and not b.next.mapped else 0)


def _free_run(start: _Block, size: int) -> int:
    """Bytes of free blocks (mapped or not) from `start` on, counted up to `size`."""
    run, b = 0, start
    while run < size and b is not None and not b.allocated:
        run += b.size
        b = b.next  # type: ignore[assignment]
    return run
