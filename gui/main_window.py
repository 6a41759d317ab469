"""The main window: inputs on the left, the estimate's views on the right, recomputed live."""

from __future__ import annotations

import sys
from pathlib import Path

import pyqtgraph as pg
import pyqtgraph.exporters
import PySide6
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Slot, qVersion
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core import ConfigError, Estimate, estimate

from .charts import MemoryBarChart
from .exporting import summary_text, write_csv, write_json
from .gpu_probe import GpuProbe, LocalGpu, probe_torch
from .i18n import LANGUAGES, Languages
from .inputs import InputPanel
from .measure_window import MeasureMixin
from .summary import SummaryBox
from .tables import ComponentTable, LayerTable
from .timeline import TimelineChart

try:
    from .sample_viewer import SampleViewer
except ImportError:  # built separately; the window works without it
    SampleViewer = None  # type: ignore[assignment,misc]

__all__ = ["MainWindow"]


class MainWindow(MeasureMixin, QMainWindow):
    def __init__(self, languages: Languages | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.languages = languages
        self.binary = True
        self.estimate: Estimate | None = None
        self.gpu_probe: GpuProbe | None = None
        self._viewer_fed = False
        self._recompute_timer = QTimer(self, singleShot=True, interval=0)
        self._recompute_timer.timeout.connect(self.recompute)
        self._build_views()
        self._build_actions()
        self._build_measure_actions()
        self.measure_box.layout().addWidget(self.measure_buttons())
        self.retranslate()
        self.inputs.changed.connect(self.schedule_recompute)
        self.recompute()
        self.resize(1280, 860)

    # -- construction -------------------------------------------------------------------------

    def _build_views(self) -> None:
        self.inputs = InputPanel()
        self.summary = SummaryBox()
        self._build_measuring()
        left = QWidget()
        column = QVBoxLayout(left)
        column.addWidget(self.inputs)
        column.addWidget(self.summary)
        self.measure_box = QWidget()
        QVBoxLayout(self.measure_box).setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.measure_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(400)
        self.bar_chart = MemoryBarChart()
        self.timeline = TimelineChart()
        self.component_table = ComponentTable()
        self.layer_table = LayerTable()
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.bar_chart)
        charts.addWidget(self.timeline)
        charts.setSizes([480, 520])
        overview = QSplitter(Qt.Orientation.Vertical)
        overview.addWidget(charts)
        overview.addWidget(self.component_table)
        overview.setSizes([520, 300])
        self.tabs = QTabWidget()
        self.tabs.addTab(overview, "")
        self.tabs.addTab(self.layer_table, "")
        self.sample_viewer = None
        if SampleViewer is not None:
            self.sample_viewer = SampleViewer()
            self.tabs.addTab(self.sample_viewer, "")
            self.sample_viewer.folderShapeChanged.connect(self.inputs.set_folder_shape)
            self.inputs.folderRequested.connect(self._choose_folder)
            self.tabs.currentChanged.connect(self._feed_viewer)
        self.tabs.addTab(self.comparison, "")
        self.tabs.addTab(self.maxbatch_panel, "")
        self.tabs.addTab(self.machine_panel, "")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.inputs.set_folder_available(self.sample_viewer is not None)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(scroll)
        main.addWidget(self.tabs)
        main.setStretchFactor(1, 1)
        main.setSizes([420, 860])
        self.setCentralWidget(main)
        self._views = (self.bar_chart, self.timeline, self.component_table, self.layer_table, self.summary,
                       self.comparison)

    def _action(self, slot, shortcut: QKeySequence | str | None = None) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_png = self._action(self._ask_export_png, "Ctrl+E")
        self.act_json = self._action(self._ask_export_json, K.Save)
        self.act_csv = self._action(self._ask_export_csv, "Ctrl+Shift+S")
        self.act_copy = self._action(self.copy_summary, "Ctrl+Shift+C")
        self.act_quit = self._action(self.close, K.Quit)
        self.act_double = self._action(lambda: self.inputs.batch.setValue(self.inputs.batch.value() * 2), "Ctrl+Up")
        self.act_halve = self._action(lambda: self.inputs.batch.setValue(self.inputs.batch.value() // 2), "Ctrl+Down")
        self.act_gib = self._action(lambda: self.set_binary(True))
        self.act_gb = self._action(lambda: self.set_binary(False))
        units = QActionGroup(self)
        for act in (self.act_gib, self.act_gb):
            act.setCheckable(True)
            units.addAction(act)
        self.act_gib.setChecked(True)
        self.act_workspace = self._action(self.set_show_workspace)
        self.act_workspace.setCheckable(True)
        self.act_workspace.setChecked(True)
        self.language_actions: dict[str, QAction] = {}
        langs = QActionGroup(self)
        for key, name in LANGUAGES.items():
            act = self._action(lambda _=False, k=key: self.set_language(k))
            act.setText(name)
            act.setCheckable(True)
            act.setChecked(self.languages is not None and self.languages.current == key)
            langs.addAction(act)
            self.language_actions[key] = act
        self.act_about = self._action(self.show_about, K.HelpContents)
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.act_png, self.act_json, self.act_csv])
        self.file_menu.addSeparator()
        self.file_menu.addActions([self.act_copy])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.act_quit)
        self.view_menu = bar.addMenu("")
        self.view_menu.addActions([self.act_double, self.act_halve])
        self.view_menu.addSeparator()
        self.view_menu.addActions([self.act_gib, self.act_gb])
        self.view_menu.addSeparator()
        self.view_menu.addAction(self.act_workspace)
        self.language_menu = bar.addMenu("")
        self.language_menu.addActions(list(self.language_actions.values()))
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.act_about)

    # -- the estimate -------------------------------------------------------------------------

    @Slot()
    def schedule_recompute(self) -> None:
        """Coalesce a burst of input changes (slider drags) into one recompute per event loop turn."""
        self._recompute_timer.start()

    @Slot()
    def recompute(self) -> None:
        self._recompute_timer.stop()
        try:
            e = estimate(self.inputs.config())
        except ConfigError as exc:
            self.inputs.show_error(self._error_text(exc))
            return  # the last valid estimate stays on screen
        self.inputs.show_error(None)
        self.estimate = e
        self._drop_stale_measurement()
        for view in self._views:
            view.update_estimate(e)
        self._viewer_fed = False
        self._feed_viewer()
        self._update_title()

    @Slot()
    def _feed_viewer(self) -> None:
        """Hand the inputs to the sample viewer, but only while its tab shows: reading a dataset
        imports torchvision (in its worker), which start-up must not pay for."""
        viewer = self.sample_viewer
        if viewer is None or self._viewer_fed or self.tabs.currentWidget() is not viewer or self.estimate is None:
            return
        self._viewer_fed = True
        viewer.set_dataset(self.inputs.dataset.currentData())
        viewer.set_batch(self.estimate.config.batch_size, self.estimate.config.dtype)

    @Slot()
    def _choose_folder(self) -> None:
        if self.sample_viewer is not None:
            self.tabs.setCurrentWidget(self.sample_viewer)
            self.sample_viewer.choose_folder()

    def _error_text(self, exc: ConfigError) -> str:
        return self.tr("Invalid input: {detail}. The charts still show the last valid estimate.").format(
            detail=str(exc))

    def _update_title(self) -> None:
        if self.estimate is None:
            self.setWindowTitle("memcalc")
            return
        c = self.estimate.config
        hidden = ", ".join(str(h) for h in c.hidden) or "–"
        shape = "×".join(str(d) for d in c.input_shape or ())
        data = self.inputs.dataset.currentText() if c.dataset != "custom" else shape
        self.setWindowTitle(self.tr("memcalc – {data} · [{hidden}] · {dtype} · {opt} · batch {batch} · {gpu}").format(
            data=data, hidden=hidden, dtype=c.dtype, opt=self.inputs.optimizer.currentText(),
            batch=c.batch_size, gpu=c.gpu_spec.name))

    def set_show_workspace(self, show: bool) -> None:
        self.act_workspace.setChecked(show)
        self.bar_chart.set_show_workspace(show)
        self.timeline.set_show_workspace(show)

    def set_binary(self, binary: bool) -> None:
        self.binary = binary
        (self.act_gib if binary else self.act_gb).setChecked(True)
        for view in (*self._views, self.maxbatch_panel, self.machine_panel):
            view.set_binary(binary)

    # -- local GPU ----------------------------------------------------------------------------

    def start_gpu_probe(self, probe=probe_torch) -> GpuProbe:  # type: ignore[no-untyped-def]
        """Look for this machine's GPU in a worker thread; adds a "This machine" entry if found."""
        self.gpu_probe = GpuProbe(probe, self)
        self.gpu_probe.found.connect(self._on_local_gpu)
        self.gpu_probe.start()
        self.check_measuring()
        return self.gpu_probe

    @Slot(object)
    def _on_local_gpu(self, found: LocalGpu | None) -> None:
        if found is not None and not self.inputs.has_local_spec(found[0]):
            self.inputs.set_local_gpu(*found)

    def stop_workers(self) -> None:
        if self.gpu_probe is not None:
            self.gpu_probe.stop()
        self.stop_measuring()
        shutdown = getattr(self.sample_viewer, "shutdown", None)
        if shutdown is not None:
            shutdown()

    # -- desktop ------------------------------------------------------------------------------

    def export_chart_png(self, path: str | Path) -> None:
        exporter = pg.exporters.ImageExporter(self.bar_chart.getPlotItem())
        exporter.parameters()["width"] = 1000
        exporter.export(str(path))

    def export_json(self, path: str | Path) -> None:
        assert self.estimate is not None
        write_json(self.estimate, path)

    def export_csv(self, path: str | Path) -> None:
        assert self.estimate is not None
        write_csv(self.estimate, path)

    def copy_summary(self) -> None:
        if self.estimate is not None:
            QGuiApplication.clipboard().setText(summary_text(self.estimate, self.binary))

    def _ask(self, title: str, suffix: str, pattern: str, write) -> None:  # type: ignore[no-untyped-def]
        path, _ = QFileDialog.getSaveFileName(self, title, f"memcalc.{suffix}", pattern)
        if path:
            try:
                write(path)
            except OSError as exc:
                text = self.tr("Could not write {path}: {error}").format(path=path, error=exc)
                QMessageBox.warning(self, title, text)

    def _ask_export_png(self) -> None:
        self._ask(self.tr("Export chart"), "png", self.tr("PNG image (*.png)"), self.export_chart_png)

    def _ask_export_json(self) -> None:
        self._ask(self.tr("Export estimate"), "json", self.tr("JSON (*.json)"), self.export_json)

    def _ask_export_csv(self) -> None:
        self._ask(self.tr("Export components"), "csv", self.tr("CSV (*.csv)"), self.export_csv)

    def about_text(self) -> str:
        versions = [f"Python {sys.version.split()[0]}", f"Qt {qVersion()}", f"PySide6 {PySide6.__version__}",
                    f"pyqtgraph {pg.__version__}"]
        torch = sys.modules.get("torch")
        if torch is not None:  # only report it; importing it here would cost seconds
            versions.append(f"torch {torch.__version__}")
        return self.tr("<b>memcalc</b> predicts the GPU memory of training a small MLP, "
                       "byte for byte, before you train.") + "<br><br>" + "<br>".join(versions)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About memcalc"), self.about_text())

    def set_language(self, language: str) -> None:
        if self.languages is None:
            return
        self.languages.switch(language)
        self.language_actions[language].setChecked(True)

    # -- settings -----------------------------------------------------------------------------

    def save_settings(self, settings: QSettings | None = None) -> None:
        s = settings or QSettings()
        for key, value in self.inputs.state().items():
            s.setValue(f"inputs/{key}", value)
        s.setValue("view/binary", self.binary)
        s.setValue("view/show_workspace", self.act_workspace.isChecked())
        if self.languages is not None:
            s.setValue("view/language", self.languages.current)
        s.setValue("window/geometry", self.saveGeometry())
        s.sync()

    def restore_settings(self, settings: QSettings | None = None) -> None:
        s = settings or QSettings()
        s.beginGroup("inputs")
        state = {key: s.value(key) for key in s.childKeys()}
        s.endGroup()
        self.inputs.apply_state(state)
        self.set_binary(str(s.value("view/binary", True)).lower() != "false")
        self.set_show_workspace(str(s.value("view/show_workspace", True)).lower() != "false")
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.recompute()

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.save_settings()
        self.stop_workers()
        super().closeEvent(event)

    # -- language -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.act_png.setText(self.tr("Export chart as &PNG…"))
        self.act_json.setText(self.tr("Export estimate as &JSON…"))
        self.act_csv.setText(self.tr("Export components as &CSV…"))
        self.act_copy.setText(self.tr("&Copy summary"))
        self.act_quit.setText(self.tr("&Quit"))
        self.act_double.setText(self.tr("&Double batch size"))
        self.act_halve.setText(self.tr("&Halve batch size"))
        self.act_gib.setText(self.tr("Binary units (Gi&B)"))
        self.act_gb.setText(self.tr("Decimal units (&GB)"))
        self.act_workspace.setText(self.tr("Show the cuBLAS &workspace in the charts"))
        self.act_about.setText(self.tr("&About memcalc"))
        self.tabs.setTabText(0, self.tr("Overview"))
        self.tabs.setTabText(1, self.tr("Layers"))
        if self.sample_viewer is not None:
            self.tabs.setTabText(2, self.tr("Sample images"))
        self.tabs.setTabText(self.tabs.indexOf(self.comparison), self.tr("Measured vs predicted"))
        self.tabs.setTabText(self.tabs.indexOf(self.maxbatch_panel), self.tr("Max batch"))
        self.tabs.setTabText(self.tabs.indexOf(self.machine_panel), self.tr("This machine"))
        self.retranslate_measuring()
        for view in (self.bar_chart, self.timeline, self.component_table, self.layer_table, self.summary):
            view.retranslate()
        self._update_title()
