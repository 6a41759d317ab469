"""PYTORCH_CUDA_ALLOC_CONF: the allocator settings memcalc models, read as PyTorch reads them.

PyTorch's tokenizer splits on ",", ":", "[" and "]" and drops all whitespace; a boolean is
exactly True or False. memcalc models `expandable_segments` and `max_split_size_mb`; the other
keys PyTorch knows change what it does in ways not modelled here, so they are refused by name
rather than silently ignored, like an unknown key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ConfigError

__all__ = ["AllocConf", "parse_alloc_conf"]

MIB = 1 << 20
_KNOWN_UNMODELLED = {
    "roundup_power2_divisions", "garbage_collection_threshold", "large_segment_size_mb", "max_non_split_rounding_mb",
    "backend", "release_lock_on_cudamalloc", "pinned_use_cuda_host_register", "pinned_num_register_threads",
    "pinned_use_background_threads", "pinned_reserve_segment_size_mb", "graph_capture_record_stream_reuse",
    "per_process_memory_fraction",
}


@dataclass(frozen=True)
class AllocConf:
    expandable_segments: bool = False
    max_split_size: int | None = None
    """Blocks of this many bytes or more are never split (None: no limit, PyTorch's default)."""

    @property
    def text(self) -> str:
        parts = []
        if self.expandable_segments:
            parts.append("expandable_segments:True")
        if self.max_split_size is not None:
            parts.append(f"max_split_size_mb:{self.max_split_size // MIB}")
        return ",".join(parts)


def parse_alloc_conf(text: str) -> AllocConf:
    """The settings of a PYTORCH_CUDA_ALLOC_CONF string; ConfigError names a bad one."""
    if not isinstance(text, str):
        raise ConfigError("alloc_conf", text, "is not text like expandable_segments:True")
    tokens = [t for t in re.split(r"([,:\[\]])", re.sub(r"\s+", "", text)) if t]
    settings: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        key = tokens[i]
        if i + 2 >= len(tokens) or tokens[i + 1] != ":":
            raise ConfigError("alloc_conf", key, "has no value (write key:value, e.g. expandable_segments:True)")
        settings[key] = tokens[i + 2]
        i += 3
        if i < len(tokens):
            if tokens[i] != ",":
                raise ConfigError("alloc_conf", text, f"expects ',' after {key}:{settings[key]}")
            i += 1
    return _conf(settings, text)


def _conf(settings: dict[str, str], text: str) -> AllocConf:
    expandable, max_split = False, None
    for key, value in settings.items():
        if key == "expandable_segments":
            if value not in ("True", "False"):
                raise ConfigError("alloc_conf", value, "must be True or False for expandable_segments, as PyTorch "
                                  "reads it")
            expandable = value == "True"
        elif key == "max_split_size_mb":
            if not value.isdigit() or int(value) < 20:
                raise ConfigError("alloc_conf", value, "must be a whole number of MiB, at least 20, for "
                                  "max_split_size_mb")
            max_split = int(value) * MIB
        elif key in _KNOWN_UNMODELLED:
            raise ConfigError("alloc_conf", key, "is a PyTorch setting memcalc does not model (it models "
                              "expandable_segments and max_split_size_mb)")
        else:
            raise ConfigError("alloc_conf", key, "is not a key of PYTORCH_CUDA_ALLOC_CONF")
    return AllocConf(expandable, max_split)
