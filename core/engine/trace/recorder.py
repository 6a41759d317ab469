"""A dispatch mode that writes down what a training step allocates and frees on the meta device.

Every op's outputs that own a new storage are allocations (in the order CUDA makes them, which
for a few ops is not their output order); a finalizer on each storage records its free, at the
moment the last tensor using it dies. The recorder keeps no tensor alive: it holds storage keys
and sizes only, so autograd's choices (steal or copy a gradient) are those of the real loop.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch
from torch.utils._python_dispatch import TorchDispatchMode
from torch.utils._pytree import tree_flatten

from . import hidden, kernels

__all__ = ["Alloc", "Recorder"]


@dataclass
class Alloc:
    """One allocation: what it is, for the timeline and the formulas."""

    key: int
    """Unique in the run (a storage's address is reused once it is freed)."""
    nbytes: int
    name: str
    component: str
    module: str
    shape: tuple[int, ...]
    itemsize: int
    phase: int
    dtype: str = ""


def first_tensor(args: tuple[Any, ...]) -> torch.Tensor | None:
    """The first tensor among the arguments or in a list among them."""
    for a in args:
        if isinstance(a, torch.Tensor):
            return a
        if isinstance(a, (list, tuple)):
            found = next((t for t in a if isinstance(t, torch.Tensor)), None)
            if found is not None:
                return found
    return None


def _on_meta(args: tuple[Any, ...]) -> bool:
    first = first_tensor(args)
    return first is not None and first.device.type == "meta"


def _tensors(out: Any) -> list[torch.Tensor]:
    if isinstance(out, torch.Tensor):
        return [out] if out.device.type == "meta" else []
    if isinstance(out, (list, tuple)):
        return [t for t in out if isinstance(t, torch.Tensor) and t.device.type == "meta"]
    return [t for t in tree_flatten(out)[0] if isinstance(t, torch.Tensor) and t.device.type == "meta"]


def storage_key(t: torch.Tensor) -> int:
    return int(t.untyped_storage()._cdata)


class Recorder(TorchDispatchMode):
    """Records ("alloc", Alloc), ("free", key), ("phase", name, iteration) and ("scratch", spec)
    events for the meta tensors the loop makes."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[tuple[Any, ...]] = []
        self.live: dict[int, Alloc] = {}
        self.component = "activations"
        self.modules: list[str] = []
        self.names: dict[int, str] = {}
        """Storage key → a name the loop gave it (parameters, the batch)."""
        self.phase_index = -1
        self.thread = "main"
        self.workspaces: Callable[[str, str, tuple[Any, ...]], None] | None = None
        """Called with (thread, op name, args) for every op: the cuBLAS workspace rules."""

    def phase(self, name: str, iteration: int) -> None:
        self.phase_index += 1
        self.thread = "autograd" if name == "backward" else "main"
        self.events.append(("phase", name, iteration))

    def __torch_dispatch__(self, func: Any, types: Any, args: tuple[Any, ...] = (),
                           kwargs: dict[str, Any] | None = None) -> Any:
        kwargs = kwargs or {}
        out = self._run(func, args, kwargs)
        op = func.__name__.split(".")[0]
        outputs = _tensors(out)
        order = kernels.allocation_order(op, args, len(outputs))
        if order is not None:
            outputs = [outputs[i] for i in order]
        self._record(op, args, outputs)
        return out

    @staticmethod
    def _run(func: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        if not _on_meta(args):
            return func(*args, **kwargs)
        fast = kernels.FAST.get(func)
        out = fast(*args, **kwargs) if fast is not None else kernels.pointwise(func, args, kwargs)
        return out if out is not None else func(*args, **kwargs)

    def _record(self, op: str, args: tuple[Any, ...], outputs: list[torch.Tensor]) -> None:
        plan = hidden.plan(op, args, outputs)
        for i, t in enumerate(outputs):
            key = storage_key(t)
            if t.untyped_storage().nbytes() and key not in self.live:
                self._alloc(t, key, op, args)
            self.events += [("scratch", spec) for spec in plan.get(i, ())]
        self.events += [("scratch", spec) for spec in plan.get(-1, ())]
        if self.workspaces is not None:
            self.workspaces(self.thread, op, args)

    def _alloc(self, t: torch.Tensor, key: int, op: str, args: tuple[Any, ...]) -> None:
        storage = t.untyped_storage()
        name, component = self._name(op, args), self.component
        copied = self._copy_of(op, args)
        if copied is not None:  # autocast's half-precision copy of a weight
            name, component = f"{copied} as {str(t.dtype).removeprefix('torch.')}", "parameters"
        entry = Alloc(len(self.events), storage.nbytes(), name, component, self.modules[-1] if self.modules else "",
                      tuple(t.shape), t.element_size(), self.phase_index, str(t.dtype).removeprefix("torch."))
        self.live[key] = entry
        self.events.append(("alloc", entry))
        weakref.finalize(storage, self._freed, key)

    def _freed(self, key: int) -> None:
        entry = self.live.pop(key, None)
        if entry is not None:
            self.events.append(("free", entry.key))

    def _name(self, op: str, args: tuple[Any, ...]) -> str:
        """'layer1.0.conv1 convolution': the module that ran the op, or the tensor it worked on."""
        if self.modules and self.modules[-1]:
            return f"{self.modules[-1]} {op}"
        first = first_tensor(args)
        if first is not None and first.device.type == "meta":
            named = self.names.get(storage_key(first))
            if named is not None:
                return f"{op}({named})"
        return op

    def _copy_of(self, op: str, args: tuple[Any, ...]) -> str | None:
        """The parameter a `_to_copy` converts, if it converts one."""
        if op != "_to_copy" or not args or not isinstance(args[0], torch.Tensor) or args[0].device.type != "meta":
            return None
        return self.names.get(storage_key(args[0]))

    def rename(self, t: torch.Tensor, name: str, component: str | None = None) -> None:
        """Give a live tensor the name (and component) the loop knows it by."""
        entry = self.live.get(storage_key(t))
        if entry is not None:
            entry.name = name
            entry.component = component or entry.component

    def alloc_event(self, nbytes: int, name: str, component: str) -> None:
        """An allocation no op shows: a library's workspace. It lives to the end of the run."""
        self.events.append(("alloc", Alloc(len(self.events), nbytes, name, component, "", (nbytes,), 1,
                                           self.phase_index)))
