"""Calibration file round trip, and the engine using it; machine info without a GPU."""

import json
import os
import subprocess
import sys
import tempfile

import pytest

from core import ConfigError, TrainingConfig, estimate
from core.cli.options import config_from_mapping
from core.measure.calibration import (
    MAX_FILE_BYTES,
    Calibration,
    CalibrationSaveError,
    calibrate,
    calibration_from_probe,
    calibration_path,
    find_calibration,
    gpu_spec,
    load_calibrations,
    read_calibration_file,
    save_calibration,
    stored_entry,
    stored_local_gpu,
)
from core.measure.machine import architecture, device_memory, machine_info
from core.measure.probe import probe_availability, run_probe
from tests import support
from tests.support.fake_backend import FakeBackend

ROOT = support.ROOT

CAL = Calibration("NVIDIA L4", "2.14.1", 9_437_184, 400_000_000, 23_580_639_232, "ada", 58, 1536,
                  "2025-01-02T00:00:00+00:00")


def test_round_trip_in_the_config_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MEMCALC_CONFIG_DIR", str(tmp_path))
    assert load_calibrations() == [] and find_calibration() is None
    path = save_calibration(CAL)
    assert path == tmp_path / "calibration.json" == calibration_path()
    newer = Calibration(**{**vars(CAL), "workspace_bytes": 1, "measured_at": "2025-02-01T00:00:00+00:00"})
    save_calibration(newer)
    other = Calibration(**{**vars(CAL), "torch_version": "2.13.0", "measured_at": "2025-01-05T00:00:00+00:00"})
    save_calibration(other)
    assert len(load_calibrations()) == 2  # one per (GPU, torch version)
    assert find_calibration("NVIDIA L4", "2.14.1") == newer
    assert find_calibration("NVIDIA L4") == newer and find_calibration("NVIDIA T4") is None


def test_a_broken_file_reads_as_no_calibration(tmp_path, monkeypatch):
    monkeypatch.setenv("MEMCALC_CONFIG_DIR", str(tmp_path))
    (tmp_path / "calibration.json").write_text("{not json")
    assert load_calibrations() == []


def test_the_engine_says_whether_figures_are_calibrated_or_catalogue():
    catalogue = estimate(TrainingConfig(gpu="l4-24gb"))
    assert catalogue.runtime.source == "estimated"
    device = {"name": "NVIDIA L4", "total_memory_bytes": CAL.memory_bytes, "architecture": "Ada", "sm_count": 58,
              "threads_per_sm": 1536}
    local = estimate(TrainingConfig(gpu="local", local_gpu=gpu_spec(device, CAL)))
    assert local.runtime.source == "calibrated" and "NVIDIA L4" in local.runtime.note
    assert local.component_bytes["workspace"] == CAL.workspace_bytes
    assert local.device_used_bytes == local.peak_reserved_bytes + CAL.cuda_context_bytes
    assert local.to_dict()["runtime_source"] == "calibrated"
    assert "calibrated" in local.components["workspace"].formula
    uncalibrated = estimate(TrainingConfig(gpu="local", local_gpu=gpu_spec(device)))
    assert uncalibrated.runtime == catalogue.runtime


def test_gpu_local_takes_the_stored_calibration():
    """The config is a value: it never reads files; the command line reads the calibration."""
    with pytest.raises(ConfigError, match="local"):
        config_from_mapping({"gpu": "local"})
    save_calibration(CAL)
    with pytest.raises(ConfigError, match="local"):
        TrainingConfig(gpu="local")
    config = config_from_mapping({"gpu": "local", "batch_size": 32})
    assert config.gpu_spec.name == "NVIDIA L4" and config.gpu_spec.arch == "ada"
    assert config.with_batch(64).gpu_spec == config.gpu_spec
    assert estimate(config).max_batch_size > 0


