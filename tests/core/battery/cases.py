"""The battery's cases: bad input for `main.py estimate` and `main.py probe`, damaged
calibration files, and output faults. One Case per line; a new case is one more line.

What each kind of case promises (test_battery.py checks it):

* ``error``: exit status 2, nothing on stdout, one line on stderr ("memcalc: error: ...")
  containing `named`.
* ``jsonl``: the input is a good line, the case's line, a good line; exit 0, nothing on stderr, a
  result for each good line and for the bad one an error object whose text contains `named`.
* ``warning``: exit 0, a result on stdout, one line on stderr ("memcalc: warning: ...") with `named`.
* ``ok``: exit 0, nothing on stderr, a JSON result whose config holds `config`.
* ``jsonl-all-good`` / ``jsonl-all-bad``: exit 0, nothing on stderr, every output line a
  result / an error object containing `named`.
* ``stopped``: exit 2, one line on stderr with `named`, and on stdout only error objects.
* ``output``: exit 1, one line on stderr with `named`; ``quiet``: exit 1, nothing on stderr.

And for every case: no "Traceback" anywhere, and the run ends within the time limit.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

TRACED_S = 120
"""The time limit of a case that imports torch and traces, with the other cases running beside it."""
HUGE = "1" + "0" * 30  # 10^30
DIGITS_5000 = "9" * 5000
GOOD = {"gpu_name": "NVIDIA L4", "torch_version": "2.14.1", "workspace_bytes": 9_437_184,
        "cuda_context_bytes": 400_000_000, "memory_bytes": 23_580_639_232, "arch": "ada", "sm_count": 58,
        "threads_per_sm": 1536, "measured_at": "2025-01-02T00:00:00+00:00"}


@dataclass(frozen=True)
class Case:
    id: str
    argv: tuple[str, ...]
    expect: str
    named: str = ""
    command: str = "estimate"
    stdin: bytes | None = None
    calibration: Callable[[Path], None] | None = None
    """Makes calibration.json (the path it is given) before the run."""
    stdout: str = "pipe"  # or "full" (/dev/full), "closed" (descriptor 1 closed), "gone" (reader closed)
    config: dict = field(default_factory=dict)
    seconds: float = 20
    """The time limit: cases that import torch and trace take longer."""
    encoding: str = "utf-8"
    """stdout's and stderr's encoding (PYTHONIOENCODING)."""


def error(id: str, *argv: str, named: str, command: str = "estimate") -> Case:
    return Case(id, argv, "error", named, command)


def ok(id: str, *argv: str, **config: object) -> Case:
    return Case(id, (*argv, "--json"), "ok", config=config)


def jsonl(id: str, line: str | bytes, named: str) -> Case:
    bad = line.encode() if isinstance(line, str) else line
    good = json.dumps({"batch_size": 8}).encode()
    return Case(f"jsonl: {id}", ("--jsonl", "-"), "jsonl", named, stdin=good + b"\n" + bad + b"\n" + good + b"\n")


def _writes(content: bytes | str | dict) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(content) if isinstance(content, dict) else content
        path.write_bytes(data.encode() if isinstance(data, str) else data)

    return make


def calibration_file(id: str, content: bytes | str | dict | Callable[[Path], None], named: str) -> Case:
    """A file that gives no calibration: `estimate --gpu local` is one error naming its problem."""
    make = content if callable(content) else _writes(content)
    return Case(f"calibration: {id}", ("--gpu", "local", "--json"), "error", named, calibration=make)


def calibration_entries(id: str, named: str, **changes: object) -> list[Case]:
    """An entry with `changes` (the value "drop" removes the key): alone it is one error, beside a
    good entry one warning and the good entry's result."""
    bad = {**GOOD, "gpu_name": "NVIDIA T4", **changes}
    bad = {k: v for k, v in bad.items() if v != "drop"}
    return [
        Case(f"calibration: {id}, alone", ("--gpu", "local", "--json"), "error", named,
             calibration=_writes({"version": 1, "entries": [bad]})),
        Case(f"calibration: {id}, beside a good one", ("--gpu", "local", "--json"), "warning", named,
             calibration=_writes({"version": 1, "entries": [GOOD, bad]})),
    ]


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


