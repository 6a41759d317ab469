"""The tabs behind the overview are built when first shown or asked for (issue 24: the first
frame needs none of them), and then are tabs like any other."""

import pytest
from PySide6.QtCore import QSettings

from gui.views.dimming import is_dimmed
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


LAZY = ("layer_memory", "builder", "remedies", "gpus", "samples", "comparison", "max_batch", "machine")


def test_no_tab_behind_the_overview_is_built_at_start(qtbot, window):
    settle(qtbot, window)
    assert [key for key in LAZY if window.lazy_tabs.built(key) is not None] == []


@pytest.mark.parametrize(("key", "name"), [("builder", "builder"), ("remedies", "remedies"), ("gpus", "gpu_panel"),
                                           ("comparison", "comparison")])
def test_each_tab_is_built_in_its_place_when_first_shown(qtbot, window, key, name):
    settle(qtbot, window)
    tabs, lazy = window.tabs, window.lazy_tabs
    index = LAZY.index(key) + 2  # after the overview and the layers
    count, text = tabs.count(), tabs.tabText(index)
    tabs.setCurrentIndex(index)
    page = lazy.built(key)
    assert page is not None and page is getattr(window, name) and tabs.currentWidget() is page
    assert tabs.indexOf(page) == index and tabs.count() == count and tabs.tabText(index) == text


def test_the_layer_builder_built_late_shows_the_layers_on_screen(qtbot, window):
    settle(qtbot, window)
    window.model.inputs.update(layers="Flatten, Linear(64), ReLU, Linear")  # the MLP stays: no trace
    assert window.lazy_tabs.built("builder") is None
    assert [layer.kind for layer in window.builder.layers] == ["Flatten", "Linear", "ReLU", "Linear"]
    assert window.builder.table.rowCount() == 4


@pytest.mark.parametrize(("key", "view"), [("comparison", "table"), ("max_batch", "prediction"),
                                           ("layer_memory", "bars")])
def test_a_tab_built_while_an_input_is_invalid_greys_its_result(qtbot, window, key, view):
    settle(qtbot, window)
    window.model.inputs.update(hidden="512,256,")
    assert window.model.estimate.dimmed
    assert is_dimmed(getattr(window.lazy_tabs.widget(key), view))


def test_an_image_folder_restored_before_the_sample_viewer_is_built_reaches_it(qtbot, window, tmp_path):
    s = QSettings()
    s.setValue("inputs/dataset", "folder")
    s.setValue("samples/folder", str(tmp_path))
    assert window.restore_settings(s) == []
    assert window.lazy_tabs.built("samples") is None and window.sample_folder() == tmp_path
    s.clear()
    window.save_settings(s)
    assert s.value("samples/folder") == str(tmp_path)  # kept while the viewer was never built
    assert window.lazy_tabs.built("samples") is None
    assert window.sample_viewer.folder() == tmp_path
