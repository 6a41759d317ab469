"""The canonical training loop run on the meta device under the recorder.

The loop is the one of ../shared/reference/README.md, statement by statement, so that every
tensor lives exactly as long as it does on CUDA: the previous iteration's x, y, out and loss die
when their names are bound again. The optimizer runs its foreach implementation, as it does on
CUDA (on meta it would default to the per-tensor one). What the loop allocates is classified as
it happens (the phase says the component); gradients and optimizer state are named once they are
known (the tensors `p.grad` and `optimizer.state` hold).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import torch
from torch import nn

from ..config import TrainingConfig
from ..errors import ConfigError
from ..step.optimizers import OPTIMIZERS
from ..step.phases import ITERATIONS
from .autocast import cuda_autocast
from .cuda import cuda_paths
from .models import build_model
from .recorder import Alloc, Recorder, storage_key

__all__ = ["LoopRun", "checkpoint_blocks", "run_loop"]

_MATMULS = {"mm", "addmm", "bmm", "baddbmm", "addbmm", "mv", "addmv", "dot", "vdot", "addr", "_scaled_mm"}


@dataclass
class LoopRun:
    """What one traced run of the loop did, at one batch size."""

    batch: int
    events: list[tuple[Any, ...]]
    module_outputs: dict[str, tuple[int, ...]] = field(default_factory=dict)
    """Qualified module name → the shape of its first output (with the batch)."""
    module_kinds: dict[str, str] = field(default_factory=dict)
    module_params: dict[str, list[tuple[str, tuple[int, ...]]]] = field(default_factory=dict)
    """Module → (parameter name, shape) of the parameters it holds itself."""
    module_frozen: dict[str, int] = field(default_factory=dict)
    """Module → how many of its own parameters have requires_grad False."""
    saved: dict[str, int] = field(default_factory=dict)
    """Module → bytes its forward allocated that were still alive when the loss was computed."""
    is_sequence: bool = False
    sequence_length: int = 0


@dataclass
class Workspaces:
    """The cuBLAS rule: each thread's handle gets its workspace at its first matmul, and the
    cuBLASLt workspace comes with the first `addmm` that takes the Lt path."""

    recorder: Recorder
    handle_bytes: int
    lt_bytes: int
    done: set[str] = field(default_factory=set)

    def __call__(self, thread: str, op: str, args: tuple[Any, ...]) -> None:
        if op not in _MATMULS:
            return
        suffix = "_autograd" if thread == "autograd" else ""
        if self.handle_bytes and "handle" + suffix not in self.done:
            self.done.add("handle" + suffix)
            self.recorder.alloc_event(self.handle_bytes, "cublas_workspace" + suffix, "workspace")
        if self.lt_bytes and op == "addmm" and _takes_lt(args) and "lt" + suffix not in self.done:
            self.done.add("lt" + suffix)
            self.recorder.alloc_event(self.lt_bytes, "cublaslt_workspace" + suffix, "workspace")

    def warm(self) -> None:
        """A process that ran the loop before holds the main thread's workspaces and the autograd
        thread's (which makes no cuBLASLt call) from the start."""
        self("main", "addmm", ())
        self("autograd", "mm", ())


def _takes_lt(args: tuple[Any, ...]) -> bool:
    """addmm's cuBLASLt path: a 1-D bias, fan-in and fan-out over one (a batch of one too)."""
    if len(args) < 3:
        return True
    bias, mat1, mat2 = args[:3]
    return bool(bias.dim() == 1 and mat1.shape[1] > 1 and mat2.shape[1] > 1)


def run_loop(config: TrainingConfig, model: nn.Module, batch: int, workspace: tuple[int, int],
             warm: bool = False) -> LoopRun:
    """The loop's ITERATIONS iterations at `batch` samples per forward pass (the micro-batch, with
    gradient accumulation); `workspace` is (one handle's cuBLAS workspace,
    cuBLASLt's) in bytes. The last iteration is traced once and repeated when it is the steady
    state, as it is for the canonical loop (it frees what the one before left)."""
    images = sample_inputs(config, batch)
    labels = torch.zeros((), dtype=torch.long).expand(batch)
    run = _trace(config, model, batch, workspace, warm, images, labels, ITERATIONS - 1)
    repeated = repeat_last_iteration(run.events)
    if repeated is None:
        return _trace(config, build_model(config), batch, workspace, warm, images, labels, ITERATIONS)
    run.events = repeated
    return run


def sample_inputs(config: TrainingConfig, batch: int) -> torch.Tensor:
    """A batch of the config's inputs: images or signals, or token ids (zeros: below any vocabulary).
    One element each, broadcast to the batch's shape: `.to("meta")` makes the batch's full tensors
    on the meta device, and the CPU never holds a batch (3×8192×8192 images took GBs)."""
    dtype = getattr(torch, config.input_dtype or "int64") if config.token_ids else torch.float32
    return torch.zeros((), dtype=dtype).expand(batch, *config.image_shape)


