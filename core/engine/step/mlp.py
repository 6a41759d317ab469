"""The canonical training loop of the course MLP as the allocations and frees it makes on CUDA.

Each iteration is written out in the order PyTorch runs it: the transfer, the forward pass of
Flatten → [Linear → ReLU]* → Linear, the cross-entropy loss, `zero_grad(set_to_none=True)`,
the autograd engine's backward pass and the optimizer's foreach `step()`. The program does not
depend on the batch size: a size is `per_sample × B + fixed` bytes, so one program serves every
batch size of a model.

cuBLAS keeps its workspace per thread's handle, through the caching allocator: the main thread's
appears at the first matmul of the forward pass, the cuBLASLt one at the first `addmm` that takes
the Lt path (fan-in and fan-out over 1; a batch of one takes it too, as measured on an H100 with
torch 2.11: its peak holds all 65 MiB of workspaces), and the autograd thread's at the first matmul
of the backward pass. A warm process, one that ran matmuls before, holds them from the start.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from ..model.mlp import Mlp
from .optimizers import optimizer_setup, optimizer_step
from .phases import ITERATIONS, LABEL_BYTES
from .program import Program
from .scratch import Reduction

__all__ = ["LoopShape", "cublaslt_layer", "loop_program"]


def cublaslt_layer(widths: tuple[int, ...]) -> int | None:
    """The first Linear (1-based) whose `addmm` takes cuBLASLt's path (fan-in and fan-out over 1);
    None if none does."""
    pairs = zip(widths, widths[1:])
    return next((i for i, (fan_in, fan_out) in enumerate(pairs, 1) if fan_in > 1 and fan_out > 1), None)


@dataclass(frozen=True)
class LoopShape:
    """What the loop's allocations depend on, apart from the batch size."""

    mlp: Mlp
    itemsize: int
    optimizer: str
    zero_grad_before_forward: bool = False
    workspace: tuple[int, int] = (0, 0)
    """(cuBLAS workspace of one thread's handle, cuBLASLt workspace), bytes."""
    warm: bool = False

    @property
    def widths(self) -> tuple[int, ...]:
        return self.mlp.widths

    @cached_property
    def cublaslt_layer(self) -> int | None:
        """Asked for per layer: found once (a search over the widths each time was quadratic)."""
        return cublaslt_layer(self.widths)

    @property
    def accumulator_itemsize(self) -> int:
        """Width of the type CUDA reductions accumulate in: float, or double for float64."""
        return 8 if self.itemsize == 8 else 4

    def parameter_sizes(self) -> list[tuple[str, int]]:
        """(name, bytes) of every parameter in `model.parameters()` order."""
        return [(name, _count(shape) * self.itemsize) for name, shape in self.mlp.parameter_shapes()]


@lru_cache(maxsize=256)
def loop_program(shape: LoopShape) -> Program:
    p = Program()
    p.phase("setup", 0)
    if shape.warm:
        for layer in sorted({1, shape.cublaslt_layer or 1}):
            _forward_workspace(p, shape, layer)
        _backward_workspace(p, shape)
    for name, nbytes in shape.parameter_sizes():
        p.alloc(name, "parameters", fixed=nbytes)
    optimizer_setup(p, shape.optimizer, shape.parameter_sizes())
    for it in range(1, ITERATIONS + 1):
        if shape.zero_grad_before_forward:
            _zero_grad(p, shape, it)
        _transfer(p, shape, it)
        _forward(p, shape, it)
        _loss(p, shape, it)
        if not shape.zero_grad_before_forward:
            _zero_grad(p, shape, it)
        _backward(p, shape, it)
        p.phase("step", it)
        optimizer_step(p, shape.optimizer, shape.parameter_sizes(), it)
    return p.compiled()


