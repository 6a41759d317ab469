"""The estimate command's other outputs: CSV, the GPU comparison, the memory snapshot written
for PyTorch's viewer and a recorded snapshot held against the prediction."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from ..engine.config import ConfigError
from ..engine.estimate import ALL_COMPONENTS, Estimate
from ..engine.gpu_table import GpuRow
from ..engine.snapshot import write_snapshot
from ..measure.compare import Row
from ..measure.snapshot import (
    SnapshotError,
    SnapshotFigures,
    predicted_figures,
    read_snapshot,
    snapshot_figures,
    snapshot_rows,
)
from ..units import GIB, grouped, human_bytes

__all__ = [
    "EXIT_DOES_NOT_FIT", "FORMATS", "format_csv", "format_gpu_rows", "format_snapshot", "read_measured",
    "save_memory_viz", "snapshot_dict",
]

EXIT_DOES_NOT_FIT = 3
"""--check: the setup does not fit (0: it fits, 2: bad input)."""
FORMATS = ("table", "json", "csv")


def format_csv(e: Estimate, measured: SnapshotFigures | None = None) -> str:
    """One figure a line: `figure,bytes` (components, then the totals and the batches)."""
    rows: list[tuple[str, object]] = [(name, e.components[name].bytes) for name in ALL_COMPONENTS]
    rows += [("peak_bytes", e.peak_bytes), ("peak_reserved_bytes", e.peak_reserved_bytes),
             ("cuda_context_bytes", e.runtime.cuda_context_bytes), ("device_used_bytes", e.device_used_bytes),
             ("usable_bytes", e.usable_bytes), ("fits", int(e.fits)), ("max_batch_size", e.max_batch_size),
             ("recommended_batch_size", e.recommended_batch_size)]
    if measured is not None:
        rows += [(f"measured {r.name}", r.measured) for r in snapshot_rows(predicted_figures(e), measured)]
    return _csv(["figure", "value"], rows)


def _csv(head: list[str], rows: Sequence[Sequence[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(head)
    writer.writerows(rows)
    return buffer.getvalue()


_GPU_COLUMNS = ["gpu", "name", "arch", "memory_bytes", "cuda_memory_bytes", "cuda_context_bytes",
                "cuda_context_source", "fits", "max_batch_size", "recommended_batch_size", "share", "measured"]


def format_gpu_rows(rows: list[GpuRow], fmt: str) -> str:
    if fmt == "json":
        import json

        return json.dumps([r.to_dict() for r in rows]) + "\n"
    if fmt == "csv":
        return _csv(_GPU_COLUMNS, [[r.to_dict()[k] for k in _GPU_COLUMNS] for r in rows])
    head = (f"{'gpu':14} {'name':26} {'arch':7} {'CUDA memory':>13} {'context':>11} {'fits':5} "
            f"{'max batch':>11} {'recommended':>11} {'of the card':>11}")
    lines = [head]
    for r in rows:
        g = r.gpu
        memory = f"{g.usable_bytes / GIB:.2f} GiB" + ("" if r.memory_measured else "*")
        context = human_bytes(r.context_bytes) + ("" if r.context_source != "estimated" else "*")
        mark = "  measured" if r.measured else ""
        lines.append(f"{g.key:14} {g.name[:26]:26} {g.arch:7} {memory:>13} {context:>11} "
                     f"{'yes' if r.fits else 'no':5} {grouped(r.max_batch_size):>11} "
                     f"{grouped(r.recommended_batch_size):>11} {100 * r.share:>10.1f}%{mark}")
    lines += ["", "* estimated: CUDA's total memory not measured for this card (nvidia-smi's figure, which CUDA "
                  "reports less of), or a CUDA context from library defaults; 'measured': the card's memory and "
                  "context were measured (or calibrated by a probe on this machine).",
              "'of the card': the device memory the step needs (reserved at the peak and the CUDA context) as a "
              "share of what CUDA gives; over 100 %: it does not fit at this batch."]
    return "\n".join(lines) + "\n"


def save_memory_viz(e: Estimate, path: str) -> None:
    if not path.strip():
        raise ConfigError("--memory-viz", path, "empty")
    try:
        write_snapshot(e, path)
    except OSError as error:
        raise ConfigError("--memory-viz", path, "cannot_write", reason=error.strerror or str(error)) from None


def read_measured(path: str) -> SnapshotFigures:
    if not path.strip():
        raise ConfigError("--compare-snapshot", path, "empty")
    try:
        return snapshot_figures(read_snapshot(path))
    except SnapshotError as error:
        raise ConfigError("--compare-snapshot", path, "bad_snapshot", reason=str(error)) from None


def _percent(r: Row) -> str:
    return "" if r.percent is None else f"{r.percent:+.2f} %"


def format_snapshot(e: Estimate, measured: SnapshotFigures) -> str:
    predicted = predicted_figures(e)
    lines = ["", "measured (the snapshot) beside predicted:",
             f"  {'':26} {'predicted':>16} {'measured':>16} {'difference':>16} {'':>9}"]
    for r in snapshot_rows(predicted, measured):
        diff = "" if r.difference is None else grouped(r.difference)
        lines.append(f"  {r.name:26} {grouped(r.predicted or 0):>16} {grouped(r.measured or 0):>16} {diff:>16} "
                     f"{_percent(r):>9}")
    lines += ["", "memory_allocated over the step (each column the peak of a tenth of the events):",
              "  predicted " + " ".join(f"{human_bytes(v):>9}" for v in predicted.sampled(10)),
              "  measured  " + " ".join(f"{human_bytes(v):>9}" for v in measured.sampled(10))]
    if measured.ooms:
        lines.append(f"  the recording ran out of memory {measured.ooms} time(s)")
    return "\n".join(lines) + "\n"


def snapshot_dict(e: Estimate, measured: SnapshotFigures) -> dict[str, object]:
    predicted = predicted_figures(e)
    return {"rows": [r.to_dict() for r in snapshot_rows(predicted, measured)],
            "predicted_timeline": predicted.sampled(), "measured_timeline": measured.sampled()}
