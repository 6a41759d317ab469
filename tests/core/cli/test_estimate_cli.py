"""`python main.py estimate`: tables, JSON, JSONL and bad input."""

import io
import json
import os
import subprocess
import sys

import pytest

from core.cli.estimate import run_estimate
from tests import support

ROOT = support.ROOT


def _run(*argv: str, stdin: str | bytes | None = None):
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        data = stdin.encode() if isinstance(stdin, str) else stdin
        sys_stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(data))
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


def test_list_gpus_gives_each_card_one_figure_in_one_unit():
    code, out, _ = _run("--list-gpus")
    assert code == 0
    v100 = next(line for line in out.splitlines() if line.startswith("v100-16gb"))
    assert v100.split()[-2:] == ["16.00", "GiB"] and " GB " not in v100.replace("V100 16 GB", "")


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
        (["--dataset", "custom", "--input-shape", "3,32,32,1,1", "--classes", "7"], "3,32,32,1,1"),
        (["--jsonl", "/nonexistent/configs.jsonl"], "/nonexistent/configs.jsonl"),
        (["--batch-size", "-1e3"], "'-1e3'"),  # argparse took it for an option: "expected one argument"
        (["--gpu", "custom", "--gpu-memory-gb", "-inf"], "'-inf'"),
        (["--dataset", "custom", "--input-shape", "-1,2,2", "--classes", "3"], "input_shape: -1"),
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


# ---- JSONL: every bad line is its own error object ----

GOOD_LINE = json.dumps({"batch_size": 8})


def _jsonl(data: bytes):
    code, out, err = _run("--jsonl", "-", stdin=data)
    return code, [json.loads(line) for line in out.splitlines()], err


@pytest.mark.parametrize("line, field, named", [
    ('{"dataset": ["mnist"]}', "dataset", "['mnist']"),
    ('{"gpu": {}}', "gpu", "{}"),
    ('{"dtype": 16}', "dtype", "16"),
    ('{"dataset": "custom", "classes": 3, "input_shape": 784}', "input_shape", "784"),
    ('{"dataset": "custom", "classes": 3, "input_shape": true}', "input_shape", "True"),
    ('{"batch_size": ' + "9" * 5000 + "}", "batch_size", "5,000 digits"),
    ('{"hidden": [' + "9" * 5000 + "]}", "hidden", "5,000 digits"),
    ('{"gpu": "custom", "gpu_memory_gb": true}', "gpu_memory_gb", "True"),
    ('{"gpu": "custom", "gpu_memory_gb": NaN}', "gpu_memory_gb", "nan"),
    ('{"dataset": "' + "x" * 5000 + '"}', "dataset", "5,000 characters"),
    ('{"batch_size": 1, "batch_size": 2}', "key", "batch_size"),
    ('{"hidden": ' + "[" * 50 + "1" + "]" * 50 + "}", "hidden", "[[[[...]]]]"),
    ('{"dataset": "custom", "input_shape": [1000000000000000000000000000000, 1, 1], "classes": 3}', "input_shape",
     "1000000000000000000000000000000"),
    ('{"dataset": "custom", "input_shape": [1, 1, 1], "classes": 1000000000000000000000000000000}', "classes",
     "1000000000000000000000000000000"),
])
def test_a_value_of_the_wrong_type_or_size_is_one_error_object_naming_it(line, field, named):
    code, results, err = _jsonl(f"{GOOD_LINE}\n{line}\n{GOOD_LINE}\n".encode())
    assert code == 0 and err == ""
    first, bad, last = results
    assert first["config"]["batch_size"] == last["config"]["batch_size"] == 8
    assert bad["field"] == field and bad["line"] == 2 and named in bad["error"]
    assert len(bad["error"]) < 300


@pytest.mark.parametrize("line, reason", [
    (b"[" * 100_000 + b"]" * 100_000, "is not JSON (nested too deeply)"),
    (b'{"batch_size": 8', "is not JSON"),
    (b"[1, 2]", "is not a JSON object: [1, 2]"),
    (b'{"dataset": "mn\xffist"}', "is not UTF-8 (byte 0xff at byte 16)"),
    (b'{"batch_size": 8}\x00', "has NUL bytes"),
])
def test_a_line_that_is_no_config_is_one_error_object(line, reason):
    code, results, _ = _jsonl(GOOD_LINE.encode() + b"\n" + line + b"\n" + GOOD_LINE.encode() + b"\n")
    assert code == 0 and len(results) == 3
    assert set(results[1]) == {"error", "line"} and results[1]["line"] == 2
    assert results[1]["error"].startswith(f"line 2 {reason}")
    assert "config" in results[0] and "config" in results[2]