ARGV = [
    # the names of things
    error("unknown dataset", "--dataset", "svhn", named="'svhn'"),
    error("empty dataset", "--dataset", "", named="dataset: ''"),
    error("dataset in capitals", "--dataset", "MNIST", named="'MNIST'"),
    error("full-width dataset", "--dataset", "ｍｎｉｓｔ", named="'ｍｎｉｓｔ'"),
    error("Chinese dataset", "--dataset", "手写数字", named="'手写数字'"),
    error("dataset with a newline", "--dataset", "mnist\nx", named=r"'mnist\nx'"),
    error("dataset with a tab", "--dataset", "mn\tist", named=r"'mn\tist'"),
    error("very long dataset", "--dataset", "x" * 5000, named="5,000 characters"),
    error("unknown dtype", "--dtype", "int8", named="'int8'"),
    error("empty dtype", "--dtype", "", named="dtype: ''"),
    error("dtype in capitals", "--dtype", "FLOAT32", named="'FLOAT32'"),
    error("dtype with a space", "--dtype", "float32 ", named="'float32 '"),
    error("unknown optimizer", "--optimizer", "lion", named="'lion'"),
    error("empty optimizer", "--optimizer", "", named="optimizer: ''"),
    error("optimizer in capitals", "--optimizer", "Adam", named="'Adam'"),
    error("unknown gpu", "--gpu", "tpu", named="'tpu'"),
    error("empty gpu", "--gpu", "", named="gpu: ''"),
    error("gpu in capitals", "--gpu", "H100-80GB", named="'H100-80GB'"),
    error("local gpu without a calibration", "--gpu", "local", named="'local' has no calibration"),
    error("unknown zero-grad", "--zero-grad", "never", named="'never'"),
    error("empty zero-grad", "--zero-grad", "", named="zero_grad: ''"),
    # hidden sizes
    error("hidden with a letter", "--hidden", "12a", named="'12a'"),
    error("negative hidden", "--hidden", "-5", named="hidden: -5"),
    error("zero hidden", "--hidden", "0", named="hidden: 0"),
    error("fractional hidden", "--hidden", "1.5", named="'1.5'"),
    error("hidden in e-notation", "--hidden", "1e3", named="'1e3'"),
    error("hidden nan", "--hidden", "nan", named="'nan'"),
    error("hidden inf", "--hidden", "inf", named="'inf'"),
    error("hidden with an empty item", "--hidden", "128,,64", named="hidden: '128,,64' has an empty width"),
    error("hidden of a lone comma", "--hidden", ",", named="hidden: ',' has an empty width"),
    error("full-width hidden with a letter", "--hidden", "１２ａ", named="'12a'"),
    error("hidden of 10^30", "--hidden", HUGE, named=HUGE),
    error("hidden of 5,000 digits", "--hidden", DIGITS_5000, named="9999999999"),
    # batch size
    error("zero batch", "--batch-size", "0", named="batch_size: 0"),
    error("negative batch", "--batch-size", "-1", named="batch_size: -1"),
    error("fractional batch", "--batch-size", "1.5", named="'1.5'"),
    error("batch in e-notation", "--batch-size", "1e3", named="'1e3'"),
    error("batch with a letter", "--batch-size", "abc", named="'abc'"),
    error("empty batch", "--batch-size", "", named="batch_size is empty"),
    error("blank batch", "--batch-size", "  ", named="batch_size is empty"),
    error("batch nan", "--batch-size", "nan", named="'nan'"),
    error("batch inf", "--batch-size", "inf", named="'inf'"),
    error("batch with a misplaced comma", "--batch-size", "10,00", named="'10,00'"),
    error("batch of 10^30", "--batch-size", HUGE, named=HUGE),
    error("batch of 5,000 digits", "--batch-size", DIGITS_5000, named="is too large"),
    # a custom GPU's memory
    error("zero GiB", "--gpu", "custom", "--gpu-memory-gb", "0", named="gpu_memory_gb: '0'"),
    error("negative GiB", "--gpu", "custom", "--gpu-memory-gb", "-4", named="'-4'"),
    error("GiB with a decimal comma", "--gpu", "custom", "--gpu-memory-gb", "0,5", named="'0,5'"),
    error("GiB as a word", "--gpu", "custom", "--gpu-memory-gb", "lots", named="'lots'"),
    error("GiB nan", "--gpu", "custom", "--gpu-memory-gb", "nan", named="'nan'"),
    error("GiB inf", "--gpu", "custom", "--gpu-memory-gb", "inf", named="'inf'"),
    error("GiB -inf", "--gpu", "custom", "--gpu-memory-gb", "-inf", named="'-inf'"),
    error("GiB 1e-12", "--gpu", "custom", "--gpu-memory-gb", "1e-12", named="gpu_memory_gb: '1e-12'"),
    error("GiB 1e400", "--gpu", "custom", "--gpu-memory-gb", "1e400", named="'1e400'"),
    error("GiB over the maximum", "--gpu", "custom", "--gpu-memory-gb", "100001", named="'100001'"),
    error("empty GiB", "--gpu", "custom", "--gpu-memory-gb", "", named="gpu_memory_gb is empty"),
    error("GiB of 5,000 digits", "--gpu", "custom", "--gpu-memory-gb", DIGITS_5000, named="gpu_memory_gb"),
    # a custom dataset's shape and classes
    error("shape of five sizes", "--dataset", "custom", "--input-shape", "3,32,32,1,1", "--classes", "3",
          named="input_shape: '3,32,32,1,1' must be 1 to 4 sizes"),
    error("shape with a zero", "--dataset", "custom", "--input-shape", "0,1,1", "--classes", "3", named="input_shape"),
    error("shape with a negative", "--dataset", "custom", "--input-shape", "-1,2,2", "--classes", "3",
          named="input_shape: -1"),
    error("shape of letters", "--dataset", "custom", "--input-shape", "a,b,c", "--classes", "3", named="'a'"),
    error("empty shape", "--dataset", "custom", "--input-shape", "", "--classes", "3", named="input_shape"),
    error("shape of 10^30", "--dataset", "custom", "--input-shape", f"{HUGE},1,1", "--classes", "3",
          named=f"input_shape: {HUGE} is more than"),
    error("zero classes", "--dataset", "custom", "--input-shape", "1,2,2", "--classes", "0", named="classes: 0"),
    error("negative classes", "--dataset", "custom", "--input-shape", "1,2,2", "--classes", "-1",
          named="classes: -1"),
    error("classes as a word", "--dataset", "custom", "--input-shape", "1,2,2", "--classes", "ten",
          named="'ten'"),
    error("fractional classes", "--dataset", "custom", "--input-shape", "1,2,2", "--classes", "1.5",
          named="'1.5'"),
    error("classes of 10^30", "--dataset", "custom", "--input-shape", "1,2,2", "--classes", HUGE,
          named=f"classes: {HUGE}"),
    # options that would be ignored
    error("GiB without gpu custom", "--gpu-memory-gb", "24", named="gpu_memory_gb: '24' is only used with gpu custom"),
    error("GiB with a catalogue gpu", "--gpu", "t4-16gb", "--gpu-memory-gb", "24", named="only used with gpu custom"),
    error("gpu custom without GiB", "--gpu", "custom", named="gpu_memory_gb is needed with gpu custom"),
    error("shape without dataset custom", "--input-shape", "3,32,32", named="input_shape: '3,32,32' is only used"),
    error("classes without dataset custom", "--classes", "7", named="classes: '7' is only used"),
    error("dataset custom without shape", "--dataset", "custom", "--classes", "7", named="input_shape is needed"),
    error("dataset custom without classes", "--dataset", "custom", "--input-shape", "1,2,2",
          named="classes is needed"),
    error("empty jsonl", "--jsonl", "", named="jsonl: ''"),
    error("jsonl with a dataset", "--jsonl", "-", "--dataset", "mnist", named="--dataset cannot be combined"),
    error("jsonl with json", "--jsonl", "-", "--json", named="--json cannot be combined with --jsonl"),
    error("jsonl with list-gpus", "--jsonl", "-", "--list-gpus", named="--list-gpus cannot be combined"),
    error("list-gpus with hidden", "--list-gpus", "--hidden", "5", named="--hidden cannot be combined"),
    error("list-gpus with json", "--list-gpus", "--json", named="--json cannot be combined with --list-gpus"),
    # the command line itself
    error("unknown option", "--bogus", named="--bogus"),
    error("unknown option with a newline", "--bo\ngus", named=r"--bo\ngus"),
    error("option without its value", "--hidden", named="--hidden"),
    error("a stray argument", "mnist", named="unrecognized arguments: mnist"),
    error("missing jsonl file", "--jsonl", "/nonexistent/configs.jsonl", named="'/nonexistent/configs.jsonl'"),
    error("jsonl of a folder", "--jsonl", "/", named="jsonl: '/' cannot be read"),
    Case("jsonl of /dev/zero", ("--jsonl", "/dev/zero"), "stopped", "line 1 is longer than 1,048,576 bytes"),
    # models, mixed precision and the allocator
    error("unknown model", "--model", "nope", named="'nope'"),
    error("empty model", "--model", "", named="model is empty"),
    error("unknown amp dtype", "--amp", "float8", named="'float8'"),
    error("amp with a float16 model", "--amp", "bfloat16", "--dtype", "float16", named="dtype: 'float16'"),
    error("zero checkpoint segments", "--checkpoint-segments", "0", named="checkpoint_segments: 0"),
    error("more segments than layers", "--checkpoint-segments", "999", named="checkpoint_segments: 999"),
    error("alloc-conf without a value", "--alloc-conf", "garbage", named="'garbage'"),
    error("negative split size", "--alloc-conf", "max_split_size_mb:-5", named="'-5'"),
    error("negative allocator limit", "--allocator-limit-bytes", "-1", named="allocator_limit_bytes: -1"),
    error("unparsable layers", "--layers", "Conv2d((", named="'Conv2d(('"),
    error("empty layers", "--layers", "", named="layers is empty"),
    error("missing model file", "--model-file", "/nonexistent.py:Net", named="'/nonexistent.py'"),
    error("model file without a name", "--model-file", "nocolon", named="'nocolon'"),
    error("grad scaler without amp", "--no-grad-scaler", named="grad_scaler: False is only used with amp"),
    error("hidden with layers", "--layers", "Linear", "--hidden", "5", named="hidden: (5,) is only used by the MLP"),
    # an option twice: refused, never the last one silently taken
    error("batch twice", "--batch-size", "32", "--batch-size", "64", named="--batch-size is given twice"),
    error("batch twice, the same value", "--batch-size", "64", "--batch-size", "64", named="--batch-size is given"),
    error("batch twice, spelled two ways", "--batch-size=32", "--batch", "64", named="--batch-size is given twice"),
    error("dataset twice", "--dataset", "mnist", "--dataset", "cifar10", named="--dataset is given twice"),
    error("no-grad-scaler twice", "--amp", "float16", "--no-grad-scaler", "--no-grad-scaler",
          named="--no-grad-scaler is given twice"),
    error("json twice", "--json", "--json", named="--json is given twice"),
    error("format twice", "--format", "json", "--format", "csv", named="--format is given twice"),
    error("trace timeout twice", "--trace-timeout", "5", "--trace-timeout", "6", named="--trace-timeout is given"),
    error("jsonl twice", "--jsonl", "-", "--jsonl", "-", named="--jsonl is given twice"),
    error("probe: iterations twice", "--iterations", "2", "--iterations", "3", named="--iterations is given twice",
          command="probe"),
    error("probe: hidden twice", "--hidden", "5", "--hidden", "6", named="--hidden is given twice", command="probe"),
    # empty values are said to be empty
    error("blank model", "--model", " ", named="model is empty"),
    error("empty model beside layers", "--model", "", "--layers", "Linear", named="model is empty"),
    error("empty model file", "--model-file", "", named="model_file is empty"),
    error("empty memory-viz", "--memory-viz", "", named="--memory-viz is empty"),
    error("empty compare-snapshot", "--compare-snapshot", "", named="--compare-snapshot is empty"),
    error("empty format", "--format", "", named="--format: '' is not one of"),
    # probe checks its input before it looks for a GPU
    error("probe: zero iterations", "--iterations", "0", named="iterations: 0 must be at least 1", command="probe"),
    error("probe: iterations as a word", "--iterations", "three", named="'three'", command="probe"),
    error("probe: iterations of 5,000 digits", "--iterations", DIGITS_5000, named="is too large", command="probe"),
    error("probe: GiB without gpu custom", "--gpu-memory-gb", "8", named="only used with gpu custom",
          command="probe"),
    error("probe: unknown option", "--bogus", named="--bogus", command="probe"),
    error("probe: bad hidden", "--hidden", "12a", named="'12a'", command="probe"),
]

