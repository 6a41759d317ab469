"""How fast memcalc answers, as ratios measured in one run on this machine.

    python bench/speed.py [--quick]

* The course MLP: one estimate, and the whole recompute the window does on an input change
  (estimate, reserved memory, timeline, formulas, layer table; target at most 0.5 ms), each at a
  batch size not asked for before, with the max-batch search (cached per model in the window)
  timed on its own.
* Many layers: the engine must stay near-linear in the number of layers.
* A traced model: `main.py estimate --model resnet50 --dataset imagenet --batch-size 64` as a
  ratio to `python -c "import torch, torchvision"` (target at most 1.2, CPU time, the two run in
  turn), a re-estimate of the traced model at another batch size, both sides of the cuDNN
  workspace band (target at most 5 ms), and torchinfo.summary(resnet50, (64, 3, 224, 224)) in
  the same run (it runs the model on the CPU) when torchinfo is installed.
* The engine as the model grows: resnet18, resnet50, resnet152 and vit_b_16, the first estimate
  (the trace apart) and a re-estimate against the number of events of the step; the cost per
  event must stay about the same (linear: at most 1.5 times apart across the four).

Times are CPU seconds of this process (time.process_time) or of the child processes, steadier
than wall time on a shared machine; each target is printed beside its figure with "met" or
"NOT met".
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import subprocess
import sys
import time
import timeit
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import TrainingConfig, estimate  # noqa: E402
from core.engine.estimate import clear_caches, step_for  # noqa: E402
from core.engine.max_batch import placed_run, run_within  # noqa: E402

TARGETS = {
    "mlp_recompute_ms": 0.5,
    "reestimate_ms": 5.0,
    "cli_ratio": 1.2,
    "per_event_spread": 1.5,
}
"""Issue 24's targets: the course MLP's whole recompute, a re-estimate of a traced resnet50, the
command line against `import torch, torchvision`, and how far apart the engine's cost per event
may be across models (linear)."""
SCALING_MODELS = ("resnet18", "resnet50", "resnet152", "vit_b_16")


def verdict(figure: float, target: float, unit: str = "") -> str:
    return f"(target at most {target:g}{unit}: {'met' if figure <= target else 'NOT met'})"

MLPS = {
    "784-128-10 adam B=64 (the course's MLP)": TrainingConfig(hidden=(128,)),
    "784-512-256-128-10 adam B=64": TrainingConfig(hidden=(512, 256, 128)),
    "3072-1024-512-10 sgd-momentum B=256": TrainingConfig(
        dataset="cifar10", hidden=(1024, 512), optimizer="sgd-momentum", batch_size=256),
    "784-512-256-128-10 adam B=4096": TrainingConfig(hidden=(512, 256, 128), batch_size=4096),
}


def per_call(fn, number: int = 300, repeat: int = 7) -> float:
    """CPU seconds per call, the median of `repeat` rounds."""
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat, timer=time.process_time)) / number


def _child(cmd: list[str]) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one run of a command."""
    before, start = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
    wall_s, after = time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall_s


def ratios(a: list[str], b: list[str], runs: int) -> tuple[float, float, float, float]:
    """A and B run in turn: (median CPU ratio A/B pair by pair, median wall ratio, median CPU
    seconds of A, of B)."""
    cpu, walls, cpu_a, cpu_b = [], [], [], []
    for _ in range(runs):
        (ca, wa), (cb, wb) = _child(a), _child(b)
        cpu.append(ca / cb)
        walls.append(wa / wb)
        cpu_a.append(ca)
        cpu_b.append(cb)
    return (statistics.median(cpu), statistics.median(walls), statistics.median(cpu_a),
            statistics.median(cpu_b))


def _recompute(config: TrainingConfig) -> None:
    """What the window does on an input change: a new estimate and everything it shows, both
    sides of the workspace band included."""
    e = estimate(config)
    _ = (e.peak_reserved_bytes, e.timeline, e.components, e.layers, e.naive, e.max_batch_size,
         e.peak_high_bytes, e.reserved_high_bytes, e.fits)


def _new_batches(config: TrainingConfig) -> Callable[[], TrainingConfig]:
    """The config at a batch not asked for before, at every call: nothing comes from a cache
    but the program and the max batch (one per model, as the window keeps them)."""
    batches = itertools.count(config.batch_size + 1)
    return lambda: config.with_batch(next(batches))


def mlp_figures() -> None:
    print("the course MLP, each call at a new batch size (max batch cached per model, as the window caches it):")
    for label, config in MLPS.items():
        _recompute(config)
        fresh = _new_batches(config)
        whole = per_call(lambda f=fresh: _recompute(f()), number=50) * 1e3
        target = f" {verdict(whole, TARGETS['mlp_recompute_ms'], ' ms')}" if "course" in label else ""
        print(f"  {label:42} estimate {per_call(lambda f=fresh: estimate(f()).peak_bytes) * 1e6:8.1f} µs, "
              f"whole recompute {whole:6.3f} ms{target}")
    config = MLPS["784-512-256-128-10 adam B=64"]
    def cold_search() -> int:
        clear_caches()
        return estimate(config).max_batch_size

    cold = per_call(cold_search, number=3, repeat=3)
    print(f"  {'max-batch search of a new model, alone':42} {cold * 1e3:8.1f} ms")