def _trace(config: TrainingConfig, model: nn.Module, batch: int, workspace: tuple[int, int], warm: bool,
           images: torch.Tensor, labels: torch.Tensor, iterations: int) -> LoopRun:
    recorder = Recorder()
    run = LoopRun(batch, recorder.events)
    workspaces = Workspaces(recorder, *workspace)
    recorder.workspaces = workspaces
    autocast = cuda_autocast() if config.amp else contextlib.nullcontext()
    if config.checkpoint_blocks:
        checkpoint_blocks(config, model)
    with cuda_paths(), autocast, _module_hooks(model, recorder, run), recorder:
        if config.inference:
            _infer(config, model, recorder, workspaces, images, warm, run, iterations)
        else:
            _train(config, model, recorder, workspaces, images, labels, warm, run, iterations)
    return run


def repeat_last_iteration(events: list[tuple[Any, ...]]) -> list[tuple[Any, ...]] | None:
    """The events with the last iteration once more: what it allocates and frees again, where the
    tensors it frees from the iteration before are now the same tensors of the last one (x, y,
    out, loss, the gradients). None if they do not pair up."""
    phases = [i for i, ev in enumerate(events) if ev[0] == "phase"]
    last = events[phases[-1]][2]
    start = next(i for i in phases if events[i][2] == last)
    body = events[start:]
    made = {ev[1].key: ev[1] for ev in body if ev[0] == "alloc"}
    alive: dict[tuple[str, str, str], list[int]] = {}
    freed = {ev[1] for ev in body if ev[0] == "free"}
    for key, entry in made.items():
        if key not in freed:
            alive.setdefault((entry.name, entry.component, entry.module), []).append(key)
    older = {ev[1].key: ev[1] for ev in events[:start] if ev[0] == "alloc"}
    fresh = {key: len(events) + i for i, key in enumerate(made)}
    for ev in body:
        if ev[0] == "free" and ev[1] not in made:
            entry = older.get(ev[1])
            queue = alive.get((entry.name, entry.component, entry.module), []) if entry is not None else []
            if not queue:
                return None
            fresh[ev[1]] = queue.pop(0)
    if any(alive.values()):
        return None
    phases_in_body = sum(1 for ev in body if ev[0] == "phase")  # once: per event it made the trace quadratic
    return events + [_again(ev, fresh, last + 1, phases_in_body) for ev in body]


def _again(ev: tuple[Any, ...], keys: dict[int, int], iteration: int, phase_offset: int) -> tuple[Any, ...]:
    if ev[0] == "phase":
        return ("phase", ev[1], iteration)
    if ev[0] == "alloc":
        entry = ev[1]
        return ("alloc", Alloc(keys[entry.key], entry.nbytes, entry.name, entry.component, entry.module, entry.shape,
                               entry.itemsize, entry.phase + phase_offset, entry.dtype))
    if ev[0] == "free":
        return ("free", keys[ev[1]])
    return ev


def _to_device(config: TrainingConfig, images: torch.Tensor) -> torch.Tensor:
    """The batch as the loop moves it: float inputs in the model's dtype (kept float32 under
    autocast, or in the custom input dtype), token ids as they are."""
    if config.token_ids or config.amp:
        return images.to("meta")
    return images.to("meta", getattr(torch, config.input_dtype or config.dtype))


def _setup(config: TrainingConfig, model: nn.Module, recorder: Recorder, workspaces: Workspaces,
           warm: bool) -> dict[str, torch.Tensor]:
    recorder.phase("setup", 0)
    if warm:
        workspaces.warm()
    dtype = getattr(torch, config.dtype)
    recorder.component = "parameters"
    model._apply(lambda t: torch.empty_like(t, dtype=dtype if t.is_floating_point() else t.dtype))
    params = dict(model.named_parameters())
    for name, t in [*params.items(), *model.named_buffers()]:
        recorder.names[storage_key(t)] = name
        recorder.rename(t, name)
    return params


def _infer(config: TrainingConfig, model: nn.Module, recorder: Recorder, workspaces: Workspaces,
           images: torch.Tensor, warm: bool, run: LoopRun, iterations: int) -> None:
    """The inference loop: `model.eval()`, then per batch `x = batch.to(device)` and
    `out = model(x)` under torch.inference_mode(); the previous x and out die when rebound.

    Traced under no_grad: inference mode allocates on CUDA what no_grad does (it only spares
    autograd's version counters and view records), and on the meta device it would hand the
    recorder composite ops (linear, conv2d) that CUDA runs decomposed."""
    model.eval()
    _setup(config, model, recorder, workspaces, warm)
    with torch.no_grad():
        for it in range(1, iterations + 1):
            recorder.phase("transfer", it)
            recorder.component = "input_batch"
            x = _to_device(config, images)
            recorder.rename(x, "x")
            recorder.phase("forward", it)
            recorder.component = "activations"
            with _autocast(config):
                out = model(x)
            _check_output(out, config)
    run.events = list(recorder.events)  # what dies when the loop ends is not part of it