ACCEPTED = [
    ok("full-width batch", "--batch-size", "６４", batch_size=64),
    ok("batch with digit groups", "--batch-size", "1,000", batch_size=1000),
    ok("batch with full-width digit groups", "--batch-size", "1，000", batch_size=1000),
    ok("shape of two sizes (a signal)", "--dataset", "custom", "--input-shape", "3,32", "--classes", "3",
       input_shape=[3, 32]),
    ok("shape of four sizes (a volume)", "--dataset", "custom", "--input-shape", "3,8,8,2", "--classes", "3",
       input_shape=[3, 8, 8, 2]),
    ok("full-width hidden", "--hidden", "５１２，２５６", hidden=[512, 256]),
    ok("hidden with spaces", "--hidden", " 512 , 256 ", hidden=[512, 256]),
    ok("empty hidden", "--hidden", "", hidden=[]),
    ok("full-width shape", "--dataset", "custom", "--input-shape", "３，８，８", "--classes", "３",
       input_shape=[3, 8, 8], classes=3),
    ok("full-width GiB", "--gpu", "custom", "--gpu-memory-gb", "２４", gpu="custom"),
    ok("a huge model is not bad input", "--hidden", "1000000,1000000", hidden=[1_000_000, 1_000_000]),
    replace(ok("images the CPU could not hold are traced", "--model", "course-cnn", "--dataset", "custom",
               "--input-shape", "3,16384,16384", "--classes", "10", "--batch-size", "4",
               input_shape=[3, 16384, 16384]), seconds=TRACED_S),
]

