"""DDP and FSDP2 per GPU: the bucket layout, the sharding arithmetic, bad input, and estimates for
the course CNN and resnet18 whose figures follow from the engines' source."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core.engine.config import ConfigError, TrainingConfig
from core.engine.distributed import (
    BUCKET_CAP_BYTES,
    FIRST_BUCKET_BYTES,
    Tensor,
    assign_buckets,
    ddp_buckets,
    nccl_estimate,
    padded_rows,
    shard,
)
from core.engine.estimate import estimate

MIB = 1 << 20


# -- the reducer's buckets --

def test_first_bucket_is_one_mib_of_the_first_parameters_and_listed_last():
    tensors = [Tensor(f"p{i}", MIB // 4 // 2, 4) for i in range(4)]  # 512 KiB each
    tensors += [Tensor("big", 30 * MIB // 4, 4), Tensor("tail", 1, 4)]
    buckets = ddp_buckets(tensors)
    assert [b.indices for b in buckets] == [(5,), (2, 3, 4), (0, 1)]
    assert buckets[-1].nbytes == FIRST_BUCKET_BYTES
    assert sum(b.nbytes for b in buckets) == sum(t.nbytes for t in tensors)


def test_a_bucket_closes_once_it_reaches_its_limit_with_the_tensor_that_crossed():
    tensors = [Tensor(f"p{i}", 10 * MIB // 4, 4) for i in range(6)]
    assert [b.indices for b in assign_buckets(tensors, (FIRST_BUCKET_BYTES, BUCKET_CAP_BYTES))] == [
        (0,), (1, 2, 3), (4, 5)]


def test_dtypes_never_share_a_bucket():
    tensors = [Tensor("a", 10, 4, "float32"), Tensor("b", 10, 8, "int64"), Tensor("c", 10, 4, "float32")]
    assert {b.indices for b in assign_buckets(tensors, (FIRST_BUCKET_BYTES,))} == {(0, 2), (1,)}


def test_rebuilt_buckets_follow_the_ready_order_unsorted():
    tensors = [Tensor(f"p{i}", MIB // 4, 4) for i in range(3)]
    rebuilt = ddp_buckets(tensors, ready=[2, 1, 0])
    assert [b.indices for b in rebuilt] == [(2,), (1, 0)]


# -- sharding --

@pytest.mark.parametrize(("dim0", "world", "rows"), [(64, 4, 16), (10, 4, 3), (3, 4, 1), (1000, 8, 125), (7, 1, 7)])
def test_rank0_holds_ceil_rows(dim0, world, rows):
    assert padded_rows(dim0, world) == rows


def test_padding_when_the_world_does_not_divide_dim0():
    p = shard("fc.weight", (10, 512), 4)
    assert p.shard_shape == (3, 512)
    assert p.shard_numel == 3 * 512
    assert p.padded_numel == 12 * 512
    assert p.padding == 2 * 512


def test_no_padding_when_it_divides():
    assert shard("w", (64, 3, 3, 3), 4).padding == 0


# -- bad input --

@pytest.mark.parametrize(("options", "field", "code"), [
    ({"gpus": 0, "strategy": "ddp"}, "gpus", "at_least"),
    ({"gpus": 4}, "gpus", "gpus_need_strategy"),
    ({"strategy": "ddp", "fsdp_reshard_after_forward": False}, "fsdp_reshard_after_forward", "strategy_only"),
    ({"strategy": "ddp", "fsdp_mixed_precision": "bfloat16"}, "fsdp_mixed_precision", "strategy_only"),
    ({"strategy": "fsdp", "ddp_bucket_view": True}, "ddp_bucket_view", "strategy_only"),
    ({"strategy": "fsdp", "fsdp_mixed_precision": "bfloat16", "amp": "bfloat16"}, "fsdp_mixed_precision",
     "fsdp_with_amp"),
    ({"strategy": "tp"}, "strategy", "not_one_of"),
])
def test_bad_values_are_named(options, field, code):
    with pytest.raises(ConfigError) as caught:
        TrainingConfig(**options)
    assert (caught.value.field, caught.value.code) == (field, code)


def test_fsdp_of_a_model_without_anything_to_shard_apart(tmp_path):
    net = tmp_path / "net.py"
    net.write_text("import torch\nclass Net(torch.nn.Module):\n"
                   "    def __init__(self):\n        super().__init__()\n"
                   "        self.w = torch.nn.Parameter(torch.zeros(784, 10))\n"
                   "    def forward(self, x):\n        return x.flatten(1) @ self.w\n")
    with pytest.raises(ConfigError) as caught:
        estimate(TrainingConfig(model_file=f"{net}:Net", strategy="fsdp", gpus=2))
    assert caught.value.code == "fsdp_no_blocks"


def test_cli_exits_2_with_one_line():
    done = subprocess.run([sys.executable, "main.py", "estimate", "--model", "course-cnn", "--dataset", "cifar10",
                           "--strategy", "ddp", "--gpus", "0"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == ["memcalc: error: gpus: 0 must be at least 1"]


# -- estimates --

def _cnn(**kw: object) -> TrainingConfig:
    return TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=64, **kw)  # type: ignore[arg-type]


def _bytes(e, name: str) -> list[int]:
    return [t.requested for t in e.peak_tensors if t.name.startswith(name)]


def test_ddp_adds_one_copy_of_the_gradients_in_buckets():
    one, ddp = estimate(_cnn()), estimate(_cnn(strategy="ddp", gpus=4))
    params = 4 * one.parameter_count
    buckets = sum(t.requested for t in ddp.peak_tensors if t.name.startswith("DDP gradient bucket"))
    assert buckets == params
    assert ddp.peak_bytes >= one.peak_bytes + params
    assert ddp.per_gpu is not None and ddp.per_gpu.global_batch == 256


def test_ddp_bucket_view_keeps_gradients_only_in_the_buckets():
    copies, views = estimate(_cnn(strategy="ddp", gpus=2)), estimate(_cnn(strategy="ddp", gpus=2,
                                                                           ddp_bucket_view=True))
    assert views.peak_bytes < copies.peak_bytes
    dropped = copies.persistent_bytes["gradients"] - views.persistent_bytes["gradients"]
    assert 4 * copies.parameter_count <= dropped < 4 * copies.parameter_count + 512 * 32  # blocks of 512 B


def test_ddp_figures_do_not_depend_on_the_world_size():
    assert estimate(_cnn(strategy="ddp", gpus=2)).peak_bytes == estimate(_cnn(strategy="ddp", gpus=8)).peak_bytes


def test_fsdp_shards_optimizer_state_and_gradients():
    one = estimate(_cnn())
    four = estimate(_cnn(strategy="fsdp", gpus=4))
    state = four.persistent_bytes["optimizer_state"]
    assert state < one.persistent_bytes["optimizer_state"] / 3
    assert four.peak_bytes < one.peak_bytes
    assert four.max_batch_size >= one.max_batch_size


def test_fsdp_at_world_size_one_holds_the_shard_and_a_copy():
    one = estimate(_cnn())
    fsdp1 = estimate(_cnn(strategy="fsdp", gpus=1))
    assert fsdp1.peak_bytes > one.peak_bytes


@pytest.mark.parametrize("reshard", [True, False])
def test_resnet18_fsdp_runs_per_gpu(reshard):
    c = TrainingConfig(model="resnet18", dataset="cifar10", batch_size=32, strategy="fsdp", gpus=4,
                       fsdp_reshard_after_forward=reshard)
    e = estimate(c)
    full = estimate(TrainingConfig(model="resnet18", dataset="cifar10", batch_size=32))
    assert e.peak_bytes < full.peak_bytes
    assert e.to_dict()["distributed"]["max_global_batch"] == 4 * e.max_batch_size


def test_resnet18_ddp():
    e = estimate(TrainingConfig(model="resnet18", dataset="cifar10", batch_size=32, strategy="ddp", gpus=2))
    full = estimate(TrainingConfig(model="resnet18", dataset="cifar10", batch_size=32))
    assert e.peak_bytes - full.peak_bytes >= 4 * full.parameter_count


def test_fsdp_mixed_precision_keeps_float32_shards():
    e = estimate(_cnn(strategy="fsdp", gpus=4, fsdp_mixed_precision="bfloat16"))
    plain = estimate(_cnn(strategy="fsdp", gpus=4))
    assert e.persistent_bytes["optimizer_state"] == plain.persistent_bytes["optimizer_state"]


def test_nccl_estimate_grows_with_peers():
    assert nccl_estimate(1).low == 0 < nccl_estimate(2).low < nccl_estimate(8).low