def _train(config: TrainingConfig, model: nn.Module, recorder: Recorder, workspaces: Workspaces,
           images: torch.Tensor, labels: torch.Tensor, warm: bool, run: LoopRun, iterations: int) -> None:
    params = _setup(config, model, recorder, workspaces, warm)
    recorder.component = "optimizer_state"
    optimizer = _optimizer(config, list(params.values()))
    scaler = _MetaScaler("meta") if config.amp and config.grad_scaler else None
    criterion = nn.CrossEntropyLoss()
    steps = config.accumulation_steps
    for it in range(1, iterations + 1):
        for micro in range(steps):  # images[micro]: every micro-batch has the same shape
            if config.zero_grad == "before-forward" and micro == 0:
                _zero_grad(recorder, optimizer, it)
            recorder.phase("transfer", it)
            recorder.component = "input_batch"
            x = _to_device(config, images)
            recorder.rename(x, "x")
            y = _targets(config, labels).to("meta")
            recorder.rename(y, "y")
            recorder.phase("forward", it)
            recorder.component = "activations"
            with _autocast(config):
                out = _forward(config, model, x)
                _check_output(out, config)
                recorder.phase("loss", it)
                loss = _loss(config, criterion, out, y)
            if it == 1 and micro == 0:
                _note_saved(recorder, run)
            if config.zero_grad == "after-forward" and micro == 0:
                _zero_grad(recorder, optimizer, it)
            recorder.phase("backward", it)
            recorder.component = "temporaries"
            _backward(loss, scaler, recorder, it)  # after the first micro-batch AccumulateGrad adds in place
            _name_grads(recorder, params)
        recorder.phase("step", it)
        if scaler is not None:
            scaler.step(optimizer)
            scaler.update()
        else:
            optimizer.step()
        if it == 1:
            _name_state(recorder, optimizer, params)
    run.events = list(recorder.events)  # what dies when the loop ends is not part of it


