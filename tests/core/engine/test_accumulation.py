"""Gradient accumulation: N micro-batches of B/N per optimizer step. The micro-batch is what
scales; the gradients and the optimizer state are the batch's; the largest batch is N micro-batches."""

import pytest

from core import ConfigError, TrainingConfig, estimate
from core.cli.estimate import run_estimate
from core.engine.catalog import runtime_for
from core.engine.estimate import loop_shape
from core.engine.remedies import remedies
from core.engine.simulate import simulate
from core.engine.step.mlp import loop_program

pytest.importorskip("torch")

from core.engine.trace import traced_step

MODELS = [{"hidden": (512, 256)}, {"model": "course-cnn", "dataset": "cifar10"}]


def _marks(program, config):
    gpu = config.gpu_spec
    return [(m.peak, m.end) for m in simulate(program, config.micro_batch, gpu.sm_count, gpu.threads_per_sm).marks]


def test_one_step_of_accumulation_is_the_plain_loop_to_the_byte():
    for kwargs in MODELS:
        plain, one = TrainingConfig(batch_size=96, **kwargs), TrainingConfig(batch_size=96, accumulation_steps=1,
                                                                             **kwargs)
        assert estimate(one).to_dict() == estimate(plain).to_dict()
    config = TrainingConfig(hidden=(512, 256), batch_size=96)  # the traced loop, as N = 1 runs it
    runtime = runtime_for(config.gpu_spec)
    traced = traced_step(config, (runtime.cublas_handle_bytes, runtime.cublaslt_bytes))
    assert _marks(traced.program, config) == _marks(loop_program(loop_shape(config)), config)


@pytest.mark.parametrize("kwargs", MODELS)
def test_four_micro_batches_hold_a_quarter_of_the_activations_and_all_of_the_gradients(kwargs):
    batch = 256
    plain, quarter = estimate(TrainingConfig(batch_size=batch, **kwargs)), estimate(
        TrainingConfig(batch_size=batch // 4, **kwargs))
    accumulated = estimate(TrainingConfig(batch_size=batch, accumulation_steps=4, **kwargs))
    moment, small = accumulated.course_moment.end_components, quarter.course_moment.end_components
    assert moment["activations"] == small["activations"] < plain.course_moment.end_components["activations"]
    assert moment["input_batch"] == small["input_batch"]
    for place in ("parameters", "gradients", "optimizer_state"):
        assert accumulated.persistent_bytes[place] == plain.persistent_bytes[place]
    assert accumulated.peak_bytes < plain.peak_bytes
    assert accumulated.max_batch_size > plain.max_batch_size and accumulated.max_batch_size % 4 == 0
    assert accumulated.recommended_batch_size % 4 == 0
    forwards = [p for p in accumulated.timeline if p.phase == "forward" and p.iteration == 2]
    steps = [p for p in accumulated.timeline if p.phase == "step" and p.iteration == 2]
    assert len(forwards) == 4 and len(steps) == 1
    layers = {row.name: row for row in accumulated.layers}
    assert all(row.output_shape[0] == batch // 4 for row in layers.values() if row.output_shape)


def test_the_largest_batch_is_whole_micro_batches_that_fit():
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=64, accumulation_steps=4,
                            gpu="rtx4060-8gb")
    largest = estimate(config).max_batch_size
    assert estimate(config.with_batch(largest)).fits
    assert not estimate(config.with_batch(largest + 4)).fits


@pytest.mark.parametrize("kwargs, words", [
    ({"accumulation_steps": 0}, "accumulation_steps: 0 must be at least 1"),
    ({"accumulation_steps": 4097}, "accumulation_steps: 4097 is more than 4,096"),
    ({"accumulation_steps": 4, "batch_size": 10}, "accumulation_steps: 4 does not divide batch_size 10"),
    ({"accumulation_steps": 2, "mode": "inference"}, "accumulation_steps: 2 is part of training"),
    ({"accumulation_steps": 2, "gpus": 2, "strategy": "ddp"}, "accumulation_steps: 2 is not modelled with strategy"),
])
def test_bad_values_are_named(kwargs, words):
    with pytest.raises(ConfigError) as caught:
        TrainingConfig(**kwargs)
    assert str(caught.value).startswith(words)


@pytest.mark.parametrize("argv, named", [
    (["--accumulation-steps", "0"], "accumulation_steps: 0"),
    (["--batch-size", "10", "--accumulation-steps", "4"], "batch_size 10"),
])
def test_bad_values_exit_2_with_one_line(argv, named):
    import io

    out, err = io.StringIO(), io.StringIO()
    assert run_estimate(argv, out, err) == 2
    assert out.getvalue() == "" and err.getvalue().count("\n") == 1 and named in err.getvalue()


def test_the_command_line_and_json_take_the_option():
    import io
    import json

    out, err = io.StringIO(), io.StringIO()
    assert run_estimate(["--batch-size", "64", "--accumulation-steps", "4", "--json"], out, err) == 0, err.getvalue()
    found = json.loads(out.getvalue())
    assert found["config"]["accumulation_steps"] == 4 and found["max_batch_size"] % 4 == 0


def test_accumulation_is_the_remedy_that_keeps_a_batch_that_does_not_fit():
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=16384, gpu="rtx4060-8gb")
    assert not estimate(config).fits
    found = {r.key: r for r in remedies(config)}
    remedy = found["accumulation"]
    steps = remedy.config.accumulation_steps
    assert remedy.fits and remedy.config.batch_size == 16384 and remedy.saved_bytes > 0
    assert all(not estimate(config.__class__(**{**_fields(config), "accumulation_steps": n})).fits
               for n in range(2, steps) if 16384 % n == 0)  # the fewest micro-batches that fit
    change, cost = remedy.text(config)
    micro = f"{16384 // steps:,}"
    assert change == f"gradient accumulation: {steps} micro-batches of {micro} keep the effective batch 16,384"
    assert "slower per sample" in cost and "BatchNorm" in cost
    assert remedy.text(config, "zh_CN")[0].startswith("梯度累积")
    assert remedy.to_dict(config)["peak_bytes"] == remedy.estimate.peak_bytes
    assert "combined" not in found or "accumulation" not in found["combined"].parts


def _fields(config):
    return {k: getattr(config, k) for k in ("model", "dataset", "batch_size", "gpu")}
