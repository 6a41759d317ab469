"""A user's model file never takes memcalc down: whatever it prints, raises or ends, the command
line answers with one line naming the file and line (exit 2), and JSONL with that line's error
object while the run goes on. Each case runs `main.py` in a subprocess, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests import support

pytest.importorskip("torch")

MODELS = '''
import os, sys, time
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        print("building Net")
        self.fc = nn.Linear(784, 10)

    def forward(self, x):
        print("forward", tuple(x.shape))
        os.write(1, b"written to descriptor 1\\n")
        return self.fc(x.flatten(1))


class Raises(Net):
    def forward(self, x):
        raise LookupError("no such layer")


class Exits(Net):
    def forward(self, x):
        sys.exit(0)


class HardExits(Net):
    def forward(self, x):
        os._exit(0)


class Interrupted(Net):
    def __init__(self):
        super().__init__()
        raise KeyboardInterrupt


class Sleeps(Net):
    def __init__(self):
        time.sleep(600)


class Stubborn(Net):
    def forward(self, x):
        while True:
            try:
                time.sleep(600)
            except BaseException:
                pass
'''


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("models") / "net.py"
    path.write_text(MODELS)
    return path


def _main(*argv: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "main.py", "estimate", *argv], cwd=support.ROOT, input=stdin,
                          capture_output=True, timeout=timeout, env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def _line(models: Path, name: str) -> str:
    return json.dumps({"model_file": f"{models}:{name}", "dataset": "mnist"})


FAILURES = [  # (class, what the one line says)
    ("Raises", "raised LookupError: no such layer (net.py, line 21)"),
    ("Exits", "raised SystemExit: 0 (net.py, line 26)"),
    ("HardExits", "called os._exit(0) (net.py, line 31)"),
    ("Interrupted", "raised KeyboardInterrupt (net.py, line 37)"),
]


def test_what_the_model_prints_never_reaches_the_json(models):
    proc = _main("--model-file", f"{models}:Net", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["config"]["model"] == f"{models}:Net"
    err = proc.stderr.decode()
    assert "building Net" in err and "forward (2, 1, 28, 28)" in err and "written to descriptor 1" in err


def test_jsonl_answers_every_line_whatever_the_model_does(models):
    names = ["Net", *(name for name, _ in FAILURES), "Net"]
    lines = [_line(models, name) for name in names]
    lines.insert(1, json.dumps({"model_file": "~nosuchuser/x.py:Net"}))
    lines.insert(2, json.dumps({"model_file": "n" * 300 + ".py:Net"}))
    proc = _main("--jsonl", "-", stdin="\n".join(lines).encode() + b"\n")
    assert proc.returncode == 0, proc.stderr
    results = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert len(results) == len(lines)
    assert "config" in results[0] and "config" in results[-1]
    assert results[1]["field"] == "model_file" and "cannot be found" in results[1]["error"]
    assert results[2]["field"] == "model_file" and "File name too long" in results[2]["error"]
    for result, (_, said) in zip(results[3:-1], FAILURES):
        assert said in result["error"] and result["field"] == "model_file"


@pytest.mark.parametrize("name, said", FAILURES)
def test_a_model_that_fails_or_ends_the_process_is_one_line_and_exit_2(models, name, said):
    proc = _main("--model-file", f"{models}:{name}", "--json")
    err = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and proc.stdout == b""
    assert err[-1].startswith("memcalc: error: model_file:") and said in err[-1]
    assert "Traceback" not in proc.stderr.decode()


@pytest.mark.parametrize("path, said", [("~nosuchuser/x.py", "cannot be found"),
                                        ("n" * 300 + ".py", "File name too long")])
def test_a_model_path_that_cannot_be_opened_is_one_line(path, said):
    proc = _main("--model-file", f"{path}:Net")
    lines = proc.stderr.decode().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and said in lines[0] and "Traceback" not in lines[0]


@pytest.mark.parametrize("name", ["Sleeps", "Stubborn"])
def test_a_trace_past_its_time_limit_stops_with_exit_2_naming_the_file(models, name):
    started = time.monotonic()
    proc = _main("--model-file", f"{models}:{name}", "--trace-timeout", "15", "--json")
    assert proc.returncode == 2 and proc.stdout == b""
    last = proc.stderr.decode().splitlines()[-1]
    assert f"{models}:{name}" in last and "took longer than 15 s" in last
    assert time.monotonic() - started < 60


def test_jsonl_on_a_named_pipe_no_one_writes_to_stops(tmp_path):
    fifo = tmp_path / "configs"
    os.mkfifo(fifo)
    proc = _main("--jsonl", str(fifo), "--trace-timeout", "1", timeout=30)
    assert proc.returncode == 2 and "no program wrote to in 1 s" in proc.stderr.decode()


def test_a_model_file_edited_in_the_same_second_is_traced_anew(tmp_path):
    path = tmp_path / "edited.py"
    path.write_text("from torch import nn\nNet = lambda: nn.Sequential(nn.Flatten(), nn.Linear(784, 10))\n")
    stamp = path.stat().st_mtime_ns
    second = json.dumps({"model_file": f"{path}:Net", "batch_size": 4})
    script = (f"import os, sys\n"  # the edit happens between two lines of one run
              f"print({second!r}, flush=True)\n"
              f"sys.stdin.readline()\n"
              f"open({str(path)!r}, 'w').write('from torch import nn\\nNet = lambda: nn.Sequential(nn.Flatten(), "
              f"nn.Linear(784, 20), nn.Linear(20, 10))\\n')\n"
              f"os.utime({str(path)!r}, ns=({stamp}, {stamp}))\n"
              f"print({second!r}, flush=True)\n")
    with subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE) as feeder, \
         subprocess.Popen([sys.executable, "main.py", "estimate", "--jsonl", "-"], cwd=support.ROOT,
                          stdin=feeder.stdout, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as proc:
        feeder.stdout.close()
        first = json.loads(proc.stdout.readline())
        feeder.stdin.write(b"\n")
        feeder.stdin.close()
        then = json.loads(proc.stdout.readline())
    counts = [sum(row["parameters"] for row in r["layers"] if row["kind"] == "Linear") for r in (first, then)]
    assert counts == [7850, 784 * 20 + 20 + 210]
