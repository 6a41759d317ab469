"""Any model, traced on the meta device: the course MLP traced gives the hand-written program's
figures on every reference row, CNNs come within 1 % of their H100 peaks, and bad models are
named, not tracebacks."""

import json

import pytest

from core import ConfigError, TrainingConfig, estimate
from core.engine.allocator import CachingAllocator
from core.engine.catalog import runtime_for
from core.engine.estimate import loop_shape
from core.engine.simulate import simulate
from core.engine.step.mlp import loop_program
from tests import support

pytest.importorskip("torch")

from core.engine.trace import traced_step

REFERENCE = support.DATA / "reference"


def _mlp_rows():
    return json.loads((REFERENCE / "h100-canonical-loop.json").read_text())["rows"]


def _mlp_config(row, **extra):
    return TrainingConfig(dataset=row["dataset"], hidden=tuple(row["hidden"]), dtype=row["dtype"],
                          optimizer=row["optimizer"].replace("_", "-"), batch_size=row["batch"], **extra)


def _marks(program, config):
    gpu = config.gpu_spec
    run = simulate(program, config.batch_size, gpu.sm_count, gpu.threads_per_sm)
    return [(m.peak, m.end) for m in run.marks]


def test_the_traced_mlp_gives_the_hand_written_programs_figures_on_every_reference_row():
    for row in _mlp_rows():
        config = _mlp_config(row)
        runtime = runtime_for(config.gpu_spec)
        traced = traced_step(config, (runtime.cublas_handle_bytes, runtime.cublaslt_bytes))
        hand = loop_program(loop_shape(config))
        assert _marks(traced.program, config) == _marks(hand, config), row
        assert traced.parameter_count == row["parameter_count"]


def test_a_layer_list_of_the_mlp_is_the_mlp():
    mlp = TrainingConfig(hidden=(256,), batch_size=100)
    layers = TrainingConfig(layers="Flatten, Linear(256), ReLU, Linear", batch_size=100)
    assert estimate(layers).peak_bytes == estimate(mlp).peak_bytes
    assert [p.bytes for p in estimate(layers).timeline] == [p.bytes for p in estimate(mlp).timeline]


def _cnn_rows():
    return json.loads((REFERENCE / "h100-cnn.json").read_text())["rows"]


def _cnn_config(row):
    model = "course-cnn" if row["model"] == "course_cnn" else row["model"]
    return TrainingConfig(model=model, dataset=row["dataset"], dtype=row["dtype"],
                          optimizer=row["optimizer"].replace("_", "-"), batch_size=row["batch"])


_WORKSPACE = ("the low side of the band: cuDNN's float32 (TF32) convolution workspaces, unmeasured for the H100, are "
              "left out of the point estimate; the band below holds the truth")
_UNMODELLED = {("course_cnn", 32), ("resnet18", 256), ("vgg11", 16)}


def _cnn_params():
    for row in _cnn_rows():
        key = (row["model"], row["batch"])
        marks = [pytest.mark.xfail(reason=_WORKSPACE, strict=True)] if key in _UNMODELLED else []
        yield pytest.param(row, id=f"{row['model']}-{row['dataset']}-{row['dtype']}-{row['batch']}", marks=marks)


@pytest.mark.parametrize("row", list(_cnn_params()))
def test_cnn_peaks_within_one_percent_of_the_h100(row):
    """Measured back to back in a process that held the cuBLAS workspaces: a warm process."""
    e = estimate(_cnn_config(row), cached=CachingAllocator())
    assert e.parameter_count == row["parameter_count"]
    assert abs(e.peak_bytes - row["peak_allocated_bytes"]) <= 0.01 * row["peak_allocated_bytes"]


REPRODUCIBLE = 0.01
"""CNN peaks re-measured in brand-new processes differ by up to 0.6 %: the low side may stand that
much above a measurement (no workspace at all) without being wrong."""


@pytest.mark.parametrize("row", _cnn_rows(), ids=lambda r: f"{r['model']}-{r['dataset']}-{r['dtype']}-{r['batch']}")
def test_the_band_holds_every_h100_cnn_peak(row):
    """Nothing is measured for these convolutions in the shipped table: each estimate says so and
    gives a band, no workspace to the upper bound, that holds the measured peak."""
    e = estimate(_cnn_config(row), cached=CachingAllocator())
    truth = row["peak_allocated_bytes"]
    assert e.conv_workspaces == "estimated" and not e.exact
    assert e.peak_bytes * (1 - REPRODUCIBLE) <= truth <= e.peak_high_bytes


def test_the_course_cnn_in_bfloat16_is_exact_in_every_phase():
    from core.measure.compare import reference_phase_figures

    row = next(r for r in _cnn_rows() if r["model"] == "course_cnn" and r["dtype"] == "bfloat16")
    e = estimate(_cnn_config(row), cached=CachingAllocator())
    assert e.peak_bytes == row["peak_allocated_bytes"]
    assert reference_phase_figures(e) == row["phases_without_workspace"]


