"""The measured table of cuDNN convolution workspaces (core/engine/data/conv_workspaces.json).

The file is a JSON object::

    {"format": 1, "about": "...", "entries": [
      {"gpu": "NVIDIA H100 80GB HBM3", "cudnn": 91900, "benchmark": false,
       "direction": "forward" | "backward_data" | "backward_filter",
       "input": [N, C, H, W], "weight": [K, C / groups, R, S], "stride": [1, 1], "padding": [1, 1],
       "dilation": [1, 1], "groups": 1, "transposed": false, "dtype": "float32",
       "workspace_bytes": 4718592, "find_bytes": 0}, ...]}

`gpu` is the name CUDA reports (`torch.cuda.get_device_name()`), `cudnn` the version
`torch.backends.cudnn.version()` gives; float32 rows are measured with TF32 allowed (PyTorch's
default for convolutions). `workspace_bytes` is what the call borrowed from the caching
allocator (the engine that ran); `find_bytes`, with benchmark mode, what the first call took to
time every engine (0 otherwise, and may be left out). bench/conv_workspaces.py writes it; a
probe stores the same entries with its calibration. A table that cannot be read raises
WorkspaceTableError naming the file and the entry."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = [
    "DIRECTIONS", "FORMAT", "WorkspaceTable", "WorkspaceTableError", "entry_key", "merge_entries", "parse_entry",
    "parse_table", "shipped_table",
]

FORMAT = 1
DIRECTIONS = ("forward", "backward_data", "backward_filter")
_SHAPES = ("input", "weight", "stride", "padding", "dilation")
_DTYPES = ("float32", "float16", "bfloat16", "float64")


class WorkspaceTableError(ValueError):
    """A workspace table, or one of its entries, is not what the format says."""


Key = tuple[object, ...]


def _ints(entry: Mapping[str, Any], name: str, where: str) -> tuple[int, ...]:
    value = entry.get(name)
    if not isinstance(value, list) or not value or not all(type(v) is int and v >= 0 for v in value):
        raise WorkspaceTableError(f"{where}: {name} is not a list of whole numbers: {value!r:.80}")
    return tuple(value)


def _int(entry: Mapping[str, Any], name: str, where: str, default: int | None = None) -> int:
    value = entry.get(name, default)
    if type(value) is not int or value < 0:
        raise WorkspaceTableError(f"{where}: {name} is not a whole number: {value!r:.80}")
    return value


def _flag(entry: Mapping[str, Any], name: str, where: str) -> bool:
    value = entry.get(name, False)
    if not isinstance(value, bool):
        raise WorkspaceTableError(f"{where}: {name} is not true or false: {value!r:.80}")
    return value


def parse_entry(entry: object, where: str) -> tuple[str, int, bool, Key, tuple[int, int]]:
    """(gpu, cudnn, benchmark, key, (workspace_bytes, find_bytes)) of one entry."""
    if not isinstance(entry, dict):
        raise WorkspaceTableError(f"{where}: not an object")
    gpu = entry.get("gpu")
    if not isinstance(gpu, str) or not gpu:
        raise WorkspaceTableError(f"{where}: gpu is not a name: {gpu!r:.80}")
    direction, dtype = entry.get("direction"), entry.get("dtype")
    if direction not in DIRECTIONS:
        raise WorkspaceTableError(f"{where}: direction {direction!r:.40} is not one of {', '.join(DIRECTIONS)}")
    if dtype not in _DTYPES:
        raise WorkspaceTableError(f"{where}: dtype {dtype!r:.40} is not one of {', '.join(_DTYPES)}")
    x, w, stride, padding, dilation = (_ints(entry, name, where) for name in _SHAPES)
    if len(w) != len(x) or len(stride) != len(x) - 2:
        raise WorkspaceTableError(f"{where}: input, weight and stride do not have matching dimensions")
    key = (direction, x, w, stride, padding, dilation, _int(entry, "groups", where, 1),
           _flag(entry, "transposed", where), dtype)
    sizes = (_int(entry, "workspace_bytes", where), _int(entry, "find_bytes", where, 0))
    return gpu, _int(entry, "cudnn", where), _flag(entry, "benchmark", where), key, sizes


class WorkspaceTable:
    """Measured workspaces by (GPU, cuDNN version, benchmark mode, call)."""

    def __init__(self, entries: Iterable[tuple[str, int, bool, Key, tuple[int, int]]] = ()) -> None:
        self._sizes: dict[tuple[str, int, bool, Key], tuple[int, int]] = {}
        for gpu, cudnn, benchmark, key, sizes in entries:
            self._sizes[(gpu, cudnn, benchmark, key)] = sizes
        self._runtimes = {k[:3] for k in self._sizes}

    def __len__(self) -> int:
        return len(self._sizes)

    def holds(self, gpu: str, cudnn: int, benchmark: bool) -> bool:
        """Whether any call was measured on this GPU and cuDNN version in this mode."""
        return (gpu, cudnn, benchmark) in self._runtimes

    def lookup(self, gpu: str, cudnn: int, benchmark: bool, key: Key) -> tuple[int, int] | None:
        return self._sizes.get((gpu, cudnn, benchmark, key))

    def merged(self, other: WorkspaceTable) -> WorkspaceTable:
        """This table with `other`'s entries added (and replacing this one's for the same call)."""
        table = WorkspaceTable()
        table._sizes = {**self._sizes, **other._sizes}
        table._runtimes = self._runtimes | other._runtimes
        return table

    def gpus(self) -> set[tuple[str, int]]:
        return {(gpu, cudnn) for gpu, cudnn, _, _ in self._sizes}


def parse_table(document: object, source: str) -> WorkspaceTable:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise WorkspaceTableError(f"{source}: not a workspace table of format {FORMAT}")
    entries = document.get("entries")
    if not isinstance(entries, list):
        raise WorkspaceTableError(f"{source}: entries is not a list")
    return WorkspaceTable(parse_entry(e, f"{source}, entry {i + 1}") for i, e in enumerate(entries))


def read_table(text: str, source: str) -> WorkspaceTable:
    try:
        document = json.loads(text)
    except ValueError as e:
        raise WorkspaceTableError(f"{source}: not JSON ({e})") from None
    return parse_table(document, source)


@lru_cache(maxsize=1)
def shipped_table() -> WorkspaceTable:
    """The table that ships with memcalc."""
    data = resources.files("core.engine").joinpath("data").joinpath("conv_workspaces.json")
    return read_table(data.read_text("utf-8"), "conv_workspaces.json")


def entry_key(entry: Mapping[str, Any]) -> tuple[object, ...]:
    """What makes two entries the same measurement (everything but the sizes)."""
    gpu, cudnn, benchmark, key, _ = parse_entry(dict(entry), "entry")
    return gpu, cudnn, benchmark, key


def merge_entries(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`old` with `new` added; a new entry replaces an old one for the same call, and where the
    same call was measured more than once in `new`, the largest workspace is kept (cuDNN may
    choose differently between processes: the table errs on the side that runs out)."""
    out: dict[tuple[object, ...], dict[str, Any]] = {entry_key(e): e for e in old}
    fresh: dict[tuple[object, ...], dict[str, Any]] = {}
    for e in new:
        k = entry_key(e)
        kept = fresh.get(k)
        if kept is None or (e["workspace_bytes"], e.get("find_bytes", 0)) > (kept["workspace_bytes"],
                                                                          kept.get("find_bytes", 0)):
            fresh[k] = e
    out.update(fresh)
    return sorted(out.values(), key=lambda e: json.dumps(e, sort_keys=True))
