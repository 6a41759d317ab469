"""`estimate --jsonl`: a JSON config per line in, a JSON result or error object per line out.

Lines are read as bytes, at most MAX_LINE_BYTES each, so that no input (/dev/zero, a binary
file) can grow memory without bound, and each is decoded and parsed on its own, so that a bad
line costs only its own result. A UTF-8 byte-order mark before line 1 is skipped.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from typing import IO, BinaryIO

from ..engine.config import ConfigError
from ..engine.schema import brief, json_int
from ..engine.user_code import trace_time_limit
from .output import emit

__all__ = ["MAX_LINE_BYTES", "run_jsonl"]

MAX_LINE_BYTES = 1 << 20
_BOM = b"\xef\xbb\xbf"


class _LineError(Exception):
    """One line that gives no config; the message says why."""


@contextlib.contextmanager
def _opened(path: str) -> Iterator[BinaryIO]:
    """The input of --jsonl: the file, or stdin for '-'."""
    if path == "":
        raise ConfigError("jsonl", path, "jsonl_name")
    if path == "-":
        if sys.stdin is None:
            raise ConfigError("jsonl", path, "stdin_closed")
        yield sys.stdin.buffer
        return
    try:
        stream = _fifo(path) if _is_fifo(path) else open(path, "rb")  # noqa: SIM115 - closed by the with below
    except OSError as e:
        raise ConfigError("jsonl", brief(path), "unreadable", error=e.strerror or e) from None
    with stream:
        yield stream


def _is_fifo(path: str) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode) and hasattr(os, "O_NONBLOCK")
    except (OSError, ValueError):
        return False


def _fifo(path: str) -> BinaryIO:
    """A named pipe, opened without waiting for a writer (a plain open blocks until one comes),
    then waited on for at most the trace time limit."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        limit = trace_time_limit()
        readable, _, _ = select.select([fd], [], [], limit)
        if not readable:
            raise ConfigError("jsonl", brief(path), "fifo_no_writer", seconds=f"{limit:g}")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb")


class _TooLong(Exception):
    def __init__(self, number: int) -> None:
        super().__init__(f"line {number} is longer than {MAX_LINE_BYTES:,} bytes; stopped reading")
        self.number = number


def _lines(stream: BinaryIO, path: str) -> Iterator[tuple[int, bytes]]:
    number = 0
    while True:
        try:
            line = stream.readline(MAX_LINE_BYTES + 1)
        except OSError as e:
            raise ConfigError("jsonl", brief(path), "unreadable_after", line=number, error=e.strerror) from None
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise _TooLong(number)
        yield number, line


def _text(line: bytes, number: int) -> str:
    if number == 1 and line.startswith(_BOM):
        line = line[len(_BOM):]
    if line.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in line:
        raise _LineError("has NUL bytes or a UTF-16 byte-order mark: save the file as UTF-8")
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _LineError(f"is not UTF-8 (byte 0x{line[e.start]:02x} at byte {e.start + 1})") from None


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    mapping: dict[str, object] = {}
    for key, value in pairs:
        if key in mapping:
            raise ConfigError("key", brief(key), "given_twice")
        mapping[key] = value
    return mapping


def _mapping(text: str) -> Mapping[str, object]:
    try:
        value = json.loads(text, parse_int=json_int, object_pairs_hook=_unique_keys)
    except RecursionError:
        raise _LineError("is not JSON (nested too deeply)") from None
    except ConfigError:
        raise
    except ValueError as e:
        raise _LineError(f"is not JSON ({str(e).splitlines()[0]})") from None
    if not isinstance(value, dict):
        raise _LineError(f"is not a JSON object: {brief(value)!r}")
    return value


def _result(line: bytes, number: int, answer: Callable[[Mapping[str, object]], dict]) -> dict:
    try:
        return answer(_mapping(_text(line, number)))
    except _LineError as e:
        return {"error": f"line {number} {e}", "line": number}
    except ConfigError as e:
        return {"error": str(e), "field": e.field, "line": number}


def run_jsonl(path: str, out: IO[str] | None, answer: Callable[[Mapping[str, object]], dict]) -> int:
    """Answers every non-blank line of the file (stdin for '-') in order; a line too long to be
    a config ends the run, after its error object, with a ConfigError."""
    try:
        with _opened(path) as stream:
            for number, line in _lines(stream, path):
                if line.strip():
                    emit(out, json.dumps(_result(line, number, answer), ensure_ascii=True) + "\n")
    except _TooLong as e:
        emit(out, json.dumps({"error": str(e), "line": e.number}) + "\n")
        raise ConfigError("jsonl", brief(path), "line_too_long", error=str(e)) from None
    return 0
