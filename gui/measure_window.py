"""The window's measuring side: actions, progress and Cancel, and what a probe or search shows.

A mixin of MainWindow, kept apart so the window's file stays about the estimate. The work runs
in gui.measure.Measurements; everything here is cheap and on the GUI thread."""

from __future__ import annotations

import sys
from dataclasses import replace

from PySide6.QtCore import QTimer, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QProgressBar, QPushButton, QToolButton, QWidget

from core import TrainingConfig, estimate, human_bytes
from core.measure.calibration import gpu_spec, stored_local_gpu
from core.measure.probe import OutOfMemory, ProbeResult
from core.measure.search import Trial

from .comparison import ComparisonPanel
from .components import phase_label
from .machine_view import MachinePanel
from .maxbatch_view import MaxBatchPanel
from .measure import Measurements, ProbeOutcome, SearchOutcome

__all__ = ["MeasureMixin", "same_loop"]

SAMPLE_MS = 1000
_LOOP_FIELDS = ("dataset", "hidden", "dtype", "optimizer", "batch_size", "zero_grad", "input_shape", "classes")


def same_loop(a: TrainingConfig, b: TrainingConfig) -> bool:
    """Whether two configs run the same training loop (the GPU they are predicted for aside)."""
    return all(getattr(a, f) == getattr(b, f) for f in _LOOP_FIELDS)