USER_MODELS = "tests/core/battery/user_models.py"
MODEL_FILES = [
    error("model file under a user with no home", "--model-file", "~nosuchuser/x.py:Net", named="cannot be found"),
    error("model file name of 300 characters", "--model-file", "n" * 300 + ".py:Net", named="File name too long"),
    error("probe: model file under a user with no home", "--model-file", "~nosuchuser/x.py:Net",
          named="cannot be found", command="probe"),
    error("probe: model file name of 300 characters", "--model-file", "n" * 300 + ".py:Net",
          named="File name too long", command="probe"),
    *(replace(case, seconds=TRACED_S) for case in [
        error("model calls sys.exit", "--model-file", f"{USER_MODELS}:Exits", "--json",
              named="raised SystemExit: 0 (user_models.py, line 14)"),
        error("model raises KeyError", "--model-file", f"{USER_MODELS}:Raises", "--json",
              named="raised KeyError: 'no such key' (user_models.py, line 25)"),
        jsonl("model calls os._exit", json.dumps({"model_file": f"{USER_MODELS}:HardExits"}),
              "called os._exit(0) (user_models.py, line 20)"),
    ]),
    jsonl("model file under a user with no home", '{"model_file": "~nosuchuser/x.py:Net"}', "cannot be found"),
]