@pytest.mark.parametrize("lt", [True, False])
def test_a_calibration_stores_the_workspace_of_a_step_with_cublaslt(lt):
    """A model whose Linear layers all have one input or output feature takes no cuBLASLt path,
    so its probe sees two handles' workspaces only; the calibration adds PyTorch's default
    cuBLASLt workspace back, as the catalogue counts it."""
    backend = FakeBackend()
    config = TrainingConfig(hidden=(16,), batch_size=1)
    if not lt:
        backend.CUBLASLT = 0
        config = TrainingConfig(dataset="custom", input_shape=(1, 4, 4), classes=1, hidden=(), batch_size=8)
    result = run_probe(config, backend)
    device = {"name": "Fake GPU", "total_memory_bytes": FakeBackend.TOTAL, "architecture": "Hopper", "sm_count": 132}
    cal = calibration_from_probe(result, device)
    assert cal is not None and cal.workspace_bytes == FakeBackend.WORKSPACE
    assert (cal.runtime.cublas_handle_bytes, cal.runtime.cublaslt_bytes) == (FakeBackend.HANDLE, FakeBackend.CUBLASLT)


@pytest.mark.parametrize("cc, name", [((7, 0), "Volta"), ((7, 5), "Turing"), ((8, 0), "Ampere"), ((8, 6), "Ampere"),
                                      ((8, 9), "Ada"), ((9, 0), "Hopper"), ((10, 0), "Blackwell"),
                                      ((12, 0), "Blackwell")])
def test_architecture_names(cc, name):
    assert architecture(*cc) == name


def test_machine_info_without_a_gpu_still_shows_the_cpu(monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setitem(sys.modules, "pynvml", None)  # NVML would see a real GPU: import fails
    info = machine_info()
    assert info["gpus"] == [] and "no CUDA device" in info["gpu_note"]
    assert info["cpu"]["threads"] >= 1 and info["cpu"]["model"]
    assert info["torch"] == torch.__version__
    assert device_memory() is None


def test_availability_never_raises(monkeypatch):
    torch = pytest.importorskip("torch")
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert probe_availability() == (False, "no CUDA device (torch.cuda.is_available() is False)")

    def broken():
        raise RuntimeError("CUDA driver initialization failed, you might not have a CUDA gpu.\ndetails")

    monkeypatch.setattr(torch.cuda, "is_available", broken)
    reason = "CUDA error: CUDA driver initialization failed, you might not have a CUDA gpu."
    assert probe_availability() == (False, reason)
    monkeypatch.setitem(sys.modules, "torch", None)
    assert probe_availability() == (False, "PyTorch is not installed")
    assert machine_info()["gpu_note"] == "PyTorch is not installed"


# ---- a damaged calibration.json ----

GOOD = {"gpu_name": "NVIDIA T4", "torch_version": "2.14.1", "workspace_bytes": 9_437_184,
        "cuda_context_bytes": 300_000_000, "memory_bytes": 16_000_000_000, "arch": "turing", "sm_count": 40,
        "threads_per_sm": 1024, "measured_at": "2025-01-01T00:00:00+00:00"}
BAD_ENTRIES = [
    ("memory_bytes", "abc"), ("memory_bytes", None), ("memory_bytes", -5), ("memory_bytes", 0),
    ("memory_bytes", True), ("memory_bytes", 1.5), ("memory_bytes", 10**30), ("workspace_bytes", "9 MiB"),
    ("workspace_bytes", -1), ("cuda_context_bytes", [1]), ("cuda_context_bytes", 0), ("sm_count", "many"),
    ("sm_count", -2), ("threads_per_sm", {}), ("measured_at", 5), ("measured_at", "yesterday"),
    ("gpu_name", 7), ("gpu_name", ""), ("torch_version", None), ("arch", 3), ("colour", "blue"),
]


def _write(tmp_path, payload) -> None:
    folder = tmp_path / "config"
    folder.mkdir(exist_ok=True)
    (folder / "calibration.json").write_text(payload if isinstance(payload, str) else json.dumps(payload))


@pytest.mark.parametrize("key, value", BAD_ENTRIES)
def test_a_bad_entry_is_skipped_with_a_problem_naming_it_and_the_rest_still_work(tmp_path, key, value):
    bad = {**GOOD, "gpu_name": "NVIDIA L4", "measured_at": "2025-06-01T00:00:00+00:00", key: value}
    if key == "gpu_name":
        bad["measured_at"] = GOOD["measured_at"]
    _write(tmp_path, {"version": 1, "entries": [GOOD, bad]})
    read = read_calibration_file()
    assert [c.gpu_name for c in read.entries] == ["NVIDIA T4"]
    assert len(read.problems) == 1 and "entry 2" in read.problems[0] and key in read.problems[0]
    assert repr(value)[:20] in read.problems[0] or key == "colour"  # an unknown key is named, not its value
    assert stored_local_gpu().name == "NVIDIA T4"
    assert estimate(config_from_mapping({"gpu": "local"})).gpu_memory_bytes == GOOD["memory_bytes"]


@pytest.mark.parametrize("missing", ["gpu_name", "torch_version", "workspace_bytes", "cuda_context_bytes",
                                     "memory_bytes"])
def test_an_entry_without_a_needed_key_is_skipped(tmp_path, missing):
    _write(tmp_path, {"version": 1, "entries": [{k: v for k, v in GOOD.items() if k != missing}]})
    read = read_calibration_file()
    assert read.entries == () and missing in read.problems[0]
    assert stored_local_gpu() is None


@pytest.mark.parametrize("payload", ["[1, 2]", '{"entries": 5}', '{"version": 1}', '"text"', "null",
                                     '{"entries": [5, "x", null]}', "[" * 100_000, "\xff\xfe{", ""])
def test_a_file_of_the_wrong_shape_reads_as_no_calibration_with_a_problem(tmp_path, payload):
    _write(tmp_path, payload)
    read = read_calibration_file()
    assert read.entries == () and read.problems
    assert "calibration.json" in read.problems[0] and "\n" not in read.problems[0]
    assert load_calibrations() == [] and stored_local_gpu() is None


def test_problems_are_logged_as_warnings_where_no_one_asks(tmp_path, caplog):
    _write(tmp_path, {"version": 1, "entries": [{**GOOD, "memory_bytes": "abc"}]})
    assert load_calibrations() == []
    assert [r.levelname for r in caplog.records] == ["WARNING"] and "'abc'" in caplog.records[0].getMessage()


def _in_a_subprocess(tmp_path) -> subprocess.CompletedProcess:
    """Reads, then saves, the calibration in a child with 1 GiB of address space and a 20 s bound."""
    code = "\n".join([
        "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))",
        "from core.measure import calibration as c",
        "print(c.read_calibration_file().problems)",
        "try: print('saved to', c.save_calibration(c.Calibration('G', '1', 1, 1, 1 << 30)))",
        "except c.CalibrationSaveError as e: print('not saved:', e)",
    ])
    env = {**os.environ, "MEMCALC_CONFIG_DIR": str(tmp_path / "config")}
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=20)


