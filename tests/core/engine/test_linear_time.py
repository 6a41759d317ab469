"""The step's cost grows with the model, not with its square: what the loop asks for per layer
is found once (timings on a shared machine are too noisy to assert; the counts are not)."""

import core.engine.step.mlp as mlp_step
from core import TrainingConfig
from core.engine.estimate import loop_shape


def test_the_mlp_loop_finds_the_cublaslt_layer_once_not_per_layer(monkeypatch):
    calls = []
    search = mlp_step.cublaslt_layer

    def counted(widths):
        calls.append(len(widths))
        return search(widths)

    monkeypatch.setattr(mlp_step, "cublaslt_layer", counted)
    mlp_step.loop_program.cache_clear()
    program = mlp_step.loop_program(loop_shape(TrainingConfig(hidden=(64,) * 300)))
    assert len(program.events) > 300 * 3 and len(calls) == 1  # was one search of all 302 widths per layer
