"""Scratch buffers of the CUDA sum that turns a (B, n) gradient into a bias gradient.

The autograd engine reduces the bias gradient with `sum_to`, a column sum. When the batch is
long enough, ATen's reduction splits each column over several thread blocks and asks the
caching allocator for a staging buffer and a semaphore array for the duration of the kernel.
`reduce_config` follows `setReduceConfig` in aten/src/ATen/native/cuda/Reduce.cuh for this one
shape: a contiguous (B, n) input reduced over its first dimension.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ReduceConfig", "reduce_config", "reduction_scratch"]

MAX_NUM_THREADS = 512
WARP_SIZE = 32
INPUT_VEC_SIZE = 4
VALUES_PER_THREAD_UNROLL = 4
MIN_VALUES_PER_THREAD = 16
MAX_VALUES_PER_THREAD = 256


def _last_pow2(n: int) -> int:
    return max(1, 1 << (n.bit_length() - 1)) if n > 0 else 1


def _div_up(a: int, b: int) -> int:
    return -(-a // b)


@dataclass
class ReduceConfig:
    num_inputs: int
    num_outputs: int
    output_vec_size: int = 1
    block_width: int = 1
    block_height: int = 1
    step_input: int = 1
    step_output: int = 1
    ctas_per_output: int = 1
    block_x_reduce: bool = False
    block_y_reduce: bool = False
    global_reduce: bool = False

    def values_per_thread(self) -> int:
        return _div_up(self.num_inputs, self.step_input)

    def grid_x(self) -> int:
        return _div_up(self.num_outputs // self.output_vec_size, self.step_output)

    def split_input(self, parallelism: int) -> None:
        self.step_input *= parallelism

    def split_output(self, parallelism: int) -> None:
        self.step_output *= parallelism

    def set_block_dimension(self, dim0: int, dim1: int) -> None:
        max_threads = MAX_NUM_THREADS // self.output_vec_size
        dim0_pow2 = _last_pow2(dim0) if dim0 < max_threads else max_threads
        dim1_pow2 = _last_pow2(dim1) if dim1 < max_threads else max_threads
        width = min(dim0_pow2, WARP_SIZE)
        self.block_height = min(dim1_pow2, max_threads // width)
        self.block_width = min(dim0_pow2, max_threads // self.block_height)


def _output_vec_size(n: int) -> int:
    vec = 4
    while n % vec:
        vec //= 2
    return vec


def reduce_config(rows: int, cols: int, sm_count: int, threads_per_sm: int) -> ReduceConfig:
    """The launch configuration of summing a contiguous (rows, cols) tensor over its rows."""
    config = ReduceConfig(num_inputs=rows, num_outputs=cols)
    along_fastest = cols == 1
    if along_fastest:
        dim0, dim1 = rows, 1
        if dim0 > 128 and VALUES_PER_THREAD_UNROLL >= INPUT_VEC_SIZE:
            dim0 //= INPUT_VEC_SIZE
    else:
        config.output_vec_size = _output_vec_size(cols)
        dim0, dim1 = cols // config.output_vec_size, rows
    config.set_block_dimension(dim0, dim1)
    if along_fastest:
        config.block_x_reduce = True
        config.split_input(config.block_width)
    else:
        config.split_output(config.block_width)
    vpt = config.values_per_thread()
    if vpt >= config.block_height * 16 or vpt >= MAX_VALUES_PER_THREAD:
        config.block_y_reduce = True
        config.split_input(config.block_height)
    else:
        config.split_output(config.block_height)
    threads = config.block_width * config.block_height
    target_grid = sm_count * (threads_per_sm // threads)
    grid = config.grid_x()
    vpt = config.values_per_thread()
    if config.block_y_reduce and vpt >= MAX_VALUES_PER_THREAD and grid <= target_grid:
        config.ctas_per_output = max(
            min(_div_up(target_grid, grid), _div_up(vpt, MIN_VALUES_PER_THREAD)),
            _div_up(vpt, MAX_VALUES_PER_THREAD),
        )
        if config.ctas_per_output > 1:
            config.global_reduce = True
            config.split_input(config.ctas_per_output)
    return config


def reduction_scratch(
    rows: int, cols: int, acc_bytes: int, sm_count: int, threads_per_sm: int
) -> tuple[int, int]:
    """(staging buffer, semaphores) in bytes that the column sum allocates; (0, 0) if none."""
    if rows <= 1 or cols <= 0:
        return 0, 0
    config = reduce_config(rows, cols, sm_count, threads_per_sm)
    if not config.global_reduce:
        return 0, 0
    size = acc_bytes * cols * config.ctas_per_output
    if not config.block_x_reduce:
        size *= config.block_width * config.output_vec_size
    return size, 4 * config.grid_x()