def _loss(config: TrainingConfig, criterion: nn.Module, out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """The loss, divided by the accumulation steps so that their gradients add up to the batch's
    (a plain loop, one step, divides by nothing)."""
    token = config.target == "token"
    loss: torch.Tensor = criterion(out.flatten(0, 1), y.flatten(0, 1)) if token else criterion(out, y)
    return loss / config.accumulation_steps if config.accumulation_steps > 1 else loss


class _MetaScaler(torch.amp.GradScaler):
    """GradScaler on the meta device: the same tensors; no infinities to find (`.item()` cannot
    read a meta tensor), so every step runs."""

    def _maybe_opt_step(self, optimizer: torch.optim.Optimizer, optimizer_state: dict[str, Any], *args: Any,
                        **kwargs: Any) -> Any:
        return optimizer.step(*args, **kwargs)


def _autocast(config: TrainingConfig) -> Any:
    if config.amp is None:
        return contextlib.nullcontext()
    return torch.autocast("cuda", dtype=getattr(torch, config.amp))


def _forward(config: TrainingConfig, model: nn.Module, x: torch.Tensor) -> Any:
    if config.checkpoint_segments is None:
        return model(x)
    if not isinstance(model, nn.Sequential):
        raise ConfigError("checkpoint_segments", config.checkpoint_segments, "sequence_type",
                          name=config.model_spec.name, type=type(model).__name__)
    if config.checkpoint_segments > len(model):
        raise ConfigError("checkpoint_segments", config.checkpoint_segments, "more_than_layers", n=len(model))
    from torch.utils.checkpoint import checkpoint_sequential

    return checkpoint_sequential(model, config.checkpoint_segments, x, use_reentrant=False)


def checkpoint_blocks(config: TrainingConfig, model: nn.Module) -> list[str]:
    """Each top-level block's forward through torch.utils.checkpoint.checkpoint, as a training
    script wraps it: `checkpoint(block, x, use_reentrant=False)` in the model's forward. The block
    keeps its name, so the tables name its modules as without checkpointing. Returns the names."""
    from torch.utils.checkpoint import checkpoint

    if config.checkpoint_segments is not None:
        raise ConfigError("checkpoint_blocks", True, "blocks_with_segments")
    blocks = [(name, child) for name, child in model.named_children() if next(child.children(), None) is not None]
    if not blocks:
        raise ConfigError("checkpoint_blocks", True, "no_blocks", name=config.model_spec.name)
    for _, block in blocks:
        forward = block.forward

        def checkpointed(*args: Any, _forward: Any = forward, **kwargs: Any) -> Any:
            return checkpoint(_forward, *args, use_reentrant=False, **kwargs)

        block.forward = checkpointed
    return [name for name, _ in blocks]


def _backward(loss: torch.Tensor, scaler: Any, recorder: Recorder, it: int) -> None:
    if scaler is None:
        loss.backward()
        return
    scaled = scaler.scale(loss)
    if it == 1:
        recorder.rename(scaler._scale, "GradScaler scale", "optimizer_state")
        recorder.rename(scaler._growth_tracker, "GradScaler growth tracker", "optimizer_state")
    scaled.backward()


def _zero_grad(recorder: Recorder, optimizer: torch.optim.Optimizer, it: int) -> None:
    recorder.phase("zero_grad", it)
    optimizer.zero_grad()


def _optimizer(config: TrainingConfig, params: list[torch.Tensor]) -> torch.optim.Optimizer:
    if not params:
        raise ConfigError("model", config.model_spec.name, "no_parameters")
    spec = OPTIMIZERS[config.optimizer]
    optimizer: torch.optim.Optimizer = getattr(torch.optim, spec.torch_class)(params, **spec.kwargs, foreach=True)
    return optimizer


def _check_output(out: Any, config: TrainingConfig) -> None:
    name = config.model_spec.name
    if not isinstance(out, torch.Tensor):
        raise ConfigError("model", name, "not_scores", type=type(out).__name__)
    if config.target == "token":
        if out.dim() != 3 or out.shape[2] != config.class_count:
            raise ConfigError("model", name, "token_scores_shape", shape=tuple(out.shape), classes=config.class_count)
        return
    expected = (out.shape[0], config.class_count)
    if out.dim() != 2 or tuple(out.shape) != expected:
        raise ConfigError("model", name, "scores_shape", shape=tuple(out.shape), classes=config.class_count)


def _targets(config: TrainingConfig, labels: torch.Tensor) -> torch.Tensor:
    """The labels the loss takes: one class per sample, or one per token, (batch, length) with
    the input's first size as the length."""
    if config.target == "sample":
        return labels
    return torch.zeros((), dtype=torch.long).expand(labels.shape[0], config.image_shape[0])


def _name_grads(recorder: Recorder, params: dict[str, torch.Tensor]) -> None:
    for name, p in params.items():
        if p.grad is not None:
            recorder.rename(p.grad, f"grad {name}", "gradients")


def _name_state(recorder: Recorder, optimizer: torch.optim.Optimizer, params: dict[str, torch.Tensor]) -> None:
    names = {id(p): name for name, p in params.items()}
    for p, state in optimizer.state.items():
        for key, value in state.items():
            if isinstance(value, torch.Tensor) and value.device.type == "meta":
                recorder.rename(value, f"{key} {names.get(id(p), '?')}", "optimizer_state")


def _note_saved(recorder: Recorder, run: LoopRun) -> None:
    """Bytes each module's forward left alive for backward (its outputs and internals)."""
    first_forward = next(i for i, ev in enumerate(recorder.events) if ev[0] == "phase" and ev[1] == "forward")
    forward_phase = sum(1 for ev in recorder.events[:first_forward + 1] if ev[0] == "phase") - 1
    for entry in recorder.live.values():
        if entry.phase == forward_phase and entry.module:
            run.saved[entry.module] = run.saved.get(entry.module, 0) + entry.nbytes


@contextlib.contextmanager
def _module_hooks(model: nn.Module, recorder: Recorder, run: LoopRun) -> Iterator[None]:
    """Which module is running, for the names and the per-module table; and what each module is."""
    names = {id(m): name for name, m in model.named_modules()}
    for name, m in model.named_modules():
        run.module_kinds[name] = type(m).__name__
        run.module_params[name] = [(n, tuple(p.shape)) for n, p in m.named_parameters(recurse=False)]
        run.module_frozen[name] = sum(p.numel() for p in m.parameters(recurse=False) if not p.requires_grad)
    run.is_sequence = isinstance(model, nn.Sequential)
    run.sequence_length = len(model) if isinstance(model, nn.Sequential) else 0

    def pre(module: nn.Module, args: Any) -> None:
        recorder.modules.append(names.get(id(module), type(module).__name__))

    def post(module: nn.Module, args: Any, output: Any) -> None:
        name = recorder.modules.pop() if recorder.modules else ""
        if name not in run.module_outputs and isinstance(output, torch.Tensor):
            run.module_outputs[name] = tuple(output.shape)

    handles = [nn.modules.module.register_module_forward_pre_hook(pre),
               nn.modules.module.register_module_forward_hook(post)]
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()
