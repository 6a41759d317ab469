"""Writing an estimate to JSON and CSV, and a plain-text summary for the clipboard."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from core import ALL_COMPONENTS, Estimate, human_bytes

__all__ = ["summary_text", "write_csv", "write_json"]


def write_json(e: Estimate, path: str | Path) -> None:
    Path(path).write_text(json.dumps(e.to_dict(), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_csv(e: Estimate, path: str | Path) -> None:
    """One row per component at the peak, then the total; bytes exact, formulas as text."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["component", "bytes", "share_of_peak", "formula"])
        for name in ALL_COMPONENTS:
            fig = e.components[name]
            share = fig.bytes / e.peak_bytes if e.peak_bytes else 0.0
            out.writerow([name, fig.bytes, f"{share:.6f}", fig.formula])
        out.writerow(["peak", e.peak_bytes, "1.000000", ""])


def summary_text(e: Estimate, binary: bool = True) -> str:
    c = e.config
    hidden = ", ".join(str(h) for h in c.hidden) or "-"
    shape = "×".join(str(d) for d in c.input_shape or ())
    lines = [
        f"memcalc: {c.dataset} ({shape}, {c.classes} classes), hidden [{hidden}], {c.dtype}, {c.optimizer}, "
        f"batch {c.batch_size}, zero_grad {c.zero_grad}, GPU {c.gpu_spec.name}",
        f"predicted peak (max_memory_allocated): {human_bytes(e.peak_bytes, binary)} ({e.peak_bytes:,} B) "
        f"at {e.peak_phase[0]}, iteration {e.peak_phase[1]}",
    ]
    lines += [f"  {n}: {human_bytes(e.components[n].bytes, binary)}" for n in ALL_COMPONENTS]
    lines += [
        f"course estimate: {human_bytes(e.naive_bytes, binary)}",
        f"device total incl. CUDA context: {human_bytes(e.device_total_bytes, binary)} of "
        f"{human_bytes(e.gpu_memory_bytes, binary)} ({'fits' if e.fits else 'does not fit'})",
        f"max batch size: {e.max_batch_size:,}; recommended: {e.recommended_batch_size:,}",
    ]
    return "\n".join(lines)
