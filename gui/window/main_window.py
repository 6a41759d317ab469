"""The main window: inputs on the left, the estimate's views on the right. It composes the model,
the views and the measuring side and connects them; each view follows the model itself."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pyqtgraph as pg
import PySide6
from PySide6.QtCore import QEvent, QRect, QSettings, QStandardPaths, Qt, qVersion
from PySide6.QtGui import QCloseEvent, QColor, QFontMetrics, QGuiApplication, QImage, QPainter
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

from core import Estimate, TrainingConfig, estimate, write_snapshot
from core.measure.calibration import stored_local_gpu

from ..inputs import InputPanel
from ..measure.hub import Measurements
from ..model import CalculatorModel, LocalGpu, field_label
from ..views.bar_chart import MemoryBarChart
from ..views.busy import BusyIndicator
from ..views.device_strip import DeviceStrip
from ..views.exporting import save_png, summary_text, write_csv, write_json
from ..views.labels import chart_title, dataset_label, model_label, optimizer_label
from ..views.staggered import StaggeredPaint
from ..views.status_line import StatusLine
from ..views.summary import SummaryBox
from ..views.tables import ComponentTable, LayerTable
from ..views.timeline import TimelineChart
from ..views.widgets import flat_scroll_bars
from . import pages
from .lazy_tabs import LazyTabs
from .measuring import MeasureController
from .menus import WindowMenus
from .settings import restore_window, save_window

if TYPE_CHECKING:  # the tabs behind the overview, imported when built (see pages), and the remedies
    from core.engine.remedies import Remedy

    from ..inputs.layer_builder import LayerBuilder
    from ..measure.comparison import ComparisonPanel
    from ..measure.machine import MachinePanel
    from ..measure.max_batch import MaxBatchPanel
    from ..samples.viewer import SampleViewer
    from ..views.gpus import GpuPanel
    from ..views.layer_memory import LayerMemoryView
    from ..views.remedies import RemediesPanel

__all__ = ["MainWindow"]

log = logging.getLogger(__name__)


def _written(write: Callable[[Estimate, str], None], e: Estimate, path: str) -> Path:
    write(e, path)
    return Path(path)


def _stored_local_gpu() -> LocalGpu | None:
    """This machine's calibrated GPU from the calibration file (no torch); None if there is none."""
    try:
        spec = stored_local_gpu()
    except Exception:  # a broken file must not stop the window; the calibration module names it
        log.exception("could not read the stored calibration")
        return None
    return None if spec is None else LocalGpu(spec.name, spec.memory_bytes, spec)


