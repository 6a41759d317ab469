"""What a probe needs from a device: run one phase of the canonical loop, read the allocator.

`Backend` is the interface core.probe drives; `TorchCudaBackend` implements it with torch on a
CUDA device (torch is imported when one is made), and tests implement it with scripted numbers.
`probe_availability()` says whether a probe can run here, and why not, without ever raising.

Phases, in the order of ../shared/reference/README.md's loop:

* ``setup``: the model moves to the device, the optimizer is made, the batch is made on the CPU;
* ``transfer``: ``x = images.to(device, dtype); y = labels.to(device)`` (and ``zero_grad()``
  first when the config zeroes before forward);
* ``forward``: ``out = model(x); loss = CrossEntropyLoss()(out, y)``;
* ``backward``: ``zero_grad()`` (after-forward configs) then ``loss.backward()``;
* ``step``: ``optimizer.step()``.

With gradient accumulation (N steps) the batch is made as N micro-batches of B/N, transfer,
forward and backward run once per micro-batch (``x = images[i].to(...)``, the loss divided by N,
``zero_grad()`` before the first micro-batch's forward or backward only), then step once.
"""

from __future__ import annotations

import gc
from typing import Protocol

from ..engine.config import TrainingConfig
from ..engine.step.phases import MEASURED_PHASES

__all__ = ["PHASES", "Backend", "TorchCudaBackend", "probe_availability"]

PHASES = MEASURED_PHASES


class Backend(Protocol):
    def start(self) -> dict:
        """Initialises the device; returns {"name", "torch_version", "total_bytes"}."""

    def run_phase(self, phase: str, config: TrainingConfig) -> None:
        """Runs one phase and returns once the device has finished it."""

    def memory_allocated(self) -> int: ...
    def max_memory_allocated(self) -> int: ...
    def memory_reserved(self) -> int: ...
    def max_memory_reserved(self) -> int: ...
    def reset_peak(self) -> None: ...
    def mem_get_info(self) -> tuple[int, int]:
        """(free, total) bytes of the device, as the driver sees it."""

    def clock(self) -> float:
        """Seconds, after waiting for the device (for step times)."""

    def is_oom(self, error: BaseException) -> bool: ...
    def release(self) -> None:
        """Drops every tensor of the loop, collects garbage and empties the allocator's cache."""

    def conv_workspaces(self, config: TrainingConfig) -> tuple[int, list[dict]]:
        """(torch.backends.cudnn.version(), 0 without cuDNN; the workspace each of the config's
        cuDNN convolution calls takes, as entries of core.engine.step.conv_table, in the config's
        benchmark mode). Called once the loop is released."""


def probe_availability() -> tuple[bool, str]:
    """(True, device name) or (False, the reason in one line). Never raises."""
    try:
        import torch
    except ImportError:
        return False, "PyTorch is not installed"
    except Exception as e:  # a broken install is a reason too
        return False, f"PyTorch could not be imported: {e}".splitlines()[0]
    try:
        if not torch.cuda.is_available():
            return False, "no CUDA device (torch.cuda.is_available() is False)"
        return True, torch.cuda.get_device_name(0)
    except Exception as e:  # driver errors surface here
        return False, f"CUDA error: {e}".splitlines()[0] if str(e) else f"CUDA error: {type(e).__name__}"