@pytest.mark.parametrize("make, problem, saved", [
    (os.mkfifo, "not a regular file", False),
    (lambda path: os.symlink("/dev/zero", path), "not a regular file", False),
    (os.mkdir, "not a regular file", False),
    (lambda path: path.write_bytes(b" " * (MAX_FILE_BYTES + 1)), "larger than", True),
], ids=["fifo", "link to /dev/zero", "folder", "over MAX_FILE_BYTES"])
def test_only_a_regular_file_of_bounded_size_is_read_or_replaced(tmp_path, make, problem, saved):
    (tmp_path / "config").mkdir()
    make(tmp_path / "config" / "calibration.json")
    proc = _in_a_subprocess(tmp_path)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    read, save = proc.stdout.splitlines()
    assert problem in read
    assert save.startswith("saved to" if saved else "not saved:")


# ---- saving keeps what it cannot parse ----

def _saved_entries(tmp_path) -> list:
    return json.loads((tmp_path / "config" / "calibration.json").read_text())["entries"]


def test_saving_keeps_an_entry_it_cannot_parse_verbatim(tmp_path):
    odd = {**GOOD, "gpu_name": "NVIDIA A10", "colour": "blue"}
    other = {**GOOD, "gpu_name": "NVIDIA A100"}
    _write(tmp_path, {"version": 1, "entries": [odd, GOOD, other], "note": "mine"})
    save_calibration(CAL)
    assert _saved_entries(tmp_path) == [odd, GOOD, other, stored_entry(CAL)]
    assert json.loads((tmp_path / "config" / "calibration.json").read_text())["note"] == "mine"
    replaced = Calibration(**{**GOOD, "workspace_bytes": 1})
    save_calibration(replaced)
    assert _saved_entries(tmp_path) == [odd, other, stored_entry(CAL), stored_entry(replaced)]


