"""SampleViewer: real images of the chosen dataset, and what they are as tensors.

The reading and downloading are its SampleSource's (`source`), off the GUI thread; the viewer
shows what the source reports and relays it as its own signals. A dataset is read once when it
is chosen, never again because the estimate changed. `shutdown()` (on close, and the source's at
application exit) cancels the workers without waiting.

`follow(model)` makes the viewer show the model's dataset and batch, but only while it is
visible: reading a dataset imports torchvision (in its worker), which start-up must not pay for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from core.datasets import samples
from core.datasets.folders import FolderInfo
from core.datasets.samples import SampleSet
from core.datasets.tensor_facts import TensorFacts, element_bytes
from core.engine.catalog import DATASETS

from ..model import CalculatorModel
from .facts import FactsPanel
from .source import SampleSource
from .tiles import SampleGrid

__all__ = ["SampleViewer"]


class SampleViewer(QWidget):
    folderShapeChanged = Signal(int, int, int)  # C, H, W of a folder just read
    folderRead = Signal(object)  # the FolderInfo of a folder just read
    samplesShown = Signal(str)  # the key whose images now show
    loadFailed = Signal(str)  # a message: reading failed or the dataset is missing
    downloadFinished = Signal(str)  # the key
    downloadFailed = Signal(str)  # a message; offline, cancelled or another failure
    dataDirChanged = Signal(str)

    def __init__(self, data_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = SampleSource(data_dir, self)
        self._key: str | None = None
        self._batch, self._dtype = 64, "float32"
        self._facts: TensorFacts | None = None
        self._folder_info: FolderInfo | None = None
        self._note: Callable[[], str] = str
        self._model: CalculatorModel | None = None
        self._feed_pending = False
        self._build()
        source = self.source
        source.read.connect(self._on_read)
        source.readFailed.connect(self._on_read_failed)
        source.downloadProgressed.connect(self._on_progress)
        source.downloaded.connect(self._on_downloaded)
        source.downloadFailed.connect(self._on_download_failed)
        source.dataDirChanged.connect(self.dataDirChanged)
        self.set_dataset("custom")

    def _build(self) -> None:
        self.title = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold;")
        self.dir_caption = QLabel()
        self.dir_label = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_dir_button = QPushButton()
        self.change_dir_button.clicked.connect(self.choose_data_dir)
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self.choose_folder)
        self.note = QLabel(wordWrap=True)
        self.download_button = QPushButton()
        self.download_button.clicked.connect(self.start_download)
        self.progress = QProgressBar(textVisible=True)
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self.cancel_download)
        self.grid = SampleGrid()
        self.facts_panel = FactsPanel()

        top = QHBoxLayout()
        top.addWidget(self.dir_caption)
        top.addWidget(self.dir_label, 1)
        top.addWidget(self.change_dir_button)
        top.addWidget(self.folder_button)
        fetch = QHBoxLayout()
        fetch.addWidget(self.download_button)
        fetch.addWidget(self.progress, 1)
        fetch.addWidget(self.cancel_button)
        fetch.addStretch(0)
        side = QVBoxLayout()  # not addWidget(..., AlignTop): that loses the labels' height-for-width
        side.addWidget(self.facts_panel)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.grid, 0, Qt.AlignmentFlag.AlignTop)
        body.addLayout(side, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.note)
        layout.addLayout(fetch)
        layout.addLayout(body)
        layout.addStretch(1)
        self._show_dir()
        self._retranslate()
        self._show_download(False)

    # ---- public API ----

    def set_dataset(self, key: str) -> None:
        """A built-in key, "imagenet", "custom" (no images) or "folder" (the chosen folder).
        Choosing the dataset already shown does nothing: it is not read again."""
        if key not in DATASETS and key not in ("custom", "folder"):
            raise ValueError(f"unknown dataset {key!r}")
        if key != self._key:
            self._load(key)

    def current_dataset(self) -> str | None:
        return self._key

    def _load(self, key: str) -> None:
        self._key, self._folder_info = key, None
        self.source.drop_read()
        self.grid.clear()
        self._show_download(False)
        self.folder_button.setVisible(key == "folder")
        self._show_title()
        if key == "custom":
            self._set_facts(None, lambda: self.tr("A custom shape has no sample images."))
        elif key == "imagenet":
            self._set_facts(samples.facts_for(key), lambda: self.tr(
                "ImageNet cannot be downloaded automatically (it needs a registration at image-net.org). "
                "If you have a copy, choose it with Image folder."))
        elif key == "folder":
            self._read_folder()
        else:
            self._read_dataset()

    def set_batch(self, batch_size: int, dtype: str) -> None:
        element_bytes(dtype)  # ValueError naming a bad dtype
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        self._batch, self._dtype = batch_size, dtype
        self._update_facts()

    def set_data_dir(self, path: str | Path) -> None:
        self.source.set_data_dir(path)
        self._show_dir()
        if self._key in samples.DOWNLOADABLE:
            self._load(self._key)

    def data_dir(self) -> Path:
        return self.source.data_dir

    def folder(self) -> Path | None:
        """The image folder chosen for the "folder" dataset, if any."""
        return self.source.folder

    def set_folder(self, path: str | Path) -> None:
        """The image folder used by the "folder" dataset; read now when it is the current one."""
        self.source.folder = Path(path)
        if self._key == "folder":
            self._load("folder")

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of images"),
                                                str(self.source.folder or Path.home()))
        if path:
            self.set_folder(path)

    def choose_data_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"), str(self.source.data_dir))
        if path:
            self.set_data_dir(path)

    def is_busy(self) -> bool:
        return self.source.is_busy()

    def wait_for_workers(self, timeout_s: float) -> bool:
        """For tests and shutdown paths that must not leave a thread behind: True when none runs."""
        return self.source.wait_for_workers(timeout_s)

    @Slot()
    def shutdown(self) -> None:
        """Cancel every worker without waiting; what they report afterwards is dropped."""
        self.source.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # ---- following a model ----

    def follow(self, model: CalculatorModel) -> None:
        """Show `model`'s dataset and batch while visible; a folder read becomes its inputs."""
        self._model = model
        model.inputs.stateChanged.connect(self._feed)
        model.estimate.shownChanged.connect(self._feed)
        self.folderRead.connect(self._apply_folder)
        self._feed()

    def _feed(self, *_: object) -> None:
        model = self._model
        if model is None:
            return
        if not self.isVisible():
            self._feed_pending = True
            return
        self._feed_pending = False
        self.set_dataset(model.inputs.state.dataset)
        config = model.inputs.config
        if config is not None:
            self.set_batch(config.batch_size, config.dtype)

    def _apply_folder(self, info: FolderInfo) -> None:
        if self._model is not None:
            classes = len(info.classes) if info.layout == "imagefolder" else None
            self._model.inputs.apply_folder(*info.facts.shape, classes, info.image_count)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._feed_pending:
            self._feed()

    # ---- reading ----

    def _read_dataset(self) -> None:
        key = self._key
        assert key is not None
        self._set_facts(samples.facts_for(key), lambda: self.tr("Reading {0}…").format(DATASETS[key].label))
        self.source.read_dataset(key)

    def _read_folder(self) -> None:
        folder = self.source.folder
        if folder is None:
            self._set_facts(None, lambda: self.tr(
                "Choose a folder of images: one subfolder per class, or images directly."))
            return
        self._set_facts(None, lambda: self.tr("Reading {0}…").format(str(folder)))
        self.source.read_folder()

    def _on_read(self, result: SampleSet | FolderInfo) -> None:
        self.grid.show_samples(result.samples)
        if isinstance(result, FolderInfo):
            self._folder_info = result
            self._set_facts(result.facts, lambda: self.tr("{0}: {1} images").format(
                str(result.root), f"{result.image_count:,}"))
            self.folderShapeChanged.emit(*result.facts.shape)
            self.folderRead.emit(result)
        else:
            sample_set = result
            self._set_facts(sample_set.facts, lambda: self.tr(
                "{0}, test split: {1} images; the first {2} shown.").format(
                sample_set.label, f"{sample_set.size:,}", len(sample_set.samples)))
        self.samplesShown.emit(self._key)

    def _on_read_failed(self, error: Exception) -> None:
        key = self._key
        if isinstance(error, samples.NotDownloadedError) and key in DATASETS:
            self._show_note(lambda: self.tr(
                "{0} is not in the data folder yet. Download it (needs the internet).").format(DATASETS[key].label))
            self._show_download(True)
        else:
            self._show_note(lambda: self.tr("Could not read: {0}").format(str(error)))
        self.loadFailed.emit(self.note.text())

    # ---- downloading ----

    def start_download(self) -> None:
        key, root = self._key, self.source.data_dir
        if key not in samples.DOWNLOADABLE or not self.source.download(key):
            return
        self.progress.setRange(0, 0)  # busy until the first bytes arrive
        self.progress.setFormat(self.tr("Connecting…"))
        self._show_note(lambda: self.tr("Downloading {0} into {1}…").format(DATASETS[key].label, str(root)))
        self._show_download(True)

    def cancel_download(self) -> None:
        if self.source.cancel_download():
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self.tr("Cancelling…"))

    def is_downloading(self) -> bool:
        return self.source.is_downloading()

    def _on_progress(self, done: int, total: int, name: str) -> None:
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(done * 1000 // total)
        done_mib, total_mib = f"{done / 2**20:.1f}", f"{total / 2**20:.1f}"
        self.progress.setFormat(self.tr("{0}: {1} MiB of {2} MiB").format(name, done_mib, total_mib) if total
                                else self.tr("{0}: {1} MiB").format(name, done_mib))

    def _on_downloaded(self, key: str) -> None:
        self._show_download(False)
        self.downloadFinished.emit(key)
        if key == self._key:
            self._load(key)

    def _on_download_failed(self, key: str, error: Exception) -> None:
        if isinstance(error, samples.OfflineError):
            self._show_note(lambda: self.tr("No network: the download server cannot be reached. "
                                            "Everything else keeps working. ({0})").format(str(error)))
        elif isinstance(error, samples.DownloadCancelled):
            self._show_note(lambda: self.tr("Download cancelled."))
        else:
            self._show_note(lambda: self.tr("Download failed: {0}").format(str(error)))
        self._show_download(key == self._key)
        self.downloadFailed.emit(self.note.text())

    # ---- view helpers ----

    def _show_download(self, needed: bool) -> None:
        running = self.source.is_downloading()
        self.download_button.setVisible(needed)
        self.download_button.setEnabled(not running)
        self.progress.setVisible(needed and running)
        self.cancel_button.setVisible(needed and running)
        self.cancel_button.setEnabled(running)

    def _show_dir(self) -> None:
        self.dir_label.setText(str(self.source.data_dir))
        self.dir_label.setToolTip(str(self.source.data_dir))

    def _show_title(self) -> None:
        key = self._key
        self.title.setText(DATASETS[key].label if key in DATASETS else
                           self.tr("Image folder") if key == "folder" else self.tr("Custom shape"))

    def _show_note(self, note: Callable[[], str]) -> None:
        """`note` writes the text (with tr), so a language switch can write it again."""
        self._note = note
        self.note.setText(note())

    def _set_facts(self, facts: TensorFacts | None, note: Callable[[], str]) -> None:
        self._facts = facts
        self._show_note(note)
        self._update_facts()

    def _update_facts(self) -> None:
        self.facts_panel.show_facts(self._facts, self._batch, self._dtype, self._folder_info)

    # ---- language ----

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.dir_caption.setText(self.tr("Data folder:"))
        self.change_dir_button.setText(self.tr("Change…"))
        self.folder_button.setText(self.tr("Choose folder…"))
        self.download_button.setText(self.tr("Download"))
        self.cancel_button.setText(self.tr("Cancel"))
        if self._key is not None:
            self._show_title()
        self.note.setText(self._note())
