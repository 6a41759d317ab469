"""The Layers table: every row has its type, shapes, parameters (own, with children, trainable)
and what it keeps for backward, for the course MLP as for a traced model."""

import pytest

from core import TrainingConfig, estimate


def test_the_course_mlp_rows_say_their_type_and_what_they_keep_for_backward():
    pytest.importorskip("torch")
    mlp = estimate(TrainingConfig(hidden=(128,), batch_size=64)).layers
    traced = estimate(TrainingConfig(layers="Flatten, Linear(128), ReLU, Linear", batch_size=64)).layers[1:]
    assert [r.kind for r in mlp] == ["Flatten", "Linear", "ReLU", "Linear"] == [r.kind for r in traced]
    assert [r.saved_bytes for r in mlp] == [r.saved_bytes for r in traced]
    assert mlp[2].saved_bytes == 64 * 128 * 4


def test_traced_rows_have_weight_and_bias_shapes_and_parameter_totals():
    pytest.importorskip("torch")
    e = estimate(TrainingConfig(model="resnet18", dataset="cifar10", batch_size=8))
    rows = {r.name: r for r in e.layers}
    conv, fc, model = rows["conv1"], rows["fc"], e.layers[0]
    assert conv.weight_shape == (64, 3, 7, 7) and conv.bias_shape is None
    assert fc.weight_shape == (10, 512) and fc.bias_shape == (10,)
    assert model.depth == 0 and model.total_parameters == e.parameter_count == 11_181_642  # torchinfo's total
    assert model.trainable_parameters == e.trainable_parameter_count == e.parameter_count
    assert rows["layer1"].parameters == 0 and rows["layer1"].total_parameters == 147_968
    assert list(e.to_dict()["layers"][1]["weight_shape"]) == [64, 3, 7, 7]  # not null in the JSON


def test_frozen_parameters_are_not_trainable(tmp_path):
    pytest.importorskip("torch")
    net = tmp_path / "net.py"
    net.write_text("from torch import nn\n\ndef Net():\n    m = nn.Sequential(nn.Flatten(), nn.Linear(784, 32), "
                   "nn.ReLU(), nn.Linear(32, 10))\n    m[1].requires_grad_(False)\n    return m\n")
    e = estimate(TrainingConfig(model_file=f"{net}:Net", batch_size=4))
    assert e.parameter_count == 784 * 32 + 32 + 32 * 10 + 10
    assert e.trainable_parameter_count == 32 * 10 + 10
