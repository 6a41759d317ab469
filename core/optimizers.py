"""What each optimizer allocates, as PyTorch's foreach implementations do it on CUDA.

State appears in the first `step()` (Adagrad's: in its constructor). Temporaries are the lists
a foreach step builds (`torch._foreach_sqrt(...)` and the like); they die when the step
function returns, in the order the function declared them, each list from its last tensor to
its first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loop import LoopShape
    from .program import Program

__all__ = ["OptimizerSpec", "OPTIMIZERS", "optimizer_setup", "optimizer_step"]


@dataclass(frozen=True)
class OptimizerSpec:
    label: str
    torch_call: str
    state: tuple[str, ...] = ()
    step_temporaries: tuple[str, ...] = ()
    state_in_constructor: bool = False


OPTIMIZERS: dict[str, OptimizerSpec] = {
    "sgd": OptimizerSpec("SGD", "SGD(lr=0.01)"),
    "sgd-momentum": OptimizerSpec("SGD + momentum", "SGD(lr=0.01, momentum=0.9)", ("momentum_buffer",)),
    "adam": OptimizerSpec("Adam", "Adam(lr=1e-3)", ("exp_avg", "exp_avg_sq"), ("exp_avg_sq_sqrt",)),
    "adamw": OptimizerSpec("AdamW", "AdamW(lr=1e-3)", ("exp_avg", "exp_avg_sq"), ("exp_avg_sq_sqrt",)),
    "rmsprop": OptimizerSpec("RMSprop", "RMSprop(lr=1e-3)", ("square_avg",), ("avg",)),
    "adagrad": OptimizerSpec("Adagrad", "Adagrad(lr=1e-2)", ("sum",), ("std", "numerator"), True),
}


def _allocate_state(p: "Program", shape: "LoopShape") -> None:
    for param, nbytes in shape.parameter_sizes():
        for state in OPTIMIZERS[shape.optimizer].state:
            p.alloc(f"{state}_{param}", "optimizer_state", fixed=nbytes)


def optimizer_setup(p: "Program", shape: "LoopShape") -> None:
    if OPTIMIZERS[shape.optimizer].state_in_constructor:
        _allocate_state(p, shape)


def optimizer_step(p: "Program", shape: "LoopShape", iteration: int) -> None:
    spec = OPTIMIZERS[shape.optimizer]
    if iteration == 1 and not spec.state_in_constructor:
        _allocate_state(p, shape)
    params = shape.parameter_sizes()
    for temp in spec.step_temporaries:
        for param, nbytes in params:
            p.alloc(f"{temp}_{param}", "temporaries", fixed=nbytes)
    for temp in spec.step_temporaries:
        for param, _ in reversed(params):
            p.free(f"{temp}_{param}")
