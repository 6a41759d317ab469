"""EstimateProcess: traced estimates in a child process, so the window never waits for torch.

Importing torch and tracing a model hold the GIL for hundreds of milliseconds at a time (loading
libtorch, garbage collection of torch's million objects, dispatch), which no thread can stop from
freezing the GUI thread. The child (spawned, never forked: the parent runs Qt threads) imports
torch once and keeps the engine's trace cache, so another batch of a traced model is quick. Its
results come back pickled (no torch in them); the GUI process never imports torch for them.

Remedies get a process of their own (`shared_process("remedies")`): they take seconds, and the
batch slider must not wait behind them. One request runs at a time in each. A caller that stops
waiting (its result is stale) leaves the reply to be read and dropped by the next call; `stop()`
ends the child at once: SIGTERM, then SIGKILL for a child that does not end (a user's model
may ignore SIGTERM), so that neither a Cancel nor the app's exit waits on a hung trace. The next
call starts a fresh child."""

from __future__ import annotations

import io
import logging
import multiprocessing
import pickle
import threading
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from core import ConfigError, Estimate, TrainingConfig
from core.engine.schema import Shown

from .preparing import light_reduce, prepared, prepared_remedies

__all__ = [
    "EstimateProcess", "ProcessEnded", "RemoteError", "cancellable", "encode_reply", "shared_process", "stop_shared",
]

log = logging.getLogger(__name__)

POLL_S = 0.05
TERMINATE_GRACE_S = 2.0
"""How long a child has to end after SIGTERM before it is killed."""


class RemoteError(RuntimeError):
    """An unexpected error in the child, with its traceback as text."""


class ProcessEnded(RuntimeError):
    """The child ended before it answered (killed, out of memory, a crash in native code)."""


class Cancelled(Exception):
    """The caller's cancel flag was set while it waited."""


def _run(name: str, config: TrainingConfig) -> object:
    if name == "estimate":
        from core import estimate

        return prepared(estimate(config))
    if name == "remedies":
        return prepared_remedies(config)
    if name == "gpus":
        from core import compare_gpus

        return compare_gpus(config)
    raise ValueError(f"no request {name!r}")


def _plain(value: object) -> object:
    if isinstance(value, Shown):
        value = value.original
    return value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)


def _error(exc: BaseException) -> tuple[str, tuple[Any, ...]]:
    if isinstance(exc, ConfigError):
        return "config", (exc.field, _plain(exc.value), exc.code, {k: _plain(v) for k, v in exc.params.items()})
    return "error", (f"{type(exc).__name__}: {exc}", traceback.format_exc())


