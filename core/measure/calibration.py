"""Runtime costs measured on this machine, stored per (GPU name, torch version).

Two figures the tensors don't explain, measured by a probe (core.probe) in a fresh process:

* **library workspace**: what `memory_allocated()` still holds once the probe has dropped every
  tensor of the loop it ran (model, optimizer, batch, outputs) and collected garbage. Only the
  cuBLAS/cuBLASLt workspaces, which the caching allocator keeps for the handles after the first
  matmul, are left. It is stored as the catalogue states it (core.engine.catalog.RuntimeCosts): two
  handles' cuBLAS workspaces and PyTorch's default cuBLASLt workspace, which a probe whose
  forward pass took no cuBLASLt path (a batch of one) did not see. This does not depend on the
  engine's own model of the tensors, so a calibration can't hide an engine error. It is valid
  only if the process held nothing before the probe (``start_allocated_bytes == 0``);
  `calibration_from_probe` checks that.
* **CUDA context**: device memory in use (total − free, `mem_get_info`) once CUDA is
  initialised, minus what the allocator of this process had reserved by then. Other processes
  on the same GPU count too: calibrate on an otherwise idle GPU.

The file is ``calibration.json`` in ``platformdirs.user_config_dir("memcalc")``, or in
``$MEMCALC_CONFIG_DIR`` when that is set (tests). The engine uses a calibration through a
`GpuSpec` that carries it (`gpu_spec`, or ``TrainingConfig(gpu="local")``); its figures then
say ``source == "calibrated"``, catalogue figures say "measured" or "estimated".

The file is read only if it is a regular file of at most MAX_FILE_BYTES; an entry of the wrong
shape is skipped, with a problem naming it, and kept verbatim when the file is saved again, so
that nothing the user had is lost. A save writes a temporary file in the same folder and
renames it over the old one; a file that cannot be parsed at all is renamed aside first, to a
name no other file has. Saves from several processes merge: each reads, merges, writes and
renames under an exclusive lock on ``calibration.json.lock`` (core.measure.file_lock), and
removes the temporary files of saves that were killed before their rename. An entry no GPU
could have measured (a context or workspace as large as the card) is skipped like a bad one,
and refused when saved.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import json
import logging
import os
import reprlib
import stat
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import MISSING, asdict, dataclass, field, fields, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.catalog import CUBLASLT_WORKSPACE_BYTES, GpuSpec, RuntimeCosts, split_workspace
from ..engine.step.conv_table import WorkspaceTableError, entry_key, parse_entry
from .file_lock import exclusive_lock

if TYPE_CHECKING:  # the probe's module (and its backend's) is not needed to read a calibration
    from .probe import ProbeResult

__all__ = [
    "ARCH_KEYS", "MAX_CARD_BYTES", "MAX_CONV_ENTRIES", "MAX_FILE_BYTES", "Calibrated", "Calibration", "CalibrationFile",
    "CalibrationSaveError", "calibrate", "calibration_from_probe", "calibration_path", "find_calibration", "gpu_spec",
    "load_calibrations", "merged_workspaces", "read_calibration_file", "save_calibration", "stored_entry",
    "stored_local_gpu",
]

FILE_NAME = "calibration.json"
MAX_FILE_BYTES = 4 << 20
"""A calibration is a few hundred bytes per GPU, and about 450 bytes per convolution workspace
(at most MAX_CONV_ENTRIES of them); a larger file is not read."""
MAX_CONV_ENTRIES = 1000
"""Convolution workspaces kept per calibration, the newest first: a resnet50 at one batch size
has about 70 distinct cuDNN calls."""
MAX_CARD_BYTES = 1 << 44
"""16 TiB: a bound far above any GPU's memory, for entries no probe could have measured."""
ARCH_KEYS = {"Volta": "volta", "Turing": "turing", "Ampere": "ampere", "Ada": "ada", "Hopper": "hopper",
             "Blackwell": "blackwell"}
"""machine.architecture() names → the catalogue's arch keys (runtime.json)."""

_log = logging.getLogger(__name__)
_shown = reprlib.Repr()
_shown.maxstring = _shown.maxother = 60


