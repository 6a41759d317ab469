"""SampleViewer: real images of the chosen dataset, and what they are as tensors.

Reading and downloading run in FunctionThreads; their results come back as queued signals
to this widget (on the GUI thread), which relays them as its own signals. Call
``shutdown()`` (done on close and at application exit) before the widget goes away.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from core.datasets import samples
from core.datasets.folders import FolderInfo, read_folder
from core.datasets.tensor_facts import TensorFacts, element_bytes
from core.engine.catalog import DATASETS

from .sample_facts import FactsPanel
from .sample_tiles import SampleGrid
from .workers import FunctionThread, ThreadKeeper

__all__ = ["SampleViewer"]


class SampleViewer(QWidget):
    folderShapeChanged = Signal(int, int, int)  # C, H, W of a folder just read
    samplesShown = Signal(str)  # the key whose images now show
    loadFailed = Signal(str)  # a message: reading failed or the dataset is missing
    downloadFinished = Signal(str)  # the key
    downloadFailed = Signal(str)  # a message; offline, cancelled or another failure
    dataDirChanged = Signal(str)

    def __init__(self, data_dir: str | Path | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir) if data_dir else samples.default_data_dir()
        self._key, self._folder = "custom", None
        self._batch, self._dtype = 64, "float32"
        self._facts: TensorFacts | None = None
        self._folder_info: FolderInfo | None = None
        self._reader: FunctionThread | None = None  # the latest read; older results are dropped
        self._downloader: FunctionThread | None = None
        self._threads = ThreadKeeper(self)
        self._build()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.set_dataset("custom")

    def _build(self) -> None:
        self.title = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-weight: bold;")
        self.dir_label = QLabel(textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
        self.change_dir_button = QPushButton(self.tr("Change…"), clicked=self.choose_data_dir)
        self.folder_button = QPushButton(self.tr("Choose folder…"), clicked=self.choose_folder)
        self.note = QLabel(wordWrap=True)
        self.download_button = QPushButton(self.tr("Download"), clicked=self.start_download)
        self.progress = QProgressBar(textVisible=True)
        self.cancel_button = QPushButton(self.tr("Cancel"), clicked=self.cancel_download)
        self.grid = SampleGrid()
        self.facts_panel = FactsPanel()

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Data folder:")))
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
        for part in (self.title, top, self.note, fetch, body):
            (layout.addLayout if isinstance(part, QHBoxLayout) else layout.addWidget)(part)
        layout.addStretch(1)
        self._show_dir()
        self._show_download(False)

    # ---- public API ----

    def set_dataset(self, key: str) -> None:
        """A built-in key, "imagenet", "custom" (no images) or "folder" (the chosen folder)."""
        if key not in DATASETS and key not in ("custom", "folder"):
            raise ValueError(f"unknown dataset {key!r}")
        self._key, self._reader, self._folder_info = key, None, None
        self.grid.clear()
        self._show_download(False)
        self.folder_button.setVisible(key == "folder")
        self.title.setText(DATASETS[key].label if key in DATASETS else
                           self.tr("Image folder") if key == "folder" else self.tr("Custom shape"))
        if key == "custom":
            self._set_facts(None, self.tr("A custom shape has no sample images."))
        elif key == "imagenet":
            self._set_facts(samples.facts_for(key), self.tr(
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
        self._data_dir = Path(path)
        self._show_dir()
        self.dataDirChanged.emit(str(self._data_dir))
        if self._key in samples.DOWNLOADABLE:
            self.set_dataset(self._key)

    def data_dir(self) -> Path:
        return self._data_dir

    def set_folder(self, path: str | Path) -> None:
        """The image folder used by the "folder" dataset; read now when it is the current one."""
        self._folder = Path(path)
        if self._key == "folder":
            self.set_dataset("folder")

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose a folder of images"),
                                                str(self._folder or Path.home()))
        if path:
            self.set_folder(path)

    def choose_data_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Choose the data folder"), str(self._data_dir))
        if path:
            self.set_data_dir(path)

    def is_busy(self) -> bool:
        return bool(self._threads.running())

    @Slot()
    def shutdown(self) -> None:
        """Cancel and wait for every worker; no thread outlives the widget."""
        self._reader = self._downloader = None
        self._threads.stop_all()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)

    # ---- reading ----

    def _read_dataset(self) -> None:
        key, root = self._key, self._data_dir
        self._set_facts(samples.facts_for(key), self.tr("Reading {0}…").format(DATASETS[key].label))
        self._reader = self._start(lambda progress, cancel: samples.read_samples(key, root),
                                   self._on_read, self._on_read_failed, tag=("read", key))

    def _read_folder(self) -> None:
        if self._folder is None:
            self._set_facts(None, self.tr("Choose a folder of images: one subfolder per class, or images directly."))
            return
        folder = self._folder
        self._set_facts(None, self.tr("Reading {0}…").format(str(folder)))
        self._reader = self._start(lambda progress, cancel: read_folder(folder),
                                   self._on_read, self._on_read_failed, tag=("read", "folder"))

    def _start(self, job, on_success, on_failure, tag) -> FunctionThread:
        thread = FunctionThread(job, tag=tag)
        thread.succeeded.connect(on_success)
        thread.failed.connect(on_failure)
        thread.progressed.connect(self._on_progress)
        return self._threads.start(thread)

    @Slot(object, object)
    def _on_read(self, thread: FunctionThread, result) -> None:
        if thread is not self._reader:
            return  # the user moved on
        self._reader = None
        self.grid.show_samples(result.samples)
        if isinstance(result, FolderInfo):
            self._folder_info = result
            self._set_facts(result.facts, self.tr("{0}: {1} images").format(str(result.root), result.image_count))
            self.folderShapeChanged.emit(*result.facts.shape)
        else:
            self._set_facts(result.facts, self.tr("{0}, test split: {1} images; the first {2} shown.").format(
                result.label, f"{result.size:,}", len(result.samples)))
        self.samplesShown.emit(self._key)

    @Slot(object, object)
    def _on_read_failed(self, thread: FunctionThread, error: Exception) -> None:
        if thread is not self._reader:
            return
        self._reader = None
        if isinstance(error, samples.NotDownloadedError):
            message = self.tr("{0} is not in the data folder yet. Download it (needs the internet).").format(
                DATASETS[self._key].label)
            self._show_download(True)
        else:
            message = self.tr("Could not read: {0}").format(str(error))
        self.note.setText(message)
        self.loadFailed.emit(message)

    # ---- downloading ----

    def start_download(self) -> None:
        if self._downloader is not None or self._key not in samples.DOWNLOADABLE:
            return
        key, root = self._key, self._data_dir
        self._downloader = self._start(lambda progress, cancel: samples.download(key, root, progress, cancel),
                                       self._on_downloaded, self._on_download_failed, tag=("download", key))
        self.progress.setRange(0, 0)  # busy until the first bytes arrive
        self.progress.setFormat(self.tr("Connecting…"))
        self.note.setText(self.tr("Downloading {0} into {1}…").format(DATASETS[key].label, str(root)))
        self._show_download(True)

    def cancel_download(self) -> None:
        if self._downloader is not None:
            self._downloader.cancel_flag.set()
            self.cancel_button.setEnabled(False)
            self.progress.setFormat(self.tr("Cancelling…"))

    def is_downloading(self) -> bool:
        return self._downloader is not None

    @Slot(object, int, int, str)
    def _on_progress(self, thread: FunctionThread, done: int, total: int, name: str) -> None:
        if thread is not self._downloader:
            return
        if total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(done * 1000 // total)
        done_mib, total_mib = f"{done / 2**20:.1f}", f"{total / 2**20:.1f}"
        self.progress.setFormat(self.tr("{0}: {1} MiB of {2} MiB").format(name, done_mib, total_mib) if total
                                else self.tr("{0}: {1} MiB").format(name, done_mib))

    @Slot(object, object)
    def _on_downloaded(self, thread: FunctionThread, _result) -> None:
        if thread is not self._downloader:
            return
        key, self._downloader = thread.tag[1], None
        self._show_download(False)
        self.downloadFinished.emit(key)
        if key == self._key:
            self.set_dataset(key)

    @Slot(object, object)
    def _on_download_failed(self, thread: FunctionThread, error: Exception) -> None:
        if thread is not self._downloader:
            return
        self._downloader = None
        if isinstance(error, samples.OfflineError):
            message = self.tr("No network: the download server cannot be reached. "
                              "Everything else keeps working. ({0})").format(str(error))
        elif isinstance(error, samples.DownloadCancelled):
            message = self.tr("Download cancelled.")
        else:
            message = self.tr("Download failed: {0}").format(str(error))
        self._show_download(thread.tag[1] == self._key)
        self.note.setText(message)
        self.downloadFailed.emit(message)

    # ---- view helpers ----

    def _show_download(self, needed: bool) -> None:
        running = self._downloader is not None
        self.download_button.setVisible(needed)
        self.download_button.setEnabled(not running)
        self.progress.setVisible(needed and running)
        self.cancel_button.setVisible(needed and running)
        self.cancel_button.setEnabled(running)

    def _show_dir(self) -> None:
        self.dir_label.setText(str(self._data_dir))
        self.dir_label.setToolTip(str(self._data_dir))

    def _set_facts(self, facts: TensorFacts | None, note: str) -> None:
        self._facts = facts
        self.note.setText(note)
        self._update_facts()

    def _update_facts(self) -> None:
        self.facts_panel.show_facts(self._facts, self._batch, self._dtype, self._folder_info)
