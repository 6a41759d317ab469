/* core.engine.replay._compiled: core.engine.allocator.caching's CachingAllocator compiled, for
 * the replays (core.engine.replay), which run thousands of requests per estimate. Without
 * expandable segments only: with them, the replays use the Python allocator.
 *
 * Every rule is caching.py's, in its order; tests/core/engine/test_compiled_allocator.py holds the
 * two to the same results, request by request. What differs is only the bookkeeping:
 * - a block is an entry of one array, and the handle malloc returns (for free) is its index,
 *   not its address: a handle stays valid while its block is allocated;
 * - each pool's free blocks are one array sorted by (size, address), searched by bisection.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <stdint.h>
#include <string.h>

typedef long long i64;

#define MIN_BLOCK 512LL
#define SMALL_SIZE (1LL << 20)
#define SMALL_BUFFER (2LL << 20)
#define LARGE_BUFFER (20LL << 20)
#define MIN_LARGE_ALLOC (10LL << 20)
#define ROUND_LARGE (2LL << 20)
#define VA (LARGE_BUFFER << 22)
#define NO_LIMIT (1LL << 62)
#define NONE (-1)

typedef struct {
    i64 ptr, size;
    int prev, next;
    char allocated, small;
} Block;

typedef struct {
    i64 size, ptr;
    int block;
} Free;

typedef struct {
    Free *items;
    Py_ssize_t n, cap;
} Pool;

typedef struct {
    PyObject_HEAD
    i64 capacity, limit, max_split;
    i64 allocated, reserved, peak_allocated, peak_reserved, reserved_at_peak;
    i64 next_segment;
    Block *blocks;
    int n_blocks, cap_blocks, spare;
    Pool pools[2]; /* [1]: the small pool */
    int has_limit, has_max_split;
} Allocator;

static PyObject *oom_class = NULL;

static i64 round_size(i64 nbytes) {
    if (nbytes < MIN_BLOCK) return MIN_BLOCK;
    return (nbytes + MIN_BLOCK - 1) / MIN_BLOCK * MIN_BLOCK;
}

static i64 segment_size(i64 size) {
    if (size <= SMALL_SIZE) return SMALL_BUFFER;
    if (size < MIN_LARGE_ALLOC) return LARGE_BUFFER;
    return (size + ROUND_LARGE - 1) / ROUND_LARGE * ROUND_LARGE;
}

/* -- blocks ---------------------------------------------------------------------------------- */

static int new_block(Allocator *a) {
    if (a->spare != NONE) {
        int b = a->spare;
        a->spare = a->blocks[b].next;
        return b;
    }
    if (a->n_blocks == a->cap_blocks) {
        int cap = a->cap_blocks ? 2 * a->cap_blocks : 256;
        Block *grown = PyMem_Realloc(a->blocks, (size_t)cap * sizeof(Block));
        if (grown == NULL) {
            PyErr_NoMemory();
            return NONE;
        }
        a->blocks = grown;
        a->cap_blocks = cap;
    }
    return a->n_blocks++;
}

static void drop_block(Allocator *a, int b) {
    a->blocks[b].next = a->spare;
    a->spare = b;
}

/* -- a pool's free blocks, by (size, address) ------------------------------------------------- */

static Py_ssize_t bisect(const Pool *p, i64 size, i64 ptr) {
    Py_ssize_t lo = 0, hi = p->n;
    while (lo < hi) {
        Py_ssize_t mid = (lo + hi) / 2;
        const Free *f = &p->items[mid];
        if (f->size < size || (f->size == size && f->ptr < ptr)) lo = mid + 1;
        else hi = mid;
    }
    return lo;
}

static int pool_insert(Allocator *a, int b) {
    const Block *blk = &a->blocks[b];
    Pool *p = &a->pools[(int)blk->small];
    if (p->n == p->cap) {
        Py_ssize_t cap = p->cap ? 2 * p->cap : 64;
        Free *grown = PyMem_Realloc(p->items, (size_t)cap * sizeof(Free));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        p->items = grown;
        p->cap = cap;
    }
    Py_ssize_t i = bisect(p, blk->size, blk->ptr);
    memmove(&p->items[i + 1], &p->items[i], (size_t)(p->n - i) * sizeof(Free));
    p->items[i] = (Free){blk->size, blk->ptr, b};
    p->n++;
    return 0;
}

