"""Measure the cuDNN convolution workspaces of every torchvision classifier and write the table the
engine reads (core/engine/data/conv_workspaces.json, format in core/engine/step/conv_table.py).

On a CUDA machine, one command, about 10 minutes on an H100 with the defaults:

    python bench/conv_workspaces.py [--budget-s 540] [--batches 16,64] [--dtypes float32,float16,bfloat16]
                                    [--datasets imagenet,cifar10] [--models resnet18,vgg11,...]
                                    [--out core/engine/data/conv_workspaces.json]

Each benchmark mode runs in a process of its own (cuDNN's plan cache is per process and shared by
both modes), with half of --budget-s: first the shapes of the reference's CNN rows
(tests/data/reference/h100-cnn.json), then model after model, each dataset, dtype and batch,
until its time is spent (checked before every call, so no mode overruns by more than one call).
A call that fails is named and skipped; a mode's child writes what it measured after each model
and is stopped 60 s past its share, so a crash or a hang loses at most one model. The entries
are merged into --out (a call measured twice keeps the larger workspace).

Without a GPU, --dry-run does everything but the measuring: it traces the models and writes
entries whose sizes are the engine's upper bound, so the table's writing and merging can be
checked anywhere (never ship a dry run's table).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.engine.step.conv_table import FORMAT, merge_entries, read_table  # noqa: E402

TABLE = ROOT / "core" / "engine" / "data" / "conv_workspaces.json"
FIRST = ["course-cnn", "resnet18", "resnet50", "vgg11", "mobilenet_v3_small"]
CHILD_GRACE_S = 60.0
"""How long past its share a mode's process may run (importing torch, one last call) before it is stopped."""


def models(chosen: str | None) -> list[str]:
    if chosen:
        return [m.strip() for m in chosen.split(",") if m.strip()]
    from core.engine.model.spec import torchvision_models

    rest = [m for m in torchvision_models() if m not in FIRST]
    return FIRST + rest


def reference_shapes() -> list[tuple[str, str, str, int]]:
    """(model, dataset, dtype, batch) of the reference's CNN rows, measured first."""
    path = ROOT / "tests" / "data" / "reference" / "h100-cnn.json"
    if not path.exists():
        return []
    rows = json.loads(path.read_text("utf-8"))["rows"]
    return list(dict.fromkeys((r["model"].replace("course_cnn", "course-cnn"), r["dataset"], r["dtype"], r["batch"])
                              for r in rows))


def sweep(names: list[str], datasets: list[str], dtypes: list[str],
          batches: list[int]) -> list[tuple[str, str, str, int]]:
    """What one mode measures, in order: the reference's shapes, then every model."""
    rest = [(n, d, t, b) for n in names for d in datasets for t in dtypes for b in batches]
    return list(dict.fromkeys(reference_shapes() + rest))


def measure_mode(names: list[str], batches: list[int], dtypes: list[str], benchmark: bool, budget_s: float,
                 dry_run: bool, datasets: tuple[str, ...] = ("imagenet",), part: Path | None = None) -> list[dict]:
    """Entries for one benchmark mode, in this process, until `budget_s` is spent; written to
    `part` after each model when given."""
    from core.engine.config import TrainingConfig
    from core.measure.conv_workspaces import calls_of

    deadline = time.monotonic() + budget_s
    entries: list[dict] = []
    failed: set[tuple[str, str]] = set()
    plan = sweep(names, list(datasets), dtypes, batches) if part is not None else \
        [(n, d, t, b) for n in names for d in datasets for t in dtypes for b in batches]
    for number, (name, dataset, dtype, batch) in enumerate(plan):
        if (name, dataset) in failed:
            continue
        config = TrainingConfig(model=name, dataset=dataset, dtype=dtype, batch_size=batch,
                                cudnn_benchmark=benchmark)
        try:
            calls = calls_of(config)
        except Exception as e:  # a model that does not trace at this input: say so and go on
            print(f"skipped {name} on {dataset}: {type(e).__name__}: {e}".splitlines()[0], file=sys.stderr)
            failed.add((name, dataset))
            continue
        for call in calls:
            if time.monotonic() > deadline:
                print(f"budget spent at {name} {dataset} {dtype} {batch}: {number} of {len(plan)} shapes done",
                      file=sys.stderr)
                return _kept(entries, part)
            entries += _measured(call, batch, benchmark, config.gpu_spec.sm_count, dry_run)
        if part is not None and (number + 1 == len(plan) or plan[number + 1][0] != name):
            _kept(entries, part)
    return _kept(entries, part)


