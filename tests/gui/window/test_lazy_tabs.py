"""The tabs behind the overview are built when first shown or asked for (issue 24: the first
frame needs none of them), and then are tabs like any other."""

import pytest

from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_a_tab_is_built_when_first_shown_and_stays_in_its_place(qtbot, window):
    e = settle(qtbot, window)
    tabs, lazy = window.tabs, window.lazy_tabs
    assert lazy.built("layer_memory") is None and lazy.built("max_batch") is None and lazy.built("machine") is None
    index, count = 2, tabs.count()
    text = tabs.tabText(index)
    tabs.setCurrentIndex(index)
    view = lazy.built("layer_memory")
    assert view is not None and view is window.layer_memory
    assert tabs.currentWidget() is view and tabs.indexOf(view) == index and tabs.currentIndex() == index
    assert tabs.count() == count and tabs.tabText(index) == text
    assert view.peak_heights()["parameters"] == pytest.approx(e.component_bytes["parameters"])


def test_a_tab_asked_for_is_built_where_its_tab_is(qtbot, window):
    settle(qtbot, window)
    index = window.tabs.count() - 2
    panel = window.maxbatch_panel  # built now, not shown (the machine tab would ask a worker about this machine)
    assert window.tabs.indexOf(panel) == index and window.tabs.currentIndex() == 0
    window.tabs.setCurrentWidget(panel)
    assert window.tabs.currentWidget() is panel


def test_a_panel_built_late_hears_what_measuring_learnt_before(qtbot, window):
    settle(qtbot, window)
    window.measuring._on_availability(False, "no CUDA device")
    panel = window.maxbatch_panel
    assert panel.available is False and panel.reason == "no CUDA device"
