"""Measuring on this machine's GPU, off the GUI thread: availability, this machine's GPU, probe,
max batch search, machine facts and a device memory sampler.

Every job runs in a gui.workers.Job; its signals arrive at this object on the GUI thread, which
re-emits them as its own signals (tests wait on those). One probe or search runs at a time:
starting another cancels the first and waits for it, with a bound. `shutdown()` cancels every
worker; it waits a little for a probe or search (GPU work should not be cut off at exit) and
leaves the rest, such as a torch import, to end on their own.

The device side is injectable: `backend_factory` makes a core.measure Backend, `availability`
says whether one can run, `device` describes the first device as core.measure.machine does,
`machine` and `sampler` replace machine_info and device_memory. The defaults import torch, but
only inside the workers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from core import TrainingConfig, max_batch_size
from core.measure.calibration import Calibration, calibrate, find_calibration, gpu_spec

from ..workers import Job, ThreadKeeper

if TYPE_CHECKING:  # the probe and the search are imported when one runs
    from core.measure.probe import ProbeResult
    from core.measure.search import MaxBatchSearch

__all__ = ["Measurements", "ProbeOutcome", "SearchOutcome"]

STOP_WAIT_S = 10.0  # a probe or search replaced by another
SHUTDOWN_WAIT_S = 3.0  # at close, for a probe or search between two phases


@dataclass(frozen=True)
class ProbeOutcome:
    result: ProbeResult
    device: dict | None
    calibration: Calibration | None  # stored, when the run was clean


@dataclass(frozen=True)
class SearchOutcome:
    search: MaxBatchSearch
    device: dict | None
    calibration: Calibration | None  # the stored one for this device, if any
    predicted_max: int  # the engine's max batch for the device searched


def _torch_backend() -> Any:
    from core.measure.backend import TorchCudaBackend

    return TorchCudaBackend()


def _first_device() -> dict | None:
    from core.measure.machine import first_gpu

    return first_gpu()


def _availability() -> tuple[bool, str]:
    from core.measure.backend import probe_availability

    return probe_availability()


def _machine() -> dict:
    from core.measure.machine import machine_info

    return machine_info()


def _sampler() -> tuple[int, int, int] | None:
    from core.measure.machine import device_memory

    return device_memory()


@cache
def _probe_steps() -> int:
    from core.measure.probe import schedule

    return len(schedule())


class Measurements(QObject):
    availabilityChanged = Signal(bool, str)  # available, device name or the reason why not
    deviceFound = Signal(object)  # the first CUDA device's dict, or None
    progressed = Signal(str, int, int, int)  # phase, iteration, step done, steps in all
    probeFinished = Signal(object)  # ProbeOutcome
    trialDone = Signal(object)  # core.measure.search.Trial
    searchFinished = Signal(object)  # SearchOutcome
    machineFound = Signal(object)  # machine_info()'s dict
    memorySampled = Signal(object)  # (used, free, total) or None
    failed = Signal(object)  # an unexpected exception from a worker
    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.backend_factory: Callable[[], Any] = _torch_backend
        self.availability: Callable[[], tuple[bool, str]] = _availability
        self.device: Callable[[], dict | None] = _first_device
        self.machine: Callable[[], dict] = _machine
        self.sampler: Callable[[], tuple[int, int, int] | None] = _sampler
        self.available: bool | None = None  # None: not checked yet
        self.reason = ""
        self._threads = ThreadKeeper(self)
        self._work: Job | None = None  # the probe or search whose results count
        self._sampling: Job | None = None
        self._closed = False

    # -- jobs ---------------------------------------------------------------------------------

    def _start(self, job_fn: Callable, on_done: Callable, tag: str) -> Job:
        job = Job(job_fn, tag=tag, reports=True)
        job.succeeded.connect(on_done)
        job.failed.connect(self._on_failed)
        job.reported.connect(self._on_reported)
        return self._threads.start(job)

    def check_availability(self) -> None:
        """Whether a probe can run here, and this machine's first GPU (both import torch, in a worker)."""
        def check(_report: Callable, _cancel: threading.Event) -> tuple[tuple[bool, str], dict | None]:
            answer = self.availability()
            return answer, (self.device() if answer[0] else None)

        self._start(check, self._on_availability, "availability")

    def fetch_machine(self) -> None:
        self._start(lambda report, cancel: self.machine(), self._on_machine, "machine")

    def sample_memory(self) -> bool:
        """Start one sample unless the last one is still running; False when skipped."""
        if self._closed or (self._sampling is not None and self._sampling.is_running()):
            return False
        self._sampling = self._start(lambda report, cancel: self.sampler(), self._on_sample, "sample")
        return True

    def start_probe(self, config: TrainingConfig) -> None:
        self._start_work(lambda report, cancel: self._probe(config, report, cancel), "probe")

    def start_search(self, config: TrainingConfig) -> None:
        self._start_work(lambda report, cancel: self._search(config, report, cancel), "search")

    def _start_work(self, job_fn: Callable, tag: str) -> None:
        if self._closed:
            return
        self.stop_work()
        self._work = self._start(job_fn, self._on_work_done, tag)
        self.busyChanged.emit(True)

    def _probe(self, config: TrainingConfig, report: Callable, cancel: threading.Event) -> ProbeOutcome:
        from core.measure.probe import run_probe

        backend, device = self.backend_factory(), self.device()
        steps = iter(range(1, _probe_steps() + 1))
        result = run_probe(config, backend, progress=lambda phase, it: report(("phase", phase, it, next(steps))),
                           should_stop=cancel.is_set)
        return ProbeOutcome(result, device, calibrate(result, device).stored)

    def _search(self, config: TrainingConfig, report: Callable, cancel: threading.Event) -> SearchOutcome:
        from core.measure.search import find_max_batch

        backend, device = self.backend_factory(), self.device()
        search = find_max_batch(config, backend, should_stop=cancel.is_set,
                                progress=lambda phase, it: report(("search-phase", phase, it, 0)),
                                on_trial=lambda trial: report(("trial", trial)))
        calibration = find_calibration(device["name"]) if device else None
        if device is not None:
            config = replace(config, gpu="local", local_gpu=gpu_spec(device, calibration))
        return SearchOutcome(search, device, calibration, max_batch_size(config))

    # -- control ------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self._work is not None and self._work.is_running()

    def cancel(self) -> None:
        if self._work is not None:
            self._work.cancel()

    def stop_work(self, timeout_s: float = STOP_WAIT_S) -> bool:
        """Cancel the probe or search and wait for it (bounded); True when it has ended."""
        work, self._work = self._work, None
        if work is None:
            return True
        work.cancel()
        ended = work.wait(timeout_s)
        self.busyChanged.emit(False)
        return ended

    def shutdown(self, timeout_s: float = SHUTDOWN_WAIT_S) -> bool:
        """Cancel everything; wait up to `timeout_s` for a probe or search. True when none runs."""
        self._closed = True
        self.stop_work(timeout_s)
        self._sampling = None
        return self._threads.stop_all(0.0)

    def running(self) -> int:
        return len(self._threads.running())

    def wait_all(self, timeout_s: float) -> bool:
        return self._threads.wait_all(timeout_s)

    # -- results, on the GUI thread -----------------------------------------------------------

    def _on_reported(self, job: Job, payload: tuple) -> None:
        if job is not self._work:
            return
        if payload[0] == "trial":
            self.trialDone.emit(payload[1])
        else:
            _, phase, iteration, step = payload
            self.progressed.emit(phase, iteration, step, _probe_steps() if payload[0] == "phase" else 0)

    def _on_work_done(self, job: Job, outcome: object) -> None:
        if job is not self._work:
            return  # stopped: the user moved on or the window is closing
        self._work = None
        self.busyChanged.emit(False)
        if isinstance(outcome, ProbeOutcome):
            self.probeFinished.emit(outcome)
        else:
            self.searchFinished.emit(outcome)

    def _on_availability(self, _job: Job, answer: tuple[tuple[bool, str], dict | None]) -> None:
        if self._closed:
            return
        (self.available, self.reason), device = answer
        self.availabilityChanged.emit(self.available, self.reason)
        self.deviceFound.emit(device)

    def _on_machine(self, _job: Job, info: dict) -> None:
        if not self._closed:
            self.machineFound.emit(info)

    def _on_sample(self, _job: Job, sample: object) -> None:
        if not self._closed:
            self.memorySampled.emit(sample)

    def _on_failed(self, job: Job, error: Exception) -> None:
        if self._closed:
            return
        if job.tag == "availability":  # a broken torch is a reason not to measure, not a crash
            self.available, self.reason = False, f"{type(error).__name__}: {error}"
            self.availabilityChanged.emit(False, self.reason)
            self.deviceFound.emit(None)
            return
        if job is self._work:
            self._work = None
            self.busyChanged.emit(False)
        self.failed.emit(error)