static void pool_remove_at(Pool *p, Py_ssize_t i) {
    memmove(&p->items[i], &p->items[i + 1], (size_t)(p->n - i - 1) * sizeof(Free));
    p->n--;
}

static void pool_remove(Allocator *a, int b) {
    const Block *blk = &a->blocks[b];
    Pool *p = &a->pools[(int)blk->small];
    pool_remove_at(p, bisect(p, blk->size, blk->ptr));
}

/* _Pool.take: the smallest free block of at least `size`, lowest address among equals; NONE
 * when there is none or it is oversize (max_split) for this request. */
static int pool_take(Allocator *a, Pool *p, i64 size) {
    Py_ssize_t i = bisect(p, size, 0);
    if (i == p->n) return NONE;
    i64 found = p->items[i].size, max_split = a->max_split;
    if ((size < max_split && max_split <= found) || (size >= max_split && found >= size + LARGE_BUFFER))
        return NONE;
    int b = p->items[i].block;
    pool_remove_at(p, i);
    return b;
}

/* _Pool.merge_in: a freed block takes in its free neighbours and joins the pool. */
static int merge_in(Allocator *a, int b) {
    Block *blocks = a->blocks;
    int before = blocks[b].prev, after = blocks[b].next;
    if (before != NONE && !blocks[before].allocated) {
        pool_remove(a, before);
        blocks[b].ptr = blocks[before].ptr;
        blocks[b].size += blocks[before].size;
        blocks[b].prev = blocks[before].prev;
        if (blocks[before].prev != NONE) blocks[blocks[before].prev].next = b;
        drop_block(a, before);
    }
    if (after != NONE && !blocks[after].allocated) {
        pool_remove(a, after);
        blocks[b].size += blocks[after].size;
        blocks[b].next = blocks[after].next;
        if (blocks[after].next != NONE) blocks[blocks[after].next].prev = b;
        drop_block(a, after);
    }
    return pool_insert(a, b);
}

/* _split: cut `b` to `size`; the rest becomes a free block right after it. */
static int split(Allocator *a, int b, i64 size) {
    int rest = new_block(a);
    if (rest == NONE) return -1;
    Block *blocks = a->blocks, *blk = &blocks[b];
    int after = blk->next;
    blocks[rest] = (Block){blk->ptr + size, blk->size - size, b, after, 0, blk->small};
    if (after != NONE) blocks[after].prev = rest;
    blk->next = rest;
    blk->size = size;
    return pool_insert(a, rest);
}

/* -- new memory ------------------------------------------------------------------------------ */

static void set_reserved(Allocator *a, i64 delta) {
    a->reserved += delta;
    if (a->reserved > a->peak_reserved) a->peak_reserved = a->reserved;
}

/* alloc_block: a new segment; NONE when the device or the limit has no room (no error set). */
static int new_segment(Allocator *a, int small, i64 size, int *failed) {
    i64 segment = segment_size(size);
    if (a->has_limit && a->reserved + segment > a->limit) return NONE;
    if (a->reserved + segment > a->capacity) return NONE;
    int b = new_block(a);
    if (b == NONE) {
        *failed = 1;
        return NONE;
    }
    a->blocks[b] = (Block){a->next_segment, segment, NONE, NONE, 0, (char)small};
    a->next_segment += VA * (1 + segment / VA);
    set_reserved(a, segment);
    return b;
}

static int whole_segment(const Block *blk) {
    return blk->prev == NONE && blk->next == NONE;
}

static void release_cached(Allocator *a) {
    for (int small = 0; small < 2; small++) {
        Pool *p = &a->pools[small];
        for (Py_ssize_t i = 0; i < p->n;) {
            const Block *blk = &a->blocks[p->items[i].block];
            if (whole_segment(blk)) {
                set_reserved(a, -blk->size);
                drop_block(a, p->items[i].block);
                pool_remove_at(p, i);
            } else {
                i++;
            }
        }
    }
}