class TorchCudaBackend:
    """The canonical loop on a CUDA device, one phase at a time."""

    def __init__(self, device: str = "cuda") -> None:
        import torch

        self.torch = torch
        self.device = torch.device(device)
        self._loop: dict = {}

    def holds_tensors(self) -> bool:
        """Whether the loop's tensors are still referenced (a finished probe releases them)."""
        return bool(self._loop)

    def start(self) -> dict:
        torch = self.torch
        torch.cuda.init()
        torch.cuda.synchronize(self.device)
        return {
            "name": torch.cuda.get_device_name(self.device),
            "torch_version": torch.__version__,
            "total_bytes": torch.cuda.get_device_properties(self.device).total_memory,
        }

    def run_phase(self, phase: str, config: TrainingConfig) -> None:
        getattr(self, f"_{phase}")(config)
        self._sync()

    def _sync(self) -> None:
        if self.device.type == "cuda":  # a CPU device (tests of the loop itself) has nothing to wait for
            self.torch.cuda.synchronize(self.device)

    def _setup(self, config: TrainingConfig) -> None:
        from .loop import build_model, make_optimizer, make_scaler

        torch, s = self.torch, self._loop
        torch.backends.cudnn.benchmark = config.cudnn_benchmark  # as the training script sets it
        s["dtype"] = getattr(torch, config.dtype)
        s["model"] = build_model(config).to(device=self.device, dtype=s["dtype"])
        s["optimizer"] = make_optimizer(config, s["model"].parameters())
        s["scaler"] = make_scaler(config)
        s["criterion"] = torch.nn.CrossEntropyLoss()
        n, micro = config.accumulation_steps, config.micro_batch
        s["images"] = torch.rand(config.batch_size, *config.image_shape)
        s["labels"] = torch.randint(0, config.class_count, (config.batch_size,))
        if n > 1:  # images[i]: the i-th micro-batch
            s["images"] = s["images"].view(n, micro, *config.image_shape)
            s["labels"] = s["labels"].view(n, micro)
        s["micro"] = 0

    def _transfer(self, config: TrainingConfig) -> None:
        s = self._loop
        if config.zero_grad == "before-forward" and s["micro"] == 0:
            s["optimizer"].zero_grad()
        images, labels = (s["images"], s["labels"]) if config.accumulation_steps == 1 else \
            (s["images"][s["micro"]], s["labels"][s["micro"]])
        s["x"] = images.to(self.device) if config.amp else images.to(self.device, s["dtype"])
        s["y"] = labels.to(self.device)

    def _forward(self, config: TrainingConfig) -> None:
        from .loop import autocast, forward

        s = self._loop
        with autocast(config):
            s["out"] = forward(config, s["model"], s["x"])
            if config.accumulation_steps > 1:  # one statement: the previous loss lives until the new one is bound
                s["loss"] = s["criterion"](s["out"], s["y"]) / config.accumulation_steps
            else:
                s["loss"] = s["criterion"](s["out"], s["y"])

    def _backward(self, config: TrainingConfig) -> None:
        s = self._loop
        if config.zero_grad == "after-forward" and s["micro"] == 0:
            s["optimizer"].zero_grad()
        scaler = s["scaler"]
        (scaler.scale(s["loss"]) if scaler is not None else s["loss"]).backward()
        s["micro"] = (s["micro"] + 1) % config.accumulation_steps

    def _step(self, config: TrainingConfig) -> None:
        s = self._loop
        if s["scaler"] is not None:
            s["scaler"].step(s["optimizer"])
            s["scaler"].update()
        else:
            s["optimizer"].step()

    def memory_allocated(self) -> int:
        return self.torch.cuda.memory_allocated(self.device)

    def max_memory_allocated(self) -> int:
        return self.torch.cuda.max_memory_allocated(self.device)

    def memory_reserved(self) -> int:
        return self.torch.cuda.memory_reserved(self.device)

    def max_memory_reserved(self) -> int:
        return self.torch.cuda.max_memory_reserved(self.device)

    def reset_peak(self) -> None:
        self.torch.cuda.reset_peak_memory_stats(self.device)

    def mem_get_info(self) -> tuple[int, int]:
        return self.torch.cuda.mem_get_info(self.device)

    def clock(self) -> float:
        import time

        self._sync()
        return time.perf_counter()

    def is_oom(self, error: BaseException) -> bool:
        if isinstance(error, self.torch.cuda.OutOfMemoryError):
            return True
        text = str(error)
        return isinstance(error, RuntimeError) and ("out of memory" in text or "CUBLAS_STATUS_ALLOC_FAILED" in text)

    def conv_workspaces(self, config: TrainingConfig) -> tuple[int, list[dict]]:
        from .conv_workspaces import calls_of, measure_in_child

        cudnn = int(self.torch.backends.cudnn.version() or 0) if self.torch.backends.cudnn.is_available() else 0
        calls = calls_of(config)
        if not calls or not cudnn:
            return cudnn, []
        return cudnn, measure_in_child(calls, config.micro_batch, config.cudnn_benchmark)

    def release(self) -> None:
        self._loop.clear()
        gc.collect()
        if self.device.type == "cuda" and self.torch.cuda.is_initialized():
            self.torch.cuda.synchronize(self.device)
            self.torch.cuda.empty_cache()
