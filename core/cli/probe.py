"""`python main.py probe ...`: run the loop on this machine's GPU and print it next to the
prediction. Takes the options of `estimate` (core.cli), plus --max-batch, --iterations,
--no-save and --json. --gpu defaults to "local": the prediction is made for the detected
device, with its stored calibration if there is one, else the catalogue's figures for its
architecture. A clean run stores a new calibration (core.calibration) unless --no-save.

Exit status: 0 measured; 1 the loop ran out of memory or failed (the result is still printed);
2 bad input; 3 no CUDA device here (one line on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from typing import IO

from ..engine.config import TrainingConfig
from ..engine.estimate import Estimate, estimate, max_batch_size
from ..engine.schema import Count
from ..measure.calibration import Calibrated, Calibration, calibrate, find_calibration, gpu_spec, read_calibration_file
from ..measure.compare import Row, component_rows, phase_rows, totals_rows
from ..measure.probe import Backend, ProbeResult, run_probe
from ..measure.search import MaxBatchSearch, find_max_batch
from ..units import grouped, human_bytes
from .options import add_config_options, config_from_mapping, config_options, parser
from .output import emit, guarded, tell, warn

__all__ = ["EXIT_FAILED", "EXIT_NO_CUDA", "run_probe_cli"]

EXIT_FAILED, EXIT_NO_CUDA = 1, 3


def _parser() -> argparse.ArgumentParser:
    p = parser("memcalc probe", "Measure the GPU memory of the training loop on this machine.")
    add_config_options(p)
    p.set_defaults(gpu="local")
    p.add_argument("--max-batch", action="store_true", help="also search the largest batch that runs")
    p.add_argument("--iterations", default="3", help="iterations of the loop (default 3)")
    p.add_argument("--no-save", action="store_true", help="don't store the measured calibration")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    return p


def _config(args: argparse.Namespace) -> TrainingConfig:
    options = config_options(args)
    if options.get("gpu") == "local":  # resolved once the device is known
        options.pop("gpu")
    return config_from_mapping(options)


def _iterations(text: str) -> int:
    return Count(1, 1_000).read("iterations", text)


def run_probe_cli(argv: list[str], out: IO[str] | None = None, err: IO[str] | None = None,
                  backend: Backend | None = None, device: dict | None = None) -> int:
    """`backend` and `device` (as core.machine describes one) replace the real GPU in tests."""
    out, err = out or sys.stdout, err or sys.stderr
    return guarded(lambda: _run(argv, out, err, backend, device), out, err)


def _this_machine() -> tuple[Backend | None, dict | None, str]:
    from ..measure.backend import TorchCudaBackend, probe_availability
    from ..measure.machine import first_gpu

    available, reason = probe_availability()
    device = first_gpu() if available else None
    return (TorchCudaBackend() if device is not None else None), device, reason


def _run(argv: list[str], out: IO[str] | None, err: IO[str] | None, backend: Backend | None,
         device: dict | None) -> int:
    args = _parser().parse_args(argv)
    config = _config(args)
    iterations = _iterations(args.iterations)
    if backend is None:
        backend, device, reason = _this_machine()
        if backend is None:
            tell(err, f"error: cannot measure here: {reason}")
            return EXIT_NO_CUDA
    assert device is not None, "a backend comes with the device it runs on"
    if args.gpu == "local":
        config = replace(config, gpu="local", local_gpu=gpu_spec(device, _stored(device, err)))
    predicted = estimate(config)
    result = run_probe(config, backend, iterations)
    search = None
    if args.max_batch and result.status != "error":
        search = find_max_batch(config, backend, limit=max(16, 2 * predicted.max_batch_size))
    calibrated = calibrate(result, device, save=not args.no_save)
    if args.json:
        emit(out, json.dumps(_as_dict(predicted, result, search, calibrated), ensure_ascii=True) + "\n")
    else:
        emit(out, format_comparison(predicted, result, search, calibrated))
    if calibrated.problem:
        warn(err, f"calibration not saved: {calibrated.problem}")
    if result.status != "done":
        tell(err, result.oom.message if result.oom else result.error or result.status)
        return EXIT_FAILED
    return 0


def _stored(device: dict, err: IO[str] | None) -> Calibration | None:
    """The stored calibration of this device; what is wrong with the file, as warnings."""
    stored = read_calibration_file()
    for problem in stored.problems:
        warn(err, problem)
    return find_calibration(device["name"], entries=stored.entries)


def _as_dict(e: Estimate, result: ProbeResult, search: MaxBatchSearch | None, calibrated: Calibrated) -> dict:
    return {
        "predicted": e.to_dict(),
        "measured": result.to_dict(),
        "components": [r.to_dict() for r in component_rows(e, result)],
        "phases": [r.to_dict() for r in phase_rows(e, result)],
        "totals": [r.to_dict() for r in totals_rows(e, result)],
        "max_batch": None if search is None else {**search.to_dict(), "predicted": _warm_edge(e)},
        "calibration_saved_to": str(calibrated.path) if calibrated.path else None,
        "calibration_problem": calibrated.problem,
    }


def _line(row: Row) -> str:
    def num(v: int | None) -> str:
        return "—" if v is None else grouped(v)

    pct = "" if row.percent is None else f"{row.percent:+.2f}%"
    diff = "—" if row.difference is None else f"{row.difference:+,}"
    return f"{row.name:20} {num(row.predicted):>16} {num(row.measured):>16} {diff:>14} {pct:>9}"


def format_comparison(e: Estimate, result: ProbeResult, search: MaxBatchSearch | None, calibrated: Calibrated) -> str:
    c, rt = e.config, e.runtime
    lines = [
        f"measured on {result.device_name or '?'} (torch {result.torch_version or '?'}): "
        f"{c.dataset} {list(c.hidden)} {c.dtype} {c.optimizer} batch {c.batch_size}: {result.status}",
        f"predicted for {c.gpu_spec.name}; workspace and context are {rt.source}"
        f"{' (' + rt.note + ')' if rt.note else ''}",
        "",
        f"{'':20} {'predicted':>16} {'measured':>16} {'difference':>14} {'%':>9}",
        "growth of memory_allocated in iteration 1:",
        *(_line(r) for r in component_rows(e, result)),
        "peak of each phase (max_memory_allocated):",
        *(_line(r) for r in phase_rows(e, result)),
        "totals:",
        *(_line(r) for r in totals_rows(e, result)),
    ]
    if result.median_step_seconds:
        lines.append(f"step time {result.median_step_seconds * 1e3:.2f} ms (median): "
                     f"{result.samples_per_second:,.0f} samples/s")
    if result.oom:
        lines.append(result.oom.message)
    if search is not None:
        lines += ["", f"max batch (two iterations, empty_cache() between trials): measured "
                  f"{grouped(search.max_batch_size)} ({search.status}"
                  f"{', search limit reached' if search.limit_reached else ''}), predicted {grouped(_warm_edge(e))} "
                  f"for a process that holds the cuBLAS workspaces, as the search's; recommended (0.8 ×) "
                  f"{grouped(search.recommended_batch_size)}"]
        for t in search.trials:
            speed = f"{t.samples_per_second:,.0f} samples/s" if t.samples_per_second else t.message
            lines.append(f"  batch {t.batch_size:>12,}: {'fits' if t.fits else 'OOM ':5} "
                         f"peak {human_bytes(t.peak_allocated_bytes):>11}  {speed}")
    lines += _convolution_lines(result, calibrated)
    if calibrated.path:
        lines += ["", f"calibration saved to {calibrated.path}"]
    if calibrated.problem:
        lines += ["", f"calibration not saved: {calibrated.problem}"]
    return "\n".join(lines) + "\n"


def _convolution_lines(result: ProbeResult, calibrated: Calibrated) -> list[str]:
    """How many cuDNN convolution calls were measured alone, and where they went."""
    if result.conv_problem:
        return ["", f"cuDNN convolution workspaces not measured: {result.conv_problem}"]
    if not result.conv_workspaces:
        return []
    mode = "on" if result.config.cudnn_benchmark else "off"
    kept = (" and stored with the calibration: `estimate --gpu local` at this batch says \"measured\""
            if calibrated.path else "")
    return ["", f"cuDNN convolution workspaces: {len(result.conv_workspaces)} calls measured alone "
                f"(cuDNN {result.cudnn_version}, benchmark {mode}){kept}"]


def _warm_edge(e: Estimate) -> int:
    """The predicted edge of the probe's search: its trials after the first run in a process that
    holds the cuBLAS workspaces from the start."""
    return max_batch_size(e.config, warm=True)
