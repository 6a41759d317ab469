"""Measure the cuDNN convolution workspaces of every torchvision classifier and write the table the
engine reads (core/engine/data/conv_workspaces.json, format in core/engine/step/conv_table.py).

On a CUDA machine (about 10 minutes on an H100 with the defaults):

    python bench/conv_workspaces.py [--batches 16,64] [--dtypes float32,float16,bfloat16]
                                    [--models resnet18,vgg11,...] [--budget-s 540]
                                    [--out core/engine/data/conv_workspaces.json]

Each benchmark mode runs in a process of its own (cuDNN's plan cache is per process and shared by
both modes); each measures, model after model, the distinct calls of its traced step at each
batch and dtype, until its share of --budget-s is spent, and the entries are merged into --out
(a call measured twice keeps the larger workspace). The reference's models come first.

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


def models(chosen: str | None) -> list[str]:
    if chosen:
        return [m.strip() for m in chosen.split(",") if m.strip()]
    from core.engine.model.spec import torchvision_models

    rest = [m for m in torchvision_models() if m not in FIRST]
    return FIRST + rest


def measure_mode(names: list[str], batches: list[int], dtypes: list[str], benchmark: bool, budget_s: float,
                 dry_run: bool) -> list[dict]:
    """Entries for one benchmark mode, in this process."""
    from core.engine.config import TrainingConfig
    from core.measure.conv_workspaces import calls_of, entry, measure_calls

    start = time.monotonic()
    entries: list[dict] = []
    for name in names:
        for dtype in dtypes:
            for batch in batches:
                if time.monotonic() - start > budget_s:
                    print(f"budget spent at {name} {dtype} {batch}", file=sys.stderr)
                    return entries
                config = TrainingConfig(model=name, dataset="imagenet", dtype=dtype, batch_size=batch,
                                        cudnn_benchmark=benchmark)
                try:
                    calls = calls_of(config)
                except Exception as e:  # a model that does not trace: say so and go on
                    print(f"skipped {name}: {e}", file=sys.stderr)
                    break
                if dry_run:
                    from core.engine.step.convolutions import upper_bound

                    sm = config.gpu_spec.sm_count
                    entries += [entry(c, batch, "dry run", 0, benchmark, (upper_bound(c, batch, sm),
                                      upper_bound(c, batch, sm, True) if benchmark else 0)) for c in calls]
                else:
                    entries += measure_calls(calls, batch, benchmark)
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
    p.add_argument("--models", default=None, help="comma-separated; default: every torchvision classifier")
    p.add_argument("--budget-s", type=float, default=540.0, help="seconds for both modes together")
    p.add_argument("--out", type=Path, default=TABLE)
    p.add_argument("--dry-run", action="store_true", help="no GPU: upper-bound sizes, to check the writing")
    p.add_argument("--mode", choices=("heuristic", "benchmark"), help=argparse.SUPPRESS)
    p.add_argument("--part", type=Path, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    batches = [int(b) for b in args.batches.split(",")]
    dtypes = args.dtypes.split(",")
    if args.mode:  # a child: one mode, entries to --part
        found = measure_mode(models(args.models), batches, dtypes, args.mode == "benchmark", args.budget_s,
                             args.dry_run)
        args.part.write_text(json.dumps(found), "utf-8")
        return 0
    if not args.dry_run:
        import torch

        if not torch.cuda.is_available():
            print("no CUDA device: use --dry-run to check the table writing", file=sys.stderr)
            return 3
    entries: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("heuristic", "benchmark"):
            part = Path(tmp) / f"{mode}.json"
            cmd = [sys.executable, __file__, "--mode", mode, "--part", str(part), "--batches", args.batches,
                   "--dtypes", args.dtypes, "--budget-s", str(args.budget_s / 2)]
            cmd += ["--models", args.models] if args.models else []
            cmd += ["--dry-run"] if args.dry_run else []
            subprocess.run(cmd, check=True)
            entries += json.loads(part.read_text("utf-8"))
    count = write_table(args.out, entries)
    print(f"{len(entries)} measurements; {args.out} holds {count} entries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
