"""How fast is an estimate, and a CLI run compared with `python -c "import torch"`?

    python bench/speed.py
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import TrainingConfig, estimate  # noqa: E402
from core.engine.estimate import clear_caches  # noqa: E402

CASES = {
    "784-128-10 adam B=64 (the course's MLP)": TrainingConfig(hidden=(128,)),
    "784-512-256-128-10 adam B=64": TrainingConfig(hidden=(512, 256, 128)),
    "3072-1024-512-10 sgd-momentum B=256": TrainingConfig(
        dataset="cifar10", hidden=(1024, 512), optimizer="sgd-momentum", batch_size=256),
    "784-512-256-128-10 adam B=4096": TrainingConfig(hidden=(512, 256, 128), batch_size=4096),
}


def per_call(fn, number: int = 300, repeat: int = 7) -> float:
    return statistics.median(timeit.repeat(fn, number=number, repeat=repeat)) / number


def wall(cmd: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _explained(e: object) -> tuple:
    return e.timeline, e.components, e.layers  # type: ignore[attr-defined]


def main() -> None:
    print("one estimate (peak, components at the peak, max batch cached per model), median:")
    for label, config in CASES.items():
        estimate(config)
        print(f"  {label:42} {per_call(lambda c=config: estimate(c)) * 1e6:8.1f} µs")
        explained = per_call(lambda c=config: _explained(estimate(c)), number=100)
        print(f"  {'  + timeline, formulas and layer table':42} {explained * 1e6:8.1f} µs")
    config = CASES["784-512-256-128-10 adam B=64"]
    cold = per_call(lambda: (clear_caches(), estimate(config)), number=5, repeat=5)
    print(f"  {'first estimate of a model (max batch search)':42} {cold * 1e3:8.2f} ms")
    cli = wall([sys.executable, "main.py", "estimate", "--hidden", "512,256,128", "--json"])
    torch_import = wall([sys.executable, "-c", "import torch"])
    print(f"CLI run (main.py estimate --json), median of 5: {cli:.3f} s")
    print(f'python -c "import torch", median of 5:          {torch_import:.3f} s')
    print(f"ratio CLI / import torch: {cli / torch_import:.2f}")


if __name__ == "__main__":
    main()
