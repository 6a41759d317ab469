"""Running the user's model code without letting it take memcalc down.

A traced model is built and run in this process: for a model file that is the user's own code.
While it runs (`running_model`):

* what it prints goes to stderr, never into stdout, where `--json` and JSONL write results (the
  Python streams and descriptor 1 both);
* `sys.exit()`, `os._exit()`, `KeyboardInterrupt` and any exception it raises become one
  ConfigError naming the exception, its message and the file and line in the user's code;
* it has a time limit, TRACE_TIME_LIMIT_S by default (`set_trace_time_limit`, the CLI's
  `--trace-timeout`). On POSIX a timer signal interrupts the main thread, elsewhere
  `_thread.interrupt_main`; code that swallows the interruption, or hangs in native code, ends
  the process GRACE_S later with exit status 2 and one line on stderr. Only the main thread is
  timed (a caller in another thread has its own way to stop: the window kills its estimate
  process).

What this cannot stop: a model that kills its own process (`os.kill(os.getpid(), 9)`) or
crashes the interpreter in native code.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path

from .errors import ConfigError

__all__ = [
    "GRACE_S", "TRACE_TIME_LIMIT_S", "location", "running_model", "set_trace_time_limit", "trace_time_limit", "where",
]

TRACE_TIME_LIMIT_S = 120.0
"""How long building and tracing one model may take, by default."""
GRACE_S = 5.0
"""How long a model that was interrupted at its time limit has to give up before the process ends."""

_limit: list[float | None] = [TRACE_TIME_LIMIT_S]
_real_exit = os._exit


def set_trace_time_limit(seconds: float | None) -> None:
    """The time limit of each trace from now on; None for none."""
    _limit[0] = seconds


def trace_time_limit() -> float | None:
    return _limit[0]


class _Exited(BaseException):
    """The model called os._exit()."""

    def __init__(self, code: object) -> None:
        super().__init__(code)
        self.code = code


class _TimeUp(BaseException):
    """The time limit passed (a BaseException, so that `except Exception` in the model lets it by)."""


def where(error: BaseException, path: Path | None) -> str:
    """'ValueError: bad size (net.py, line 12)': the error and the last line of `path` it passed."""
    text = f"{type(error).__name__}: {error}".splitlines()[0] if str(error) else type(error).__name__
    return text + location(error, path)


def location(error: BaseException, path: Path | None) -> str:
    """' (net.py, line 12)': the last line of `path` that `error` passed through; "" if none."""
    if path is None:
        return ""
    target = _resolved(path)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _resolved(Path(f.filename)) == target]
    return f" ({path.name}, line {frames[-1].lineno})" if frames else ""


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError, ValueError):
        return None


@contextlib.contextmanager
def running_model(field: str, name: str, path: Path | None) -> Iterator[None]:
    """Runs the block as the model's code: `name` (the option's value) is what a ConfigError
    names, `path` the user's file whose line it gives (None for memcalc's own models, whose other
    exceptions are memcalc's bugs and pass through)."""
    limit = _limit[0]
    late = f"{field}: {name!r} took longer than {limit:g} s to build and trace"
    with _stdout_to_stderr(), _no_exit(), _deadline(limit, late) as timer:
        try:
            yield
        except ConfigError:
            raise
        except (_TimeUp, KeyboardInterrupt) as e:
            if isinstance(e, KeyboardInterrupt) and not (timer and timer.fired):
                raise ConfigError(field, name, "raised", error=where(e, path)) from None
            raise ConfigError(field, name, "trace_timeout", seconds=f"{limit:g}") from None
        except _Exited as e:
            raise ConfigError(field, name, "called_exit", status=repr(e.code), where=location(e, path)) from None
        except SystemExit as e:
            raise ConfigError(field, name, "raised", error=where(e, path)) from None
        except Exception as e:
            if path is None:
                raise
            raise ConfigError(field, name, "raised", error=where(e, path)) from None


@contextlib.contextmanager
def _stdout_to_stderr() -> Iterator[None]:
    """print() and writes to descriptor 1 go to stderr (or nowhere, with no stderr)."""
    target = sys.stderr if sys.stderr is not None else open(os.devnull, "w")  # noqa: SIM115 - closed below
    with contextlib.ExitStack() as stack:
        if target is not sys.stderr:
            stack.callback(target.close)
        stack.enter_context(contextlib.redirect_stdout(target))
        stack.enter_context(_descriptor_1_to_2())
        yield


@contextlib.contextmanager
def _descriptor_1_to_2() -> Iterator[None]:
    saved = None
    with contextlib.suppress(OSError, ValueError, AttributeError):
        if sys.__stdout__ is not None:
            sys.__stdout__.flush()
        saved = os.dup(1)
        os.dup2(2, 1)
    try:
        yield
    finally:
        if saved is not None:
            with contextlib.suppress(OSError):
                os.dup2(saved, 1)
            os.close(saved)


@contextlib.contextmanager
def _no_exit() -> Iterator[None]:
    def refuse(code: int) -> None:
        raise _Exited(code)

    os._exit = refuse  # type: ignore[assignment]
    try:
        yield
    finally:
        os._exit = _real_exit


@contextlib.contextmanager
def _deadline(limit: float | None, message: str) -> Iterator[_Timer | None]:
    if limit is None or threading.current_thread() is not threading.main_thread():
        yield None
        return
    done = threading.Event()
    timer = _Timer(limit)
    watchdog = threading.Thread(target=_watch, args=(done, limit, timer, message), name="memcalc-trace-limit",
                                daemon=True)
    watchdog.start()
    try:
        with timer:
            yield timer
    finally:
        done.set()


def _watch(done: threading.Event, limit: float, timer: _Timer, message: str) -> None:
    if done.wait(limit):
        return
    timer.fire_from_thread()
    if done.wait(GRACE_S):
        return
    with contextlib.suppress(OSError):
        os.write(2, f"memcalc: error: {message} (it did not stop when interrupted)\n".encode())
    _real_exit(2)


class _Timer:
    """POSIX: SIGALRM at the limit raises _TimeUp in the main thread, also in time.sleep() or a
    blocking read. Elsewhere the watchdog thread interrupts the main thread with KeyboardInterrupt."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.fired = False
        self._posix = hasattr(signal, "setitimer")
        self._old: object = None

    def __enter__(self) -> _Timer:
        if self._posix:
            self._old = signal.signal(signal.SIGALRM, self._on_alarm)
            signal.setitimer(signal.ITIMER_REAL, self.limit)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._posix:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old)  # type: ignore[arg-type]

    def _on_alarm(self, signum: int, frame: object) -> None:
        self.fired = True
        raise _TimeUp

    def fire_from_thread(self) -> None:
        if not self._posix:
            import _thread

            self.fired = True
            _thread.interrupt_main()