JSONL = [
    jsonl("list for a dataset", '{"dataset": ["mnist"]}', "dataset: ['mnist'] is not a string"),
    jsonl("object for a gpu", '{"gpu": {}}', "gpu: {} is not a string"),
    jsonl("number for a dtype", '{"dtype": 16}', "dtype: 16"),
    jsonl("null optimizer", '{"optimizer": null}', "optimizer: None"),
    jsonl("bool zero_grad", '{"zero_grad": true}', "zero_grad: True"),
    jsonl("unknown dataset", '{"dataset": "svhn"}', "'svhn'"),
    jsonl("string hidden with a letter", '{"hidden": "12a"}', "'12a'"),
    jsonl("number for hidden", '{"hidden": 128}', "hidden: 128 is not a list of sizes"),
    jsonl("fractional hidden", '{"hidden": [1.5]}', "hidden: 1.5"),
    jsonl("negative hidden", '{"hidden": [-1]}', "hidden: -1"),
    jsonl("bool in hidden", '{"hidden": [true]}', "hidden: True"),
    jsonl("null in hidden", '{"hidden": [null]}', "hidden: None"),
    jsonl("nested hidden", '{"hidden": ' + _nested(50).replace("][", "1][", 1) + "}", "hidden: [[[[...]]]]"),
    jsonl("zero batch", '{"batch_size": 0}', "batch_size: 0"),
    jsonl("negative batch", '{"batch_size": -1}', "batch_size: -1"),
    jsonl("fractional batch", '{"batch_size": 1.5}', "batch_size: 1.5"),
    jsonl("bool batch", '{"batch_size": true}', "batch_size: True"),
    jsonl("null batch", '{"batch_size": null}', "batch_size: None"),
    jsonl("list batch", '{"batch_size": [64]}', "batch_size: [64]"),
    jsonl("word batch", '{"batch_size": "abc"}', "'abc'"),
    jsonl("NaN batch", '{"batch_size": NaN}', "batch_size: nan"),
    jsonl("Infinity batch", '{"batch_size": Infinity}', "batch_size: inf"),
    jsonl("1e400 batch", '{"batch_size": 1e400}', "batch_size: inf"),
    jsonl("batch of 10^30", '{"batch_size": ' + HUGE + "}", f"batch_size: {HUGE}"),
    jsonl("batch of 5,000 digits", '{"batch_size": ' + DIGITS_5000 + "}", "5,000 digits"),
    jsonl("hidden of 5,000 digits", '{"hidden": [' + DIGITS_5000 + "]}", "5,000 digits"),
    jsonl("bool GiB", '{"gpu": "custom", "gpu_memory_gb": true}', "gpu_memory_gb: True is not a number"),
    jsonl("word GiB", '{"gpu": "custom", "gpu_memory_gb": "abc"}', "'abc'"),
    jsonl("negative GiB", '{"gpu": "custom", "gpu_memory_gb": -1}', "gpu_memory_gb: -1"),
    jsonl("NaN GiB", '{"gpu": "custom", "gpu_memory_gb": NaN}', "gpu_memory_gb: nan"),
    jsonl("tiny GiB", '{"gpu": "custom", "gpu_memory_gb": 1e-12}', "gpu_memory_gb: 1e-12"),
    jsonl("list GiB", '{"gpu": "custom", "gpu_memory_gb": [24]}', "gpu_memory_gb: [24]"),
    jsonl("GiB without gpu custom", '{"gpu_memory_gb": 24}', "only used with gpu custom"),
    jsonl("number for a shape", '{"dataset": "custom", "classes": 3, "input_shape": 784}',
          "input_shape: 784 is not a list"),
    jsonl("bool for a shape", '{"dataset": "custom", "classes": 3, "input_shape": true}',
          "input_shape: True is not a list"),
    jsonl("shape of five sizes", '{"dataset": "custom", "classes": 3, "input_shape": [3, 32, 32, 1, 1]}',
          "input_shape: [3, 32, 32, 1, 1] must be 1 to 4 sizes"),
    jsonl("shape of lists", '{"dataset": "custom", "classes": 3, "input_shape": [[3], [32], [32]]}',
          "input_shape: [3]"),
    jsonl("shape of 10^30", '{"dataset": "custom", "classes": 3, "input_shape": [' + HUGE + ", 1, 1]}",
          f"input_shape: {HUGE} is more than"),
    jsonl("classes of 10^30", '{"dataset": "custom", "input_shape": [1, 2, 2], "classes": ' + HUGE + "}",
          f"classes: {HUGE}"),
    jsonl("classes 1e30", '{"dataset": "custom", "input_shape": [1, 2, 2], "classes": 1e30}', "classes: 1e+30"),
    jsonl("classes without dataset custom", '{"classes": 5}', "classes: 5 is only used"),
    jsonl("unknown key", '{"bogus": 1}', "key: 'bogus'"),
    jsonl("empty key", '{"": 1}', "key: ''"),
    jsonl("key in capitals", '{"Dataset": "mnist"}', "key: 'Dataset' is not a key; did you mean dataset?"),
    jsonl("key with dashes", '{"batch-size": 8}', "key: 'batch-size' is not a key; did you mean batch_size?"),
    jsonl("a key twice", '{"batch_size": 1, "batch_size": 2}', "'batch_size' is given twice"),
    jsonl("very long string", '{"dataset": "' + "x" * 5000 + '"}', "5,000 characters"),
    jsonl("lone surrogate", '{"dataset": "\\ud800"}', r"'\ud800'"),
    jsonl("a list", "[1, 2]", "is not a JSON object: [1, 2]"),
    jsonl("a string", '"mnist"', "is not a JSON object: 'mnist'"),
    jsonl("a number", "5", "is not a JSON object: 5"),
    jsonl("null", "null", "is not a JSON object: None"),
    jsonl("not JSON", "{", "is not JSON"),
    jsonl("single quotes", "{'dataset': 'mnist'}", "is not JSON"),
    jsonl("trailing comma", '{"batch_size": 8,}', "is not JSON"),
    jsonl("100,000 nested lists", _nested(100_000), "nested too deeply"),
    jsonl("100,000 nested objects", '{"a": ' * 100_000 + "1" + "}" * 100_000, "nested too deeply"),
    jsonl("invalid UTF-8", b'{"dataset": "mn\xffist"}', "is not UTF-8"),
    jsonl("Latin-1 text", '{"dataset": "café"}'.encode("latin-1"), "is not UTF-8"),
    jsonl("NUL bytes", b'{"batch_size": 8}\x00', "NUL bytes"),
    jsonl("word grad_scaler", '{"amp": "float16", "grad_scaler": "yes"}', "grad_scaler: 'yes' is not true or false"),
    jsonl("number grad_scaler", '{"amp": "float16", "grad_scaler": 1}', "grad_scaler: 1"),
    jsonl("number amp", '{"amp": 16}', "amp: 16 is not a string"),
    jsonl("list of layers", '{"layers": ["Linear"]}', "layers: ['Linear'] is not a string"),
    jsonl("object alloc_conf", '{"alloc_conf": {}}', "alloc_conf: {} is not a string"),
    jsonl("bool checkpoint segments", '{"checkpoint_segments": true}', "checkpoint_segments: True"),
    jsonl("null model", '{"model": null}', "model: None is not a string"),
    jsonl("gpu local without a calibration", '{"gpu": "local"}', "'local' has no calibration"),
]

