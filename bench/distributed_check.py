"""DDP and FSDP2 measured on one GPU (world size 1, NCCL) beside memcalc's prediction, each
configuration in a fresh process:

    .venv/bin/python bench/distributed_check.py [--json out.json]

For the course CNN (CIFAR-10, batch 64) and resnet50 (ImageNet, batch 32), float32 and bfloat16
(DDP: torch.autocast bfloat16; FSDP: MixedPrecisionPolicy(param_dtype=bfloat16,
reduce_dtype=float32)), under DDP (gradient_as_bucket_view false and true) and FSDP2 (each
top-level block, then the model; reshard_after_forward true and false): three iterations of the
canonical loop, then max_memory_allocated, max_memory_reserved, and the device memory NCCL took
outside the allocator (cudaMemGetInfo's used memory after the communicator's first collective,
less reserved memory, less the same process's CUDA context before init_process_group). Prints one
row per configuration with the difference in %; exits 0 when every peak is within 1 %.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from typing import Any

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

CASES = [(m, d, s, v) for m, d in (("course-cnn", "cifar10"), ("resnet50", "imagenet"))
         for s, v in (("ddp", False), ("ddp", True), ("fsdp", True), ("fsdp", False))]
BATCH = {"course-cnn": 64, "resnet50": 32}


def config_of(model: str, dataset: str, strategy: str, variant: bool, precision: str) -> Any:
    from core.engine.config import TrainingConfig

    extra: dict[str, Any] = {}  # TrainingConfig keywords of several types
    if strategy == "ddp":
        extra["ddp_bucket_view"] = variant
        if precision == "bfloat16":
            extra.update(amp="bfloat16", grad_scaler=False)
    else:
        extra["fsdp_reshard_after_forward"] = variant
        if precision == "bfloat16":
            extra["fsdp_mixed_precision"] = "bfloat16"
    return TrainingConfig(model=model, dataset=dataset, batch_size=BATCH[model], strategy=strategy, gpus=1,
                          gpu="h100-80gb", **extra)


def measure(model: str, dataset: str, strategy: str, variant: bool, precision: str) -> dict[str, int]:
    """In this (fresh) process: the loop under DDP or FSDP on cuda:0, world size 1."""
    import torch
    import torch.distributed as dist

    from core.engine.distributed.states import units
    from core.engine.estimate import step_for
    from core.engine.trace.models import build_model

    config = config_of(model, dataset, strategy, variant, precision)
    torch.cuda.init()
    free0, _ = torch.cuda.mem_get_info()
    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29533")
    dist.init_process_group("nccl", rank=0, world_size=1, device_id=torch.device("cuda:0"))
    net = build_model(config)
    blocks = units(step_for(config).modules or ())
    if strategy == "ddp":
        net = net.to_empty(device="cuda")
        net = torch.nn.parallel.DistributedDataParallel(net, device_ids=[0], gradient_as_bucket_view=variant)
    else:
        from torch.distributed.fsdp import MixedPrecisionPolicy, fully_shard

        policy = MixedPrecisionPolicy(param_dtype=torch.bfloat16, reduce_dtype=torch.float32) \
            if precision == "bfloat16" else MixedPrecisionPolicy()
        for name in blocks:
            fully_shard(net.get_submodule(name), reshard_after_forward=variant, mp_policy=policy)
        fully_shard(net, mp_policy=policy)
        net.to_empty(device="cuda")
    optim = torch.optim.Adam(net.parameters(), foreach=True)
    loss_fn = torch.nn.CrossEntropyLoss()
    images = torch.randn(config.batch_size, *config.image_shape, pin_memory=True)
    labels = torch.randint(0, config.class_count, (config.batch_size,), pin_memory=True)
    autocast = strategy == "ddp" and precision == "bfloat16"
    for _ in range(3):
        x, y = images.to("cuda"), labels.to("cuda")
        with torch.autocast("cuda", dtype=torch.bfloat16, enabled=autocast):
            loss = loss_fn(net(x), y)
        optim.zero_grad()
        loss.backward()
        optim.step()
    torch.cuda.synchronize()
    free1, _ = torch.cuda.mem_get_info()
    reserved = torch.cuda.max_memory_reserved()
    out = {"peak": torch.cuda.max_memory_allocated(), "reserved": reserved,
           "outside_allocator": (free0 - free1) - torch.cuda.memory_reserved()}
    dist.destroy_process_group()
    return out


def predict(model: str, dataset: str, strategy: str, variant: bool, precision: str) -> dict[str, int]:
    from core.engine.estimate import estimate

    e = estimate(config_of(model, dataset, strategy, variant, precision))
    return {"peak": e.peak_bytes, "reserved": e.peak_reserved_bytes}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--json")
    ap.add_argument("--one", nargs=5, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        model, dataset, strategy, variant, precision = a.one
        print(json.dumps(measure(model, dataset, strategy, variant == "True", precision)))
        return 0
    rows, ok = [], True
    for model, dataset, strategy, variant in CASES:
        for precision in ("float32", "bfloat16"):
            argv = [sys.executable, __file__, "--one", model, dataset, strategy, str(variant), precision]
            done = subprocess.run(argv, capture_output=True, text=True, timeout=600, cwd=ROOT)
            if done.returncode:
                print(f"{model} {strategy} {variant} {precision}: failed\n{done.stderr[-2000:]}")
                ok = False
                continue
            got = json.loads(done.stdout.strip().splitlines()[-1])
            want = predict(model, dataset, strategy, variant, precision)
            diff = (want["peak"] - got["peak"]) / got["peak"] * 100
            ok &= abs(diff) <= 1
            rows.append({"model": model, "strategy": strategy, "variant": variant, "precision": precision,
                         "measured": got, "predicted": want, "peak_diff_pct": diff})
            print(f"{model:10} {strategy:4} {variant!s:5} {precision:8} peak {got['peak']:>14,} predicted "
                  f"{want['peak']:>14,} ({diff:+.2f} %)  reserved {got['reserved']:>14,} / {want['reserved']:>14,}"
                  f"  outside the allocator (NCCL) {got['outside_allocator']:>13,}")
    if a.json:
        with open(a.json, "w") as f:
            json.dump(rows, f, indent=1)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
