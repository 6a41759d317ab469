"""bench/conv_workspaces.py without a GPU: its dry run traces the calls and writes a table the
engine reads, merged with what the file held."""

import importlib.util
import json

import pytest

from core.engine.step.conv_table import WorkspaceTableError, read_table
from tests import support

pytest.importorskip("torch")


def _bench():
    spec = importlib.util.spec_from_file_location("conv_bench", support.ROOT / "bench" / "conv_workspaces.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_dry_run_writes_a_table_the_engine_reads_and_merges_into_it(tmp_path):
    bench = _bench()
    out = tmp_path / "table.json"
    entries = bench.measure_mode(["course-cnn"], [4], ["float32"], False, 60, dry_run=True)
    assert {e["direction"] for e in entries} == {"forward", "backward_data", "backward_filter"}
    assert bench.write_table(out, entries) == len(entries)
    again = [{**e, "workspace_bytes": e["workspace_bytes"] + 512} for e in entries[:2]]
    assert bench.write_table(out, again) == len(entries)  # replaced, not added
    table = read_table(out.read_text(), str(out))
    assert len(table) == len(entries)
    assert sorted(e["workspace_bytes"] for e in json.loads(out.read_text())["entries"]) == sorted(
        [e["workspace_bytes"] + 512 for e in entries[:2]] + [e["workspace_bytes"] for e in entries[2:]])


def test_a_bad_entry_is_not_written(tmp_path):
    bench = _bench()
    with pytest.raises(WorkspaceTableError):
        bench.write_table(tmp_path / "t.json", [{"gpu": "x", "direction": "up"}])
    assert not (tmp_path / "t.json").exists()


def test_the_engines_calls_are_what_is_measured():
    from core import TrainingConfig
    from core.measure.conv_workspaces import calls_of, entry

    calls = calls_of(TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=8))
    assert len(calls) == 8  # three convolutions forward and weight gradient, two input gradients
    made = entry(calls[0], 8, "GPU", 91900, False, (1024, 0))
    assert made["input"][0] == 8 and made["workspace_bytes"] == 1024


def test_the_one_command_dry_run_runs_both_modes_in_children_and_writes_the_table(tmp_path, capsys):
    bench = _bench()
    out = tmp_path / "table.json"
    assert bench.main(["--dry-run", "--models", "course-cnn", "--datasets", "cifar10", "--dtypes", "float32",
                       "--batches", "4", "--budget-s", "240", "--out", str(out)]) == 0
    entries = json.loads(out.read_text())["entries"]
    assert {e["benchmark"] for e in entries} == {False, True}
    assert {e["gpu"] for e in entries} == {"dry run"}
    # the reference's CNN shapes come first, whatever --models says
    assert {(tuple(e["input"][:1]), e["dtype"]) for e in entries} >= {((32,), "float32"), ((4,), "float32")}
    assert len(read_table(out.read_text(), str(out))) == len(entries)
    assert "measurements in" in capsys.readouterr().out


def test_a_mode_stops_when_its_time_is_spent(tmp_path, capsys):
    bench = _bench()
    part = tmp_path / "part.json"
    entries = bench.measure_mode(["course-cnn"], [4, 8], ["float32"], False, 0, dry_run=True, part=part)
    assert entries == [] and json.loads(part.read_text()) == []
    assert "budget spent at" in capsys.readouterr().err