@dataclass(frozen=True)
class Calibration:
    gpu_name: str
    torch_version: str
    workspace_bytes: int
    cuda_context_bytes: int
    memory_bytes: int
    arch: str = "hopper"
    sm_count: int = 132
    threads_per_sm: int = 2048
    measured_at: str = ""
    cudnn_version: int = 0
    """torch.backends.cudnn.version() of the probe's process; 0: not recorded."""
    conv_workspaces: tuple[dict, ...] = ()
    """cuDNN convolution workspaces the probe measured (core.measure.conv_workspaces), as entries
    of core.engine.step.conv_table: an estimate for this GPU then says "measured"."""

    @property
    def runtime(self) -> RuntimeCosts:
        note = f"measured on this machine: {self.gpu_name}, torch {self.torch_version}"
        return RuntimeCosts(self.workspace_bytes, self.cuda_context_bytes, "calibrated",
                            note + (f", {self.measured_at[:10]}" if self.measured_at else ""),
                            cudnn_version=self.cudnn_version, conv_workspaces=tuple(self.conv_workspaces))

    @property
    def key(self) -> tuple[str, str]:
        return (self.gpu_name, self.torch_version)


class CalibrationSaveError(OSError):
    """The calibration could not be stored; the message is one line naming the file and why."""


class _Unusable(Exception):
    """The path is there but is not a file memcalc may read or replace (a FIFO, a device, a folder)."""


@dataclass(frozen=True)
class CalibrationFile:
    """What calibration.json holds. `entries` are the usable calibrations; `raw` every entry
    as written, each with its parsed form or None; `problems` one line for each thing skipped.
    `state` is "missing", "read", "unreadable" (a file that can't be parsed as a whole) or
    "unusable" (not a regular file, or it can't be opened); `reason` says why for those two."""

    path: Path
    state: str
    entries: tuple[Calibration, ...] = ()
    raw: tuple[tuple[object, Calibration | None], ...] = ()
    extra: dict = field(default_factory=dict)
    problems: tuple[str, ...] = ()
    reason: str = ""


def calibration_path() -> Path:
    folder = os.environ.get("MEMCALC_CONFIG_DIR")
    if not folder:
        import platformdirs

        folder = platformdirs.user_config_dir("memcalc")
    return Path(folder) / FILE_NAME


# ---- reading ----

