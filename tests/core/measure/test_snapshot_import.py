"""A recorded snapshot read back: blocks recovered from addresses, a cut-short trace, and files
that are not snapshots."""

import pickle

import pytest

from core.measure.snapshot import SnapshotError, read_snapshot, snapshot_figures

MIB = 1 << 20


def _alloc(addr, size):
    return {"action": "alloc", "addr": addr, "size": size, "stream": 0, "frames": []}


def _free(addr, size):
    return [{"action": a, "addr": addr, "size": size, "stream": 0, "frames": []}
            for a in ("free_requested", "free_completed")]


def _segment(addr, size, action="segment_alloc"):
    return {"action": action, "addr": addr, "size": size, "stream": 0, "frames": []}


def test_an_unsplit_block_counts_whole_as_the_allocator_does():
    # a 20 MiB segment: 19.5 MiB taken leaves 0.5 MiB, not more than 1 MiB: not split
    trace = [_segment(0, 20 * MIB), _alloc(0, 39 * MIB // 2), *_free(0, 39 * MIB // 2), _alloc(0, 4 * MIB)]
    figures = snapshot_figures({"segments": [], "device_traces": [trace]})
    assert figures.peak_allocated == 20 * MIB
    assert figures.peak_active == 39 * MIB // 2
    assert figures.peak_reserved == 20 * MIB
    assert figures.timeline[-1] == 4 * MIB  # split: 16 MiB would be left


def test_small_requests_round_to_512_bytes():
    trace = [_segment(0, 2 * MIB), _alloc(0, 4), _alloc(512, 1000)]
    assert snapshot_figures({"segments": [], "device_traces": [trace]}).peak_allocated == 512 + 1024


def test_a_trace_cut_short_starts_from_what_was_there():
    segments = [{"device": 0, "address": 0, "total_size": 2 * MIB, "stream": 0, "blocks": [
        {"address": 0, "size": 1024, "requested_size": 1000, "state": "active_allocated"},
        {"address": 1024, "size": 2 * MIB - 1024, "requested_size": 0, "state": "inactive"}]}]
    trace = [*_free(4096, 512), _alloc(4096, 512)]
    figures = snapshot_figures({"segments": segments, "device_traces": [trace]})
    assert figures.peak_reserved == 2 * MIB
    assert figures.peak_allocated == 1024 + 512  # the block alive all along, and the one freed


def test_files_that_are_not_snapshots_are_refused(tmp_path):
    path = tmp_path / "x.pickle"
    path.write_bytes(pickle.dumps([1, 2]))
    with pytest.raises(SnapshotError, match="no segments"):
        read_snapshot(path)
    path.write_bytes(b"not a pickle")
    with pytest.raises(SnapshotError, match="not a pickle"):
        read_snapshot(path)
    path.write_bytes(pickle.dumps({"segments": [], "device_traces": [[]]}))
    with pytest.raises(SnapshotError, match="_record_memory_history"):
        read_snapshot(path)
    with pytest.raises(SnapshotError):
        read_snapshot(tmp_path / "missing.pickle")


def test_a_pickle_that_would_run_code_is_not_run(tmp_path):
    class Evil:
        def __reduce__(self):
            return (print, ("ran",))

    path = tmp_path / "evil.pickle"
    path.write_bytes(pickle.dumps({"segments": [], "device_traces": [[Evil()]]}))
    with pytest.raises(SnapshotError, match=r"builtins\.print"):
        read_snapshot(path)
