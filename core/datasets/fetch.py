"""Progress, cancel and a timeout for torchvision's downloader.

torchvision fetches through ``torchvision.datasets.utils._urlretrieve`` (with a tqdm bar on
the console) and gives no hook. While a download runs, ``hooked`` swaps that function for
one that reports progress, honours a cancel flag and never waits forever on a dead network
(and its HEAD redirect check likewise),
and records network errors so the caller can tell "offline" from other failures
(MNIST turns them into a RuntimeError carrying only text).
"""

from __future__ import annotations

import contextlib
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator

from .errors import DownloadCancelled

__all__ = ["TIMEOUT_S", "hooked"]

TIMEOUT_S = 30
_LOCK = threading.Lock()  # the swap is process-wide: one download at a time
_NETWORK_ERRORS = (urllib.error.URLError, ConnectionError, TimeoutError, OSError)


def _retriever(progress_cb, cancel_flag, errors: list) -> Callable:
    from torchvision.datasets import utils

    def urlretrieve(url: str, filename, chunk_size: int = 1024 * 32) -> None:
        request = urllib.request.Request(url, headers={"User-Agent": utils.USER_AGENT})
        try:
            response = urllib.request.urlopen(request, timeout=TIMEOUT_S)
        except _NETWORK_ERRORS as exc:
            errors.append(exc)
            raise
        name, done, total = os.path.basename(str(filename)), 0, response.length or 0
        try:
            with response, open(filename, "wb") as fh:
                while chunk := response.read(chunk_size):
                    if cancel_flag is not None and cancel_flag.is_set():
                        raise DownloadCancelled(f"cancelled while fetching {name}")
                    fh.write(chunk)
                    done += len(chunk)
                    if progress_cb is not None:
                        progress_cb(done, total, name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.remove(filename)  # never leave half a file that looks downloaded
            raise

    return urlretrieve


def _redirect_follower(cancel_flag, errors: list) -> Callable:
    """torchvision's ``_get_redirect_url`` with a timeout and the cancel check."""
    from torchvision.datasets import utils

    def get_redirect_url(url: str, max_hops: int = 3) -> str:
        headers = {"Method": "HEAD", "User-Agent": utils.USER_AGENT}
        for _ in range(max_hops + 1):
            if cancel_flag is not None and cancel_flag.is_set():
                raise DownloadCancelled(f"cancelled before fetching {url}")
            try:
                response = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=TIMEOUT_S)
            except _NETWORK_ERRORS as exc:
                errors.append(exc)
                raise
            with response:
                if response.url == url or response.url is None:
                    return url
                url = response.url
        raise RecursionError(f"more than {max_hops} redirects, the last to {url}")

    return get_redirect_url


@contextlib.contextmanager
def hooked(progress_cb, cancel_flag) -> Iterator[list[BaseException]]:
    """Within the block torchvision downloads through our hooks; yields the network errors seen."""
    from torchvision.datasets import utils

    errors: list[BaseException] = []
    with _LOCK:
        saved = utils._urlretrieve, utils._get_redirect_url
        utils._urlretrieve = _retriever(progress_cb, cancel_flag, errors)
        utils._get_redirect_url = _redirect_follower(cancel_flag, errors)
        try:
            yield errors
        finally:
            utils._urlretrieve, utils._get_redirect_url = saved
