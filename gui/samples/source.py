"""SampleSource: where the sample viewer's images come from, read and downloaded off the GUI thread.

Reading and downloading run in gui.workers Jobs; their results come back as queued signals to
this object (on the GUI thread), which reports the newest request's only: a read the viewer has
moved past, or a download cancelled by `shutdown()`, is dropped. `shutdown()` (on close and at
application exit) cancels the workers and does not wait: one blocked in a network read or a
large folder ends on its own."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from core.datasets import samples
from core.datasets.folders import read_folder

from ..workers import Job, JobFunction, ThreadKeeper

__all__ = ["SampleSource"]


class SampleSource(QObject):
    read = Signal(object)  # a dataset's SampleSet or a folder's FolderInfo
    readFailed = Signal(object)  # the exception; samples.NotDownloadedError when it is not downloaded
    downloadProgressed = Signal(int, int, str)  # done, total bytes (0: unknown), the file
    downloaded = Signal(str)  # the key
    downloadFailed = Signal(str, object)  # the key, the exception (samples.OfflineError, DownloadCancelled, ...)
    dataDirChanged = Signal(str)

    def __init__(self, data_dir: str | Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data_dir = Path(data_dir) if data_dir else samples.default_data_dir()
        self.folder: Path | None = None
        """The image folder of the "folder" dataset, once chosen."""
        self._reader: Job | None = None  # the latest read; older results are dropped
        self._downloader: Job | None = None
        self._threads = ThreadKeeper(self)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    def set_data_dir(self, path: str | Path) -> None:
        self._data_dir = Path(path)
        self.dataDirChanged.emit(str(self._data_dir))

    def read_dataset(self, key: str) -> None:
        """Read the test split of a built-in dataset from the data folder."""
        root = self._data_dir
        self._reader = self._start(lambda progress, cancel: samples.read_samples(key, root),
                                   self._on_read, self._on_read_failed, tag=("read", key))

    def read_folder(self) -> None:
        """Read the chosen image folder."""
        folder = self.folder
        assert folder is not None
        self._reader = self._start(lambda progress, cancel: read_folder(folder),
                                   self._on_read, self._on_read_failed, tag=("read", "folder"))

    def drop_read(self) -> None:
        """The viewer moved on: what the read under way reports is dropped."""
        self._reader = None

    def download(self, key: str) -> bool:
        """Download `key` into the data folder; False when a download already runs."""
        if self._downloader is not None:
            return False
        root = self._data_dir
        self._downloader = self._start(lambda progress, cancel: samples.download(key, root, progress, cancel),
                                       self._on_downloaded, self._on_download_failed, tag=("download", key))
        return True

    def cancel_download(self) -> bool:
        """Ask the download to stop; it reports downloadFailed(DownloadCancelled) once it has."""
        if self._downloader is None:
            return False
        self._downloader.cancel()
        return True

    def is_downloading(self) -> bool:
        return self._downloader is not None

    def is_busy(self) -> bool:
        return bool(self._threads.running())

    def wait_for_workers(self, timeout_s: float) -> bool:
        """For tests and shutdown paths that must not leave a thread behind: True when none runs."""
        return self._threads.wait_all(timeout_s)

    @Slot()
    def shutdown(self) -> None:
        """Cancel every worker without waiting; what they report afterwards is dropped."""
        self._reader = self._downloader = None
        self._threads.stop_all(0.0)

    def _start(self, job_fn: JobFunction, on_success: Callable, on_failure: Callable, tag: tuple) -> Job:
        job = Job(job_fn, tag=tag)
        job.succeeded.connect(on_success)
        job.failed.connect(on_failure)
        job.progressed.connect(self._on_progress)
        return self._threads.start(job)

    @Slot(object, object)
    def _on_read(self, job: Job, result: object) -> None:
        if job is self._reader:
            self._reader = None
            self.read.emit(result)

    @Slot(object, object)
    def _on_read_failed(self, job: Job, error: Exception) -> None:
        if job is self._reader:
            self._reader = None
            self.readFailed.emit(error)

    @Slot(object, int, int, str)
    def _on_progress(self, job: Job, done: int, total: int, name: str) -> None:
        if job is self._downloader:
            self.downloadProgressed.emit(done, total, name)

    @Slot(object, object)
    def _on_downloaded(self, job: Job, _result: object) -> None:
        if job is self._downloader:
            self._downloader = None
            self.downloaded.emit(job.tag[1])

    @Slot(object, object)
    def _on_download_failed(self, job: Job, error: Exception) -> None:
        if job is self._downloader:
            self._downloader = None
            self.downloadFailed.emit(job.tag[1], error)
