"""The garbage collector waits while the window starts, then freezes what start-up made."""

import gc
import weakref

import pytest

from gui.app import collector


class _Node:
    def __init__(self) -> None:
        self.me = self


@pytest.fixture
def collector_restored():
    yield
    gc.unfreeze()
    gc.enable()


@pytest.mark.parametrize("collect", [True, False])
def test_resume_enables_the_collector_and_freezes_what_start_up_made(collector_restored, collect):
    collector.pause()
    assert not gc.isenabled()
    garbage = weakref.ref(_Node())
    frozen = gc.get_freeze_count()
    collector.resume(collect=collect)
    assert gc.isenabled() and gc.get_freeze_count() > frozen
    assert (garbage() is None) is collect