def _measured(call: object, batch: int, benchmark: bool, sm_count: int, dry_run: bool) -> list[dict]:
    """The call's entry, or none when measuring it failed (named on stderr)."""
    from core.engine.step.convolutions import upper_bound
    from core.measure.conv_workspaces import entries_for, measure_calls

    if dry_run:
        return entries_for([call], batch, "dry run", 0, benchmark,  # type: ignore[list-item]
                           lambda c, b: (upper_bound(c, b, sm_count), upper_bound(c, b, sm_count, True)
                                         if benchmark else 0))
    try:
        return measure_calls([call], batch, benchmark)  # type: ignore[list-item]
    except Exception as e:  # one shape cuDNN refuses, or out of memory: the rest still counts
        print(f"not measured: {call}: {type(e).__name__}: {e}".splitlines()[0], file=sys.stderr)
        _empty_cache()
        return []


def _empty_cache() -> None:
    import torch

    torch.cuda.empty_cache()


def _kept(entries: list[dict], part: Path | None) -> list[dict]:
    if part is not None:
        part.write_text(json.dumps(entries), "utf-8")
    return entries


def write_table(path: Path, new: list[dict]) -> int:
    """Merge `new` into the table at `path` (created if missing); checks the result reads back."""
    old = json.loads(path.read_text("utf-8"))["entries"] if path.exists() else []
    about = json.loads(path.read_text("utf-8")).get("about", "") if path.exists() else ""
    merged = merge_entries(old, new)
    document = {"format": FORMAT, "about": about, "entries": merged}
    text = json.dumps(document, indent=1) + "\n"
    read_table(text, str(path))
    path.write_text(text, "utf-8")
    return len(merged)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batches", default="16,64")
    p.add_argument("--dtypes", default="float32,float16,bfloat16")
    p.add_argument("--datasets", default="imagenet,cifar10")
    p.add_argument("--models", default=None, help="comma-separated; default: every torchvision classifier")
    p.add_argument("--budget-s", type=float, default=540.0, help="seconds for both modes together")
    p.add_argument("--out", type=Path, default=TABLE)
    p.add_argument("--dry-run", action="store_true", help="no GPU: upper-bound sizes, to check the writing")
    p.add_argument("--mode", choices=("heuristic", "benchmark"), help=argparse.SUPPRESS)
    p.add_argument("--part", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    batches = [int(b) for b in args.batches.split(",")]
    dtypes, datasets = args.dtypes.split(","), tuple(args.datasets.split(","))
    if args.mode:  # a child: one mode, entries to --part as they come
        measure_mode(models(args.models), batches, dtypes, args.mode == "benchmark", args.budget_s, args.dry_run,
                     datasets, args.part)
        return 0
    if not args.dry_run:
        import torch

        if not torch.cuda.is_available():
            print("no CUDA device: use --dry-run to check the table writing", file=sys.stderr)
            return 3
    entries: list[dict] = []
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("heuristic", "benchmark"):
            entries += _run_child(mode, Path(tmp) / f"{mode}.json", args)
    count = write_table(args.out, entries)
    print(f"{len(entries)} measurements in {time.monotonic() - started:.0f} s; {args.out} holds {count} entries")
    return 0


def _run_child(mode: str, part: Path, args: argparse.Namespace) -> list[dict]:
    """One mode in a process of its own; what it wrote, even when it failed or was stopped."""
    share = args.budget_s / 2
    cmd = [sys.executable, __file__, "--mode", mode, "--part", str(part), "--batches", args.batches,
           "--dtypes", args.dtypes, "--datasets", args.datasets, "--budget-s", str(share)]
    cmd += ["--models", args.models] if args.models else []
    cmd += ["--dry-run"] if args.dry_run else []
    try:
        code = subprocess.run(cmd, timeout=share + CHILD_GRACE_S).returncode
        ended = f"ended with exit code {code}" if code else ""
    except subprocess.TimeoutExpired:
        ended = "was stopped past its time"
    if ended:
        print(f"the {mode} mode's process {ended}; keeping what it wrote", file=sys.stderr)
    return json.loads(part.read_text("utf-8")) if part.exists() else []


if __name__ == "__main__":
    sys.exit(main())