_UTF16 = ('{"batch_size": 8}\n' * 2).encode("utf-16")

STREAMS = [
    Case("UTF-16 input", ("--jsonl", "-"), "jsonl-all-bad", "save the file as UTF-8", stdin=_UTF16),
    Case("byte-order mark on line 1", ("--jsonl", "-"), "jsonl-all-good", stdin=b'\xef\xbb\xbf{"batch_size": 8}\n'),
    Case("CRLF line ends and blank lines", ("--jsonl", "-"), "jsonl-all-good",
         stdin=b'{"batch_size": 8}\r\n\r\n   \n{"batch_size": 4}'),
    Case("writing to a full disk", (), "output", "No space left on device", stdout="full"),
    Case("writing JSON to a full disk", ("--json",), "output", "No space left on device", stdout="full"),
    Case("help to a full disk", ("--help",), "output", "No space left on device", stdout="full"),
    Case("a closed stdout", (), "output", "stdout is closed", stdout="closed"),
    Case("help to a closed stdout", ("--help",), "output", "stdout is closed", stdout="closed"),
    Case("probe: help to a closed stdout", ("--help",), "output", "stdout is closed", command="probe",
         stdout="closed"),
    *(Case(f"JSON to a {encoding} stdout", ("--hidden", "512", "--json"), "ok", encoding=encoding,
           config={"hidden": [512]}) for encoding in ("ascii", "cp1252", "cp437")),
    Case("JSONL to an ASCII stdout", ("--jsonl", "-"), "jsonl-all-good", encoding="ascii",
         stdin=b'{"batch_size": 8}\n{"model": "course-cnn", "batch_size": 4}\n', seconds=TRACED_S),
    Case("a reader that went away", ("--json",), "quiet", stdout="gone"),
    Case("a reader that went away from the gpu list", ("--list-gpus",), "quiet", stdout="gone"),
    Case("a reader that went away from JSONL", ("--jsonl", "-"), "quiet", stdout="gone",
         stdin=b'{"batch_size": 8}\n' * 50),
]


