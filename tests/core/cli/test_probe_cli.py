"""`python main.py probe`: no CUDA, bad input, and a full run on the fake backend."""

import io
import json
import os
import subprocess
import sys

import pytest

from core.cli.probe import run_probe_cli
from core.measure.calibration import find_calibration
from tests import support
from tests.support.fake_backend import FakeBackend

ROOT = support.ROOT
# 4 GB: until calibrated, an Ampere card's context counts at its high side (1.4 GiB)
DEVICE = {"name": "Fake GPU", "total_memory_bytes": 4 * 10**9, "architecture": "Ampere", "sm_count": 40,
          "threads_per_sm": 1536}


def _run(*argv, backend=None):
    out, err = io.StringIO(), io.StringIO()
    code = run_probe_cli(list(argv), out, err, backend=backend or FakeBackend(), device=DEVICE)
    return code, out.getvalue(), err.getvalue()


def test_without_cuda_exits_3_with_one_line():
    env = {**os.environ, "CUDA_VISIBLE_DEVICES": ""}
    proc = subprocess.run([sys.executable, "main.py", "probe", "--hidden", "64"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 3
    assert proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "cannot measure here: no CUDA device" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("argv, named", [(["--hidden", "12a"], "12a"), (["--iterations", "0"], "0"),
                                         (["--optimizer", "lion"], "lion"), (["--bogus"], "--bogus")])
def test_bad_input_exits_2_before_looking_for_a_gpu(argv, named):
    proc = subprocess.run([sys.executable, "main.py", "probe", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and named in proc.stderr


def test_table_puts_measured_next_to_predicted_and_saves_a_calibration():
    code, out, _ = _run("--hidden", "16")
    assert code == 0
    assert "predicted for Fake GPU; workspace and context are estimated" in out
    line = next(row for row in out.splitlines() if row.startswith("parameters"))
    assert "10,000" in line and "%" in line
    assert "calibration saved to" in out
    cal = find_calibration("Fake GPU")
    assert (cal.workspace_bytes, cal.cuda_context_bytes) == (FakeBackend.WORKSPACE, FakeBackend.CONTEXT)
    _, again, _ = _run("--hidden", "16", "--no-save")  # now predicts with the calibration
    assert "workspace and context are calibrated (measured on this machine: Fake GPU" in again


def test_json_has_both_sides_and_the_max_batch():
    code, out, _ = _run("--hidden", "16", "--json", "--max-batch", backend=FakeBackend(oom_above=500))
    assert code == 0
    data = json.loads(out)
    assert data["measured"]["status"] == "done"
    assert data["max_batch"]["max_batch_size"] == 500 and data["max_batch"]["recommended_batch_size"] == 400
    rows = {r["name"]: r for r in data["totals"]}
    peak = rows["peak allocated"]
    assert peak["difference"] == peak["measured"] - peak["predicted"]
    assert peak["predicted"] == data["predicted"]["peak_bytes"]


def test_out_of_memory_prints_the_result_and_exits_1():
    code, out, err = _run("--batch-size", "8192", backend=FakeBackend(oom_at=("backward", 8192)))
    assert code == 1
    assert "out of memory in backward at batch 8192" in out
    assert err == "memcalc: out of memory in backward at batch 8192: tried to allocate 20.00 MiB with 3.12 MiB free\n"
    assert find_calibration() is None  # an interrupted run calibrates nothing


@pytest.mark.parametrize("json_output", [False, True])
def test_a_calibration_that_cannot_be_saved_still_prints_the_measurement(tmp_path, json_output):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "calibration.json").mkdir()  # a folder where the file should be
    code, out, err = _run("--hidden", "16", *(["--json"] if json_output else []))
    assert code == 0
    if json_output:
        data = json.loads(out)
        assert data["measured"]["status"] == "done" and data["calibration_saved_to"] is None
        assert "calibration.json" in data["calibration_problem"]
    else:
        assert "peak allocated" in out and "calibration not saved: cannot save the calibration" in out
    reading, saving = err.splitlines()  # the folder could not be read, nor replaced
    assert reading.startswith("memcalc: warning: ") and reading.endswith("is not a regular file; no calibration read")
    assert saving.startswith("memcalc: warning: calibration not saved: cannot save the calibration")


def test_a_damaged_calibration_file_is_a_warning_and_the_probe_still_runs(tmp_path):
    (tmp_path / "config").mkdir()
    entry = {"gpu_name": "Fake GPU", "torch_version": "0.0-fake", "workspace_bytes": "abc",
             "cuda_context_bytes": 1, "memory_bytes": 1}
    (tmp_path / "config" / "calibration.json").write_text(json.dumps({"version": 1, "entries": [entry]}))
    code, out, err = _run("--hidden", "16")
    assert code == 0 and "workspace and context are estimated" in out
    assert err.count("\n") == 1 and "workspace_bytes 'abc'" in err and err.startswith("memcalc: warning:")
    saved = json.loads((tmp_path / "config" / "calibration.json").read_text())["entries"]
    assert saved[0] == entry and len(saved) == 2  # the damaged entry is kept as it was
