"""FSDP2's sharding arithmetic: what one GPU holds of a parameter, and of a unit's parameters.

`fully_shard` splits each parameter on dim 0 with `torch.chunk(world_size)`: every rank's chunk
has ceil(dim0 / N) rows (the last ranks fewer, or none), and the local storage,
`FSDPParam._sharded_param_data`, is padded to that size (`padded_sharded_param_size`). Rank 0
always holds a full chunk, so its figures are the largest: the per-GPU figures are rank 0's.
The all-gather gives each parameter N padded chunks (`init_all_gather_outputs`), and the
reduce-scatter takes N padded chunks of every gradient of the unit in one flat buffer
(`foreach_reduce`: `_get_dim0_padded_size`)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ShardedParam", "padded_rows", "shard"]


def padded_rows(dim0: int, world: int) -> int:
    """Rows of one rank's padded shard: ceil(dim0 / world) (torch.chunk's chunk size)."""
    return -(-dim0 // world)


@dataclass(frozen=True)
class ShardedParam:
    """One parameter of `shape` sharded over `world` GPUs, in elements."""

    name: str
    shape: tuple[int, ...]
    world: int

    @property
    def numel(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    @property
    def row(self) -> int:
        """Elements of one row (dim 0); a 0-dim parameter is one row of one."""
        return self.numel // self.shape[0] if self.shape and self.shape[0] else 1

    @property
    def shard_numel(self) -> int:
        """Rank 0's padded shard: what `_sharded_param_data`, its optimizer state and its gradient's
        view hold."""
        dim0 = self.shape[0] if self.shape else 1
        return padded_rows(dim0, self.world) * self.row

    @property
    def padded_numel(self) -> int:
        """The unsharded parameter as gathered: N padded shards (at least the parameter)."""
        return self.shard_numel * self.world

    @property
    def padding(self) -> int:
        """Elements of padding in the gathered parameter: N × shard - numel."""
        return self.padded_numel - self.numel

    @property
    def shard_shape(self) -> tuple[int, ...]:
        if not self.shape:
            return ()
        return (padded_rows(self.shape[0], self.world), *self.shape[1:])


def shard(name: str, shape: tuple[int, ...], world: int) -> ShardedParam:
    return ShardedParam(name, tuple(shape), world)
