"""Scratch buffers of CUDA reductions: the staging buffer and semaphores a sum borrows.

When a reduction has few outputs and many inputs per output, ATen's `gpu_reduce_kernel` splits
each output over several thread blocks (a "global reduce") and asks the caching allocator for a
staging buffer and a semaphore array for the length of the kernel. This ports what decides it:
TensorIterator's ordering and merging of the dimensions, then `setReduceConfig` and
`global_memory_size` of aten/src/ATen/native/cuda/Reduce.cuh, for a dense input reduced over
some of its dimensions (the bias gradients of Linear and Conv2d layers, `mean`, `sum`).
"""

from __future__ import annotations

__all__ = ["reduce_scratch", "reduction_scratch"]

MAX_NUM_THREADS = 512
WARP_SIZE = 32
MIN_VALUES_PER_THREAD = 16
MAX_VALUES_PER_THREAD = 256


def _last_pow2(n: int) -> int:
    return 1 << (n.bit_length() - 1) if n > 0 else 1


def _div_up(a: int, b: int) -> int:
    return -(-a // b)


def reduction_scratch(rows: int, cols: int, acc_bytes: int, sm_count: int, threads_per_sm: int) -> tuple[int, int]:
    """(staging buffer, semaphores) in bytes of summing a contiguous (rows, cols) input over its
    rows, as the bias gradient of a Linear layer is made; (0, 0) if none."""
    return reduce_scratch((rows, cols), (cols, 1), (0,), 4, acc_bytes, 4, sm_count, threads_per_sm)


def reduce_scratch(
    shape: tuple[int, ...], strides: tuple[int, ...], dims: tuple[int, ...], elem_bytes: int, acc_bytes: int,
    input_vec_size: int, sm_count: int, threads_per_sm: int,
) -> tuple[int, int]:
    """(staging buffer, semaphores) in bytes a reduction of a tensor of `shape` and `strides`
    (in elements) over `dims` allocates; (0, 0) if it needs none."""
    iter_shape, out_st, in_st = _iterator(shape, strides, set(dims))
    if not iter_shape or 0 in shape:
        return 0, 0
    nred = sum(1 for s in out_st if s == 0)
    num_outputs = 1
    for size, s in zip(iter_shape, out_st):
        if s:
            num_outputs *= size
    numel = 1
    for size in iter_shape:
        numel *= size
    return _config(iter_shape, out_st, in_st, nred, num_outputs, numel // num_outputs, acc_bytes,
                   input_vec_size, sm_count, threads_per_sm)


def _iterator(
    shape: tuple[int, ...], strides: tuple[int, ...], dims: set[int]
) -> tuple[list[int], list[int], list[int]]:
    """TensorIterator's dimensions for [output, input], fastest first, after reordering and
    merging: (shape, output strides, input strides), strides in elements."""
    keep = [d for d in range(len(shape)) if shape[d] != 1]
    out_full = _contiguous_output(shape, dims)
    sizes = [shape[d] for d in keep]
    ins = [strides[d] for d in keep]
    outs = [0 if d in dims else out_full[d] for d in keep]
    perm = list(range(len(keep) - 1, -1, -1))
    for i in range(1, len(perm)):
        d1 = i
        for d0 in range(i - 1, -1, -1):
            c = _should_swap(perm[d0], perm[d1], sizes, outs, ins)
            if c > 0:
                perm[d0], perm[d1] = perm[d1], perm[d0]
                d1 = d0
            elif c < 0:
                break
    return _coalesce([sizes[p] for p in perm], [outs[p] for p in perm], [ins[p] for p in perm])


def _contiguous_output(shape: tuple[int, ...], dims: set[int]) -> list[int]:
    """The output's strides per input dimension (keepdim layout), before the reduced ones are zeroed."""
    out, step = [0] * len(shape), 1
    for d in range(len(shape) - 1, -1, -1):
        out[d] = step
        if d not in dims:
            step *= shape[d]
    return out


def _should_swap(d0: int, d1: int, sizes: list[int], outs: list[int], ins: list[int]) -> int:
    for strides, is_output in ((outs, True), (ins, False)):
        s0, s1 = strides[d0], strides[d1]
        if is_output and (s0 == 0) != (s1 == 0):
            return 1 if s1 == 0 else -1
        if s0 == 0 or s1 == 0:
            continue
        if s0 != s1:
            return -1 if s0 < s1 else 1
        if sizes[d0] > sizes[d1]:
            return 1
    return 0


def _coalesce(sizes: list[int], outs: list[int], ins: list[int]) -> tuple[list[int], list[int], list[int]]:
    if not sizes:
        return sizes, outs, ins
    shape, out_st, in_st = [sizes[0]], [outs[0]], [ins[0]]
    for size, o, i in zip(sizes[1:], outs[1:], ins[1:]):
        prev = len(shape) - 1
        mergeable = all(shape[prev] * st[prev] == s for st, s in ((out_st, o), (in_st, i)))
        if mergeable:
            shape[prev] *= size
        else:
            shape.append(size)
            out_st.append(o)
            in_st.append(i)
    return shape, out_st, in_st


def _config(
    shape: list[int], out_st: list[int], in_st: list[int], nred: int, num_outputs: int, num_inputs: int,
    acc_bytes: int, input_vec_size: int, sm_count: int, threads_per_sm: int,
) -> tuple[int, int]:
    ndim = len(shape)
    fast = nred == ndim or in_st[0] < in_st[nred]
    dim0, dim1, fastest = (num_inputs, num_outputs, in_st[0]) if fast else (num_outputs, num_inputs, in_st[nred])
    out_vec = 1
    if fastest == 1:
        if fast and dim0 >= 128 and nred == 1:
            dim0 //= input_vec_size
        elif not fast:
            out_vec = _output_vec_size(shape, in_st, nred)
            dim0 //= out_vec
    max_threads = MAX_NUM_THREADS // out_vec
    p0 = _last_pow2(dim0) if dim0 < max_threads else max_threads
    p1 = _last_pow2(dim1) if dim1 < max_threads else max_threads
    width = min(p0, WARP_SIZE)
    height = min(p1, max_threads // width)
    width = min(p0, max_threads // height)
    step_in, step_out = 1, 1
    if fast:
        step_in *= width
    else:
        step_out *= width
    split_warps = _div_up(num_inputs, step_in) >= min(height * MIN_VALUES_PER_THREAD, MAX_VALUES_PER_THREAD)
    if split_warps:
        step_in *= height
    else:
        step_out *= height
    target = sm_count * (threads_per_sm // (width * height))
    grid = _div_up(num_outputs // out_vec, step_out)
    vpt = _div_up(num_inputs, step_in)
    if not (split_warps and vpt >= MAX_VALUES_PER_THREAD and grid <= target):
        return 0, 0
    ctas = max(_div_up(vpt, MAX_VALUES_PER_THREAD), min(_div_up(target, grid), _div_up(vpt, MIN_VALUES_PER_THREAD)))
    if ctas <= 1:
        return 0, 0
    staging = acc_bytes * num_outputs * ctas * (1 if fast else width * out_vec)
    return staging, 4 * grid


def _output_vec_size(shape: list[int], in_st: list[int], nred: int) -> int:
    vec = 4
    for n in [shape[nred], *(s for j, s in enumerate(in_st) if j != nred)]:
        while n % vec:
            vec //= 2
    return vec
