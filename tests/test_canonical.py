"""The real loop (core.canonical) builds the model the engine describes."""

import pytest

from core import TrainingConfig, estimate

torch = pytest.importorskip("torch")

from core.canonical import build_model, make_optimizer, measure  # noqa: E402


@pytest.mark.parametrize("hidden", [(), (128,), (512, 256)])
def test_model_has_the_engines_parameter_count(hidden):
    config = TrainingConfig(dataset="cifar10", hidden=hidden)
    model = build_model(config)
    assert sum(p.numel() for p in model.parameters()) == estimate(config).parameter_count


@pytest.mark.parametrize("name", ["sgd", "sgd-momentum", "adam", "adamw", "rmsprop", "adagrad"])
def test_optimizer_state_copies_match_the_engine(name):
    config = TrainingConfig(hidden=(16,), optimizer=name, batch_size=4)
    model = build_model(config)
    optimizer = make_optimizer(config, model.parameters())
    loss = model(torch.rand(4, 1, 28, 28)).sum()
    loss.backward()
    optimizer.step()
    tensors = [v for state in optimizer.state.values() for v in state.values() if torch.is_tensor(v) and v.dim() > 0]
    state_bytes = sum(t.numel() * t.element_size() for t in tensors)
    param_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    copies = {"sgd": 0, "sgd-momentum": 1, "adam": 2, "adamw": 2, "rmsprop": 1, "adagrad": 1}[name]
    assert state_bytes == copies * param_bytes


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_measured_peak_matches_prediction_on_this_gpu():
    config = TrainingConfig(hidden=(256,), dtype="bfloat16", optimizer="sgd", batch_size=128)
    torch.cuda.empty_cache()
    measured = measure(config)["peak_allocated_bytes"]
    assert measured == estimate(config).peak_bytes
