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

__all__ = ["MAX_SPLIT_MIB", "MIN_SPLIT_MIB", "AllocConf", "parse_alloc_conf", "split_mib"]

MIB = 1 << 20
MIN_SPLIT_MIB = 20
"""The smallest max_split_size_mb PyTorch accepts."""
MAX_SPLIT_MIB = 1 << 40
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
        raise ConfigError("alloc_conf", text, "alloc_form")
    tokens = [t for t in re.split(r"([,:\[\]])", re.sub(r"\s+", "", text)) if t]
    settings: dict[str, str] = {}
    i = 0
    while i < len(tokens):
        key = tokens[i]
        if i + 2 >= len(tokens) or tokens[i + 1] != ":":
            raise ConfigError("alloc_conf", key, "alloc_no_value")
        settings[key] = tokens[i + 2]
        i += 3
        if i < len(tokens):
            if tokens[i] != ",":
                raise ConfigError("alloc_conf", text, "alloc_comma", setting=f"{key}:{settings[key]}")
            i += 1
    return _conf(settings, text)


def _conf(settings: dict[str, str], text: str) -> AllocConf:
    expandable, max_split = False, None
    for key, value in settings.items():
        if key == "expandable_segments":
            if value not in ("True", "False"):
                raise ConfigError("alloc_conf", value, "alloc_bool")
            expandable = value == "True"
        elif key == "max_split_size_mb":
            max_split = split_mib("alloc_conf", value) * MIB
        elif key in _KNOWN_UNMODELLED:
            raise ConfigError("alloc_conf", key, "alloc_unmodelled")
        else:
            raise ConfigError("alloc_conf", key, "alloc_unknown")
    return AllocConf(expandable, max_split)


def split_mib(key: str, text: str) -> int:
    """max_split_size_mb's value: ASCII digits, as PyTorch's stoi reads them, from 20 MiB."""
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 15 or not (
            MIN_SPLIT_MIB <= int(digits) <= MAX_SPLIT_MIB):
        raise ConfigError(key, text[:40], "alloc_split", low=MIN_SPLIT_MIB)
    return int(digits)
