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


def _runs(modules: dict[str, list[tuple[str, tuple[int, ...]]]], frozen: dict[str, int]):
    from core.engine.trace.loop import LoopRun

    kinds = {name: "Linear" if params else "Sequential" for name, params in modules.items()}
    return [LoopRun(batch, [], module_kinds=kinds, module_params=modules, module_frozen=frozen) for batch in (1, 2)]


def test_module_totals_count_each_descendant_once():
    from core.engine.trace.step import _module_rows

    linear = [("weight", (4, 3)), ("bias", (4,))]
    modules = {"": [], "a": [], "a.0": linear, "a.1": linear, "ab": linear, "a.1x": [("scale", (5,))]}
    rows = {r.name: r for r in _module_rows(_runs(modules, {"a.1": 16, "ab": 4}))}
    assert rows["a"].total_parameters == 37 and rows["a"].trainable_parameters == 21  # "ab" is not in "a"
    assert rows["a.1"].total_parameters == 16 and rows["a.1"].trainable_parameters == 0  # nor "a.1x" in "a.1"
    assert rows[""].total_parameters == 16 * 3 + 5 and rows[""].trainable_parameters == 53 - 20
    assert rows["a.0"].total_parameters == rows["a.0"].parameters == 16


def test_module_totals_of_thousands_of_layers_take_no_time():
    import time

    from core.engine.trace.step import _module_rows

    modules = {"": [], **{str(i): [("weight", (64, 64)), ("bias", (64,))] for i in range(6000)}}
    runs = _runs(modules, {})
    start = time.perf_counter()
    rows = _module_rows(runs)
    # each module scanned every other (36 million prefix tests) took about 15 s; n × depth is milliseconds
    assert time.perf_counter() - start < 3.0
    assert rows[0].total_parameters == 6000 * (64 * 64 + 64)
