"""core.probe driven by a scripted backend: phases, cancel, out of memory, clean-up."""

import pytest

from core import TrainingConfig
from core.measure.probe import parse_oom_message, run_probe, schedule
from tests.support.fake_backend import FakeBackend

CONFIG = TrainingConfig(hidden=(16,), batch_size=64)
B = FakeBackend


def test_phases_run_and_are_reported_in_order():
    backend, seen, readings = B(), [], []
    result = run_probe(CONFIG, backend, progress=lambda p, i: seen.append((p, i)), on_reading=readings.append)
    assert result.status == "done"
    assert seen == schedule(3) == [(r.phase, r.iteration) for r in result.readings]
    assert seen[:6] == [("setup", 0), ("transfer", 1), ("forward", 1), ("backward", 1), ("step", 1), ("transfer", 2)]
    assert readings == result.readings
    assert backend.released == 1


def test_components_and_runtime_costs_come_from_the_readings():
    result = run_probe(CONFIG, B())
    assert result.components() == {
        "parameters": B.PARAMS,
        "input_batch": B.INPUT * 64,
        "activations": B.ACTIVATIONS * 64,
        "optimizer_state": B.STATE,
        "workspace": B.WORKSPACE,
    }
    assert result.context_bytes == B.CONTEXT
    assert result.peak_allocated_bytes == max(r.peak_bytes for r in result.readings)
    assert result.device_peak_used_bytes == B.CONTEXT + result.peak_reserved_bytes
    assert all(r.peak_bytes >= r.end_bytes for r in result.readings)


def test_step_time_gives_samples_per_second():
    result = run_probe(CONFIG, B())
    assert len(result.step_seconds) == 3
    assert result.median_step_seconds == pytest.approx(4 * (0.001 * 64 + 0.01))
    assert result.samples_per_second == pytest.approx(64 / result.median_step_seconds)


def test_cancel_stops_between_phases_and_cleans_up():
    backend, asked = B(), []

    def should_stop():
        asked.append(1)
        return len(asked) > 4

    result = run_probe(CONFIG, backend, should_stop=should_stop)
    assert result.status == "cancelled"
    assert [p for p, _ in backend.calls] == ["setup", "transfer", "forward", "backward"]
    assert len(result.readings) == 4 and result.oom is None
    assert backend.released == 1 and backend.allocated == B.WORKSPACE


def test_out_of_memory_is_explained_with_phase_and_batch_and_cleaned_up():
    backend = B(oom_at=("backward", 8192))
    result = run_probe(CONFIG.with_batch(8192), backend)
    assert result.status == "oom"
    assert (result.oom.phase, result.oom.iteration, result.oom.batch_size) == ("backward", 1, 8192)
    expected = "out of memory in backward at batch 8192: tried to allocate 20.00 MiB with 3.12 MiB free"
    assert result.oom.message == expected
    assert backend.released == 1
    # the loop's tensors are gone, the library's kept: the main thread's workspaces, since
    # backward failed before the autograd thread's first matmul
    assert backend.allocated == B.HANDLE + B.CUBLASLT
    assert result.to_dict()["oom"]["message"] == result.oom.message


def test_out_of_memory_without_numbers_keeps_the_first_line():
    result = run_probe(CONFIG, B(oom_at=("setup", 64), oom_text="CUBLAS_STATUS_ALLOC_FAILED when calling x\nmore"))
    assert result.oom.message == "out of memory in setup at batch 64: CUBLAS_STATUS_ALLOC_FAILED when calling x"


def test_other_failures_are_errors_not_crashes():
    backend = B(fail_at="step")
    result = run_probe(CONFIG, backend)
    assert result.status == "error" and result.oom is None
    assert result.error == "ValueError in step: driver said no"
    assert backend.released == 1


@pytest.mark.parametrize(
    "text, expected",
    [
        ("CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 79.19 GiB of which "
         "1.50 GiB is free.", (2 << 30, 3 << 29)),
        ("CUDA out of memory. Tried to allocate 512.00 KiB (GPU 0; 15.90 GiB total capacity)", (512 << 10, None)),
        ("CUBLAS_STATUS_ALLOC_FAILED", (None, None)),
    ],
)
def test_parse_oom_message(text, expected):
    assert parse_oom_message(text) == expected


def test_a_process_that_already_held_memory_is_accounted_for():
    result = run_probe(CONFIG, B(start_allocated=1_000_000))
    assert result.start_allocated_bytes == 1_000_000
    assert result.components()["parameters"] == B.PARAMS
    assert result.workspace_bytes == B.WORKSPACE


def test_gradient_accumulation_runs_each_micro_batch_then_one_step():
    config = TrainingConfig(hidden=(16,), batch_size=64, accumulation_steps=4)
    backend, seen = B(), []
    result = run_probe(config, backend, progress=lambda p, i: seen.append((p, i)))
    assert result.status == "done"
    micro = [("transfer", 1), ("forward", 1), ("backward", 1)]
    assert seen[:14] == [("setup", 0), *micro * 4, ("step", 1)]
    assert seen == schedule(3, 4) and len(seen) == 1 + 3 * 13
    assert {batch for phase, batch in backend.calls if phase != "setup"} == {16}  # each pass takes B/N
    assert result.peak_allocated_bytes < run_probe(CONFIG, B()).peak_allocated_bytes
