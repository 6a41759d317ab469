"""The window's measuring side: actions, progress and Cancel, and what a probe or search changes.

The work runs in gui.measure.hub.Measurements; a finished probe goes to the model (which shows it
only while the inputs still describe the measured loop), a search to the max batch panel.
Everything here is cheap and on the GUI thread."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QMessageBox, QProgressBar, QPushButton, QToolButton, QWidget

from core import human_bytes
from core.measure.calibration import gpu_spec

from ..measure.hub import Measurements, ProbeOutcome, SearchOutcome
from ..measure.reasons import unavailable_reason
from ..model import CalculatorModel, LocalGpu
from ..views.labels import phase_label
from ..views.status_line import StatusLine
from .lazy_tabs import LazyTabs

if TYPE_CHECKING:  # the tabs and the probe's types, imported when first used
    from core.measure.probe import OutOfMemory
    from core.measure.search import Trial

    from ..measure.machine import MachinePanel
    from ..measure.max_batch import MaxBatchPanel

__all__ = ["SAMPLE_MS", "MeasureController"]

SAMPLE_MS = 1000

ErrorReport = Callable[[type[BaseException], BaseException, object], None]


class MeasureController(QObject):
    """Binds the Measurements hub to the window: `showTab` asks the window to bring a panel forward."""

    showTab = Signal(QWidget)

    def __init__(self, window: QMainWindow, model: CalculatorModel, hub: Measurements, status: StatusLine,
                 tabs: LazyTabs) -> None:
        """The max batch panel and the machine panel are `tabs`' "max_batch" and "machine", built
        when first shown or when a result comes for them."""
        super().__init__(window)
        self.window, self.model, self.hub, self.status = window, model, hub, status
        self._tabs = tabs
        self._availability: tuple[bool, str] | None = None
        self.report_error: ErrorReport | None = None  # the app's ErrorSink.report; else sys.excepthook
        self.message_box: QMessageBox | None = None
        self._machine_asked = False
        self._stopped = False  # set for good when the window closes: nothing new starts
        self._sampler = QTimer(self, interval=SAMPLE_MS)
        self._sampler.timeout.connect(self.hub.sample_memory)
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.cancel_button = QPushButton()
        self.cancel_button.setVisible(False)
        self._build_actions()
        hub.availabilityChanged.connect(self._on_availability)
        hub.deviceFound.connect(self._on_device)
        hub.progressed.connect(self._on_progress)
        hub.probeFinished.connect(self._on_probe_finished)
        hub.trialDone.connect(self._on_trial)
        hub.searchFinished.connect(self._on_search_finished)
        hub.machineFound.connect(lambda info: self.machine.set_info(info))
        tabs.widgetBuilt.connect(self._on_panel_built)
        hub.memorySampled.connect(self._on_sample)
        hub.failed.connect(self._on_worker_failed)
        hub.busyChanged.connect(self._on_busy)
        model.inputs.errorChanged.connect(self._refresh_actions)
        self.retranslate()

    @property
    def max_batch(self) -> MaxBatchPanel:
        return self._tabs.widget("max_batch")  # type: ignore[return-value]

    @property
    def machine(self) -> MachinePanel:
        return self._tabs.widget("machine")  # type: ignore[return-value]

    def _machine_shown(self) -> bool:
        machine = self._tabs.built("machine")
        return machine is not None and machine.isVisibleTo(self.window)

    def _on_panel_built(self, key: str, panel: QWidget) -> None:
        if key in ("max_batch", "machine") and self._availability is not None:
            panel.set_measuring_available(*self._availability)  # type: ignore[attr-defined]

    def _action(self, slot: Callable[[], object]) -> QAction:
        action = QAction(self.window)
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        self.act_measure = self._action(self.start_measure)
        self.act_maxbatch = self._action(self.start_max_batch)
        self.act_cancel = self._action(self.hub.cancel)
        self.act_cancel.setEnabled(False)
        self.act_machine = self._action(lambda: self.showTab.emit(self.machine))
        self.cancel_button.clicked.connect(self.act_cancel.trigger)
        self.window.statusBar().addPermanentWidget(self.progress)
        self.window.statusBar().addPermanentWidget(self.cancel_button)

    def buttons(self) -> QWidget:
        """Buttons under the result box, bound to the actions (enabled state and tooltip follow)."""
        box = QWidget()
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        for act in (self.act_measure, self.act_maxbatch):
            button = QToolButton()
            button.setDefaultAction(act)
            row.addWidget(button)
        row.addStretch(1)
        return box

    # -- availability -------------------------------------------------------------------------

    def check(self) -> None:
        """Ask a worker whether a probe can run here and which GPU this machine has (imports torch there)."""
        self.hub.check_availability()

    def _on_availability(self, ok: bool, reason: str) -> None:
        self._refresh_actions()
        self._availability = (ok, reason)
        for key in ("max_batch", "machine"):
            panel = self._tabs.built(key)
            if panel is not None:
                panel.set_measuring_available(ok, reason)  # type: ignore[attr-defined]
        if ok:
            self.status.show(lambda: self.tr("CUDA device found: {name}").format(name=reason), 10_000)
        else:
            self.status.show(lambda: self.tr("Measuring is unavailable: {reason}").format(
                reason=unavailable_reason(reason)))
            self.update_sampling()

    def _on_device(self, device: dict | None) -> None:
        if device is not None:
            self.model.inputs.set_local_gpu(LocalGpu(device["name"], device["total_memory_bytes"]))

    def _refresh_actions(self, *_: object) -> None:
        hub = self.hub
        busy = hub.is_busy()
        ready = bool(hub.available) and not busy and self.model.inputs.config is not None
        if hub.available is None:
            tip = self.tr("Checking for a CUDA device…")
        elif not hub.available:
            tip = self.tr("Unavailable: {reason}").format(reason=unavailable_reason(hub.reason))
        elif busy:
            tip = self.tr("A measurement is running")
        elif self.model.inputs.config is None:
            tip = self.tr("Fix the input first")
        else:
            tip = None
        self.act_measure.setEnabled(ready)
        self.act_maxbatch.setEnabled(ready)
        self.act_cancel.setEnabled(busy)
        self.act_measure.setToolTip(tip or self.tr(
            "Run these settings' training loop for three iterations on {name} and compare").format(name=hub.reason))
        self.act_maxbatch.setToolTip(tip or self.tr(
            "Find the largest batch that really fits on {name}").format(name=hub.reason))

    # -- probe --------------------------------------------------------------------------------

    def start_measure(self) -> None:
        config = self.model.inputs.config
        if config is None:
            return
        self.hub.start_probe(config)
        self.status.show(lambda: self.tr("Measuring…"))

    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self._refresh_actions()
        self.update_sampling()

    def _on_progress(self, phase: str, iteration: int, step: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(step - 1)
            self.status.show(lambda: self.tr("Measuring: {phase}, iteration {i} ({step}/{total})…").format(
                phase=phase_label(phase), i=iteration, step=step, total=total))
        else:
            self.status.show(lambda: self.tr("Max batch search: {phase}, iteration {i}…").format(
                phase=phase_label(phase), i=iteration))

    def _on_probe_finished(self, outcome: ProbeOutcome) -> None:
        r = outcome.result
        if r.status == "done":
            if not self.model.measurement.set(r):
                self.status.show(lambda: self.tr("The settings changed while measuring: the result is not shown"),
                                 10_000)
            if outcome.device is not None and outcome.calibration is not None:
                device = outcome.device
                spec = gpu_spec(device, outcome.calibration)
                local = LocalGpu(device["name"], device["total_memory_bytes"], spec)
                self.model.inputs.set_local_gpu(local, select=True)
            e, binary = self.model.estimate.shown, self.model.display.binary
            self.status.show(lambda: self.tr("Measured on {device}: peak {peak} (predicted {pred})").format(
                device=r.device_name, peak=human_bytes(r.peak_allocated_bytes, binary),
                pred=human_bytes(e.peak_bytes, binary) if e is not None else "—"))
        elif r.status == "oom":
            assert r.oom is not None
            oom = r.oom
            self._tell(self.tr("Out of memory"), self.oom_text(oom))
        elif r.status == "cancelled":
            self.status.show(lambda: self.tr("Measurement cancelled"), 10_000)
        else:
            self._tell(self.tr("Measurement failed"), self.tr("The probe failed: {error}").format(error=r.error))

    def oom_text(self, oom: OutOfMemory) -> str:
        binary = self.model.display.binary

        def size(n: int) -> str:
            return human_bytes(n, binary)

        head = self.tr("Out of memory in {phase} (iteration {i}) at batch {batch}").format(
            phase=phase_label(oom.phase), i=oom.iteration, batch=f"{oom.batch_size:,}")
        if oom.requested_bytes is not None and oom.free_bytes is not None:
            head += self.tr(": tried to allocate {asked} with {free} free").format(
                asked=size(oom.requested_bytes), free=size(oom.free_bytes))
        elif oom.requested_bytes is not None:
            head += self.tr(": tried to allocate {asked}").format(asked=size(oom.requested_bytes))
        return head + ".\n" + self.tr("The GPU memory has been released. Try a smaller batch, or let "
                                      "“Find max batch” search for the largest that fits.")

    def _tell(self, title: str, text: str) -> None:
        """A non-blocking message (the app keeps working), also in the status bar."""
        self.status.show(lambda: text)
        if self.message_box is not None:
            self.message_box.close()
        self.message_box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok,
                                       self.window)
        self.message_box.open()

    def _on_worker_failed(self, error: BaseException) -> None:
        self._refresh_actions()
        report = self.report_error or sys.excepthook
        report(type(error), error, error.__traceback__)

    # -- max batch ----------------------------------------------------------------------------

    def start_max_batch(self) -> None:
        config = self.model.inputs.config
        if config is None:
            return
        self.max_batch.clear()
        self.max_batch.set_message(self.tr("Searching…"))
        self.showTab.emit(self.max_batch)
        self.hub.start_search(config)

    def _on_trial(self, trial: Trial) -> None:
        self.max_batch.add_trial(trial)
        self.status.show(lambda: self.tr("Max batch search: batch {batch} {verdict}").format(
            batch=f"{trial.batch_size:,}", verdict=self.tr("fits") if trial.fits else self.tr("out of memory")))

    def _on_search_finished(self, outcome: SearchOutcome) -> None:
        s, panel = outcome.search, self.max_batch
        if s.status == "cancelled":
            panel.set_message(self.tr("Search cancelled."))
            self.status.show(lambda: self.tr("Max batch search cancelled"), 10_000)
            return
        if s.status != "done":
            panel.set_message(self.tr("Search failed: {error}").format(error=s.error))
            self._tell(self.tr("Max batch search failed"), self.tr("Search failed: {error}").format(error=s.error))
            return
        if outcome.device is not None:
            panel.capacity = outcome.device["total_memory_bytes"]
        name = outcome.device["name"] if outcome.device else self.tr("this GPU")
        panel.set_result(s.max_batch_size, outcome.predicted_max, s.limit_reached, name)
        self.status.show(lambda: self.tr("Max batch on {device}: {max}").format(
            device=name, max=f"{s.max_batch_size:,}"), 10_000)

    # -- this machine -------------------------------------------------------------------------

    def on_tab_changed(self) -> None:
        if self._machine_shown() and not self._machine_asked:
            self._machine_asked = True
            self.hub.fetch_machine()
        self.update_sampling()

    def is_sampling(self) -> bool:
        return self._sampler.isActive()

    def update_sampling(self) -> None:
        """Sample device memory only while the machine tab shows or a probe runs."""
        watching = self._machine_shown() and not self.window.isMinimized()
        active = (watching or self.hub.is_busy()) and self.hub.available is not False and not self._stopped
        if active and not self._sampler.isActive():
            self._sampler.start()
            self.hub.sample_memory()
        elif not active:
            self._sampler.stop()

    def _on_sample(self, sample: tuple[int, int, int] | None) -> None:
        self.machine.add_sample(sample)
        if sample is None:
            self._sampler.stop()  # nothing to watch on this machine

    def stop(self) -> bool:
        """Nothing new starts; True when no measuring worker runs any more."""
        self._stopped = True
        self._sampler.stop()
        return self.hub.shutdown()

    def retranslate(self) -> None:
        self.act_measure.setText(self.tr("&Measure on this GPU"))
        self.act_maxbatch.setText(self.tr("Find max &batch on this GPU"))
        self.act_cancel.setText(self.tr("&Cancel measurement"))
        self.act_machine.setText(self.tr("This &machine…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self._refresh_actions()
