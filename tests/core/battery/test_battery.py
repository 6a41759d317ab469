"""The battery: each case of cases.py run as `main.py estimate ...` (or `probe`) in a subprocess,
with its own config folder, checked against the promise its kind makes."""

from __future__ import annotations

import concurrent.futures
import json
import os
import subprocess
import sys
import time

import pytest

from tests import support
from tests.core.battery.cases import CASES, Case

MEMORY_LIMIT_KIB = 4 << 20
"""Address space of each run (importing torch needs about 3 GiB): input read without bound fails
the case, not the machine."""


def _stdout(case: Case):
    if case.stdout == "full":
        return open("/dev/full", "w")
    if case.stdout == "gone":
        read, write = os.pipe()
        os.close(read)
        return os.fdopen(write, "w")
    return subprocess.PIPE


def _run(case: Case, config_dir) -> subprocess.CompletedProcess:
    if case.calibration is not None:
        case.calibration(config_dir / "calibration.json")
    env = {**os.environ, "MEMCALC_CONFIG_DIR": str(config_dir), "PYTHONIOENCODING": case.encoding}
    close = " >&-" if case.stdout == "closed" else ""
    command = ["sh", "-c", f'ulimit -v {MEMORY_LIMIT_KIB}; exec "$@"{close}', "sh",
               sys.executable, "main.py", case.command, *case.argv]
    stdout = _stdout(case)
    try:
        return subprocess.run(command, cwd=support.ROOT, env=env, input=case.stdin,
                              stdin=None if case.stdin is not None else subprocess.DEVNULL, stdout=stdout,
                              stderr=subprocess.PIPE, timeout=case.seconds)
    finally:
        if stdout is not subprocess.PIPE:
            stdout.close()


def _lines(data: bytes | None) -> list[str]:
    return (data or b"").decode("utf-8").splitlines()


def _results(proc) -> list[dict]:
    return [json.loads(line) for line in _lines(proc.stdout)]


def _check_error(case: Case, proc) -> None:
    assert proc.returncode == 2 and _lines(proc.stdout) == []
    [line] = _lines(proc.stderr)
    assert line.startswith("memcalc: error: ") and case.named in line


def _check_stopped(case: Case, proc) -> None:
    assert proc.returncode == 2
    [line] = _lines(proc.stderr)
    assert line.startswith("memcalc: error: ") and case.named in line
    assert [set(r) for r in _results(proc)] == [{"error", "line"}]


def _check_jsonl(case: Case, proc) -> None:
    assert proc.returncode == 0 and _lines(proc.stderr) == []
    first, bad, last = _results(proc)
    assert first["config"]["batch_size"] == last["config"]["batch_size"] == 8
    assert set(bad) <= {"error", "field", "line"} and bad["line"] == 2 and case.named in bad["error"]
    assert len(bad["error"]) < 400


def _check_all(case: Case, proc, good: bool) -> None:
    assert proc.returncode == 0 and _lines(proc.stderr) == []
    results = _results(proc)
    assert results
    for result in results:
        assert ("config" in result) if good else (case.named in result["error"])


def _check_warning(case: Case, proc) -> None:
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["gpu_memory_bytes"] > 0
    [line] = _lines(proc.stderr)
    assert line.startswith("memcalc: warning: ") and case.named in line


def _check_ok(case: Case, proc) -> None:
    assert proc.returncode == 0 and _lines(proc.stderr) == []
    config = json.loads(proc.stdout)["config"]
    assert {k: config[k] for k in case.config} == case.config


def _check_output(case: Case, proc) -> None:
    assert proc.returncode == 1
    if case.expect == "quiet":
        assert _lines(proc.stderr) == []
    else:
        [line] = _lines(proc.stderr)
        assert line == f"memcalc: error: cannot write the output: {case.named}"


CHECKS = {
    "error": _check_error,
    "stopped": _check_stopped,
    "jsonl": _check_jsonl,
    "jsonl-all-good": lambda case, proc: _check_all(case, proc, good=True),
    "jsonl-all-bad": lambda case, proc: _check_all(case, proc, good=False),
    "warning": _check_warning,
    "ok": _check_ok,
    "output": _check_output,
    "quiet": _check_output,
}


def _timed(case: Case, config_dir) -> tuple[subprocess.CompletedProcess | None, float]:
    start = time.monotonic()
    try:
        proc = _run(case, config_dir)
    except subprocess.TimeoutExpired:
        proc = None
    return proc, time.monotonic() - start


@pytest.fixture(scope="module")
def runs(request, tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess | None, float]]:
    """Every selected case, run a few at a time (each is a fresh interpreter, mostly waiting)."""
    selected = [item.callspec.params["case"] for item in request.session.items
                if hasattr(item, "callspec") and "case" in item.callspec.params]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2 * (os.cpu_count() or 1)) as pool:
        futures = {c.id: pool.submit(_timed, c, tmp_path_factory.mktemp("config")) for c in selected}
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_promise_holds(case, runs):
    proc, seconds = runs[case.id]
    assert proc is not None and seconds < case.seconds, f"still running after {seconds:.0f} s"
    for stream in (proc.stdout, proc.stderr):
        assert b"Traceback" not in (stream or b"")
    CHECKS[case.expect](case, proc)


def test_the_battery_is_broad():
    assert len(CASES) >= 100 and len({c.id for c in CASES}) == len(CASES)
    assert {c.expect for c in CASES} == set(CHECKS)