class MainWindow(QMainWindow):
    def __init__(self, languages=None, parent: QWidget | None = None,
                 compute: Callable[[TrainingConfig], Estimate] = estimate,
                 find_remedies: Callable[[TrainingConfig], list[Remedy]] | None = None) -> None:
        super().__init__(parent)
        self.languages = languages  # gui.app.i18n.Languages, or None: no Language menu
        self._error_sink = None
        self._sample_folder: Path | None = None  # the image folder, until the sample viewer holds it
        self.model = CalculatorModel(compute, _stored_local_gpu(), self, find_remedies)
        self.status = StatusLine(self.statusBar())
        self.busy = BusyIndicator(self.model.estimate, self.statusBar())
        self.statusBar().addPermanentWidget(self.busy)
        self.measure = Measurements(self)
        self._build_views()
        self.measuring = MeasureController(self, self.model, self.measure, self.status, self.lazy_tabs)
        self._measure_column.addWidget(self.measuring.buttons())
        self.measuring.showTab.connect(self.tabs.setCurrentWidget)
        self.menus = WindowMenus(self)
        self.model.inputs.stateChanged.connect(self._update_title)
        self.model.inputs.errorChanged.connect(self._update_title)
        self.model.measurement.dropped.connect(lambda: self.status.show(
            lambda: self.tr("The settings changed: the measurement no longer applies"), 5000))
        self.inputs.folderRequested.connect(self._choose_folder)
        self.inputs.builderRequested.connect(lambda: self.tabs.setCurrentWidget(self.builder))
        self.tabs.currentChanged.connect(self.measuring.on_tab_changed)
        self.retranslate()
        self.resize(1280, 860)

    # -- construction -------------------------------------------------------------------------

    def _build_views(self) -> None:
        model = self.model
        self.inputs = InputPanel(model)
        self.summary = SummaryBox(model)
        left = QWidget()
        # the summary's height follows its text: the inputs above it are not repainted each result
        left.setAttribute(Qt.WidgetAttribute.WA_StaticContents)
        column = QVBoxLayout(left)
        column.addWidget(self.inputs)
        column.addWidget(self.summary)
        self.measure_box = QWidget()
        self._measure_column = QVBoxLayout(self.measure_box)
        self._measure_column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.measure_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(left)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(390)
        self.component_table = ComponentTable(model)  # first in the staggered line: built first
        self.device_strip = DeviceStrip(model)
        self.bar_chart = MemoryBarChart(model)
        self.timeline = TimelineChart(model)
        self.layer_table = LayerTable(model)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.bar_chart)
        charts.addWidget(self.timeline)
        charts.setSizes([480, 520])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(charts)
        split.addWidget(self.component_table)
        split.setSizes([520, 300])
        overview = QWidget()
        stack = QVBoxLayout(overview)
        stack.setContentsMargins(0, 0, 0, 0)
        stack.setSpacing(2)
        stack.addWidget(self.device_strip)
        stack.addWidget(split, 1)
        self.overview = overview
        # a result shows in the summary, then in the table and the charts, a step a pass
        self.staggered = StaggeredPaint(
            [self.summary, self.component_table, self.device_strip, self.bar_chart, self.timeline], self)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.lazy_tabs = LazyTabs(self.tabs)  # built when first shown: the first frame shows the overview
        lazy: dict[str, Callable[[], QWidget]] = {
            "layer_memory": lambda: pages.layer_memory(model),
            "builder": lambda: pages.layer_builder(model),
            "remedies": lambda: pages.remedies(model),
            "gpus": lambda: pages.gpus(model),
            "samples": lambda: pages.samples(model, self._sample_folder),
            "comparison": lambda: pages.comparison(model),
            "max_batch": lambda: pages.max_batch(model),
            "machine": lambda: pages.machine(model),
        }
        tabs: list[tuple[QWidget | str, Callable[[], str]]] = [
            (overview, lambda: self.tr("Overview")),
            (self.layer_table, lambda: self.tr("Layers")),
            ("layer_memory", lambda: self.tr("Memory per layer")),
            ("builder", lambda: self.tr("Layer builder")),
            ("remedies", lambda: self.tr("Remedies")),
            ("gpus", lambda: self.tr("Which GPU")),
            ("samples", lambda: self.tr("Sample images")),
            ("comparison", lambda: self.tr("Measured vs predicted")),
            ("max_batch", lambda: self.tr("Max batch")),
            ("machine", lambda: self.tr("This machine")),
        ]
        self._tab_texts: list[Callable[[], str]] = []
        for page, text in tabs:
            if isinstance(page, QWidget):
                self.tabs.addTab(page, "")
            else:
                self.lazy_tabs.add(page, lazy[page])
            self._tab_texts.append(text)
        self.inputs.set_folder_available(True)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.addWidget(scroll)
        main.addWidget(self.tabs)
        main.setStretchFactor(1, 1)
        main.setSizes([400, 880])
        self.setCentralWidget(main)
        flat_scroll_bars(self)
        self.lazy_tabs.widgetBuilt.connect(lambda _key, page: flat_scroll_bars(page))

    # -- what tests and the app use -----------------------------------------------------------

    @property
    def layer_memory(self) -> LayerMemoryView:
        return self.lazy_tabs.widget("layer_memory")  # type: ignore[return-value]

    @property
    def maxbatch_panel(self) -> MaxBatchPanel:
        return self.lazy_tabs.widget("max_batch")  # type: ignore[return-value]

    @property
    def machine_panel(self) -> MachinePanel:
        return self.lazy_tabs.widget("machine")  # type: ignore[return-value]

    @property
    def builder(self) -> LayerBuilder:
        return self.lazy_tabs.widget("builder")  # type: ignore[return-value]

    @property
    def remedies(self) -> RemediesPanel:
        return self.lazy_tabs.widget("remedies")  # type: ignore[return-value]

    @property
    def gpu_panel(self) -> GpuPanel:
        return self.lazy_tabs.widget("gpus")  # type: ignore[return-value]

    @property
    def sample_viewer(self) -> SampleViewer:
        return self.lazy_tabs.widget("samples")  # type: ignore[return-value]

    @property
    def comparison(self) -> ComparisonPanel:
        return self.lazy_tabs.widget("comparison")  # type: ignore[return-value]

    def sample_folder(self) -> Path | None:
        """The image folder of the "folder" dataset: the sample viewer's, or the one it will get."""
        viewer = self.lazy_tabs.built("samples")
        return viewer.folder() if viewer is not None else self._sample_folder  # type: ignore[attr-defined]

    def set_sample_folder(self, folder: Path) -> None:
        """Set the image folder; a sample viewer not built yet gets it when it is."""
        self._sample_folder = folder
        viewer = self.lazy_tabs.built("samples")
        if viewer is not None:
            viewer.set_folder(folder)  # type: ignore[attr-defined]

    @property
    def estimate(self) -> Estimate | None:
        return self.model.estimate.shown

    def check_measuring(self) -> None:
        self.measuring.check()

    @property
    def error_sink(self):
        return self._error_sink

    @error_sink.setter
    def error_sink(self, sink) -> None:
        """The app's ErrorSink: workers' unexpected errors are reported to it."""
        self._error_sink = sink
        self.measuring.report_error = sink.report if sink is not None else None

    def _choose_folder(self) -> None:
        self.tabs.setCurrentWidget(self.sample_viewer)
        self.sample_viewer.choose_folder()

    def _update_title(self, *_: object) -> None:
        c, error = self.model.inputs.config, self.model.inputs.error
        if c is None:
            field = field_label(error.field) if error is not None else ""
            self.setWindowTitle(self.tr("memcalc – invalid input: {field}").format(field=field))
            return
        shape = "×".join(str(d) for d in c.input_shape or ())
        data = dataset_label(c.dataset) if c.dataset != "custom" else shape
        self.setWindowTitle(self.tr("memcalc – {data} · {model} · {dtype} · {opt} · batch {batch} · {gpu}").format(
            data=data, model=model_label(c), dtype=c.dtype if c.amp is None else f"{c.dtype}+{c.amp}",
            opt=optimizer_label(c.optimizer), batch=f"{c.batch_size:,}", gpu=c.gpu_spec.name))

    def stop_workers(self) -> None:
        """Cancel every worker; nothing waits long (a probe between phases at most a few seconds)."""
        self.model.shutdown()
        self.measuring.stop()
        for key in ("samples", "gpus"):
            page = self.lazy_tabs.built(key)
            if page is not None:
                page.shutdown()  # type: ignore[attr-defined]

    # -- desktop ------------------------------------------------------------------------------

    def overview_image(self) -> QImage:
        """The whole overview (the device strip, the bars, the timeline, the table) under a title
        naming the model, dataset, dtype, batch and GPU."""
        e = self.model.estimate.shown
        title = chart_title(e.config) if e is not None else ""
        self.staggered.flush()
        shot = self.overview.grab().toImage()
        head = QFontMetrics(self.font()).height() * 2
        image = QImage(shot.width(), shot.height() + head, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.setPen(QColor("#222"))
        painter.drawText(QRect(8, 0, shot.width() - 16, head), Qt.AlignmentFlag.AlignVCenter, title)
        painter.drawImage(0, head, shot)
        painter.end()
        return image

    def export_chart_png(self, path: str | Path) -> Path:
        return save_png(self.overview_image(), path)

    def export_json(self, path: str | Path) -> Path:
        assert self.model.estimate.shown is not None
        return write_json(self.model.estimate.shown, path)

    def export_csv(self, path: str | Path) -> Path:
        assert self.model.estimate.shown is not None
        return write_csv(self.model.estimate.shown, path)

    def copy_summary(self) -> None:
        e = self.model.estimate.shown
        if e is not None and self.model.estimate.is_current():
            text = summary_text(e, self.model.display.binary, self.model.inputs.train_size())
            QGuiApplication.clipboard().setText(text)

    def save_folder(self) -> Path:
        """Where a save dialog opens: the last folder saved to, else the user's Documents."""
        last = QSettings().value("files/last_folder")
        if isinstance(last, str) and last and Path(last).is_dir():
            return Path(last)
        return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation))

    def _ask(self, title: str, suffix: str, pattern: str, write: Callable[[str], Path]) -> None:
        start = str(self.save_folder() / f"memcalc.{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, title, start, pattern)
        if path:
            QSettings().setValue("files/last_folder", str(Path(path).parent))
            self.write_reporting(title, path, write)

    def write_reporting(self, title: str, path: str, write: Callable[[str], Path]) -> Path | None:
        """Write, then say where in the status bar; a failure is told in a dialog naming the path."""
        try:
            written = write(path)
        except OSError as exc:
            QMessageBox.warning(self, title, self.tr("Could not write {path}: {error}").format(
                path=exc.filename or path, error=exc.strerror or exc))
            return None
        self.status.show(lambda: self.tr("Saved {path}").format(path=str(written)), 10_000)
        return written

    def ask_export_png(self) -> None:
        self._ask(self.tr("Export overview"), "png", self.tr("PNG image (*.png)"), self.export_chart_png)

    def ask_export_json(self) -> None:
        self._ask(self.tr("Export estimate"), "json", self.tr("JSON (*.json)"), self.export_json)

    def ask_export_csv(self) -> None:
        self._ask(self.tr("Export components"), "csv", self.tr("CSV (*.csv)"), self.export_csv)

    def ask_export_memory_viz(self) -> None:
        e = self.model.estimate.shown
        if e is None:
            return
        self._ask(self.tr("Export for PyTorch's memory viewer"), "pickle", self.tr("Memory snapshot (*.pickle)"),
                  lambda path: _written(write_snapshot, e, path))

    def ask_compare_snapshot(self) -> None:
        """A snapshot recorded with torch.cuda.memory._dump_snapshot, beside the estimate on screen."""
        e = self.model.estimate.shown
        title = self.tr("Compare with a memory snapshot")
        if e is None or not self.model.estimate.is_current():
            return
        path, _ = QFileDialog.getOpenFileName(self, title, str(self.save_folder()),
                                              self.tr("Memory snapshot (*.pickle *.pkl);;All files (*)"))
        if not path:
            return
        from core.measure.snapshot import SnapshotError, read_snapshot, snapshot_figures

        from ..views.snapshot import SnapshotDialog

        try:
            measured = snapshot_figures(read_snapshot(path))
        except SnapshotError as exc:
            QMessageBox.warning(self, title, self.tr("{path} is not a memory snapshot memcalc can read: {error}")
                                .format(path=path, error=exc))
            return
        self.snapshot_dialog = SnapshotDialog(e, measured, Path(path).name, self)
        self.snapshot_dialog.show()

    def about_text(self) -> str:
        versions = [f"Python {sys.version.split()[0]}", f"Qt {qVersion()}", f"PySide6 {PySide6.__version__}",
                    f"pyqtgraph {pg.__version__}"]
        torch = sys.modules.get("torch")
        if torch is not None:  # only report it; importing it here would cost seconds
            versions.append(f"torch {torch.__version__}")
        return self.tr("<b>memcalc</b> predicts the GPU memory of training a neural network (the course's MLP and "
                       "CNN, torchvision architectures, your own layer list or model file), byte by byte, and the "
                       "batch size that fits, before you train.") + "<br><br>" + "<br>".join(versions)

    def show_guide(self) -> None:
        from .guide import GuideDialog

        self.guide = GuideDialog(self)
        self.guide.show()

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About memcalc"), self.about_text())

    def set_language(self, language: str) -> None:
        if self.languages is not None:
            self.languages.switch(language)

    # -- settings -----------------------------------------------------------------------------

    def save_settings(self, settings: QSettings | None = None) -> None:
        language = self.languages.current if self.languages is not None else None
        save_window(settings or QSettings(), self, self.model, language)

    def restore_settings(self, settings: QSettings | None = None) -> list[str]:
        """Restore what save_settings kept; returns the values skipped as corrupt."""
        return restore_window(settings or QSettings(), self, self.model)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_settings()
        self.stop_workers()
        super().closeEvent(event)

    # -- language -----------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.menus.retranslate()
        self.measuring.retranslate()
        for index, text in enumerate(self._tab_texts):
            self.tabs.setTabText(index, text())
        self.status.retranslate()
        self._update_title()