/* release_available_cached_blocks: with max_split_size, free cached oversize segments. */
static int release_oversize(Allocator *a, Pool *p, i64 size) {
    if (!a->has_max_split) return 0;
    i64 key = size > a->max_split ? size : a->max_split;
    Py_ssize_t i = bisect(p, key, 0);
    if (i < p->n && whole_segment(&a->blocks[p->items[i].block])) {
        set_reserved(a, -a->blocks[p->items[i].block].size);
        drop_block(a, p->items[i].block);
        pool_remove_at(p, i);
        return 1;
    }
    i64 released = 0;
    for (Py_ssize_t j = p->n - 1; j >= 0; j--) {
        const Block *blk = &a->blocks[p->items[j].block];
        if (released >= key || blk->size < a->max_split) break;
        if (whole_segment(blk)) {
            set_reserved(a, -blk->size);
            released += blk->size;
            drop_block(a, p->items[j].block);
            pool_remove_at(p, j);
        }
    }
    return released >= key;
}

static void raise_oom(Allocator *a, i64 nbytes, i64 size) {
    i64 budget = a->has_limit && a->limit < a->capacity ? a->limit : a->capacity;
    PyObject *error = PyObject_CallFunction(oom_class, "LLLLL", nbytes, segment_size(size), a->reserved,
                                            a->allocated, budget);
    if (error != NULL) {
        PyErr_SetObject(oom_class, error);
        Py_DECREF(error);
    }
}

/* malloc_rounded: the block's handle; NONE where the allocator ran out (an AllocatorOOM set,
 * unless `quiet`) or the process did (MemoryError). */
static int allocate(Allocator *a, i64 size, i64 nbytes, int quiet) {
    int small = size <= SMALL_SIZE, failed = 0;
    Pool *p = &a->pools[small];
    int b = pool_take(a, p, size);
    if (b == NONE) b = new_segment(a, small, size, &failed);
    if (b == NONE && !failed) {
        if (release_oversize(a, p, size)) b = new_segment(a, small, size, &failed);
        if (b == NONE && !failed) {
            release_cached(a);
            b = new_segment(a, small, size, &failed);
        }
        if (b == NONE && !failed) {
            if (!quiet) raise_oom(a, nbytes, size);
            return NONE;
        }
    }
    if (failed) return NONE;
    i64 remaining = a->blocks[b].size - size;
    if (small ? remaining >= MIN_BLOCK : (size < a->max_split && remaining > SMALL_SIZE)) {
        if (split(a, b, size) < 0) return NONE;
    }
    Block *blk = &a->blocks[b];
    blk->allocated = 1;
    a->allocated += blk->size;
    if (a->allocated > a->peak_allocated) {
        a->peak_allocated = a->allocated;
        a->reserved_at_peak = a->reserved;
    }
    return b;
}

static int release(Allocator *a, int b) {
    Block *blk = &a->blocks[b];
    a->allocated -= blk->size;
    blk->allocated = 0;
    return merge_in(a, b);
}


/* -- a whole run (core.engine.replay.whole.whole_replay) --------------------------------------- */

enum { ALLOC, FREE, SCRATCH, PHASE, BULK };
enum { NOTHING, BLOCKS, WORKSPACE };

typedef struct {
    Py_buffer view;
    const i64 *at;
    Py_ssize_t n;
} Ints;

static int ints(PyObject *obj, Ints *out) {
    if (PyObject_GetBuffer(obj, &out->view, PyBUF_SIMPLE) < 0) return -1;
    if (out->view.len % (Py_ssize_t)sizeof(i64)) {
        PyBuffer_Release(&out->view);
        PyErr_SetString(PyExc_ValueError, "an array of 64-bit integers");
        return -1;
    }
    out->at = out->view.buf;
    out->n = out->view.len / (Py_ssize_t)sizeof(i64);
    return 0;
}

