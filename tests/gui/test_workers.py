"""Jobs off the GUI thread: running() is truthful, even for a job stop_all had to leave behind."""

import threading
import time

from gui.workers import Job, ThreadKeeper


def test_a_blocked_job_is_still_reported_running_after_stop_all(qtbot):
    keeper = ThreadKeeper()
    release = threading.Event()
    job = keeper.start(Job(lambda progress, cancel: release.wait(10), tag="blocked"))  # ignores cancel
    started = time.monotonic()
    assert keeper.stop_all(0.05) is False
    assert time.monotonic() - started < 1.0, "stop_all must not wait past its bound"
    assert keeper.running() == {job} and job.cancel_flag.is_set()
    release.set()
    assert keeper.wait_all(5)
    assert keeper.running() == set()


def test_a_job_that_heeds_cancel_ends_within_the_bound(qtbot):
    keeper = ThreadKeeper()

    def loop(progress, cancel):
        while not cancel.wait(0.01):
            pass

    keeper.start(Job(loop, tag="loop"))
    assert keeper.stop_all(2.0) is True
    assert keeper.running() == set()


def test_results_and_failures_arrive_on_the_gui_thread(qtbot):
    seen = []
    ok = Job(lambda progress, cancel: 42, tag="ok")
    bad = Job(lambda progress, cancel: 1 / 0, tag="bad")
    ok.succeeded.connect(lambda job, result: seen.append((result, threading.current_thread())))
    bad.failed.connect(lambda job, error: seen.append((type(error), threading.current_thread())))
    keeper = ThreadKeeper()
    keeper.start(ok)
    keeper.start(bad)
    qtbot.waitUntil(lambda: len(seen) == 2)
    assert {value for value, _ in seen} == {42, ZeroDivisionError}
    assert all(thread is threading.main_thread() for _, thread in seen)
    assert keeper.wait_all(5)
