"""Inference (model.eval(), forward only) and inputs that are not images: token ids, a signal,
a loss per token."""

import textwrap

import pytest

from core.engine.config import ConfigError, TrainingConfig
from core.engine.estimate import estimate

pytest.importorskip("torch")

LSTM = '''
from torch import nn


class Tagger(nn.Module):
    def __init__(self, vocab=30000, dim=128, hidden=256, classes=2, per_token=False):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim)
        self.lstm = nn.LSTM(dim, hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)
        self.per_token = per_token

    def forward(self, ids):
        out, _ = self.lstm(self.embed(ids))
        return self.head(out if self.per_token else out[:, -1])


def per_token():
    return Tagger(classes=5, per_token=True)
'''


@pytest.fixture(scope="module")
def lstm_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("models") / "lstm.py"
    path.write_text(textwrap.dedent(LSTM))
    return path


@pytest.mark.parametrize("model,dataset", [("course-cnn", "cifar10"), ("resnet18", "cifar10")])
def test_inference_keeps_no_gradients_state_or_saved_activations(model, dataset):
    train = estimate(TrainingConfig(model=model, dataset=dataset, batch_size=128))
    infer = estimate(TrainingConfig(model=model, dataset=dataset, batch_size=128, mode="inference"))
    assert {p.phase for p in infer.timeline} == {"setup", "transfer", "forward"}
    for point in infer.timeline:
        assert point.components["gradients"] == point.components["optimizer_state"] == 0
    assert infer.peak_bytes < train.peak_bytes
    assert infer.peak_reserved_bytes <= infer.unbounded_reserved_bytes
    assert infer.max_batch_size > train.max_batch_size
    assert infer.peak_bytes == max(p.bytes for p in infer.timeline)
    # what stays between batches: the parameters, x and out of the last batch, the workspaces
    end = infer.timeline[-1].end_components
    assert end["parameters"] == train.component_bytes["parameters"] or train.config.amp
    assert end["input_batch"] >= 128 * 3 * 32 * 32 * 4
    assert infer.to_dict()["config"]["mode"] == "inference"


def test_inference_of_the_mlp_is_traced_and_keeps_the_cublas_workspace():
    e = estimate(TrainingConfig(hidden=(128,), mode="inference"))
    assert e.step.modules is not None  # traced, not the hand-written training loop
    assert e.component_bytes["workspace"] == 32 * 2**20 + 2**20  # the main thread's handle and cuBLASLt


def test_token_ids_through_an_lstm_file(lstm_file):
    config = TrainingConfig(model_file=f"{lstm_file}:Tagger", dataset="custom", input_shape=(128,),
                            input_dtype="int64", vocab=30000, classes=2, batch_size=64)
    e = estimate(config)
    x = next(t for t in e.peak_tensors if t.name == "x")
    assert x.requested == 64 * 128 * 8 and x.dtype == "int64"
    assert e.fits and e.parameter_count == 30000 * 128 + 4 * (256 * 128 + 256 * 256 + 2 * 256) + 256 * 2 + 2
    infer = estimate(TrainingConfig(**{**_fields(config), "mode": "inference"}))
    assert infer.peak_bytes < e.peak_bytes


def test_a_loss_per_token(lstm_file):
    e = estimate(TrainingConfig(model_file=f"{lstm_file}:per_token", dataset="custom", input_shape=(16,),
                                input_dtype="int32", vocab=100, classes=5, target="token", batch_size=8))
    y = next(t for s in [e.peak_tensors] for t in s if t.name == "y") if any(
        t.name == "y" for t in e.peak_tensors) else None
    assert y is None or y.requested == 8 * 16 * 8
    with pytest.raises(ConfigError, match="per token"):
        estimate(TrainingConfig(model_file=f"{lstm_file}:Tagger", dataset="custom", input_shape=(16,),
                                input_dtype="int32", vocab=100, classes=2, target="token"))


def test_a_signal_for_the_mlp():
    e = estimate(TrainingConfig(dataset="custom", input_shape=(2, 16000), classes=10, hidden=(256,)))
    assert e.config.in_features == 32000 and e.layers[0].name.startswith("Flatten (2×16000")


@pytest.mark.parametrize("kwargs,code", [
    ({"input_shape": (1, 2, 3, 4, 5)}, "sizes_range"),
    ({"input_shape": (128,), "input_dtype": "int64"}, "ids_need_vocab"),
    ({"input_shape": (128,), "input_dtype": "int64", "vocab": 10}, "mlp_ids"),
    ({"input_shape": (128,), "vocab": 10}, "only_with"),
    ({"input_shape": (3, 8, 8), "input_dtype": "int8"}, "not_one_of"),
])
def test_bad_inputs_are_named(kwargs, code):
    with pytest.raises(ConfigError) as raised:
        TrainingConfig(dataset="custom", classes=10, **kwargs)
    assert raised.value.code == code


def test_inference_refuses_checkpointing():
    with pytest.raises(ConfigError) as raised:
        TrainingConfig(model="resnet18", mode="inference", checkpoint_blocks=True)
    assert raised.value.code == "not_in_inference"


def _fields(config):
    return {k: getattr(config, k) for k in ("model_file", "dataset", "input_shape", "input_dtype", "vocab", "classes",
                                            "batch_size")}