def _fifo(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


def _link_to_dev_zero(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to("/dev/zero")


def _folder(path: Path) -> None:
    path.mkdir(parents=True)


CALIBRATION = [
    calibration_file("not JSON", "{not json", "is not JSON"),
    calibration_file("empty file", "", "is not JSON"),
    calibration_file("binary garbage", bytes(range(256)), "is not UTF-8"),
    calibration_file("UTF-16 file", json.dumps({"entries": [GOOD]}).encode("utf-16"), "is not UTF-8"),
    calibration_file("a list", "[1, 2]", 'list of "entries"'),
    calibration_file("entries not a list", '{"entries": 5}', 'list of "entries"'),
    calibration_file("no entries", '{"version": 1}', 'list of "entries"'),
    calibration_file("deep nesting", "[" * 100_000, "nested too deeply"),
    calibration_file("2 MiB of spaces", b" " * (2 << 20), "is not JSON"),
    calibration_file("5 MiB file", b" " * (5 << 20), "larger than 4,194,304 bytes"),
    calibration_file("a FIFO", _fifo, "is not a regular file"),
    calibration_file("a link to /dev/zero", _link_to_dev_zero, "is not a regular file"),
    calibration_file("a folder", _folder, "is not a regular file"),
    calibration_file("entries not objects", '{"entries": [5, "x", null]}', "entry 1 skipped: 5 is not a JSON object"),
    *calibration_entries("memory_bytes abc", "memory_bytes 'abc'", memory_bytes="abc"),
    *calibration_entries("memory_bytes null", "memory_bytes None", memory_bytes=None),
    *calibration_entries("negative memory_bytes", "memory_bytes -5", memory_bytes=-5),
    *calibration_entries("zero memory_bytes", "memory_bytes 0", memory_bytes=0),
    *calibration_entries("bool memory_bytes", "memory_bytes True", memory_bytes=True),
    *calibration_entries("fractional memory_bytes", "memory_bytes 1.5", memory_bytes=1.5),
    *calibration_entries("memory_bytes 10^30", f"memory_bytes {HUGE}", memory_bytes=10**30),
    *calibration_entries("word workspace", "workspace_bytes '9 MiB'", workspace_bytes="9 MiB"),
    *calibration_entries("negative workspace", "workspace_bytes -1", workspace_bytes=-1),
    *calibration_entries("list context", "cuda_context_bytes [1]", cuda_context_bytes=[1]),
    *calibration_entries("zero context", "cuda_context_bytes 0", cuda_context_bytes=0),
    *calibration_entries("word SM count", "sm_count 'many'", sm_count="many"),
    *calibration_entries("negative SM count", "sm_count -2", sm_count=-2),
    *calibration_entries("object threads", "threads_per_sm {}", threads_per_sm={}),
    *calibration_entries("number measured_at", "measured_at 5", measured_at=5),
    *calibration_entries("word measured_at", "measured_at 'yesterday'", measured_at="yesterday"),
    *calibration_entries("number gpu_name", "gpu_name 7", gpu_name=7),
    *calibration_entries("null torch_version", "torch_version None", torch_version=None),
    *calibration_entries("number arch", "arch 3", arch=3),
    *calibration_entries("an unknown key", "unknown key 'colour'", colour="blue"),
    *calibration_entries("no memory_bytes", "no memory_bytes", memory_bytes="drop"),
    *calibration_entries("context larger than the card", "cuda_context_bytes 90,000,000,000 is not less",
                         cuda_context_bytes=90_000_000_000),
    *calibration_entries("workspace of 2^63", "workspace_bytes 9,223,372,036,854,775,808 is not less",
                         workspace_bytes=1 << 63),
    *calibration_entries("a card of 2^60 bytes", "more than any GPU has", memory_bytes=1 << 60),
]

CASES: list[Case] = [*ARGV, *ACCEPTED, *MODEL_FILES, *JSONL, *STREAMS, *CALIBRATION]