def test_an_unreadable_file_is_kept_aside_not_overwritten(tmp_path):
    _write(tmp_path, "{not json")
    save_calibration(CAL)
    assert _saved_entries(tmp_path) == [stored_entry(CAL)]
    aside = [p for p in (tmp_path / "config").iterdir() if p.name not in ("calibration.json", "calibration.json.lock")]
    assert len(aside) == 1 and aside[0].name.startswith("calibration.json.unreadable")
    assert aside[0].read_text() == "{not json"


def test_a_symlinked_file_is_written_through_the_link(tmp_path):
    real = tmp_path / "dotfiles" / "calibration.json"
    real.parent.mkdir()
    real.write_text(json.dumps({"version": 1, "entries": [GOOD]}))
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "calibration.json").symlink_to(real)
    save_calibration(CAL)
    assert (tmp_path / "config" / "calibration.json").is_symlink()
    assert json.loads(real.read_text())["entries"] == [GOOD, stored_entry(CAL)]


def _leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.name.endswith(".tmp"))


@pytest.mark.parametrize("place", ["folder in place of the file", "path under a file", "read-only folder",
                                   "disk full"])
def test_a_save_that_cannot_be_done_raises_one_line_and_leaves_no_temp_file(tmp_path, monkeypatch, place):
    folder = tmp_path / "config"
    folder.mkdir()
    if place == "folder in place of the file":
        (folder / "calibration.json").mkdir()
    elif place == "path under a file":
        (tmp_path / "afile").write_text("x")
        monkeypatch.setenv("MEMCALC_CONFIG_DIR", str(tmp_path / "afile" / "memcalc"))
    elif place == "read-only folder":  # chmod does not stop root: refuse as the kernel would
        monkeypatch.setattr(tempfile, "mkstemp", _raises(PermissionError(13, "Permission denied")))
    else:
        monkeypatch.setattr(os, "fsync", _raises(OSError(28, "No space left on device")))
    with pytest.raises(CalibrationSaveError) as caught:
        save_calibration(CAL)
    assert "calibration" in str(caught.value) and "\n" not in str(caught.value)
    assert _leftovers(tmp_path) == []
    if place == "folder in place of the file":
        assert (folder / "calibration.json").is_dir()


def _raises(error):
    def fail(*args, **kwargs):
        raise error

    return fail


def test_calibrate_reports_a_failed_save_instead_of_raising(tmp_path, monkeypatch):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "calibration.json").mkdir()
    result = run_probe(TrainingConfig(hidden=(16,)), FakeBackend())
    device = {"name": "Fake GPU", "total_memory_bytes": FakeBackend.TOTAL, "architecture": "Hopper", "sm_count": 132}
    calibrated = calibrate(result, device)
    assert calibrated.measured is not None and calibrated.path is None
    assert "calibration.json" in calibrated.problem


def test_a_probe_that_measured_no_context_stores_no_calibration():
    backend = FakeBackend()
    backend.CONTEXT = 0
    result = run_probe(TrainingConfig(hidden=(16,)), backend)
    device = {"name": "Fake GPU", "total_memory_bytes": FakeBackend.TOTAL, "architecture": "Hopper", "sm_count": 132}
    assert result.status == "done" and calibration_from_probe(result, device) is None


# ---- several processes, killed saves, impossible figures ----

_SAVER = """
import sys
from core.measure.calibration import Calibration, save_calibration
name, count = sys.argv[1], int(sys.argv[2])
for i in range(count):
    save_calibration(Calibration(f"{name} {i}", "2.14.1", 9_437_184, 400_000_000, 23_580_639_232))
"""


def test_two_processes_saving_at_once_keep_every_entry(tmp_path):
    env = {**os.environ, "MEMCALC_CONFIG_DIR": str(tmp_path / "config")}
    savers = [subprocess.Popen([sys.executable, "-c", _SAVER, name, "150"], cwd=ROOT, env=env,
                               stderr=subprocess.PIPE, text=True) for name in ("A", "B")]
    for saver in savers:
        _, err = saver.communicate(timeout=120)
        assert saver.returncode == 0, err
    names = {entry["gpu_name"] for entry in _saved_entries(tmp_path)}
    assert names == {f"{n} {i}" for n in "AB" for i in range(150)}
    assert _leftovers(tmp_path) == []


