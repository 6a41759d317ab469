"""The real loop (core.canonical) builds the model the engine describes."""

import pytest

from core import TrainingConfig, estimate

torch = pytest.importorskip("torch")

from core.measure.compare import measure  # noqa: E402
from core.measure.loop import build_model, make_optimizer  # noqa: E402


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


class _CpuBackend:
    """TorchCudaBackend's loop on the CPU, with the allocator's counters stubbed out."""

    def __new__(cls):
        from core.measure.backend import TorchCudaBackend

        class Cpu(TorchCudaBackend):
            def start(self):
                return {"name": "cpu", "torch_version": torch.__version__, "total_bytes": 0}

            memory_allocated = max_memory_allocated = memory_reserved = max_memory_reserved = lambda self: 0
            reset_peak = lambda self: None  # noqa: E731
            mem_get_info = lambda self: (0, 0)  # noqa: E731

        return Cpu("cpu")


@pytest.mark.parametrize("zero_grad, model", [("after-forward", {}), ("before-forward", {}),
                                             ("after-forward", {"model": "course-cnn", "checkpoint_segments": 3})])
def test_the_torch_backend_runs_every_phase_of_the_loop(zero_grad, model):
    from core.measure.probe import run_probe

    backend = _CpuBackend()
    config = TrainingConfig(hidden=(16,), optimizer="adam", batch_size=8, zero_grad=zero_grad, **model)
    seen = []
    result = run_probe(config, backend, progress=lambda p, i: seen.append(p))
    assert result.status == "done", result.error
    assert len(seen) == 13 and len(result.step_seconds) == 3
    assert not backend.holds_tensors()


def test_the_torch_backend_knows_an_out_of_memory_error():
    from core.measure.backend import TorchCudaBackend

    backend = TorchCudaBackend("cpu")
    assert backend.is_oom(torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB"))
    assert not backend.is_oom(ValueError("out of memory"))


@pytest.mark.cuda
def test_probe_on_this_gpu_matches_measure_and_cleans_up():
    from core.measure.probe import TorchCudaBackend, run_probe

    config = TrainingConfig(hidden=(256,), dtype="bfloat16", optimizer="sgd", batch_size=128)
    result = run_probe(config, TorchCudaBackend())
    assert result.status == "done"
    assert result.peak_allocated_bytes == measure(config)["peak_allocated_bytes"]
    assert torch.cuda.memory_allocated() == result.start_allocated_bytes + result.workspace_bytes


@pytest.mark.cuda
def test_out_of_memory_on_this_gpu_is_explained_and_released():
    from core.measure.probe import TorchCudaBackend, run_probe

    before = torch.cuda.memory_allocated()
    config = TrainingConfig(hidden=(131072,), batch_size=1 << 19)  # 256 GiB of activations, 1.6 GB of images
    result = run_probe(config, TorchCudaBackend())
    assert result.status == "oom", result.error
    assert result.oom.message.startswith(f"out of memory in forward at batch {1 << 19}: tried to allocate")
    assert torch.cuda.memory_allocated() <= before + (result.workspace_bytes or 0)


@pytest.mark.parametrize("zero_grad", ["after-forward", "before-forward"])
def test_the_torch_backend_accumulates_gradients_over_micro_batches(zero_grad):
    from core.measure.probe import run_probe

    backend = _CpuBackend()
    config = TrainingConfig(hidden=(16,), optimizer="sgd", batch_size=8, accumulation_steps=4, zero_grad=zero_grad)
    shapes = []
    original = backend._forward

    def forward(config):
        shapes.append(tuple(backend._loop["x"].shape))
        original(config)

    backend._forward = forward
    result = run_probe(config, backend)
    assert result.status == "done", result.error
    assert shapes == [(2, 1, 28, 28)] * 12 and len(result.step_seconds) == 3