/* whole.workspace: a cuDNN call's workspaces; the bytes its largest block took. */
static i64 workspace(Allocator *a, i64 times, i64 find, i64 size) {
    i64 taken = 0;
    if (times) {
        while (find) {
            int b = allocate(a, round_size(find), find, 1);
            if (b == NONE) {
                if (PyErr_Occurred()) return -1;
                find /= 2;
                continue;
            }
            taken = a->blocks[b].size;
            if (release(a, b) < 0) return -1;
            break;
        }
        release_cached(a);
    }
    if (size) {
        int b = allocate(a, round_size(size), size, 1);
        if (b == NONE) return PyErr_Occurred() ? -1 : taken;
        if (a->blocks[b].size > taken) taken = a->blocks[b].size;
        if (release(a, b) < 0) return -1;
    }
    return taken;
}

/* whole.borrowed: blocks taken together and given back; the bytes they took. */
static i64 borrowed(Allocator *a, const i64 *blocks, i64 count, int *handles) {
    i64 taken = 0;
    for (i64 k = 0; k < count; k++) {
        handles[k] = allocate(a, blocks[2 * k], blocks[2 * k + 1], 0);
        if (handles[k] == NONE) return -1;
        taken += a->blocks[handles[k]].size;
    }
    for (i64 k = 0; k < count; k++)
        if (release(a, handles[k]) < 0) return -1;
    return taken;
}

static int put(PyObject *dict, i64 key, i64 value) {
    PyObject *k = PyLong_FromLongLong(key), *v = PyLong_FromLongLong(value);
    int failed = k == NULL || v == NULL || PyDict_SetItem(dict, k, v) < 0;
    Py_XDECREF(k);
    Py_XDECREF(v);
    return failed ? -1 : 0;
}

static int append(PyObject *list, i64 value) {
    PyObject *v = PyLong_FromLongLong(value);
    int failed = v == NULL || PyList_Append(list, v) < 0;
    Py_XDECREF(v);
    return failed ? -1 : 0;
}

typedef struct {
    Ints ops, members, rounded, scratch_of, scratches, blocks;
    i64 batch, phases;
    int record;
} Walk;

static int in(i64 value, i64 below) {
    return 0 <= value && value < below;
}

/* Whether every index of the ops lands inside the arrays it points into (a ValueError if not):
 * the walk itself trusts them. */
static int checked(const Walk *w, Py_ssize_t n_slots, Py_ssize_t most_blocks) {
    Py_ssize_t n_ops = w->ops.n / 5, n_members = w->members.n / 2, n_specs = w->scratches.n / 4;
    if (w->ops.n % 5 || w->members.n % 2 || w->scratches.n % 4 || w->blocks.n % 2) goto bad;
    for (Py_ssize_t k = 0; k < w->scratch_of.n; k++) {
        if (!in(w->scratch_of.at[k], n_specs)) goto bad;
        const i64 *borrow = &w->scratches.at[4 * w->scratch_of.at[k]];
        if (borrow[0] == BLOCKS && !(in(borrow[2], most_blocks + 1) && borrow[1] >= 0
                                     && borrow[1] + borrow[2] <= w->blocks.n / 2))
            goto bad;
    }
    for (Py_ssize_t i = 0; i < n_ops; i++) {
        const i64 *op = &w->ops.at[5 * i];
        int ok = op[0] == PHASE || (op[0] == SCRATCH && in(op[1], w->scratch_of.n))
                 || ((op[0] == ALLOC || op[0] == FREE || op[0] == BULK) && in(op[1], n_slots + 1));
        if (op[0] == ALLOC) ok = ok && in(op[2], w->rounded.n);
        if (op[0] == BULK) ok = ok && op[2] >= 0 && op[3] >= 0 && op[2] + op[3] <= n_members;
        if (!ok) {
            PyErr_Format(PyExc_ValueError, "op %zd points outside the walk's arrays", i);
            return 0;
        }
    }
    return 1;
bad:
    PyErr_SetString(PyExc_ValueError, "the walk's arrays do not fit together");
    return 0;
}

/* The walk itself: 1 at its end, 0 where the allocator ran out (at op `*at`), -1 on an error;
 * `running` (where not NULL): memory_allocated after each op. */