def _count(shape: tuple[int, ...]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


def _rebind(p: Program, var: str, it: int) -> None:
    """A loop variable takes its new tensor: the old one dies after the new one exists."""
    if it > 1:
        p.free(var)
    p.rename(var + "'", var)


def _transfer(p: Program, shape: LoopShape, it: int) -> None:
    p.phase("transfer", it)
    p.alloc("x'", "input_batch", per_sample=shape.mlp.in_features * shape.itemsize)
    _rebind(p, "x", it)
    p.alloc("y'", "input_batch", per_sample=LABEL_BYTES)
    _rebind(p, "y", it)


def _forward_workspace(p: Program, shape: LoopShape, layer: int) -> None:
    """What the matmul of Linear `layer` adds to the workspaces when it is the first of its kind."""
    handle, lt = shape.workspace
    if layer == 1 and handle:
        p.alloc("cublas_workspace", "workspace", fixed=handle)
    if layer == shape.cublaslt_layer and lt:
        p.alloc("cublaslt_workspace", "workspace", fixed=lt)


def _backward_workspace(p: Program, shape: LoopShape) -> bool:
    """The autograd thread's workspace, made by the first matmul of backward; False: done."""
    if shape.workspace[0]:
        p.alloc("cublas_workspace_autograd", "workspace", fixed=shape.workspace[0])
    return False


def _forward(p: Program, shape: LoopShape, it: int) -> None:
    p.phase("forward", it)
    first = it == 1 and not shape.warm
    for i, h in enumerate(shape.mlp.hidden, 1):
        p.alloc(f"z{i}", "activations", per_sample=h * shape.itemsize)
        if first:
            _forward_workspace(p, shape, i)
        p.alloc(f"a{i}", "activations", per_sample=h * shape.itemsize)
        p.free(f"z{i}")
    p.alloc("out'", "activations", per_sample=shape.mlp.classes * shape.itemsize)
    if first:
        _forward_workspace(p, shape, len(shape.mlp.hidden) + 1)
    _rebind(p, "out", it)


def _loss(p: Program, shape: LoopShape, it: int) -> None:
    p.phase("loss", it)
    p.alloc("log_probs", "activations", per_sample=shape.mlp.classes * shape.itemsize)
    p.alloc("loss'", "activations", fixed=shape.itemsize)
    p.alloc("total_weight", "activations", fixed=shape.itemsize)
    _rebind(p, "loss", it)


def _zero_grad(p: Program, shape: LoopShape, it: int) -> None:
    p.phase("zero_grad", it)
    if it > 1:
        for name, _ in shape.parameter_sizes():
            p.free("grad_" + name)


def _backward(p: Program, shape: LoopShape, it: int) -> None:
    s, k = shape.itemsize, shape.mlp.classes
    p.phase("backward", it)
    p.alloc("grad_loss", "temporaries", fixed=s)
    p.alloc("grad_log_probs", "temporaries", per_sample=k * s)
    p.free("total_weight")
    p.alloc("grad_out", "temporaries", per_sample=k * s)
    p.free("grad_log_probs")
    p.free("log_probs")
    widths = shape.widths
    workspace_due = it == 1 and not shape.warm
    for j in range(len(widths) - 1, 0, -1):
        fan_in, fan_out = widths[j - 1], widths[j]
        grad = "grad_out" if j == len(widths) - 1 else f"grad_z{j}"
        if j > 1:
            p.alloc(f"grad_a{j - 1}", "temporaries", per_sample=fan_in * s)
            workspace_due = workspace_due and _backward_workspace(p, shape)
        p.alloc(f"grad_W{j}", "gradients", fixed=fan_in * fan_out * s)
        workspace_due = workspace_due and _backward_workspace(p, shape)
        p.alloc(f"grad_b{j}", "gradients", fixed=fan_out * s)
        p.scratch(Reduction(((1, 0), (0, fan_out)), (0,), s, shape.accumulator_itemsize))
        p.free(grad)
        if j > 1:
            p.alloc(f"grad_z{j - 1}", "temporaries", per_sample=fan_in * s)
            p.free(f"grad_a{j - 1}")
            p.free(f"a{j - 1}")
    p.free("grad_loss")