class MeasureMixin:
    """Needs from the window: inputs, tabs, estimate, recompute(), statusBar(), tr(), binary."""

    def _build_measuring(self) -> None:
        self.measure = Measurements(self)  # type: ignore[arg-type]
        self.measured: ProbeResult | None = None
        self.error_sink = None  # gui.errors.ErrorSink, set by the app; else sys.excepthook
        self.message_box: QMessageBox | None = None
        self.comparison = ComparisonPanel()
        self.maxbatch_panel = MaxBatchPanel()
        self.machine_panel = MachinePanel()
        self._machine_asked = False
        self._stopped = False  # set for good when the window closes: nothing new starts
        self._sampler = QTimer(self, interval=SAMPLE_MS)  # type: ignore[call-overload]
        self._sampler.timeout.connect(self._sample)
        self.progress = QProgressBar(maximumWidth=220, visible=False)
        self.cancel_button = QPushButton(visible=False)
        m = self.measure
        m.availabilityChanged.connect(self._on_availability)
        m.progressed.connect(self._on_progress)
        m.probeFinished.connect(self._on_probe_finished)
        m.trialDone.connect(self._on_trial)
        m.searchFinished.connect(self._on_search_finished)
        m.machineFound.connect(self.machine_panel.set_info)
        m.memorySampled.connect(self._on_sample)
        m.failed.connect(self._on_worker_failed)
        m.busyChanged.connect(self._on_busy)
        spec = stored_local_gpu()  # reads the calibration file only, no torch
        if spec is not None:
            self.inputs.set_local_spec(spec)  # type: ignore[attr-defined]

    def _build_measure_actions(self) -> None:
        self.act_measure = QAction(self)  # type: ignore[arg-type]
        self.act_measure.triggered.connect(self.start_measure)
        self.act_maxbatch = QAction(self)  # type: ignore[arg-type]
        self.act_maxbatch.triggered.connect(self.start_max_batch)
        self.act_cancel = QAction(self)  # type: ignore[arg-type]
        self.act_cancel.triggered.connect(self.measure.cancel)
        self.act_cancel.setEnabled(False)
        self.act_machine = QAction(self)  # type: ignore[arg-type]
        self.act_machine.triggered.connect(lambda: self.tabs.setCurrentWidget(self.machine_panel))
        self.cancel_button.clicked.connect(self.act_cancel.trigger)
        self.measure_menu = QMenu(self)  # type: ignore[arg-type]
        self.menuBar().insertMenu(self.help_menu.menuAction(), self.measure_menu)
        self.measure_menu.addActions([self.act_measure, self.act_maxbatch, self.act_cancel])
        self.measure_menu.addSeparator()
        self.measure_menu.addAction(self.act_machine)
        self.toolbar = self.addToolBar("measure")
        self.toolbar.setObjectName("measure")
        self.toolbar.addActions([self.act_measure, self.act_maxbatch, self.act_cancel])
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self._refresh_measure_actions()

    def measure_buttons(self) -> QWidget:
        """Buttons under the result box, bound to the actions (enabled state and tooltip follow)."""
        from PySide6.QtWidgets import QHBoxLayout

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

    def check_measuring(self) -> None:
        """Ask a worker whether a probe can run here (imports torch there, never here)."""
        self.measure.check_availability()

    @Slot(bool, str)
    def _on_availability(self, ok: bool, reason: str) -> None:
        self._refresh_measure_actions()
        if ok:
            self.statusBar().showMessage(self.tr("CUDA device found: {name}").format(name=reason), 10_000)
        else:
            self.statusBar().showMessage(self.tr("Measuring is unavailable: {reason}").format(reason=reason))
            self.machine_panel.add_sample(None)
            self._update_sampling()

    def _refresh_measure_actions(self) -> None:
        m = self.measure
        busy = m.is_busy()
        ready = bool(m.available) and not busy
        if m.available is None:
            tip = self.tr("Checking for a CUDA device…")
        elif not m.available:
            tip = self.tr("Unavailable: {reason}").format(reason=m.reason)
        elif busy:
            tip = self.tr("A measurement is running")
        else:
            tip = None
        self.act_measure.setEnabled(ready)
        self.act_maxbatch.setEnabled(ready)
        self.act_cancel.setEnabled(busy)
        self.act_measure.setToolTip(tip or self.tr(
            "Run these settings' training loop for three iterations on {name} and compare").format(name=m.reason))
        self.act_maxbatch.setToolTip(tip or self.tr(
            "Find the largest batch that really fits on {name}").format(name=m.reason))

    # -- probe --------------------------------------------------------------------------------

    @Slot()
    def start_measure(self) -> None:
        if self.estimate is None:
            return
        self.measure.start_probe(self.estimate.config)
        self.statusBar().showMessage(self.tr("Measuring…"))

    @Slot(bool)
    def _on_busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        if busy:
            self.progress.setRange(0, 0)
        self._refresh_measure_actions()
        self._update_sampling()

    @Slot(str, int, int, int)
    def _on_progress(self, phase: str, iteration: int, step: int, total: int) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(step - 1)
            text = self.tr("Measuring: {phase}, iteration {i} ({step}/{total})…")
        else:
            text = self.tr("Max batch search: {phase}, iteration {i}…")
        self.statusBar().showMessage(text.format(phase=phase_label(phase), i=iteration, step=step, total=total))

    @Slot(object)
    def _on_probe_finished(self, outcome: ProbeOutcome) -> None:
        r = outcome.result
        if r.status == "done":
            self.show_measured(r)
            if outcome.device is not None and outcome.calibration is not None:
                self.inputs.set_local_spec(gpu_spec(outcome.device, outcome.calibration), select=True)
            self.statusBar().showMessage(self.tr("Measured on {device}: peak {peak} (predicted {pred})").format(
                device=r.device_name, peak=human_bytes(r.peak_allocated_bytes, self.binary),
                pred=human_bytes(self.estimate.peak_bytes, self.binary) if self.estimate else "—"))
        elif r.status == "oom":
            assert r.oom is not None
            self._tell(self.tr("Out of memory"), self.oom_text(r.oom))
        elif r.status == "cancelled":
            self.statusBar().showMessage(self.tr("Measurement cancelled"), 10_000)
        else:
            self._tell(self.tr("Measurement failed"), self.tr("The probe failed: {error}").format(error=r.error))

    def oom_text(self, oom: OutOfMemory) -> str:
        size = lambda n: human_bytes(n, self.binary)  # noqa: E731
        head = self.tr("Out of memory in {phase} (iteration {i}) at batch {batch}").format(
            phase=phase_label(oom.phase), i=oom.iteration, batch=f"{oom.batch_size:,}")
        if oom.requested_bytes is not None and oom.free_bytes is not None:
            head += self.tr(": tried to allocate {asked} with {free} free").format(
                asked=size(oom.requested_bytes), free=size(oom.free_bytes))
        elif oom.requested_bytes is not None:
            head += self.tr(": tried to allocate {asked}").format(asked=size(oom.requested_bytes))
        return head + ".\n" + self.tr("The GPU memory has been released. Try a smaller batch, or let "
                                      "“Find max batch” search for the largest that fits.")

    def show_measured(self, result: ProbeResult | None) -> None:
        self.measured = result
        for view in (self.bar_chart, self.timeline, self.comparison):
            view.set_measured(result)

    def _drop_stale_measurement(self) -> None:
        """A measurement shows only while the inputs still describe the loop that was measured."""
        if self.measured is not None and self.estimate is not None and not same_loop(
                self.measured.config, self.estimate.config):
            self.show_measured(None)
            self.statusBar().showMessage(self.tr("The settings changed: the measurement no longer applies"), 5000)

    def _tell(self, title: str, text: str) -> None:
        """A non-blocking message (the app keeps working), also in the status bar."""
        self.statusBar().showMessage(text.splitlines()[0])
        if self.message_box is not None:
            self.message_box.close()
        self.message_box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        self.message_box.open()

    @Slot(object)
    def _on_worker_failed(self, error: BaseException) -> None:
        self._refresh_measure_actions()
        report = self.error_sink.report if self.error_sink is not None else sys.excepthook
        report(type(error), error, error.__traceback__)

    # -- max batch ----------------------------------------------------------------------------

    @Slot()
    def start_max_batch(self) -> None:
        if self.estimate is None:
            return
        self.maxbatch_panel.clear()
        self.maxbatch_panel.set_message(self.tr("Searching…"))
        self.tabs.setCurrentWidget(self.maxbatch_panel)
        self._search_config = self.estimate.config
        self.measure.start_search(self._search_config)

    @Slot(object)
    def _on_trial(self, trial: Trial) -> None:
        self.maxbatch_panel.add_trial(trial)
        verdict = self.tr("fits") if trial.fits else self.tr("out of memory")
        self.statusBar().showMessage(self.tr("Max batch search: batch {batch} {verdict}").format(
            batch=f"{trial.batch_size:,}", verdict=verdict))

    @Slot(object)
    def _on_search_finished(self, outcome: SearchOutcome) -> None:
        s, panel = outcome.search, self.maxbatch_panel
        if s.status == "cancelled":
            panel.set_message(self.tr("Search cancelled."))
            self.statusBar().showMessage(self.tr("Max batch search cancelled"), 10_000)
            return
        if s.status != "done":
            panel.set_message(self.tr("Search failed: {error}").format(error=s.error))
            self._tell(self.tr("Max batch search failed"), self.tr("Search failed: {error}").format(error=s.error))
            return
        config = self._search_config
        if outcome.device is not None:
            config = replace(config, gpu="local", local_gpu=gpu_spec(outcome.device, outcome.calibration))
            panel.capacity = outcome.device["total_memory_bytes"]
        predicted = estimate(config).max_batch_size
        name = outcome.device["name"] if outcome.device else self.tr("this GPU")
        panel.set_result(s.max_batch_size, predicted, s.limit_reached, name)
        panel.set_binary(self.binary)
        self.statusBar().showMessage(self.tr("Max batch on {device}: {max}").format(
            device=name, max=f"{s.max_batch_size:,}"), 10_000)

    # -- this machine -------------------------------------------------------------------------

    def _on_tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.machine_panel and not self._machine_asked:
            self._machine_asked = True
            self.measure.fetch_machine()
        self._update_sampling()

    def _update_sampling(self) -> None:
        """Sample device memory only while the machine tab shows or a probe runs."""
        watching = self.machine_panel.isVisibleTo(self) and not self.isMinimized()
        active = (watching or self.measure.is_busy()) and self.measure.available is not False and not self._stopped
        if active and not self._sampler.isActive():
            self._sampler.start()
            self._sample()
        elif not active:
            self._sampler.stop()

    def _sample(self) -> None:
        self.measure.sample_memory()

    @Slot(object)
    def _on_sample(self, sample: tuple[int, int, int] | None) -> None:
        self.machine_panel.add_sample(sample)
        if sample is None:
            self._sampler.stop()  # nothing to watch on this machine

    def stop_measuring(self) -> None:
        self._stopped = True
        self._sampler.stop()
        self.measure.shutdown()

    def retranslate_measuring(self) -> None:
        self.measure_menu.setTitle(self.tr("&Measure"))
        self.act_measure.setText(self.tr("&Measure on this GPU"))
        self.act_maxbatch.setText(self.tr("Find max &batch on this GPU"))
        self.act_cancel.setText(self.tr("&Cancel measurement"))
        self.act_machine.setText(self.tr("This &machine…"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.toolbar.setWindowTitle(self.tr("Measure"))
        self._refresh_measure_actions()