def _rebuilt(kind: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> BaseException:
    error = kind.__new__(kind)
    BaseException.__init__(error, *args)
    error.__dict__.update(state)
    return error


class _Pickler(pickle.Pickler):
    """Pickles the engine's exceptions by their args and attributes: one whose __init__ takes
    other arguments than its args (AllocatorOOM, kept in an estimate that does not fit) would not
    unpickle otherwise. Python's own exceptions pickle as they always do (OSError keeps errno).
    An estimate comes back light (preparing.LightEstimate): its programs stay pickled until read."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, BaseException) and type(obj).__module__.split(".")[0] == "core":
            return _rebuilt, (type(obj), obj.args, dict(obj.__dict__))
        if isinstance(obj, Estimate):
            return light_reduce(obj, encode_reply)
        return NotImplemented


def encode_reply(reply: object) -> bytes:
    """A reply as the child sends it (pickle.loads reads it back)."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(reply)
    return buffer.getvalue()


def serve(conn: Connection) -> None:
    """The child's loop: (name, config) in, ("ok", result) or an error out, until the pipe closes."""
    while True:
        try:
            name, config = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply: tuple[str, Any] = ("ok", _run(name, config))
        except Exception as exc:  # every failure goes back to the window, which shows it in place
            reply = _error(exc)
        try:
            data = encode_reply(reply)
        except Exception as exc:  # an unpicklable result
            data = encode_reply(_error(exc))
        conn.send_bytes(data)


class EstimateProcess:
    def __init__(self, name: str = "estimates") -> None:
        self.name = name
        self._lock = threading.Lock()
        self._process: Any = None
        self._conn: Connection | None = None
        self._unread = 0
        self.busy_since: float | None = None
        """time.monotonic() when the request under way was sent; None when none is."""
        self.calls = 0
        """Requests answered by the child since it started: 0 means torch is not imported yet."""

    def is_warm(self) -> bool:
        return self._process is not None and self._process.is_alive() and self.calls > 0

    def call(self, name: str, config: TrainingConfig, cancel: threading.Event | None = None) -> object:
        """Run request `name` ("estimate", "remedies") for `config` in the child and return its
        result; raises ConfigError or RemoteError as the child did, Cancelled when `cancel` is set."""
        while not self._lock.acquire(timeout=POLL_S):
            if cancel is not None and cancel.is_set():
                raise Cancelled
        try:
            conn = self._connection()
            try:
                while self._unread:
                    self._receive(conn, cancel)
                    self._unread -= 1
                conn.send((name, config))
                self._unread += 1
                self.busy_since = time.monotonic()
                kind, payload = self._receive(conn, cancel)
            except (EOFError, OSError, BrokenPipeError):
                self._forget()
                raise ProcessEnded("the estimate process ended unexpectedly") from None
            self._unread -= 1
            self.busy_since = None
            self.calls += 1
        finally:
            self._lock.release()
        if kind == "ok":
            return payload
        if kind == "config":
            field, value, code, params = payload
            raise ConfigError(field, value, code, **params)
        raise RemoteError(payload[0] + "\n" + payload[1])

    def _receive(self, conn: Connection, cancel: threading.Event | None) -> tuple[str, Any]:
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled
            if conn.poll(POLL_S):
                break
            if self._process is None or not self._process.is_alive():
                raise EOFError
        data = conn.recv_bytes()
        try:
            reply: tuple[str, Any] = pickle.loads(data)
        except Exception as exc:  # the answer is read, so the next call waits for its own
            return _error(exc)
        return reply

    def _connection(self) -> Connection:
        if self._conn is None or self._process is None or not self._process.is_alive():
            self._forget()
            context = multiprocessing.get_context("spawn")
            parent, child = context.Pipe()
            self._process = context.Process(target=serve, args=(child,), name=f"memcalc-{self.name}",
                                            daemon=True)
            self._process.start()
            child.close()
            self._conn, self._unread, self.calls = parent, 0, 0
        return self._conn

    def _forget(self) -> None:
        if self._conn is not None:
            self._conn.close()
        self._conn, self._process, self._unread, self.busy_since = None, None, 0, None

    def busy_for(self) -> float:
        """Seconds the request under way has been running; 0 when none is."""
        since = self.busy_since
        return 0.0 if since is None else time.monotonic() - since

    def stop(self, grace_s: float = TERMINATE_GRACE_S) -> None:
        """End the child now, whatever it is doing: SIGTERM, then after `grace_s` SIGKILL. The
        call waiting on it raises ProcessEnded; the next call starts a fresh child."""
        process = self._process
        if process is not None and process.is_alive():
            process.terminate()
            process.join(grace_s)
            if process.is_alive():
                log.warning("the %s process did not end on SIGTERM; killed", self.name)
                process.kill()
                process.join(grace_s)
        if self._lock.acquire(timeout=1):
            try:
                self._forget()
            finally:
                self._lock.release()


_shared: dict[str, EstimateProcess] = {}


def shared_process(name: str = "estimates") -> EstimateProcess:
    """The application's process for `name` ("estimates", "remedies"), shared by every window."""
    if name not in _shared:
        _shared[name] = EstimateProcess(name)
    return _shared[name]


def stop_shared() -> None:
    """End every shared process (the application quits)."""
    for process in _shared.values():
        process.stop()


def cancellable(process: EstimateProcess, name: str, config: TrainingConfig) -> Callable[..., object]:
    """A Job function that asks `process` and gives up (returning None) when cancelled."""

    def run(_progress: Callable[..., None], cancel: threading.Event) -> object:
        try:
            return process.call(name, config, cancel)
        except Cancelled:
            return None

    return run
