"""The max batch search: doubling then bisection, against a fake that runs out above N."""

import math

import pytest

from core import TrainingConfig
from core.measure.search import find_max_batch
from tests.support.fake_backend import FakeBackend

CONFIG = TrainingConfig(hidden=(16,), batch_size=64)


@pytest.mark.parametrize("n", [1, 2, 3, 7, 64, 100, 1000, 1024, 1025, 5000])
def test_finds_the_boundary_in_about_two_log2_trials(n):
    backend = FakeBackend(oom_above=n)
    search = find_max_batch(CONFIG, backend)
    assert search.status == "done"
    assert search.max_batch_size == n
    assert search.recommended_batch_size == int(0.8 * n)
    batches = [t.batch_size for t in search.trials]
    doubling = [t.batch_size for t in search.trials[: int(math.log2(n)) + 2]]
    assert doubling == [2**i for i in range(len(doubling))]
    assert len(batches) <= 2 * math.ceil(math.log2(n + 1)) + 1
    assert all(t.fits == (t.batch_size <= n) for t in search.trials)
    assert backend.released == len(batches)  # every trial cleaned up
    assert all(t.samples_per_second for t in search.trials if t.fits)


def test_nothing_fits():
    search = find_max_batch(CONFIG, FakeBackend(oom_above=0))
    assert search.max_batch_size == 0 and len(search.trials) == 1
    assert "out of memory in forward at batch 1" in search.trials[0].message


def test_limit_stops_doubling():
    search = find_max_batch(CONFIG, FakeBackend(), limit=100)
    assert search.max_batch_size == 100 and search.limit_reached
    assert [t.batch_size for t in search.trials] == [1, 2, 4, 8, 16, 32, 64, 100]


def test_start_above_the_boundary_bisects_down():
    search = find_max_batch(CONFIG, FakeBackend(oom_above=300), start=512)
    assert search.max_batch_size == 300


def test_cancel_ends_the_search():
    calls, trials = [], []
    search = find_max_batch(
        CONFIG, FakeBackend(oom_above=1000), should_stop=lambda: len(calls) > 30,
        progress=lambda p, i: calls.append(p), on_trial=trials.append,
    )
    assert search.status == "cancelled"
    assert trials == search.trials and len(search.trials) == 3  # 9 phases a trial: two iterations, as the edge is found


def test_an_error_ends_the_search():
    search = find_max_batch(CONFIG, FakeBackend(fail_at="step"))
    assert search.status == "error" and "driver said no" in search.error
