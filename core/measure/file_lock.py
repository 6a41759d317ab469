"""An exclusive lock on a file beside the one being saved, held across read, merge, write and rename.

The lock file (``<name>.lock``) is never replaced, so every process locks the same inode, while
the data file itself is replaced by a rename on each save. POSIX takes `fcntl.flock`, Windows
`msvcrt.locking` on the first byte; both are released by the system when the process dies, so
a save killed half-way never leaves the next one waiting.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["LOCK_TIMEOUT_S", "LockTimeout", "exclusive_lock"]

LOCK_TIMEOUT_S = 30.0
"""A save waits this long for another process's save; each takes milliseconds."""
_POLL_S = 0.02


class LockTimeout(OSError):
    """Another process held the lock for longer than the timeout."""


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock(fd: int) -> None:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def exclusive_lock(path: Path, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Holds `path`.lock exclusively (creating it) for the block; LockTimeout after `timeout_s`."""
    lock = path.with_name(path.name + ".lock")
    lock.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    try:
        deadline = time.monotonic() + timeout_s
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise LockTimeout(f"{lock} is held by another process (waited {timeout_s:g} s)")
            time.sleep(_POLL_S)
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