def test_a_set_aside_name_never_replaces_an_earlier_one(tmp_path, monkeypatch):
    folder = tmp_path / "config"
    for text in ("{first", "{second", "{third"):  # three in the same second
        _write(tmp_path, text)
        save_calibration(CAL)
    kept = sorted(p.read_text() for p in folder.iterdir() if ".unreadable-" in p.name)
    assert kept == ["{first", "{second", "{third"]


def test_a_save_removes_the_temporary_files_of_killed_saves(tmp_path):
    folder = tmp_path / "config"
    folder.mkdir()
    for n in range(3):
        (folder / f".calibration.json.x{n}.tmp").write_text("half a save")
    (folder / "notes.tmp").write_text("not ours")
    save_calibration(CAL)
    assert _leftovers(tmp_path) == ["notes.tmp"] and _saved_entries(tmp_path) == [stored_entry(CAL)]


def test_a_save_killed_while_writing_leaves_what_the_next_save_removes(tmp_path):
    env = {**os.environ, "MEMCALC_CONFIG_DIR": str(tmp_path / "config")}
    code = ("import os\nfrom core.measure import calibration as c\n"
            "os.fsync = lambda fd: os.kill(os.getpid(), 9)\n"
            "c.save_calibration(c.Calibration('G', '1', 1, 1, 1 << 30))")
    for _ in range(3):
        assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, timeout=60).returncode == -9
    assert len(_leftovers(tmp_path)) == 1  # each killed save removed the one before it
    save_calibration(CAL)
    assert _leftovers(tmp_path) == [] and _saved_entries(tmp_path) == [stored_entry(CAL)]


IMPOSSIBLE = [
    ("cuda_context_bytes", 90_000_000_000, "cuda_context_bytes"),
    ("workspace_bytes", 1 << 63, "workspace_bytes"),
    ("memory_bytes", 1 << 60, "memory_bytes"),
    ("cuda_context_bytes", 23_580_639_232 - 9_437_184, "together"),
]


@pytest.mark.parametrize("key, value, named", IMPOSSIBLE)
def test_an_entry_no_gpu_could_have_measured_is_skipped_by_name(tmp_path, key, value, named):
    bad = {**GOOD, "gpu_name": "NVIDIA L4", "memory_bytes": 23_580_639_232, "workspace_bytes": 9_437_184, key: value}
    _write(tmp_path, {"version": 1, "entries": [GOOD, bad]})
    read = read_calibration_file()
    assert [c.gpu_name for c in read.entries] == ["NVIDIA T4"]
    assert len(read.problems) == 1 and "entry 2 (NVIDIA L4" in read.problems[0] and named in read.problems[0]
    with pytest.raises(CalibrationSaveError, match=named):
        save_calibration(Calibration(**{**bad, "gpu_name": "NVIDIA L4"}))


def test_measured_conv_workspaces_travel_with_the_calibration(tmp_path, monkeypatch):
    """A probe's measured workspaces are stored with its calibration and read back into the GPU's
    runtime costs; a bad one makes the entry unusable, named."""
    from dataclasses import replace as _replace

    from core.measure import calibration as cal_module

    monkeypatch.setenv("MEMCALC_CONFIG_DIR", str(tmp_path))
    workspace = {"gpu": "NVIDIA Test", "cudnn": 91900, "benchmark": False, "direction": "forward",
                 "input": [8, 3, 32, 32], "weight": [32, 3, 3, 3], "stride": [1, 1], "padding": [1, 1],
                 "dilation": [1, 1], "groups": 1, "transposed": False, "dtype": "float32", "workspace_bytes": 4096}
    cal = cal_module.Calibration("NVIDIA Test", "2.11.0", 68157440, 552402944, 85017493504,
                                 cudnn_version=91900, conv_workspaces=(workspace,))
    cal_module.save_calibration(cal)
    stored = cal_module.read_calibration_file()
    assert not stored.problems
    runtime = stored.entries[0].runtime
    assert runtime.cudnn_version == 91900 and runtime.conv_workspaces == (workspace,)
    cal_module.save_calibration(_replace(cal, torch_version="2.12.0", conv_workspaces=({**workspace,
                                                                                         "direction": "up"},)))
    problems = cal_module.read_calibration_file().problems
    assert len(problems) == 1 and "direction" in problems[0]