def test_a_byte_order_mark_does_not_spoil_line_1():
    code, results, _ = _jsonl(b"\xef\xbb\xbf" + GOOD_LINE.encode() + b"\n")
    assert code == 0 and results[0]["config"]["batch_size"] == 8


def test_a_utf16_file_is_an_error_object_per_line_not_a_traceback(tmp_path):
    path = tmp_path / "configs.jsonl"
    path.write_text(GOOD_LINE + "\n" + GOOD_LINE + "\n", encoding="utf-16")
    code, out, err = _run("--jsonl", str(path))
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and err == "" and results
    assert all("UTF-8" in r["error"] for r in results)


def test_a_line_longer_than_the_cap_stops_the_run_with_one_line(monkeypatch):
    from core.cli import jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", 64)
    code, results, err = _jsonl(GOOD_LINE.encode() + b"\n" + b" " * 100 + b"\n" + GOOD_LINE.encode() + b"\n")
    assert code == 2
    assert results[0]["config"]["batch_size"] == 8
    assert results[1] == {"error": "line 2 is longer than 64 bytes; stopped reading", "line": 2}
    assert err == "memcalc: error: jsonl: '-' line 2 is longer than 64 bytes; stopped reading\n"


def test_a_line_of_exactly_the_cap_is_read(monkeypatch):
    from core.cli import jsonl

    monkeypatch.setattr(jsonl, "MAX_LINE_BYTES", len(GOOD_LINE) + 1)
    code, results, _ = _jsonl(GOOD_LINE.encode() + b"\n")
    assert code == 0 and results[0]["config"]["batch_size"] == 8


# ---- options that would be ignored are refused ----

@pytest.mark.parametrize("argv, message", [
    (["--gpu-memory-gb", "24"], "gpu_memory_gb: '24' is only used with gpu custom"),
    (["--gpu", "h100-80gb", "--gpu-memory-gb", "24"], "gpu_memory_gb: '24' is only used with gpu custom"),
    (["--gpu", "custom"], "gpu_memory_gb is needed with gpu custom"),
    (["--input-shape", "3,32,32"], "input_shape: '3,32,32' is only used with dataset custom"),
    (["--classes", "7"], "classes: '7' is only used with dataset custom"),
    (["--dataset", "custom", "--classes", "7"], "input_shape is needed with dataset custom"),
    (["--jsonl", ""], "jsonl: '' is not a file name ('-' reads stdin)"),
    (["--jsonl", "-", "--batch-size", "8"], "--batch-size cannot be combined with --jsonl"),
    (["--jsonl", "-", "--json"], "--json cannot be combined with --jsonl"),
    (["--jsonl", "-", "--list-gpus"], "--list-gpus cannot be combined with --jsonl"),
    (["--list-gpus", "--gpu", "t4-16gb"], "--gpu cannot be combined with --list-gpus"),
    (["--list-gpus", "--json"], "--json cannot be combined with --list-gpus"),
    (["--gpu", "custom", "--gpu-memory-gb", "1e-12"], "gpu_memory_gb: '1e-12' must be a size in GiB"),
])
def test_an_option_that_would_be_ignored_is_refused(argv, message):
    code, out, err = _run(*argv, stdin="")
    assert (code, out) == (2, "")
    assert err.startswith(f"memcalc: error: {message}") and err.count("\n") == 1


def test_in_jsonl_a_pairing_is_checked_per_line():
    lines = [{"classes": 5}, {"gpu": "custom"}, {"gpu": "t4-16gb", "gpu_memory_gb": 8},
             {"gpu": "custom", "gpu_memory_gb": 8}]
    code, results, _ = _jsonl("".join(json.dumps(line) + "\n" for line in lines).encode())
    assert code == 0
    assert [r.get("field") for r in results[:3]] == ["classes", "gpu_memory_gb", "gpu_memory_gb"]
    assert results[3]["gpu_memory_bytes"] == 8 << 30


# ---- gpu local and a damaged calibration ----

def _calibration(tmp_path, *entries) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "calibration.json").write_text(json.dumps({"version": 1, "entries": list(entries)}))


CALIBRATION = {"gpu_name": "NVIDIA L4", "torch_version": "2.14.1", "workspace_bytes": 9_437_184,
               "cuda_context_bytes": 400_000_000, "memory_bytes": 23_580_639_232, "arch": "ada"}


def test_gpu_local_uses_the_good_entry_and_warns_of_the_bad_one(tmp_path):
    _calibration(tmp_path, CALIBRATION, {**CALIBRATION, "gpu_name": "NVIDIA T4", "memory_bytes": "abc"})
    code, out, err = _run("--gpu", "local", "--json")
    assert code == 0 and json.loads(out)["gpu_memory_bytes"] == CALIBRATION["memory_bytes"]
    assert err.count("\n") == 1 and err.startswith("memcalc: warning: ") and "memory_bytes 'abc'" in err


