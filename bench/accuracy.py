"""Predicted vs measured peak of `torch.cuda.max_memory_allocated()` for the canonical loop.

On a machine with CUDA: runs the loop over a grid (and any --config JSON given) and compares
with the engine. Without CUDA: compares with the measured rows of
tests/data/reference/h100-canonical-loop.json (a copy of ../shared/reference), twice: replayed
back to back on one allocator, as they were measured (each row found the segments earlier rows
left cached), and each as a fresh process, which is what memcalc predicts. It also replays the
rows in shuffled orders, to show that only the file's order explains every phase figure.

    python bench/accuracy.py [--samples 300] [--seed 0] [--fresh] [--config '{"dataset": "mnist", ...}']
                             [--shuffles 100] [--trace DIR]

With --trace DIR (CUDA only), every configuration the engine misses is run once more under
`torch.cuda.memory._record_memory_history`, and the allocator's own event list (alloc, free,
segment_alloc with sizes and addresses) is written to DIR as JSON, beside the engine's event
list for the same run: the material to find where the model and the allocator part ways.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core import estimate  # noqa: E402
from core.cli.options import config_from_mapping  # noqa: E402
from core.engine.allocator import LargePool  # noqa: E402
from core.measure.compare import reference_phase_figures  # noqa: E402

REFERENCE = ROOT / "tests" / "data" / "reference" / "h100-canonical-loop.json"
GRID = {
    "dataset": ["mnist", "fashion-mnist", "cifar10", "cifar100", "imagenet"],
    "hidden": [[], [128], [256], [512, 256], [1024, 512], [2048, 2048], [4096], [4096, 4096, 1024]],
    "dtype": ["float32", "float16", "bfloat16", "float64"],
    "optimizer": ["sgd", "sgd-momentum", "adam", "adamw", "rmsprop", "adagrad"],
    "batch_size": [1, 7, 32, 100, 128, 512, 1000, 2048, 4096, 8192],
}


def grid(samples: int, seed: int) -> list[dict]:
    everything = [dict(zip(GRID, combo)) for combo in itertools.product(*GRID.values())]
    random.Random(seed).shuffle(everything)
    return everything[:samples]


def _measure_fresh(mapping: dict) -> int:
    code = (
        "import json,sys; from core.cli.options import config_from_mapping; from core.measure.compare import measure;"
        f"print(measure(config_from_mapping(json.loads({json.dumps(json.dumps(mapping))})))['peak_allocated_bytes'])"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1])


def _measure_here(mapping: dict) -> int:
    import torch

    from core.measure.compare import measure

    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    return measure(config_from_mapping(mapping))["peak_allocated_bytes"]


def trace(mapping: dict, folder: Path) -> Path:
    """The allocator's event list for one run of the loop, and the engine's, as JSON."""
    import torch

    from core.engine.estimate import loop_shape
    from core.engine.step.mlp import loop_program
    from core.measure.compare import measure

    config = config_from_mapping(mapping)
    torch.cuda.empty_cache()
    torch.cuda.memory._record_memory_history(max_entries=1_000_000)
    try:
        measure(config)
        snapshot = torch.cuda.memory._snapshot()
    finally:
        torch.cuda.memory._record_memory_history(enabled=None)
    real = [
        {"action": e["action"], "size": e["size"], "addr": e["addr"]}
        for trace_ in snapshot["device_traces"] for e in trace_
    ]
    program = loop_program(loop_shape(config))
    names = program.slot_names
    model = [list(ev) + ([names[ev[1]]] if ev[0] in (0, 1, 4) else []) for ev in program.events]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ("trace-" + "-".join(str(v).replace(" ", "") for v in mapping.values()) + ".json")
    path.write_text(json.dumps({"config": mapping, "allocator": real, "engine": model, "phases": program.phases}))
    return path


def measured_rows(configs: list[dict], fresh: bool) -> list[tuple[dict, int]]:
    rows = []
    for mapping in configs:
        try:
            rows.append((mapping, (_measure_fresh if fresh else _measure_here)(mapping)))
        except Exception as e:  # an OOM or a failed run: reported, not counted
            print(f"skipped {json.dumps(mapping)}: {type(e).__name__}: {str(e)[:120]}", file=sys.stderr)
    return rows


def reference_mapping(row: dict) -> dict:
    return {
        "dataset": row["dataset"], "hidden": row["hidden"], "dtype": row["dtype"],
        "optimizer": row["optimizer"].replace("_", "-"), "batch_size": row["batch"],
    }


def reference_rows() -> list[tuple[dict, int]]:
    data = json.loads(REFERENCE.read_text())
    return [(reference_mapping(r), r["peak_allocated_bytes"]) for r in data["rows"]]


def replay_in_order(rows: list[dict], order: list[int]) -> tuple[int, int]:
    """(exact peaks, exact phase figures) of the reference rows predicted back to back in `order`."""
    pool, peaks, figures = LargePool(), 0, 0
    for i in order:
        row = rows[i]
        e = estimate(config_from_mapping({**reference_mapping(row), "gpu": "h100-80gb"}), pool)
        peaks += e.peak_bytes == row["peak_allocated_bytes"]
        for got, measured in zip(reference_phase_figures(e), row["phases_without_workspace"]):
            figures += sum(got[k] == measured[k] for k in measured)
    return peaks, figures


def order_evidence(shuffles: int, seed: int) -> None:
    rows = json.loads(REFERENCE.read_text())["rows"]
    order = list(range(len(rows)))
    total = sum(len(r["phases_without_workspace"]) * 6 for r in rows)
    peaks, figures = replay_in_order(rows, order)
    print(f"  file order: {peaks}/{len(rows)} peaks, {figures}/{total} phase figures exact")
    rng, results = random.Random(seed), []
    for _ in range(shuffles):
        rng.shuffle(order)
        results.append(replay_in_order(rows, order))
    whole = sum(r == (len(rows), total) for r in results)
    print(f"  {shuffles} shuffled orders: best {max(f for _, f in results)}/{total} phase figures, "
          f"{whole} explain every figure")


def report(rows: list[tuple[dict, int]], cached: LargePool | None = None) -> list[dict]:
    """Prints the figures; returns the configurations the engine missed. With `cached`, the
    rows are predicted back to back on one allocator, as one process without empty_cache runs them."""
    errors, missed = [], []
    for mapping, measured in rows:
        predicted = estimate(config_from_mapping({**mapping, "gpu": "h100-80gb"}), cached).peak_bytes
        errors.append(abs(predicted - measured) / measured)
        if predicted != measured:
            missed.append(mapping)
            print(f"  off by {predicted - measured:+,} B ({errors[-1]:.3%}): {json.dumps(mapping)}")
    errors.sort()
    exact = sum(e == 0 for e in errors)
    p95 = errors[min(len(errors) - 1, round(0.95 * (len(errors) - 1)))]
    print(f"configurations: {len(errors)}")
    print(f"exact to the byte: {exact} ({exact / len(errors):.1%})")
    print(f"relative error: median {statistics.median(errors):.4%}, 95th percentile {p95:.4%}, max {errors[-1]:.4%}")
    return missed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fresh", action="store_true", help="measure each config in a new process")
    parser.add_argument("--config", action="append", default=[], help="a JSON config, as in --jsonl")
    parser.add_argument("--shuffles", type=int, default=100, help="orders to replay the reference rows in")
    parser.add_argument("--trace", type=Path, help="write allocator traces of missed configs here (CUDA)")
    args = parser.parse_args()
    try:
        import torch

        cuda = torch.cuda.is_available()
    except ImportError:
        cuda = False
    if cuda:
        name = torch.cuda.get_device_name()
        print(f"measuring on {name}, torch {torch.__version__}")
        rows = measured_rows([json.loads(c) for c in args.config] + grid(args.samples, args.seed), args.fresh)
    else:
        print(f"no CUDA device here: comparing with the measured rows of {REFERENCE.name}")
        rows = reference_rows()
        print("as the rows were measured, back to back in one process without empty_cache():")
        report(rows, LargePool())
        order_evidence(args.shuffles, args.seed)
        print("each row in a fresh process (what memcalc predicts):")
    missed = report(rows)
    if cuda and args.trace is not None:
        for mapping in missed:
            print(f"trace: {trace(mapping, args.trace)}")


if __name__ == "__main__":
    main()
