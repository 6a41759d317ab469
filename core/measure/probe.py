"""Measure the canonical loop for real, phase by phase, to hold against the prediction.

    ok, why = probe_availability()              # (False, "no CUDA device ...") without a GPU
    result = run_probe(config, TorchCudaBackend(), progress=..., should_stop=...)

`run_probe` never raises for what the device does: it returns a `ProbeResult` whose `status` is
"done", "oom" (`result.oom` explains it: phase, iteration, batch, bytes asked for and free),
"cancelled" or "error" (`result.error`). Whatever happens, the loop's tensors are dropped and
the allocator's cache emptied before it returns.

For a GUI: call it from a worker thread (a QThread's run, a QRunnable). The callbacks are plain
callables, called on that thread between phases: ``progress(phase, iteration)`` before each
phase, ``on_reading(PhaseReading)`` after it (emit a signal from them), and ``should_stop()``
(read a flag set by the GUI thread; checked before each phase, so a cancel takes effect within
one phase). Nothing here imports Qt.

Readings, per phase and iteration: `memory_allocated` at its end, the peak inside it
(`reset_peak_memory_stats` before each phase), the peak of reserved memory, and the device's use
(`mem_get_info`: total - free). Before anything: the device's use with the CUDA context alone.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field

from ..engine.catalog import split_workspace
from ..engine.config import TrainingConfig
from ..engine.step.mlp import cublaslt_layer
from ..engine.step.phases import ITERATIONS
from ..units import human_bytes
from .backend import PHASES, Backend, TorchCudaBackend, probe_availability

__all__ = [
    "ITERATIONS", "PHASES", "Backend", "OutOfMemory", "PhaseReading", "ProbeResult",
    "TorchCudaBackend", "parse_oom_message", "probe_availability", "run_probe", "schedule",
]
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class PhaseReading:
    phase: str
    iteration: int
    end_bytes: int
    peak_bytes: int
    peak_reserved_bytes: int
    device_used_bytes: int
    seconds: float


@dataclass(frozen=True)
class OutOfMemory:
    phase: str
    iteration: int
    batch_size: int
    requested_bytes: int | None
    free_bytes: int | None
    detail: str

    @property
    def message(self) -> str:
        head = f"out of memory in {self.phase} at batch {self.batch_size}"
        if self.requested_bytes is not None and self.free_bytes is not None:
            asked, free = human_bytes(self.requested_bytes), human_bytes(self.free_bytes)
            return f"{head}: tried to allocate {asked} with {free} free"
        if self.requested_bytes is not None:
            return f"{head}: tried to allocate {human_bytes(self.requested_bytes)}"
        return f"{head}: {self.detail}" if self.detail else head


@dataclass
class ProbeResult:
    config: TrainingConfig
    status: str = "running"
    device_name: str = ""
    torch_version: str = ""
    gpu_memory_bytes: int = 0
    """The GPU's memory, as torch.cuda reports its total."""
    start_allocated_bytes: int = 0
    start_device_used_bytes: int | None = None
    start_reserved_bytes: int = 0
    context_bytes: int | None = None
    workspace_bytes: int | None = None
    readings: list[PhaseReading] = field(default_factory=list)
    oom: OutOfMemory | None = None
    error: str | None = None
    cudnn_version: int = 0
    """torch.backends.cudnn.version() where the loop ran; 0 when unknown or without cuDNN."""
    conv_workspaces: list[dict] = field(default_factory=list)
    """The workspace each of the step's cuDNN convolution calls took, measured alone once the
    loop was done (entries of core.engine.step.conv_table)."""
    conv_problem: str | None = None
    """Why the convolutions were not measured, when they were not; the loop's figures stand."""

    def reading(self, phase: str, iteration: int) -> PhaseReading | None:
        return next((r for r in self.readings if (r.phase, r.iteration) == (phase, iteration)), None)

    @property
    def peak_allocated_bytes(self) -> int:
        """max_memory_allocated over the run: the largest phase peak (peaks are reset per phase)."""
        return max((r.peak_bytes for r in self.readings), default=0)

    @property
    def peak_reserved_bytes(self) -> int:
        return max((r.peak_reserved_bytes for r in self.readings), default=0)

    @property
    def device_peak_used_bytes(self) -> int | None:
        """Device use at the peak: use before the run plus what the allocator reserved since."""
        if self.start_device_used_bytes is None or not self.readings:
            return None
        return self.start_device_used_bytes + self.peak_reserved_bytes - self.start_reserved_bytes

    @property
    def step_seconds(self) -> list[float]:
        """Wall time of each complete iteration (transfer to step)."""
        times: dict[int, float] = {}
        for r in self.readings:
            if r.iteration:
                times[r.iteration] = times.get(r.iteration, 0.0) + r.seconds
        complete = {r.iteration for r in self.readings if r.phase == "step"}
        return [t for it, t in sorted(times.items()) if it in complete]

    @property
    def median_step_seconds(self) -> float | None:
        return statistics.median(self.step_seconds) if self.step_seconds else None

    @property
    def samples_per_second(self) -> float | None:
        t = self.median_step_seconds
        return self.config.batch_size / t if t else None

    @property
    def takes_cublaslt(self) -> bool:
        return cublaslt_layer(self.config.widths) is not None

    @property
    def forward_workspace_bytes(self) -> int | None:
        """The part of the measured workspace that the forward pass made (core.catalog.split_workspace)."""
        if self.workspace_bytes is None:
            return None
        return sum(split_workspace(self.workspace_bytes, self.takes_cublaslt))

    def components(self) -> dict[str, int | None]:
        """What memory_allocated grew by in iteration 1: after model.to (parameters), after the
        transfer (input batch), at the end of forward less the workspaces the forward made
        (activations, with out and loss), and in the first step() (optimizer state)."""
        r = {p: self.reading(p, 0 if p == "setup" else 1) for p in PHASES}
        ws = self.forward_workspace_bytes or 0

        def delta(a: str, b: str | None, extra: int = 0) -> int | None:
            if r[a] is None:
                return None
            return r[a].end_bytes - (r[b].end_bytes if b else self.start_allocated_bytes) - extra  # type: ignore[union-attr]

        return {
            "parameters": delta("setup", None),
            "input_batch": delta("transfer", "setup"),
            "activations": delta("forward", "transfer", ws) if self.workspace_bytes is not None else None,
            "optimizer_state": delta("step", "backward"),
            "workspace": self.workspace_bytes,
        }

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "device": self.device_name,
            "torch": self.torch_version,
            "batch_size": self.config.batch_size,
            "gpu_memory_bytes": self.gpu_memory_bytes,
            "start_allocated_bytes": self.start_allocated_bytes,
            "cuda_context_bytes": self.context_bytes,
            "workspace_bytes": self.workspace_bytes,
            "peak_allocated_bytes": self.peak_allocated_bytes,
            "peak_reserved_bytes": self.peak_reserved_bytes,
            "device_peak_used_bytes": self.device_peak_used_bytes,
            "components": self.components(),
            "phases": [vars(r) for r in self.readings],
            "median_step_seconds": self.median_step_seconds,
            "samples_per_second": self.samples_per_second,
            "oom": None if self.oom is None else {**vars(self.oom), "message": self.oom.message},
            "error": self.error,
            "cudnn_version": self.cudnn_version,
            "conv_workspaces_measured": len(self.conv_workspaces),
            "conv_problem": self.conv_problem,
        }