def layers_figures() -> None:
    print("many hidden layers (512 wide, batch 4096), one estimate with its reserved memory:")
    for n in (100, 300, 1000):
        config = TrainingConfig(hidden=(512,) * n, batch_size=4096)
        start = time.perf_counter()
        _ = estimate(config).peak_reserved_bytes
        print(f"  {n:5} layers: {time.perf_counter() - start:7.3f} s")


def traced_figures(quick: bool) -> None:
    print("a traced model (resnet50, ImageNet, batch 64):")
    runs = 1 if quick else 5
    cpu, walls, cli, imports = ratios(
        [sys.executable, "main.py", "estimate", "--model", "resnet50", "--dataset", "imagenet", "--batch-size", "64"],
        [sys.executable, "-c", "import torch, torchvision"], runs)
    print(f"  main.py estimate --model resnet50 ..., median of {runs}: {cli:.2f} s CPU")
    print(f'  python -c "import torch, torchvision", median of {runs}: {imports:.2f} s CPU')
    print(f"  ratio: {cpu:.2f} in CPU time {verdict(cpu, TARGETS['cli_ratio'])}, {walls:.2f} in wall time")
    config = TrainingConfig(model="resnet50", dataset="imagenet", batch_size=64)
    _recompute(config)
    fresh = _new_batches(config)
    again = per_call(lambda: _recompute(fresh()), number=3, repeat=5) * 1e3
    print(f"  re-estimate of the traced model at another batch: {again:.1f} ms "
          f"{verdict(again, TARGETS['reestimate_ms'], ' ms')}")
    _torchinfo(config)


def _replays() -> int:
    """Replays run since the caches were cleared: the max-batch searches' and the estimates'."""
    return run_within.cache_info().misses + placed_run.cache_info().misses


def scaling_figures(quick: bool) -> None:
    """The first estimate (the trace apart: what the engine adds) and a re-estimate against the
    number of events of each model's step (a re-estimate: the best of 9, each at a new batch).
    The first estimate's max-batch search runs more
    replays the larger the batch that fits (doubling, then bisection), a CNN's estimate one
    replay per side of the workspace band: costs are compared per event and replay (a search's
    replays that run out stop early, so its figure per replay is lower where more do)."""
    print("the engine as the model grows (ImageNet, batch 64; CPU time):")
    per_event_first, per_event_again = [], []
    _recompute(TrainingConfig(model="resnet18", dataset="cifar10"))  # what is built once per process
    for model in SCALING_MODELS[:2] if quick else SCALING_MODELS:
        config = TrainingConfig(model=model, dataset="imagenet", batch_size=64)
        clear_caches()
        start = time.process_time()
        events = len(step_for(config).program.events)
        step_for(config)  # the fresh process's step too (the same trace unless warm)
        traced = time.process_time() - start
        start, replays = time.process_time(), _replays()
        _recompute(config)
        first, replays = time.process_time() - start, _replays() - replays
        fresh = _new_batches(config)

        def again_at_a_new_batch(f: Callable[[], TrainingConfig] = fresh) -> None:
            _recompute(f())

        again = min(timeit.repeat(again_at_a_new_batch, number=1, repeat=9, timer=time.process_time))
        per_event_first.append(first / events / replays)
        sides = 1 if estimate(config).high is None else 2  # a CNN's band: two replays at each batch
        per_event_again.append(again / events / sides)
        print(f"  {model:10} {events:6,} events: trace {traced:5.2f} s, first estimate {first:6.3f} s in {replays} "
              f"replays ({first / events / replays * 1e6:5.2f} µs per event and replay), re-estimate "
              f"{again * 1e3:6.1f} ms in {sides} replays ({again / events / sides * 1e6:5.2f} µs per event and replay)")
    for name, costs in (("first estimate", per_event_first), ("re-estimate", per_event_again)):
        spread = max(costs) / min(costs)
        print(f"  {name}: cost per event {spread:.2f} times apart across the models "
              f"{verdict(spread, TARGETS['per_event_spread'])}")


def _torchinfo(config: TrainingConfig) -> None:
    try:
        import torchinfo
        import torchvision
    except ImportError:
        print("  torchinfo is not installed: pip install torchinfo to compare")
        return
    model = torchvision.models.resnet50(weights=None)
    start = time.perf_counter()
    summary = torchinfo.summary(model, (64, 3, 224, 224), verbose=0)
    theirs = time.perf_counter() - start
    clear_caches()
    start = time.perf_counter()
    e = estimate(config)
    _ = (e.peak_reserved_bytes, e.components, e.layers, e.max_batch_size)
    ours = time.perf_counter() - start
    print(f"  torchinfo.summary(resnet50, (64, 3, 224, 224)): {theirs:.2f} s, total size "
          f"{summary.total_input + summary.total_output_bytes + summary.total_param_bytes:,} B "
          f"(input + forward/backward pass + params; no optimizer, allocator or workspace)")
    print(f"  memcalc, first estimate of resnet50 (trace, allocator, max batch): {ours:.2f} s, peak "
          f"{e.peak_bytes:,} B, reserved {e.peak_reserved_bytes:,} B; ratio torchinfo / memcalc "
          f"{theirs / ours:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run of each command instead of three")
    args = parser.parse_args()
    mlp_figures()
    layers_figures()
    traced_figures(args.quick)
    scaling_figures(args.quick)


if __name__ == "__main__":
    main()
