"""Measuring on this machine's GPU, off the GUI thread: availability, probe, max batch search,
machine facts and a device memory sampler.

Every job runs in a `ReportingThread`; its queued signals arrive at this object on the GUI
thread, which re-emits them as its own signals (tests wait on those). One probe or search runs
at a time: starting another cancels the first and waits for it, with a bound. `shutdown()`
cancels and waits for every worker (the window calls it on close and at exit).

The device side is injectable: `backend_factory` makes a core.probe Backend, `availability`
says whether one can run, `device` describes the device as core.machine does, `machine` and
`sampler` replace core.machine's machine_info and device_memory. The defaults import torch, but
only inside the workers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from core.engine.config import TrainingConfig
from core.measure.calibration import Calibration, calibrate, find_calibration
from core.measure.probe import ProbeResult, run_probe, schedule
from core.measure.search import MaxBatchSearch, find_max_batch

from .workers import FunctionThread, ThreadKeeper

__all__ = ["Measurements", "ProbeOutcome", "ReportingThread", "SearchOutcome"]

STOP_WAIT_MS = 10_000


class ReportingThread(FunctionThread):
    """A FunctionThread whose job gets ``report(payload)`` instead of a progress callback."""

    reported = Signal(object, object)  # (thread, payload)

    def run(self) -> None:
        try:
            result = self._job(lambda payload: self.reported.emit(self, payload), self.cancel_flag)
        except Exception as exc:  # reported, never raised into Qt
            self.failed.emit(self, exc)
        else:
            self.succeeded.emit(self, result)


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


class Measurements(QObject):
    availabilityChanged = Signal(bool, str)  # available, device name or the reason why not
    progressed = Signal(str, int, int, int)  # phase, iteration, step done, steps in all
    probeFinished = Signal(object)  # ProbeOutcome
    trialDone = Signal(object)  # core.maxbatch.Trial
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
        self._work: ReportingThread | None = None  # the probe or search whose results count
        self._sampling: ReportingThread | None = None
        self._steps = len(schedule())

    # -- jobs ---------------------------------------------------------------------------------

    def _start(self, job: Callable, on_done: Callable, tag: str) -> ReportingThread:
        thread = ReportingThread(job, tag=tag)
        thread.succeeded.connect(on_done)
        thread.failed.connect(self._on_failed)
        thread.reported.connect(self._on_reported)
        return self._threads.start(thread)  # type: ignore[return-value]

    def check_availability(self) -> None:
        self._start(lambda report, cancel: self.availability(), self._on_availability, "availability")

    def fetch_machine(self) -> None:
        self._start(lambda report, cancel: self.machine(), self._on_machine, "machine")

    def sample_memory(self) -> bool:
        """Start one sample unless the last one is still running; False when skipped."""
        if self._sampling is not None and self._sampling.isRunning():
            return False
        self._sampling = self._start(lambda report, cancel: self.sampler(), self._on_sample, "sample")
        return True

    def start_probe(self, config: TrainingConfig) -> None:
        self._start_work(lambda report, cancel: self._probe(config, report, cancel), "probe")

    def start_search(self, config: TrainingConfig) -> None:
        self._start_work(lambda report, cancel: self._search(config, report, cancel), "search")

    def _start_work(self, job: Callable, tag: str) -> None:
        self.stop_work()
        self._work = self._start(job, self._on_work_done, tag)
        self.busyChanged.emit(True)

    def _probe(self, config: TrainingConfig, report: Callable, cancel: threading.Event) -> ProbeOutcome:
        backend, device = self.backend_factory(), self.device()
        steps = iter(range(1, self._steps + 1))
        result = run_probe(config, backend, progress=lambda phase, it: report(("phase", phase, it, next(steps))),
                           should_stop=cancel.is_set)
        return ProbeOutcome(result, device, calibrate(result, device).stored)

    def _search(self, config: TrainingConfig, report: Callable, cancel: threading.Event) -> SearchOutcome:
        backend, device = self.backend_factory(), self.device()
        search = find_max_batch(config, backend, should_stop=cancel.is_set,
                                progress=lambda phase, it: report(("search-phase", phase, it, 0)),
                                on_trial=lambda trial: report(("trial", trial)))
        calibration = find_calibration(device["name"]) if device else None
        return SearchOutcome(search, device, calibration)

    # -- control ------------------------------------------------------------------------------

    def is_busy(self) -> bool:
        return self._work is not None and self._work.isRunning()

    def cancel(self) -> None:
        if self._work is not None:
            self._work.cancel_flag.set()

    def stop_work(self) -> bool:
        """Cancel the probe or search and wait for it (bounded); True when it has ended."""
        work, self._work = self._work, None
        if work is None:
            return True
        work.cancel_flag.set()
        ended = work.wait(STOP_WAIT_MS)
        self.busyChanged.emit(False)
        return ended

    def shutdown(self) -> bool:
        self._work = self._sampling = None
        ended = self._threads.stop_all(STOP_WAIT_MS)
        self.busyChanged.emit(False)
        return ended

    def running(self) -> int:
        return len(self._threads.running())

    # -- results, on the GUI thread -----------------------------------------------------------

    @Slot(object, object)
    def _on_reported(self, thread: ReportingThread, payload: tuple) -> None:
        if thread is not self._work:
            return
        if payload[0] == "trial":
            self.trialDone.emit(payload[1])
        else:
            _, phase, iteration, step = payload
            self.progressed.emit(phase, iteration, step, self._steps if payload[0] == "phase" else 0)

    @Slot(object, object)
    def _on_work_done(self, thread: ReportingThread, outcome: object) -> None:
        if thread is not self._work:
            return  # stopped: the user moved on or the window is closing
        self._work = None
        self.busyChanged.emit(False)
        if isinstance(outcome, ProbeOutcome):
            self.probeFinished.emit(outcome)
        else:
            self.searchFinished.emit(outcome)

    @Slot(object, object)
    def _on_availability(self, _thread: ReportingThread, answer: tuple[bool, str]) -> None:
        self.available, self.reason = answer
        self.availabilityChanged.emit(*answer)

    @Slot(object, object)
    def _on_machine(self, _thread: ReportingThread, info: dict) -> None:
        self.machineFound.emit(info)

    @Slot(object, object)
    def _on_sample(self, _thread: ReportingThread, sample: object) -> None:
        self.memorySampled.emit(sample)

    @Slot(object, object)
    def _on_failed(self, thread: ReportingThread, error: Exception) -> None:
        if thread is self._work:
            self._work = None
            self.busyChanged.emit(False)
        elif thread.tag == "availability":
            self.available, self.reason = False, f"{type(error).__name__}: {error}"
            self.availabilityChanged.emit(False, self.reason)
        self.failed.emit(error)