static int walk_ops(Allocator *a, const Walk *w, int *singles, i64 *bulk_at, int *handles, i64 *running,
                    Py_ssize_t *at, i64 *phase, i64 *top, PyObject *ends, PyObject *peaks, PyObject *blocks,
                    PyObject *scratch) {
    Py_ssize_t n_ops = w->ops.n / 5, n_handles = w->members.n / 2;
    const i64 *rounded = w->rounded.at, *members = w->members.at;
    for (Py_ssize_t i = 0; i < n_ops; i++) {
        const i64 *op = &w->ops.at[5 * i];
        *at = i;
        if (op[0] == ALLOC) {
            int b = allocate(a, rounded[op[2]], op[3] * w->batch + op[4], 0);
            if (b == NONE) return PyErr_ExceptionMatches(oom_class) ? 0 : -1;
            singles[op[1]] = b;
            if (w->record && put(blocks, op[1], a->blocks[b].size) < 0) return -1;
        } else if (op[0] == FREE) {
            if (singles[op[1]] != NONE) {
                if (release(a, singles[op[1]]) < 0) return -1;
                singles[op[1]] = NONE;
            } else if (bulk_at[op[1]] != NONE) {
                const i64 *bulk = &w->ops.at[5 * bulk_at[op[1]]];
                for (i64 k = 0; k < bulk[3]; k++)
                    if (release(a, handles[bulk[2] + k]) < 0) return -1;
                bulk_at[op[1]] = NONE;
            } else {
                PyErr_Format(PyExc_KeyError, "op %zd frees slot %lld, which holds nothing", i, op[1]);
                return -1;
            }
        } else if (op[0] == BULK) {
            /* its members' handles at its members' own places (op[2] on) */
            for (i64 k = 0; k < op[3]; k++) {
                const i64 *m = &members[2 * (op[2] + k)];
                int b = allocate(a, m[0], m[1], 0);
                if (b == NONE) return PyErr_ExceptionMatches(oom_class) ? 0 : -1;
                handles[op[2] + k] = b;
            }
            bulk_at[op[1]] = i;
        } else if (op[0] == SCRATCH) {
            const i64 *borrow = &w->scratches.at[4 * w->scratch_of.at[op[1]]];
            i64 taken = 0;
            if (borrow[0] == WORKSPACE) {
                taken = workspace(a, borrow[1], borrow[2], borrow[3]);
                if (taken < 0) return -1;
            } else if (borrow[0] == BLOCKS) {
                taken = borrowed(a, &w->blocks.at[2 * borrow[1]], borrow[2], handles + n_handles);
                if (taken < 0) return PyErr_ExceptionMatches(oom_class) ? 0 : -1;
            }
            if (w->record && taken && put(scratch, i, taken) < 0) return -1;
        } else { /* PHASE */
            if (*phase >= 0 && (append(ends, a->reserved) < 0 || append(peaks, a->peak_reserved) < 0)) return -1;
            if (a->peak_reserved > *top) *top = a->peak_reserved;
            a->peak_reserved = a->reserved;
            *phase = op[1];
            if (w->phases >= 0 && *phase >= w->phases) return 1;
        }
        if (running) running[i] = a->allocated;
    }
    if (append(ends, a->reserved) < 0 || append(peaks, a->peak_reserved) < 0) return -1;
    return 1;
}

/* -- the Python type ------------------------------------------------------------------------- */

