"""What a traced step says about the model's states: its parameters (the setup tensors that get a
gradient), its buffers (the other setup tensors of the model) and which tensor is whose gradient;
and the units FSDP shards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model.rows import ModuleRow
from .events import Alloc, Event, Phase, fixed_shape

__all__ = ["GRAD_PREFIX", "ModelStates", "grad_of", "model_states", "units"]

GRAD_PREFIX = "grad "
"""The loop names a gradient "grad <parameter>" (core.engine.trace.loop)."""


def grad_of(name: str) -> str | None:
    return name[len(GRAD_PREFIX):] if name.startswith(GRAD_PREFIX) else None


@dataclass(frozen=True)
class ModelStates:
    params: tuple[Alloc, ...]
    """The parameters with a gradient, in definition order, as setup allocates them."""
    buffers: tuple[Alloc, ...]
    """The model's other setup tensors (batch norm's running statistics)."""

    def shape(self, param: Alloc) -> tuple[int, ...]:
        found = fixed_shape(param.info)
        return found if found is not None else (param.fixed // max(1, _itemsize(param)),)


def _itemsize(a: Alloc) -> int:
    return a.info.itemsize if a.info is not None else 1


def model_states(events: Sequence[Event]) -> ModelStates:
    setup: list[Alloc] = []
    for ev in events:
        if isinstance(ev, Phase) and ev.name != "setup":
            break
        if isinstance(ev, Alloc) and ev.component == "parameters":
            setup.append(ev)
    graded = {grad_of(ev.name) for ev in events if isinstance(ev, Alloc)}
    params = tuple(a for a in setup if a.name in graded)
    buffers = tuple(a for a in setup if a.name not in graded)
    return ModelStates(params, buffers)


def units(modules: Sequence[ModuleRow]) -> tuple[str, ...]:
    """The modules FSDP wraps with fully_shard before the model itself, in definition order: each
    top-level block (a child with modules inside), as `for block in model.children():
    fully_shard(block)` does for a ResNet's layer1..4; for a model without blocks (a sequence of
    layers) each top-level layer that holds parameters. Empty: nothing to shard apart."""
    children = [m for m in modules if m.depth == 1]
    names = {m.name for m in modules}
    blocks = tuple(c.name for c in children if any(n.startswith(c.name + ".") for n in names))
    if blocks:
        return blocks
    return tuple(c.name for c in children if c.total_parameters > 0)


def unit_of(name: str, wrapped: Sequence[str]) -> str:
    """The unit a parameter or module belongs to: its top-level module if wrapped, else the root ("")."""
    top = name.split(".", 1)[0]
    return top if top in wrapped else ""
