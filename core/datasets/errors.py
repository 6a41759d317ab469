"""What can go wrong when a dataset is read or downloaded."""

from __future__ import annotations

__all__ = ["DownloadCancelled", "DownloadError", "NotDownloadedError", "OfflineError"]


class DownloadError(Exception):
    """A download did not complete."""


class OfflineError(DownloadError):
    """The dataset's server could not be reached: no network, DNS or a firewall."""


class DownloadCancelled(DownloadError):
    """The user cancelled the download."""


class NotDownloadedError(FileNotFoundError):
    """The dataset's files are not in the data folder."""