_SIZE = r"([\d.]+) ?(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)"
_UNITS = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
          "KB": 10**3, "MB": 10**6, "GB": 10**9, "TB": 10**12}


def parse_oom_message(text: str) -> tuple[int | None, int | None]:
    """(bytes it tried to allocate, bytes free) from torch's OutOfMemoryError text, if present."""

    def size(pattern: str) -> int | None:
        m = re.search(pattern, text)
        return int(float(m.group(1)) * _UNITS[m.group(2)]) if m else None

    return size(r"[Tt]ried to allocate " + _SIZE), size(r"of which " + _SIZE + r" is free")


def schedule(iterations: int = ITERATIONS, accumulation_steps: int = 1) -> list[tuple[str, int]]:
    """The phases in the order they run: with gradient accumulation, transfer, forward and
    backward once per micro-batch, then one step."""
    micro = [p for p in PHASES[1:] if p != "step"] * accumulation_steps
    return [("setup", 0)] + [(p, it) for it in range(1, iterations + 1) for p in (*micro, "step")]


def run_probe(
    config: TrainingConfig,
    backend: Backend,
    iterations: int = ITERATIONS,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    on_reading: Callable[[PhaseReading], None] | None = None,
    measure_convolutions: bool = True,
) -> ProbeResult:
    """Runs the loop on `backend`, phase by phase; see the module's docstring. A loop that ran
    to the end is followed, unless `measure_convolutions` is False, by the workspace of each of
    its cuDNN convolution calls (`Backend.conv_workspaces`)."""
    result = ProbeResult(config)
    where = ("start", 0)
    try:
        _start(result, backend)
        for where in schedule(iterations, config.accumulation_steps):
            if should_stop is not None and should_stop():
                result.status = "cancelled"
                break
            if progress is not None:
                progress(*where)
            reading = _run_phase(backend, config, *where)
            result.readings.append(reading)
            if on_reading is not None:
                on_reading(reading)
        else:
            result.status = "done"
    except Exception as e:  # reported in the result, and not kept: its frames hold tensors
        _explain(result, backend, e, where)
    _finish(result, backend)
    if result.status == "done" and measure_convolutions and not (should_stop is not None and should_stop()):
        _measure_convolutions(result, backend)
    return result