def _check_regular(info: os.stat_result) -> None:
    if not stat.S_ISREG(info.st_mode):
        raise _Unusable("is not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        raise ValueError(f"is larger than {MAX_FILE_BYTES:,} bytes")


def _read_capped(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES. Opening does not wait on a FIFO."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        _check_regular(os.fstat(fd))
    except BaseException:
        os.close(fd)
        raise
    with open(fd, "rb") as stream:
        data = stream.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:  # it grew since
        raise ValueError(f"is larger than {MAX_FILE_BYTES:,} bytes")
    return data


def _parse_document(data: bytes) -> tuple[list, dict]:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ValueError("is not UTF-8 text") from None
    except RecursionError:
        raise ValueError("is not JSON (nested too deeply)") from None
    except ValueError as e:
        raise ValueError(f"is not JSON ({str(e).splitlines()[0]})") from None
    if not isinstance(document, dict) or not isinstance(document.get("entries"), list):
        raise ValueError('is not a JSON object with a list of "entries"')
    return document["entries"], {k: v for k, v in document.items() if k != "entries"}


def read_calibration_file(path: Path | None = None) -> CalibrationFile:
    """calibration.json as it is, never raising: what can be used, what is kept, what is wrong."""
    path = calibration_path() if path is None else path
    try:
        entries, extra = _parse_document(_read_capped(path))
    except FileNotFoundError:
        return CalibrationFile(path, "missing")
    except (_Unusable, OSError) as e:
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        return CalibrationFile(path, "unusable", problems=(f"{path}: {why}; no calibration read",), reason=why)
    except ValueError as e:
        return CalibrationFile(path, "unreadable", problems=(f"{path}: {e}; no calibration read",), reason=str(e))
    raw: list[tuple[object, Calibration | None]] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, 1):
        try:
            raw.append((entry, _parse_entry(entry)))
        except ValueError as e:
            raw.append((entry, None))
            problems.append(f"{path}: entry {number}{_entry_name(entry)} skipped: {e}")
    usable = tuple(cal for _, cal in raw if cal is not None)
    return CalibrationFile(path, "read", usable, tuple(raw), extra, tuple(problems))


def _entry_name(entry: object) -> str:
    """" (NVIDIA L4, torch 2.14.1)": which GPU a skipped entry was for, as far as it says."""
    if not isinstance(entry, dict):
        return ""

    def short(value: object) -> str:
        return value if isinstance(value, str) and len(value) <= 60 else _shown.repr(value)

    return f" ({short(entry.get('gpu_name'))}, torch {short(entry.get('torch_version'))})"


def _text(value: object) -> str | None:
    ok = isinstance(value, str) and 0 < len(value) <= 200
    return None if ok else "is not a non-empty name"


def _size(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value < 1 << 64
    return None if ok else "is not a size in bytes (a whole number above 0)"


def _count(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 1 << 20
    return None if ok else "is not a count (a whole number from 1 to 1,048,576)"


def _is_iso(text: str) -> bool:
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _timestamp(value: object) -> str | None:
    ok = isinstance(value, str) and (value == "" or _is_iso(value))
    return None if ok else "is not an ISO date and time"


def _version(value: object) -> str | None:
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 31
    return None if ok else "is not a version number"


def _workspace_entries(value: object) -> str | None:
    if not isinstance(value, list):
        return "is not a list"
    for i, e in enumerate(value):
        try:
            parse_entry(e, f"entry {i + 1}")
        except WorkspaceTableError as error:
            return f"has a bad workspace: {error}"
    return None


_CHECKS: dict[str, Callable[[object], str | None]] = {
    "gpu_name": _text, "torch_version": _text, "workspace_bytes": _size, "cuda_context_bytes": _size,
    "memory_bytes": _size, "arch": _text, "sm_count": _count, "threads_per_sm": _count, "measured_at": _timestamp,
    "cudnn_version": _version, "conv_workspaces": _workspace_entries,
}
_REQUIRED = tuple(f.name for f in fields(Calibration) if f.default is MISSING)


def _parse_entry(entry: object) -> Calibration:
    """A Calibration from one JSON entry; ValueError naming the first key or value that is wrong."""
    if not isinstance(entry, dict):
        raise ValueError(f"{_shown.repr(entry)} is not a JSON object")
    unknown = sorted(set(entry) - set(_CHECKS))
    if unknown:
        raise ValueError(f"unknown key {_shown.repr(unknown[0])}")
    missing = [k for k in _REQUIRED if k not in entry]
    if missing:
        raise ValueError(f"no {missing[0]}")
    for key, value in entry.items():
        reason = _CHECKS[key](value)
        if reason:
            raise ValueError(f"{key} {_shown.repr(value)} {reason}")
    problem = _impossible(entry)
    if problem:
        raise ValueError(problem)
    return Calibration(**{**entry, "conv_workspaces": tuple(entry.get("conv_workspaces", ()))})


def _impossible(entry: dict) -> str | None:
    """What no GPU can measure: a card above MAX_CARD_BYTES, a context or workspace that
    leaves nothing of the card (each checked alone, then the two together)."""
    memory = entry["memory_bytes"]
    if memory > MAX_CARD_BYTES:
        return f"memory_bytes {memory:,} is more than any GPU has ({MAX_CARD_BYTES:,} B)"
    for key in ("cuda_context_bytes", "workspace_bytes"):
        if entry[key] >= memory:
            return f"{key} {entry[key]:,} is not less than the card's memory_bytes {memory:,}"
    if entry["cuda_context_bytes"] + entry["workspace_bytes"] >= memory:
        return (f"cuda_context_bytes {entry['cuda_context_bytes']:,} and workspace_bytes "
                f"{entry['workspace_bytes']:,} together take the card's memory_bytes {memory:,}")
    return None


def load_calibrations() -> list[Calibration]:
    """Every usable stored calibration, oldest first; each problem is logged as a warning."""
    read = read_calibration_file()
    for problem in read.problems:
        _log.warning("%s", problem)
    return list(read.entries)


# ---- saving ----

def _target(path: Path) -> Path:
    """Where to write: through a symbolic link to the file it names, so that the link stays."""
    if not path.is_symlink():
        return path
    try:
        return path.resolve()
    except (OSError, RuntimeError) as e:  # a loop of links
        raise CalibrationSaveError(f"cannot save the calibration: {path}: {e}") from None


def _set_aside(path: Path) -> Path:
    """Moves an unreadable file to a name no other file has: a hard link fails rather than
    replace an existing name; where links are not supported the name is checked first (under
    the save's lock, no other memcalc save makes one meanwhile)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    for n in itertools.count(1):
        aside = path.with_name(f"{path.name}.unreadable-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            os.link(path, aside)
        except FileExistsError:
            continue
        except OSError:  # no hard links here (FAT, some network folders)
            if aside.exists() or aside.is_symlink():
                continue
            os.rename(path, aside)
        else:
            os.unlink(path)
        _log.warning("%s could not be read; kept as %s", path, aside)
        return aside
    raise AssertionError("unreachable")


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of saves that were killed before their rename. Only called under the
    lock, when no other save is writing one."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            if stale.is_file() and not stale.is_symlink():
                stale.unlink()


def _write_atomically(path: Path, text: str) -> None:
    """Temp file in the same folder, fsync, rename over `path`; the temp file never stays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _payload(current: CalibrationFile, cal: Calibration) -> dict:
    kept: Iterable[object] = (raw for raw, parsed in current.raw if parsed is None or parsed.key != cal.key)
    return {**current.extra, "version": 1, "entries": [*kept, stored_entry(cal)]}


def stored_entry(cal: Calibration) -> dict:
    """The entry as written; the convolution fields only when a probe measured them, so that a
    file without them stays as an older memcalc wrote and reads it."""
    entry = asdict(cal)
    if not cal.cudnn_version:
        del entry["cudnn_version"]
    if cal.conv_workspaces:
        entry["conv_workspaces"] = list(cal.conv_workspaces)
    else:
        del entry["conv_workspaces"]
    return entry


def save_calibration(cal: Calibration) -> Path:
    """Stores `cal`, replacing an earlier one for the same GPU name and torch version and keeping
    every other entry as it was. Raises CalibrationSaveError (one line) when it cannot."""
    if not cal.measured_at:
        cal = replace(cal, measured_at=datetime.now(timezone.utc).isoformat(timespec="seconds"))
    problem = _impossible(asdict(cal))
    if problem:
        raise CalibrationSaveError(f"cannot save the calibration of {cal.gpu_name}: {problem}")
    path = _target(calibration_path())
    try:
        with exclusive_lock(path):  # read, merge, write and rename as one step among processes
            _save_locked(path, cal)
    except OSError as e:
        if isinstance(e, CalibrationSaveError):
            raise
        raise CalibrationSaveError(f"cannot save the calibration to {path}: {e.strerror or e}") from None
    return path


def _save_locked(path: Path, cal: Calibration) -> None:
    _remove_stale_temporaries(path)
    current = read_calibration_file(path)
    if current.state == "unusable":
        raise CalibrationSaveError(f"cannot save the calibration: {path}: {current.reason}")
    if current.state == "unreadable":
        _set_aside(path)
    text = json.dumps(_payload(current, _with_earlier_workspaces(current, cal)), indent=1, ensure_ascii=False)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise CalibrationSaveError(f"cannot save the calibration to {path}: it would be larger than "
                                   f"{MAX_FILE_BYTES:,} bytes, which is not read; remove entries of GPUs or "
                                   "torch versions no longer used")
    _write_atomically(path, text)


def _with_earlier_workspaces(current: CalibrationFile, cal: Calibration) -> Calibration:
    """`cal` with the convolution workspaces the stored calibration of the same GPU and torch
    version holds for calls `cal` did not measure: a probe of another model adds to them."""
    earlier = next((parsed for _, parsed in current.raw if parsed is not None and parsed.key == cal.key), None)
    if earlier is None or not earlier.conv_workspaces:
        return cal
    return replace(cal, conv_workspaces=merged_workspaces(earlier.conv_workspaces, cal.conv_workspaces),
                   cudnn_version=cal.cudnn_version or earlier.cudnn_version)


def merged_workspaces(old: Iterable[dict], new: Iterable[dict]) -> tuple[dict, ...]:
    """`new`, then each of `old` for a call `new` does not hold; at most MAX_CONV_ENTRIES, the
    newest kept."""
    seen: set[object] = set()
    kept: list[dict] = []
    for e in [*new, *old]:
        try:
            key: object = entry_key(e)
        except WorkspaceTableError:  # refused when read back, named; not merged meanwhile
            key = id(e)
        if key not in seen:
            seen.add(key)
            kept.append(e)
    return tuple(kept[:MAX_CONV_ENTRIES])


def find_calibration(gpu_name: str | None = None, torch_version: str | None = None,
                     entries: Iterable[Calibration] | None = None) -> Calibration | None:
    """The latest calibration of that GPU (any GPU if None), for that torch version if given,
    among `entries` (by default the stored ones)."""
    found = [
        c for c in (load_calibrations() if entries is None else entries)
        if (gpu_name is None or c.gpu_name == gpu_name) and (torch_version is None or c.torch_version == torch_version)
    ]
    return max(found, key=lambda c: c.measured_at) if found else None


def gpu_spec(device: dict, calibration: Calibration | None = None) -> GpuSpec:
    """A GpuSpec for a device as core.machine describes it, with the calibration's costs if any."""
    return GpuSpec(
        key="local",
        name=device["name"],
        memory_bytes=device["total_memory_bytes"],
        arch=ARCH_KEYS.get(device["architecture"], "hopper"),
        sm_count=device["sm_count"],
        threads_per_sm=device.get("threads_per_sm") or 2048,
        cuda_memory_bytes=device["total_memory_bytes"],
        runtime=calibration.runtime if calibration else None,
    )


def stored_local_gpu(entries: Iterable[Calibration] | None = None) -> GpuSpec | None:
    """The most recently calibrated GPU of this machine, read from the file alone (no torch)."""
    cal = find_calibration(entries=entries)
    if cal is None:
        return None
    device = {"name": cal.gpu_name, "total_memory_bytes": cal.memory_bytes, "sm_count": cal.sm_count,
              "threads_per_sm": cal.threads_per_sm, "architecture": ""}
    return replace(gpu_spec(device, cal), arch=cal.arch)


def calibration_from_probe(result: ProbeResult, device: dict) -> Calibration | None:
    """A calibration from a finished probe that started on a clean process; else None."""
    if result.status != "done" or result.start_allocated_bytes != 0:
        return None
    if not result.workspace_bytes or not result.context_bytes or min(result.workspace_bytes, result.context_bytes) < 0:
        return None
    handle, _ = split_workspace(result.workspace_bytes, result.takes_cublaslt)
    gpu = device["name"]
    return Calibration(
        gpu_name=gpu,
        torch_version=result.torch_version,
        workspace_bytes=2 * handle + CUBLASLT_WORKSPACE_BYTES,
        cuda_context_bytes=result.context_bytes,
        memory_bytes=device["total_memory_bytes"],
        arch=ARCH_KEYS.get(device["architecture"], "hopper"),
        sm_count=device["sm_count"],
        threads_per_sm=device.get("threads_per_sm") or 2048,
        cudnn_version=result.cudnn_version,
        conv_workspaces=merged_workspaces((), result.conv_workspaces),
    )


@dataclass(frozen=True)
class Calibrated:
    """What a probe taught about this machine: the calibration it measured (None when the run
    was not clean), the stored entry for this GPU and torch version, and where it was written;
    `problem` says why it was not, when saving failed."""

    measured: Calibration | None
    stored: Calibration | None
    path: Path | None
    problem: str | None = None


def calibrate(result: ProbeResult, device: dict | None, save: bool = True) -> Calibrated:
    """A probe's calibration, stored (unless `save` is False) in place of an earlier one."""
    measured = calibration_from_probe(result, device) if device is not None else None
    if measured is None or not save:
        return Calibrated(measured, None, None)
    try:
        path = save_calibration(measured)
    except CalibrationSaveError as e:
        return Calibrated(measured, None, None, str(e))
    return Calibrated(measured, find_calibration(measured.gpu_name, measured.torch_version), path)