static int read_budget(PyObject *value, i64 *out, int *given) {
    *given = value != Py_None;
    if (!*given) return 0;
    *out = PyLong_AsLongLong(value);
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

static int Allocator_init(Allocator *a, PyObject *args, PyObject *kwds) {
    static char *names[] = {"capacity", "limit", "max_split_size", NULL};
    PyObject *capacity = Py_None, *limit = Py_None, *max_split = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OOO", names, &capacity, &limit, &max_split)) return -1;
    int given;
    a->capacity = NO_LIMIT;
    a->max_split = NO_LIMIT;
    if (read_budget(capacity, &a->capacity, &given) < 0) return -1;
    if (read_budget(limit, &a->limit, &a->has_limit) < 0) return -1;
    if (read_budget(max_split, &a->max_split, &a->has_max_split) < 0) return -1;
    a->allocated = a->reserved = a->peak_allocated = a->peak_reserved = a->reserved_at_peak = 0;
    a->next_segment = VA;
    a->n_blocks = 0;
    a->spare = NONE;
    a->pools[0].n = a->pools[1].n = 0;
    return 0;
}

static void Allocator_dealloc(Allocator *a) {
    PyMem_Free(a->blocks);
    PyMem_Free(a->pools[0].items);
    PyMem_Free(a->pools[1].items);
    Py_TYPE(a)->tp_free((PyObject *)a);
}

static PyObject *pair(Allocator *a, int b) {
    if (b == NONE) return NULL;
    return Py_BuildValue("(iL)", b, a->blocks[b].size);
}

static PyObject *Allocator_malloc_rounded(Allocator *a, PyObject *const *args, Py_ssize_t n) {
    if (n != 2) {
        PyErr_SetString(PyExc_TypeError, "malloc_rounded(size, nbytes)");
        return NULL;
    }
    i64 size = PyLong_AsLongLong(args[0]), nbytes = PyLong_AsLongLong(args[1]);
    if (PyErr_Occurred()) return NULL;
    return pair(a, allocate(a, size, nbytes, 0));
}

static PyObject *Allocator_malloc(Allocator *a, PyObject *arg) {
    i64 nbytes = PyLong_AsLongLong(arg);
    if (nbytes == -1 && PyErr_Occurred()) return NULL;
    return pair(a, allocate(a, round_size(nbytes), nbytes, 0));
}

static PyObject *Allocator_free(Allocator *a, PyObject *arg) {
    long b = PyLong_AsLong(arg);
    if (b == -1 && PyErr_Occurred()) return NULL;
    if (b < 0 || b >= a->n_blocks || !a->blocks[b].allocated) {
        PyErr_Format(PyExc_KeyError, "%ld", b);
        return NULL;
    }
    if (release(a, (int)b) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *Allocator_release_cached(Allocator *a, PyObject *Py_UNUSED(ignored)) {
    release_cached(a);
    Py_RETURN_NONE;
}

static PyObject *Allocator_blocks_in_use(Allocator *a, void *Py_UNUSED(closure)) {
    long used = 0;
    for (int b = 0; b < a->n_blocks; b++) used += a->blocks[b].allocated;
    return PyLong_FromLong(used);
}

static PyMethodDef Allocator_methods[] = {
    {"malloc_rounded", (PyCFunction)(void (*)(void))Allocator_malloc_rounded, METH_FASTCALL,
     "malloc(nbytes) where size is round_size(nbytes) already: (handle, block size)."},
    {"malloc", (PyCFunction)Allocator_malloc, METH_O, "(handle, block size counted as allocated)."},
    {"free", (PyCFunction)Allocator_free, METH_O, "Give back the block of a handle."},
    {"release_cached", (PyCFunction)Allocator_release_cached, METH_NOARGS, "empty_cache()."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef Allocator_members[] = {
    {"allocated", T_LONGLONG, offsetof(Allocator, allocated), READONLY, NULL},
    {"reserved", T_LONGLONG, offsetof(Allocator, reserved), READONLY, NULL},
    {"peak_allocated", T_LONGLONG, offsetof(Allocator, peak_allocated), READONLY, NULL},
    {"peak_reserved", T_LONGLONG, offsetof(Allocator, peak_reserved), 0, NULL},
    {"reserved_at_peak", T_LONGLONG, offsetof(Allocator, reserved_at_peak), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef Allocator_getset[] = {
    {"blocks_in_use", (getter)Allocator_blocks_in_use, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject AllocatorType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "core.engine.replay._compiled.Allocator",
    .tp_basicsize = sizeof(Allocator),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "CachingAllocator without expandable segments, compiled.",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Allocator_init,
    .tp_dealloc = (destructor)Allocator_dealloc,
    .tp_methods = Allocator_methods,
    .tp_members = Allocator_members,
    .tp_getset = Allocator_getset,
};


static PyObject *walk(PyObject *Py_UNUSED(module), PyObject *args) {
    Allocator *a;
    PyObject *ops, *members, *rounded, *scratch_of, *scratches, *blocks_given;
    Py_ssize_t n_slots, most_blocks;
    Walk w;
    if (!PyArg_ParseTuple(args, "O!OOnOOOOnLLp", &AllocatorType, &a, &ops, &members, &n_slots, &rounded, &scratch_of,
                          &scratches, &blocks_given, &most_blocks, &w.batch, &w.phases, &w.record))
        return NULL;
    if (n_slots < 0 || most_blocks < 0) {
        PyErr_SetString(PyExc_ValueError, "slots and most_blocks are counts");
        return NULL;
    }
    Ints *all[] = {&w.ops, &w.members, &w.rounded, &w.scratch_of, &w.scratches, &w.blocks};
    PyObject *objs[] = {ops, members, rounded, scratch_of, scratches, blocks_given};
    int got = 0;
    PyObject *result = NULL, *ends = PyList_New(0), *peaks = PyList_New(0);
    PyObject *blocks = w.record ? PyDict_New() : Py_NewRef(Py_None);
    PyObject *scratch = w.record ? PyDict_New() : Py_NewRef(Py_None);
    int *singles = PyMem_Malloc(sizeof(int) * (size_t)(n_slots + 1));
    i64 *bulk_at = PyMem_Malloc(sizeof(i64) * (size_t)(n_slots + 1));
    int *handles = NULL;
    i64 *running = NULL;
    if (!ends || !peaks || !blocks || !scratch || !singles || !bulk_at) goto done;
    for (; got < 6; got++)
        if (ints(objs[got], all[got]) < 0) goto done;
    handles = PyMem_Malloc(sizeof(int) * (size_t)(w.members.n / 2 + most_blocks + 1));
    running = w.record ? PyMem_Calloc((size_t)(w.ops.n / 5 + 1), sizeof(i64)) : NULL;
    if (!handles || (w.record && !running)) goto done;
    if (!checked(&w, n_slots, most_blocks)) goto done;
    for (Py_ssize_t k = 0; k <= n_slots; k++) singles[k] = bulk_at[k] = NONE;
    Py_ssize_t at = 0;
    i64 phase = -1, top = 0;
    int ended = walk_ops(a, &w, singles, bulk_at, handles, running, &at, &phase, &top, ends, peaks, blocks, scratch);
    if (ended < 0) goto done;
    Py_ssize_t size = (Py_ssize_t)sizeof(i64) * (w.ops.n / 5);
    PyObject *allocated = running ? PyBytes_FromStringAndSize((const char *)running, size) : Py_NewRef(Py_None);
    if (allocated == NULL) goto done;
    PyObject *oom = Py_NewRef(Py_None);
    if (!ended) {
        PyObject *type, *traceback;
        Py_DECREF(oom);
        PyErr_Fetch(&type, &oom, &traceback);
        PyErr_NormalizeException(&type, &oom, &traceback);
        Py_XDECREF(type);
        Py_XDECREF(traceback);
    }
    if (a->peak_reserved > top) top = a->peak_reserved;
    result = Py_BuildValue("(nLLNNNNNN)", at, phase, top, Py_NewRef(ends), Py_NewRef(peaks), Py_NewRef(blocks),
                           Py_NewRef(scratch), allocated, oom);
done:
    while (got-- > 0) PyBuffer_Release(&all[got]->view);
    if (!result && PyErr_Occurred() == NULL) PyErr_NoMemory();
    Py_XDECREF(ends);
    Py_XDECREF(peaks);
    Py_XDECREF(blocks);
    Py_XDECREF(scratch);
    PyMem_Free(singles);
    PyMem_Free(bulk_at);
    PyMem_Free(handles);
    PyMem_Free(running);
    return result;
}

static PyObject *set_oom(PyObject *Py_UNUSED(module), PyObject *cls) {
    Py_XSETREF(oom_class, Py_NewRef(cls));
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"set_oom", set_oom, METH_O, "The exception class a request the allocator cannot meet raises."},
    {"walk", walk, METH_VARARGS, "A whole run of a program's ops through an allocator (core.engine.replay.whole)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_compiled", "CachingAllocator compiled, for the replays.", -1, module_methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__compiled(void) {
    if (PyType_Ready(&AllocatorType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    if (PyModule_AddObjectRef(m, "Allocator", (PyObject *)&AllocatorType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
