"""The command line's own rules: an option once, --help where stdout can't take it, output in
whatever encoding stdout has, and empty values said to be empty."""

import io
import json
import os
import subprocess
import sys

import pytest

from core.cli.estimate import run_estimate
from core.cli.probe import run_probe_cli
from core.engine.schema import FIELDS
from tests import support

ROOT = support.ROOT
ESTIMATE_OWN = [("--json", None), ("--jsonl", "-"), ("--list-gpus", None), ("--list-models", None),
                ("--trace-timeout", "5"), ("--remedies", None), ("--format", "json"), ("--check", None),
                ("--compare-gpus", None), ("--memory-viz", "x.pickle"), ("--compare-snapshot", "x.pickle")]
PROBE_OWN = [("--max-batch", None), ("--iterations", "3"), ("--no-save", None), ("--json", None)]
CONFIG = [(f.flag, None if f.switch else "1") for f in FIELDS]


def _twice(flag: str, value: str | None, second: str = "2") -> list[str]:
    return [flag] if value is None else [flag, value, flag, second]


def _refused(run, argv: list[str]) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert run(argv, out, err) == 2 and out.getvalue() == ""
    [line] = err.getvalue().splitlines()
    return line


@pytest.mark.parametrize(("flag", "value"), CONFIG + ESTIMATE_OWN, ids=[f for f, _ in CONFIG + ESTIMATE_OWN])
def test_an_estimate_option_given_twice_is_refused_by_name(flag, value):
    argv = _twice(flag, value) if value is not None else [flag, flag]
    assert _refused(run_estimate, argv) == f"memcalc: error: {flag} is given twice"


@pytest.mark.parametrize(("flag", "value"), CONFIG + PROBE_OWN, ids=[f for f, _ in CONFIG + PROBE_OWN])
def test_a_probe_option_given_twice_is_refused_before_looking_for_a_gpu(flag, value):
    argv = _twice(flag, value) if value is not None else [flag, flag]
    assert _refused(run_probe_cli, argv) == f"memcalc: error: {flag} is given twice"


@pytest.mark.parametrize("argv", [
    ["--batch-size", "32", "--batch-size", "64"],      # the case: 64 was taken silently
    ["--batch-size", "64", "--batch-size", "64"],      # the same value twice is still twice
    ["--batch-size=32", "--batch", "64"],              # spelled two ways
    ["--hidden", "-5", "--hidden=7"],                  # a value that starts with "-"
])
def test_a_repeated_option_is_refused_however_it_is_spelled(argv):
    flag = "--hidden" if "--hidden" in argv else "--batch-size"
    assert _refused(run_estimate, argv) == f"memcalc: error: {flag} is given twice"


def test_options_given_once_still_work():
    out, err = io.StringIO(), io.StringIO()
    assert run_estimate(["--batch-size", "32", "--no-grad-scaler", "--amp", "float16", "--json"], out, err) == 0
    config = json.loads(out.getvalue())["config"]
    assert (config["batch_size"], config["grad_scaler"]) == (32, False)


@pytest.mark.parametrize("command", ["estimate", "probe"])
def test_help_to_a_closed_stdout_is_at_most_one_line(command):
    proc = subprocess.run(f"exec {sys.executable} main.py {command} --help >&-", shell=True, cwd=ROOT,
                          stderr=subprocess.PIPE, text=True, timeout=60)
    assert proc.returncode == 1 and len(proc.stderr.splitlines()) <= 1
    assert "usage" not in proc.stderr and "Traceback" not in proc.stderr


def _in(encoding: str, *argv: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run([sys.executable, "main.py", "estimate", *argv], cwd=ROOT, env=env, input=stdin,
                          capture_output=True, timeout=120)


ENCODINGS = ["ascii", "cp1252", "cp437"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_table_degrades_its_symbols_for_a_narrow_stdout(encoding):
    proc = _in(encoding, "--dataset", "cifar10", "--hidden", "512", "--gpu", "t4-16gb")
    assert proc.returncode == 0 and proc.stderr == b""
    table = proc.stdout.decode(encoding)
    assert "CIFAR-10 (3, 32, 32) -> MLP [512] -> 10 classes" in table
    times = "×" if encoding == "cp1252" else "x"  # cp1252 has ×; ASCII and cp437 do not
    assert f"x = 64 {times} 3 {times} 32 {times} 32 {times} 4 B" in table


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_json_and_jsonl_are_ascii_for_a_narrow_stdout(encoding):
    proc = _in(encoding, "--json")
    assert proc.returncode == 0 and proc.stderr == b""
    assert json.loads(proc.stdout.decode("ascii"))["layers"][1]["formula"] == "784 × 128 + 128 = 100,480"
    lines = b'{"batch_size": 8}\n{"dataset": "\xe6\x89\x8b"}\n'
    proc = _in(encoding, "--jsonl", "-", stdin=lines)
    assert proc.returncode == 0 and proc.stderr == b""
    good, bad = (json.loads(line) for line in proc.stdout.decode("ascii").splitlines())
    assert good["config"]["batch_size"] == 8 and "dataset: '手'" in bad["error"]


@pytest.mark.parametrize("argv", [["--help"], ["--format", "csv"], ["--compare-gpus"]])
def test_the_other_outputs_write_to_an_ascii_stdout(argv):
    proc = _in("ascii", *argv)
    assert proc.returncode == 0 and proc.stderr == b"" and proc.stdout.decode("ascii")


@pytest.mark.parametrize(("argv", "said"), [
    (["--model", ""], "model is empty"),
    (["--model", "  "], "model is empty"),
    (["--model", "", "--layers", "Linear"], "model is empty"),  # was "model: '' cannot be given together"
    (["--layers", ""], "layers is empty"),
    (["--model-file", ""], "model_file is empty"),
    (["--memory-viz", ""], "--memory-viz is empty"),  # was ignored: no snapshot, no error
    (["--compare-snapshot", ""], "--compare-snapshot is empty"),
    (["--format", ""], "--format: '' is not one of table, json, csv"),
    (["mnist"], "unrecognized arguments: mnist"),
])
def test_an_empty_or_wrong_value_is_named_as_it_is(argv, said):
    line = _refused(run_estimate, argv)
    assert line == f"memcalc: error: {said}"
    assert "arguments: ''" not in line


@pytest.mark.parametrize(("key", "near"), [("Dataset", "dataset"), ("batch-size", "batch_size"),
                                           ("optimiser", "optimizer")])
def test_a_mistyped_jsonl_key_names_the_key_it_was_meant_to_be(key, near):
    from core.cli.options import config_from_mapping
    from core.engine.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        config_from_mapping({key: "x"})
    assert (caught.value.code, caught.value.params) == ("unknown_key_near", {"near": near})
    assert str(caught.value) == f"key: {key!r} is not a key; did you mean {near}?"  # not a list of 30 keys
