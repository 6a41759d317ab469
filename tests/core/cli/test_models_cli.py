"""The command line for any model, mixed precision, checkpointing, allocator settings and remedies."""

import io
import json

import pytest

from core.cli.estimate import run_estimate

pytest.importorskip("torch")


def _run(*argv: str):
    out, err = io.StringIO(), io.StringIO()
    code = run_estimate(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_a_torchvision_model_gets_its_module_table():
    code, out, err = _run("--model", "resnet18", "--dataset", "cifar10", "--batch-size", "128")
    assert code == 0, err
    assert "resnet18 → 10 classes" in out and "layer1.0.conv1" in out and "kept for backward" in out
    assert "peak reserved" in out and "what nvidia-smi would show" in out


def test_json_has_reserved_memory_and_the_modules():
    code, out, _ = _run("--layers", "Conv2d(16, 3, padding=1), ReLU, MaxPool2d(2), Flatten, Linear", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["peak_reserved_bytes"] >= result["peak_bytes"]
    assert result["device_used_bytes"] == result["peak_reserved_bytes"] + result["cuda_context_bytes"]
    conv = next(row for row in result["layers"] if row["kind"] == "Conv2d")
    relu = next(row for row in result["layers"] if row["kind"] == "ReLU")
    assert conv["formula"] == "3 × 3 × 1 × 16 + 16 = 160"
    assert conv["saved_bytes"] == 0 and relu["saved_bytes"] == 64 * 16 * 28 * 28 * 4  # ReLU keeps its output
    assert result["config"]["model"] == "layers"


def test_list_models_names_the_course_models_and_torchvision():
    code, out, _ = _run("--list-models")
    names = out.split()
    assert code == 0 and names[:2] == ["mlp", "course-cnn"] and "resnet50" in names and "vit_b_16" in names


def test_remedies_come_as_a_table_and_as_json():
    code, out, _ = _run("--batch-size", "200000", "--gpu", "t4-16gb", "--hidden", "4096", "--remedies")
    assert code == 0 and "what each change does" in out and "mixed precision, float16" in out
    code, out, _ = _run("--batch-size", "200000", "--gpu", "t4-16gb", "--hidden", "4096", "--remedies", "--json")
    remedies = json.loads(out)["remedies"]
    assert {r["remedy"] for r in remedies} >= {"amp_float16", "sgd_momentum", "expandable"}
    assert all({"change", "cost", "saved_bytes", "fits", "max_batch_size"} <= set(r) for r in remedies)


def test_mixed_precision_checkpointing_and_allocator_settings_reach_the_estimate():
    code, out, _ = _run("--amp", "bfloat16", "--no-grad-scaler", "--checkpoint-segments", "2",
                        "--alloc-conf", "expandable_segments:True", "--allocator-limit-bytes", "4000000000", "--json")
    assert code == 0
    config = json.loads(out)["config"]
    assert (config["amp"], config["grad_scaler"], config["checkpoint_segments"]) == ("bfloat16", False, 2)
    assert config["alloc_conf"] == "expandable_segments:True" and config["allocator_limit_bytes"] == 4_000_000_000


@pytest.mark.parametrize("argv, named", [
    (["--model", "resnet9000"], "resnet9000"),
    (["--model", "resnet18"], "3 channels"),
    (["--layers", "Conv2d(8, 3), " + "MaxPool2d(2), " * 5 + "Flatten, Linear"], "smaller than its 2×2 window"),
    (["--layers", "Conv2d(8)"], "kernel_size"),
    (["--model-file", "/no/such/net.py:Net"], "does not exist"),
    (["--model-file", "net.py"], "path.py:NAME"),
    (["--model", "resnet18", "--hidden", "64"], "hidden"),
    (["--no-grad-scaler"], "grad_scaler"),
    (["--amp", "float16", "--dtype", "bfloat16"], "dtype"),
    (["--amp", "float8"], "float8"),
    (["--checkpoint-segments", "2", "--model", "resnet18", "--dataset", "cifar10"], "checkpoint_segments"),
    (["--alloc-conf", "expandable_segments:true"], "true"),
    (["--alloc-conf", "backend:cudaMallocAsync"], "backend"),
    (["--allocator-limit-bytes", "100000000000000"], "allocator_limit_bytes"),
    (["--allocator-limit-bytes", "-1"], "allocator_limit_bytes"),
])
def test_bad_model_options_exit_2_with_one_line_naming_them(argv, named):
    code, out, err = _run(*argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and named in err and "Traceback" not in err


def test_a_jsonl_line_can_name_any_model(tmp_path):
    lines = tmp_path / "configs.jsonl"
    lines.write_text('{"model": "course-cnn", "dataset": "cifar10", "batch_size": 32}\n'
                     '{"model": "nonsense"}\n{"layers": "Flatten, Linear", "amp": "float16"}\n')
    code, out, _ = _run("--jsonl", str(lines))
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and results[0]["config"]["model"] == "course-cnn"
    assert results[1]["field"] == "model" and "nonsense" in results[1]["error"]
    assert results[2]["config"]["amp"] == "float16"


def test_when_not_even_a_batch_of_one_fits_it_says_what_the_model_takes():
    code, out, _ = _run("--hidden", "65536,65536", "--gpu", "t4-16gb")
    assert code == 0 and "max batch size 0" in out
    assert "not even a batch of one fits: the parameters (16.19 GiB)" in out and "optimizer state (32.39 GiB)" in out


def test_a_model_file_that_does_not_fit_the_data_reports_pytorchs_error_and_its_line(tmp_path):
    net = tmp_path / "net.py"
    net.write_text("from torch import nn\n\n\nclass Net(nn.Module):\n    def __init__(self):\n"
                   "        super().__init__()\n"
                   "        self.fc = nn.Linear(100, 10)\n\n    def forward(self, x):\n        x = x.flatten(1)\n"
                   "        return self.fc(x)\n")
    code, _, err = _run("--model-file", f"{net}:Net", "--dataset", "cifar10", "--batch-size", "4")
    assert code == 2
    assert "mat1 and mat2 shapes cannot be multiplied (4x3072 and 100x10) (net.py, line 11)" in err
    assert "Backward" not in err