def test_the_module_table_shows_where_a_cnn_keeps_its_activations():
    e = estimate(TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=64))
    rows = {r.name: r for r in e.layers}
    assert rows["0"].kind == "Conv2d" and rows["0"].formula == "3 × 3 × 3 × 32 + 32 = 896"
    assert rows["0"].output_shape == (64, 32, 32, 32)
    assert rows["0"].saved_bytes == 64 * 32 * 32 * 32 * 4
    assert rows["13"].kind == "Linear" and rows["13"].parameters == 2048 * 512 + 512
    early = rows["0"].saved_bytes + rows["2"].saved_bytes
    assert early > sum(r.saved_bytes for name, r in rows.items() if name in ("13", "14", "15", "16"))


@pytest.mark.parametrize("kwargs, field, words", [
    ({"model": "resnet18", "dataset": "mnist"}, "model", "3 channels"),
    ({"layers": "Conv2d(8, 3), " + "MaxPool2d(2), " * 5 + "Flatten, Linear"},
     "layers", "smaller than"),
    ({"model": "vit_b_16", "dataset": "cifar10"}, "model", "does not take"),
])
def test_a_model_that_does_not_take_the_images_is_named(kwargs, field, words):
    with pytest.raises(ConfigError, match=words) as info:
        estimate(TrainingConfig(batch_size=4, **kwargs))
    assert info.value.field == field


def _write(tmp_path, text):
    path = tmp_path / "net.py"
    path.write_text(text)
    return path


def test_a_users_model_file_is_traced(tmp_path):
    path = _write(tmp_path, "from torch import nn\n\n\ndef Net():\n    return nn.Sequential(nn.Flatten(), "
                            "nn.Linear(784, 64), nn.ReLU(), nn.Linear(64, 10))\n")
    e = estimate(TrainingConfig(model_file=f"{path}:Net", batch_size=32))
    assert e.peak_bytes == estimate(TrainingConfig(hidden=(64,), batch_size=32)).peak_bytes


@pytest.mark.parametrize("source, attr, words", [
    (None, "Net", "does not exist"),
    ("class Net(:\n    pass\n", "Net", "syntax error at line 1"),
    ("def Net():\n    raise ValueError('no weights here')\n", "Net", r"ValueError: no weights here \(net.py, line 2\)"),
    ("def Net():\n    return 42\n", "Net", "gives a int, not an nn.Module"),
    ("x = 1\n", "Net", "defines no Net"),
    ("import torch\n\n\nclass Net(torch.nn.Module):\n    def forward(self, x):\n        return x.nonzero()\n",
     "Net", "model"),
])
def test_a_model_file_that_fails_says_where(tmp_path, source, attr, words):
    path = tmp_path / "net.py" if source is None else _write(tmp_path, source)
    with pytest.raises(ConfigError, match=words):
        estimate(TrainingConfig(model_file=f"{path}:{attr}", batch_size=4))


def test_tracing_a_model_twice_reuses_the_trace():
    config = TrainingConfig(model="course-cnn", dataset="mnist", batch_size=16)
    runtime = runtime_for(config.gpu_spec)
    key = (runtime.cublas_handle_bytes, runtime.cublaslt_bytes)
    assert traced_step(config, key) is traced_step(config.with_batch(512), key)


_ATTENTION = """
import torch
from torch import nn


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = nn.Linear(28, 64)
        self.encoder = nn.TransformerEncoderLayer(64, 4, dim_feedforward=128, dropout=0.0, batch_first=True)
        self.head = nn.Linear(64, 10)

    def forward(self, x):
        tokens = self.embed(x.flatten(1, 2))  # 28 rows of 28 pixels: 28 tokens
        return self.head(self.encoder(tokens).mean(1))
"""


@pytest.mark.parametrize("amp", [None, "bfloat16"])
def test_attention_keeps_a_log_sum_exp_not_the_attention_matrix(tmp_path, amp):
    """On CUDA scaled_dot_product_attention takes a fused kernel (memory-efficient in float32,
    cuDNN in half precision on an H100); the meta device's math path would keep (B, heads, L, L)."""
    path = _write(tmp_path, _ATTENTION)
    e = estimate(TrainingConfig(model_file=f"{path}:Net", batch_size=16, amp=amp))
    program = e.step.program
    shapes = {info.shape_at(16) for info in program.slot_info if info is not None}
    assert (16, 4, 28, 28) not in shapes
    fused = "_scaled_dot_product_cudnn_attention" if amp else "_scaled_dot_product_efficient_attention"
    assert any(name.endswith(fused) for name in program.slot_names)
