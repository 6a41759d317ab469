"""A step's convolutions given their workspaces: the program with each cuDNN call bound to a
WorkspacePolicy (core.engine.step.convolutions), and whether the table held every one."""

from __future__ import annotations

import copy
from functools import lru_cache

from .convolutions import BoundConv, ConvWorkspace, WorkspacePolicy
from .program import Program
from .scratch import Scratch

__all__ = ["bind_workspaces", "conv_calls", "workspace_source"]


@lru_cache(maxsize=64)
def bind_workspaces(program: Program, policy: WorkspacePolicy) -> Program:
    """The same events, each convolution's scratch sized by `policy`; the program itself when it
    has no cuDNN convolution. The first call of each shape is the one benchmark mode times."""
    if not conv_calls(program):
        return program
    bound = copy.copy(program)
    seen: set[tuple[object, ...]] = set()
    scratches: list[Scratch] = []
    for spec in program.scratches:
        if isinstance(spec, ConvWorkspace):
            key = spec.key_at(1)
            scratches.append(BoundConv(spec, policy, key not in seen))
            seen.add(key)
        else:
            scratches.append(spec)
    bound.scratches = scratches
    return bound


@lru_cache(maxsize=64)
def conv_calls(program: Program) -> tuple[ConvWorkspace, ...]:
    """The program's cuDNN calls (once per program: a step has a scratch for every reduction)."""
    return tuple(s.conv if isinstance(s, BoundConv) else s for s in program.scratches
                 if isinstance(s, (ConvWorkspace, BoundConv)))


def workspace_source(program: Program, policy: WorkspacePolicy, batch: int) -> str:
    """"none" (no cuDNN convolution), "measured" (the table holds every call at this batch) or
    "estimated" (the band: no workspace, and the upper bound)."""
    calls = conv_calls(program)
    if not calls:
        return "none"
    return "measured" if all(policy.measured(c, batch) is not None for c in calls) else "estimated"
