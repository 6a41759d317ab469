"""`python main.py estimate`: tables, JSON, JSONL and bad input."""

import io
import json
import subprocess
import sys

import pytest

from core.cli.estimate import run_estimate
from tests import support

ROOT = support.ROOT


def _run(*argv: str, stdin: str | None = None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        sys_stdin, sys.stdin = sys.stdin, io.StringIO(stdin)
    try:
        code = run_estimate(list(argv), out, err)
    finally:
        if stdin is not None:
            sys.stdin = sys_stdin
    return code, out.getvalue(), err.getvalue()


def test_json_has_the_promised_keys():
    code, out, _ = _run("--dataset", "mnist", "--hidden", "128", "--batch-size", "64", "--json")
    assert code == 0
    result = json.loads(out)
    keys = ("peak_bytes", "components", "timeline", "max_batch_size", "recommended_batch_size", "naive_bytes", "layers")
    for key in keys:
        assert key in result
    assert result["peak_bytes"] == max(p["bytes"] for p in result["timeline"])
    assert sum(result["components"].values()) == result["peak_bytes"]
    assert result["layers"][1]["formula"] == "784 × 128 + 128 = 100,480"


def test_table_names_components_and_batch_sizes():
    code, out, _ = _run("--dataset", "cifar10", "--hidden", "512,256", "--optimizer", "sgd-momentum")
    assert code == 0
    assert "optimizer_state" in out and "max batch size" in out
    assert "x = 64 × 3 × 32 × 32 × 4 B = 786,432 B" in out


def test_empty_hidden_is_a_linear_classifier():
    code, out, _ = _run("--hidden", "", "--json")
    assert code == 0
    assert json.loads(out)["parameter_count"] == 784 * 10 + 10


def test_custom_dataset_and_gpu():
    code, out, _ = _run(
        "--dataset", "custom", "--input-shape", "3,64,64", "--classes", "7",
        "--gpu", "custom", "--gpu-memory-gb", "8", "--json",
    )
    assert code == 0
    result = json.loads(out)
    assert result["config"]["input_shape"] == [3, 64, 64]
    assert result["gpu_memory_bytes"] == 8 << 30  # GiB, as cards are sold


def test_list_gpus_has_the_h100():
    code, out, _ = _run("--list-gpus")
    assert code == 0 and "h100-80gb" in out


@pytest.mark.parametrize(
    "argv, named",
    [
        (["--dataset", "svhn"], "svhn"),
        (["--optimizer", "lion"], "lion"),
        (["--hidden", "12a"], "12a"),
        (["--hidden", "-5"], "-5"),
        (["--batch-size", "0"], "0"),
        (["--hidden", "1" + "0" * 30], "1" + "0" * 30),
        (["--dtype", "int8"], "int8"),
        (["--gpu", "tpu"], "tpu"),
        (["--dataset", "custom", "--input-shape", "3,32"], "3, 32"),
        (["--jsonl", "/nonexistent/configs.jsonl"], "/nonexistent/configs.jsonl"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_value(argv, named):
    code, out, err = _run(*argv)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and named in err
    assert "Traceback" not in err


def test_huge_model_is_not_bad_input_it_does_not_fit():
    code, out, _ = _run("--hidden", "1000000,1000000", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["fits"] is False and result["max_batch_size"] == 0


def test_jsonl_answers_every_line_in_order():
    lines = "\n".join([
        json.dumps({"dataset": "cifar10", "hidden": [256], "batch_size": 32}),
        json.dumps({"dataset": "nope"}),
        "not json",
        json.dumps({"dataset": "mnist", "hidden": [], "dtype": "bfloat16", "optimizer": "adagrad", "batch_size": 8}),
    ])
    code, out, _ = _run("--jsonl", "-", stdin=lines + "\n")
    assert code == 0
    results = [json.loads(line) for line in out.splitlines()]
    assert len(results) == 4
    assert results[0]["config"]["dataset"] == "cifar10"
    assert "nope" in results[1]["error"] and results[1]["line"] == 2
    assert "error" in results[2]
    assert results[3]["config"]["hidden"] == []


def test_main_py_runs_the_cli_in_a_subprocess():
    proc = subprocess.run(
        [sys.executable, "main.py", "estimate", "--batch-size", "0"],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("batch_size: 0 must be at least 1")


def test_import_core_pulls_in_neither_torch_nor_qt():
    code = "import sys, core; print(','.join(m for m in ('torch', 'PySide6', 'pyqtgraph', 'gui') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == ""