def test_gpu_local_with_only_a_bad_entry_is_one_error_naming_it(tmp_path):
    _calibration(tmp_path, {**CALIBRATION, "cuda_context_bytes": -5})
    code, out, err = _run("--gpu", "local")
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "has no usable calibration" in err and "cuda_context_bytes -5" in err


def test_jsonl_reads_the_calibration_once(tmp_path):
    _calibration(tmp_path, CALIBRATION, {**CALIBRATION, "gpu_name": "NVIDIA T4", "sm_count": "many"})
    code, results, err = _jsonl(b'{"gpu": "local"}\n{"gpu": "local"}\n')
    assert code == 0 and len(results) == 2 and all("config" in r for r in results)
    assert err.count("\n") == 1 and "sm_count 'many'" in err


# ---- output faults ----

class _Refusing(io.StringIO):
    def __init__(self, error: OSError) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


@pytest.mark.parametrize("argv", [[], ["--json"], ["--list-gpus"], ["--jsonl", "-"]])
def test_a_full_disk_is_one_line_and_exit_1(argv):
    err = io.StringIO()
    sys_stdin, sys.stdin = sys.stdin, io.TextIOWrapper(io.BytesIO(GOOD_LINE.encode() + b"\n"))
    try:
        code = run_estimate(argv, _Refusing(OSError(28, "No space left on device")), err)
    finally:
        sys.stdin = sys_stdin
    assert code == 1 and err.getvalue() == "memcalc: error: cannot write the output: No space left on device\n"


def test_a_closed_pipe_ends_quietly():
    err = io.StringIO()
    assert run_estimate([], _Refusing(BrokenPipeError(32, "Broken pipe")), err) == 1
    assert err.getvalue() == ""


@pytest.mark.parametrize("argv", [[], ["--help"]])
def test_writing_to_dev_full_is_one_line_and_no_traceback(argv):
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "main.py", "estimate", *argv], cwd=ROOT, stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 1
    assert proc.stderr == "memcalc: error: cannot write the output: No space left on device\n"


def test_a_closed_stdout_is_one_line_and_no_traceback():
    proc = subprocess.run(f"exec {sys.executable} main.py estimate >&-", shell=True, cwd=ROOT, stderr=subprocess.PIPE,
                          text=True, timeout=60)
    assert proc.returncode == 1 and proc.stderr == "memcalc: error: cannot write the output: stdout is closed\n"


@pytest.mark.parametrize("argv", [["--json"], ["--list-gpus"], ["--jsonl", "-"]])
def test_a_reader_that_went_away_ends_it_quietly(argv):
    read, write = os.pipe()
    os.close(read)  # like `| head -c 10` once head has what it wanted
    try:
        proc = subprocess.run([sys.executable, "main.py", "estimate", *argv], cwd=ROOT, stdout=write,
                              input=(GOOD_LINE + "\n") * 100, stderr=subprocess.PIPE, text=True, timeout=60)
    finally:
        os.close(write)
    assert (proc.returncode, proc.stderr) == (1, "")


def test_a_closed_stdin_is_one_line():
    proc = subprocess.run(f"exec {sys.executable} main.py estimate --jsonl - <&-", shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr == "memcalc: error: jsonl: '-' cannot be read: stdin is closed\n"


@pytest.mark.parametrize("argv", [
    ("--cudnn-benchmark", "maybe"), ("--cudnn-benchmark", "1"), ("--cudnn-benchmark", ""), ("--cudnn-benchmark",),
])
def test_a_bad_cudnn_benchmark_is_one_line_and_exit_2(argv):
    code, out, err = _run("--model", "course-cnn", *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "cudnn" in err


def test_a_bad_cudnn_benchmark_in_jsonl_is_that_lines_error():
    lines = '{"model": "course-cnn", "cudnn_benchmark": "yes"}\n{"cudnn_benchmark": false}\n'
    code, out, _ = _run("--jsonl", "-", stdin=lines)
    first, second = (json.loads(line) for line in out.splitlines())
    assert code in (0, 2)
    assert "cudnn_benchmark" in json.dumps(first) and "error" in first
    assert second["conv_workspaces"] == "none" and second["exact"] is True


def test_an_estimated_band_is_said_in_the_table_and_the_json():
    code, out, _ = _run("--model", "course-cnn", "--dataset", "cifar10", "--cudnn-benchmark", "true")
    assert code == 0 and "convolution workspaces: estimated" in out and "high allocated" in out
    code, out, _ = _run("--model", "course-cnn", "--dataset", "cifar10", "--json")
    result = json.loads(out)
    assert result["conv_workspaces"] == "estimated" and result["exact"] is False
    assert result["peak_high_bytes"] > result["peak_bytes"]
    assert result["config"]["cudnn_benchmark"] is False
