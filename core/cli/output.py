"""What the command line writes and what it does when it can't.

Results go to stdout through `emit`; errors and warnings are one line each on stderr. When stdout
cannot take the output (a full disk, a closed descriptor, a reader that went away), `guarded`
ends the command with EXIT_OUTPUT: quietly for a closed pipe, as `head` expects, else with one
line saying why; never a traceback, at exit included.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import sys
import unicodedata
from collections.abc import Callable
from typing import IO

from ..engine.config import ConfigError

__all__ = [
    "EXIT_BAD_INPUT", "EXIT_OUTPUT", "OutputError", "emit", "flush_stdout", "guarded", "one_line", "plain", "tell",
    "warn",
]

EXIT_BAD_INPUT = 2
EXIT_OUTPUT = 1
"""stdout did not take the output."""


class OutputError(Exception):
    """stdout did not take what was written."""

    def __init__(self, error: Exception | None) -> None:
        reason = "stdout is closed" if error is None else getattr(error, "strerror", None) or str(error)
        super().__init__(f"cannot write the output: {reason}")
        self.broken_pipe = isinstance(error, BrokenPipeError)


_ASCII = {"×": "x", "→": "->", "←": "<-", "…": "...", "—": "-", "–": "-", "−": "-", "≈": "~", "≤": "<=",
          "≥": ">=", "√": "sqrt ", "·": ".", "±": "+/-", "²": "^2", "µ": "u", "“": '"', "”": '"', "‘": "'",
          "’": "'", "，": ",", "、": ","}
"""The symbols memcalc's tables use, as ASCII, for a stream whose encoding lacks them."""
_PLAIN = "memcalc-plain"


def _plain_error(error: UnicodeError) -> tuple[str, int]:
    """A codecs error handler: what the encoding cannot hold, as ASCII (an escape where there is none)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(_ASCII.get(c) or _ascii_letter(c) or repr(c)[1:-1] for c in text), error.end


def _ascii_letter(c: str) -> str:
    return unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode("ascii")


codecs.register_error(_PLAIN, _plain_error)


def plain(text: str, encoding: str | None) -> str:
    """`text` as `encoding` can write it: what it lacks (×, →, …, a Chinese name) degraded to
    ASCII ("x", "->", "...", an escape) rather than failing the whole output."""
    if not encoding:
        return text
    try:
        return text.encode(encoding, _PLAIN).decode(encoding)
    except LookupError:  # an encoding Python does not know: it would fail at the write anyway
        return text


def emit(out: IO[str] | None, text: str) -> None:
    """Writes and flushes `text` (in what the stream's encoding holds); OutputError when stdout
    refuses it."""
    if out is None:  # Python starts with sys.stdout None when descriptor 1 is closed
        raise OutputError(None)
    try:
        out.write(plain(text, getattr(out, "encoding", None)))
        out.flush()
    except (OSError, ValueError) as e:  # ValueError: a closed file, or text the encoding can't hold
        raise OutputError(e) from e


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped: one line, whatever the input."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def tell(err: IO[str] | None, text: str) -> None:
    """"memcalc: <text>" as one line on stderr."""
    if err is None:
        return
    with contextlib.suppress(OSError, ValueError):  # stderr gone too: nothing left to tell
        err.write(f"memcalc: {one_line(text)}\n")
        err.flush()


def warn(err: IO[str] | None, text: str) -> None:
    tell(err, f"warning: {text}")


def _silence(out: IO[str] | None) -> None:
    """Points stdout's descriptor at the null device, so that the interpreter's flush at exit
    does not fail again on what is still buffered."""
    if out is None or out is not sys.stdout:
        return
    with contextlib.suppress(OSError, ValueError, AttributeError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, out.fileno())
        os.close(null)


def flush_stdout() -> int | None:
    """Flushes sys.stdout (argparse's --help writes there); EXIT_OUTPUT if it could not."""
    try:
        emit(sys.stdout, "")
    except OutputError as e:
        _silence(sys.stdout)
        if not e.broken_pipe:
            tell(sys.stderr, f"error: {e}")
        return EXIT_OUTPUT
    return None


def guarded(run: Callable[[], int], out: IO[str] | None, err: IO[str] | None) -> int:
    """run(), its bad input as one line and exit status 2, its failed output as EXIT_OUTPUT."""
    try:
        return run()
    except ConfigError as e:
        tell(err, f"error: {e}")
        return EXIT_BAD_INPUT
    except OutputError as e:
        _silence(out)
        if not e.broken_pipe:
            tell(err, f"error: {e}")
        return EXIT_OUTPUT
