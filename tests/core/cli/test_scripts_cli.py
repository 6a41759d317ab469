"""The estimate command for scripts and CI: --check's exit status, --format, --compare-gpus, the
memory snapshot written and compared."""

import csv
import io
import json
import subprocess
import sys

from core.cli.estimate import run_estimate
from core.engine.catalog import gpus
from tests import support


def _run(*argv: str):
    out, err = io.StringIO(), io.StringIO()
    code = run_estimate(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_check_says_fits_does_not_fit_and_bad_input():
    assert _run("--check", "--hidden", "128")[0] == 0
    code, out, _ = _run("--check", "--hidden", "4096", "--batch-size", "100000000")
    assert code == 3 and "does not fit" in out
    assert _run("--check", "--batch-size", "0")[0] == 2
    assert _run("--hidden", "4096", "--batch-size", "100000000")[0] == 0  # without --check


def test_csv_and_json_formats():
    code, out, _ = _run("--format", "csv")
    rows = dict(csv.reader(io.StringIO(out)))
    assert code == 0 and rows["peak_bytes"] == str(json.loads(_run("--json")[1])["peak_bytes"])
    assert json.loads(_run("--format", "json")[1])["fits"] is True
    code, _, err = _run("--json", "--format", "csv")
    assert code == 2 and "--format csv" in err


def test_compare_gpus_lists_every_card_fitting_ones_smallest_first():
    code, out, _ = _run("--compare-gpus", "--hidden", "4096", "--batch-size", "600000", "--format", "json")
    rows = json.loads(out)
    assert code == 0 and {r["gpu"] for r in rows} == set(gpus())
    fitting = [r for r in rows if r["fits"]]
    assert fitting and len(fitting) < len(rows) and rows[:len(fitting)] == fitting
    assert [r["usable_bytes"] for r in fitting] == sorted(r["usable_bytes"] for r in fitting)
    assert all(r["share"] <= 1 for r in fitting) and all(r["share"] > 1 for r in rows if not r["fits"])
    assert all(r["recommended_batch_size"] == int(0.8 * r["max_batch_size"]) for r in rows)
    h100 = next(r for r in rows if r["gpu"] == "h100-80gb")
    assert h100["measured"] and not next(r for r in rows if r["gpu"] == "t4-16gb")["measured"]
    table = _run("--compare-gpus", "--hidden", "4096", "--batch-size", "600000")[1]
    assert "measured" in table.splitlines()[1 + [r["gpu"] for r in rows].index("h100-80gb")]


def test_compare_gpus_check_fails_only_when_no_card_fits():
    assert _run("--compare-gpus", "--check", "--hidden", "4096", "--batch-size", "600000")[0] == 0
    assert _run("--compare-gpus", "--check", "--hidden", "4096", "--batch-size", "100000000")[0] == 3
    assert _run("--compare-gpus", "--remedies")[0] == 2


def test_memory_viz_written_then_compared(tmp_path):
    path = str(tmp_path / "step.pickle")
    assert _run("--hidden", "512", "--memory-viz", path)[0] == 0
    code, out, _ = _run("--hidden", "512", "--compare-snapshot", path, "--json")
    rows = {r["name"]: r for r in json.loads(out)["snapshot"]["rows"]}
    assert code == 0 and rows["peak allocated"]["difference"] == 0 and rows["peak reserved"]["difference"] == 0
    code, out, _ = _run("--hidden", "512", "--batch-size", "128", "--compare-snapshot", path)
    assert code == 0 and "measured (the snapshot) beside predicted" in out
    code, _, err = _run("--compare-snapshot", str(tmp_path / "none.pickle"))
    assert code == 2 and err.count("\n") == 1 and "not a memory snapshot" in err
    code, _, err = _run("--memory-viz", str(tmp_path / "no" / "dir.pickle"))
    assert code == 2 and "cannot be written" in err


def test_check_as_a_ci_job_would_run_it():
    args = [sys.executable, "main.py", "estimate", "--check", "--hidden", "4096", "--batch-size", "100000000"]
    assert subprocess.run(args, cwd=support.ROOT, capture_output=True).returncode == 3
