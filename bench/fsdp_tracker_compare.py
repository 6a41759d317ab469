"""memcalc's FSDP figures beside PyTorch's own FSDPMemTracker (torch.distributed._tools), both on
this machine's CPU under a fake process group (rank 0 of N, no GPU).

    .venv/bin/python bench/fsdp_tracker_compare.py [--gpus 4] [--model course-cnn] [--batch 32]

The tracker runs the real fully_shard on real CPU tensors and counts every storage's bytes by
category; memcalc replays its modelled events through the CUDA caching allocator. What differs
by construction: the tracker has no 512-byte rounding, no cached blocks, no cuBLAS workspaces and
no cuDNN paths (CPU kernels: no batch-norm reserve, different saved tensors); so the comparison is
of the FSDP part: parameters (shards, all-gather outputs, unsharded parameters), gradients and
optimizer state at the tracker's peak.
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def tracker(model_name: str, gpus: int, batch: int, reshard: bool) -> dict[str, int]:
    import torch
    import torch.distributed as dist
    from torch.distributed._tools.fsdp2_mem_tracker import FSDPMemTracker
    from torch.distributed.device_mesh import init_device_mesh
    from torch.distributed.fsdp import fully_shard
    from torch.testing._internal.distributed.fake_pg import FakeStore

    from core.engine.config import TrainingConfig
    from core.engine.distributed.states import units
    from core.engine.estimate import step_for
    from core.engine.trace.models import build_model

    dist.init_process_group("fake", rank=0, world_size=gpus, store=FakeStore())
    mesh = init_device_mesh("cpu", (gpus,))
    config = TrainingConfig(model=model_name, dataset="cifar10", batch_size=batch)
    model = build_model(config)
    for name in units(step_for(config).modules or ()):
        fully_shard(model.get_submodule(name), mesh=mesh, reshard_after_forward=reshard)
    fully_shard(model, mesh=mesh)
    model.to_empty(device="cpu")  # built on meta, materialised after sharding (the recipe)
    optim = torch.optim.Adam(model.parameters(), foreach=True)
    x, y = torch.randn(batch, *config.image_shape), torch.randint(0, config.class_count, (batch,))
    loss_fn = torch.nn.CrossEntropyLoss()
    mt = FSDPMemTracker(model, optim)
    mt.track_inputs((x, y))
    with mt:
        for _ in range(3):
            loss = loss_fn(model(x), y)
            loss.backward()
            optim.step()
            optim.zero_grad()
    peak = mt.get_tracker_snapshot("peak")
    dist.destroy_process_group()
    cpu = next(v for k, v in peak.items() if str(k) == "cpu")
    return {str(k): int(v) for k, v in cpu.items()}


def memcalc(model_name: str, gpus: int, batch: int, reshard: bool) -> dict[str, int]:
    from core.engine.config import TrainingConfig
    from core.engine.estimate import estimate

    e = estimate(TrainingConfig(model=model_name, dataset="cifar10", batch_size=batch, strategy="fsdp", gpus=gpus,
                                fsdp_reshard_after_forward=reshard, zero_grad="before-forward"))
    return {"peak": e.peak_bytes, "peak_less_workspace": e.peak_bytes - e.component_bytes["workspace"],
            **dict(e.component_bytes)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gpus", type=int, default=4)
    ap.add_argument("--model", default="course-cnn")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--no-reshard", action="store_true")
    a = ap.parse_args()
    reshard = not a.no_reshard
    print("memcalc:", memcalc(a.model, a.gpus, a.batch, reshard))
    print("FSDPMemTracker (CPU, fake process group):", tracker(a.model, a.gpus, a.batch, reshard))


if __name__ == "__main__":
    main()