def _measure_convolutions(result: ProbeResult, backend: Backend) -> None:
    """The loop's figures stand whatever happens here: a failure is told in `conv_problem`."""
    try:
        result.cudnn_version, entries = backend.conv_workspaces(result.config)
        result.conv_workspaces = list(entries)
    except Exception as e:  # the device, the child process or a timeout: say so, go on
        result.conv_problem = f"{type(e).__name__}: {e}".splitlines()[0]


def _start(result: ProbeResult, backend: Backend) -> None:
    info = backend.start()
    result.device_name, result.torch_version = info["name"], info["torch_version"]
    free, total = backend.mem_get_info()
    result.gpu_memory_bytes = info.get("total_bytes", total)
    result.start_device_used_bytes = total - free
    result.start_reserved_bytes = backend.memory_reserved()
    result.context_bytes = result.start_device_used_bytes - result.start_reserved_bytes
    result.start_allocated_bytes = backend.memory_allocated()
    backend.reset_peak()


def _run_phase(backend: Backend, config: TrainingConfig, phase: str, iteration: int) -> PhaseReading:
    backend.reset_peak()
    t0 = backend.clock()
    backend.run_phase(phase, config)
    seconds = backend.clock() - t0
    free, total = backend.mem_get_info()
    return PhaseReading(phase, iteration, backend.memory_allocated(), backend.max_memory_allocated(),
                        backend.max_memory_reserved(), total - free, seconds)


def _explain(result: ProbeResult, backend: Backend, error: Exception, where: tuple[str, int]) -> None:
    text = str(error)
    if _is_oom(backend, error):
        requested, free = parse_oom_message(text)
        result.status = "oom"
        result.oom = OutOfMemory(where[0], where[1], result.config.batch_size, requested, free,
                                 text.strip().splitlines()[0] if text.strip() else "")
    else:
        result.status = "error"
        first = text.strip().splitlines()[0] if text.strip() else ""
        head = f"{type(error).__name__} in {where[0]}"
        result.error = f"{head}: {first}" if first else head


def _is_oom(backend: Backend, error: Exception) -> bool:
    try:
        return bool(backend.is_oom(error))
    except Exception:
        return False


def _finish(result: ProbeResult, backend: Backend) -> None:
    """Releases the loop, then measures the library workspace that outlives it."""
    try:
        backend.release()
        if result.status != "error" and result.start_device_used_bytes is not None:
            result.workspace_bytes = backend.memory_allocated() - result.start_allocated_bytes
    except Exception as e:  # the device is gone: say so, never raise from here
        if result.error is None:
            result.error = f"cleanup failed: {type(e).__name__}: {e}".splitlines()[0]
