"""How fast memcalc answers, as ratios measured in one run on this machine.

    python bench/speed.py [--quick]

* The course MLP: one estimate, and the whole recompute the window does on an input change
  (estimate, reserved memory, timeline, formulas, layer table; target under 1 ms), each at a
  batch size not asked for before, with the max-batch search (cached per model in the window)
  timed on its own.
* Many layers: the engine must stay near-linear in the number of layers.
* A traced model: `main.py estimate --model resnet50 --dataset imagenet --batch-size 64` as a
  ratio to `python -c "import torch, torchvision"` (target at most 1.5), a re-estimate of the
  traced model at another batch size (target at most 20 ms), and torchinfo.summary(resnet50,
  (64, 3, 224, 224)) in the same run (it runs the model on the CPU) when torchinfo is installed.
"""

from __future__ import annotations

import argparse
import itertools
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
from core.engine.estimate import clear_caches  # noqa: E402

MLPS = {
    "784-128-10 adam B=64 (the course's MLP)": TrainingConfig(hidden=(128,)),
    "784-512-256-128-10 adam B=64": TrainingConfig(hidden=(512, 256, 128)),
    "3072-1024-512-10 sgd-momentum B=256": TrainingConfig(
        dataset="cifar10", hidden=(1024, 512), optimizer="sgd-momentum", batch_size=256),
    "784-512-256-128-10 adam B=4096": TrainingConfig(hidden=(512, 256, 128), batch_size=4096),
}


def per_call(fn, number: int = 300, repeat: int = 7) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number


def wall(cmd: list[str], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _recompute(config: TrainingConfig) -> None:
    """What the window does on an input change: a new estimate and everything it shows."""
    e = estimate(config)
    _ = (e.peak_reserved_bytes, e.timeline, e.components, e.layers, e.naive, e.max_batch_size)


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
        print(f"  {label:42} estimate {per_call(lambda f=fresh: estimate(f()).peak_bytes) * 1e6:8.1f} µs, "
              f"whole recompute {per_call(lambda f=fresh: _recompute(f()), number=50) * 1e3:6.3f} ms")
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
    runs = 1 if quick else 3
    cli = wall([sys.executable, "main.py", "estimate", "--model", "resnet50", "--dataset", "imagenet",
                "--batch-size", "64", "--json"], runs)
    imports = wall([sys.executable, "-c", "import torch, torchvision"], runs)
    print(f"  main.py estimate --model resnet50 ..., median of {runs}: {cli:.2f} s")
    print(f'  python -c "import torch, torchvision", median of {runs}: {imports:.2f} s')
    print(f"  ratio: {cli / imports:.2f} (target at most 1.5)")
    config = TrainingConfig(model="resnet50", dataset="imagenet", batch_size=64)
    _recompute(config)
    fresh = _new_batches(config)
    again = per_call(lambda: _recompute(fresh()), number=3, repeat=5)
    print(f"  re-estimate of the traced model at another batch: {again * 1e3:.1f} ms (target at most 20 ms)")
    _torchinfo(config)


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


if __name__ == "__main__":
    main()
