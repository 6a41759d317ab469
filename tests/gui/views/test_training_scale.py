"""Issue 19: what the training holds is legible for every model. CUDA's fixed costs stand in the
device strip; the training charts draw the course's places at their own scale, and add the
cuBLAS workspace only when the View menu asks, the per-layer peak chart included."""

import pytest

from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_per_layer_peak_honours_the_workspace_setting(qtbot, window):
    e = settle(qtbot, window)
    view = window.layer_memory
    assert view.peak_heights()["workspace"] == 0
    assert view.peak_heights()["parameters"] == pytest.approx(e.component_bytes["parameters"])
    window.menus.act_workspace.trigger()
    assert view.peak_heights()["workspace"] == pytest.approx(e.component_bytes["workspace"])


def test_the_first_start_shows_the_four_places_not_the_context(qtbot, window):
    e = settle(qtbot, window)
    chart, timeline = window.bar_chart, window.timeline
    top = chart.getPlotItem().vb.viewRange()[1][1] * chart.scale
    training = e.peak_bytes - e.component_bytes["workspace"]
    assert top < 1.5 * training  # the course's places fill the bar chart, not a sliver under the context
    peak = timeline.points[timeline.peak_index]
    drawn = sum(item.opts["height"][timeline.peak_index] for item in timeline.items.values()) * timeline.scale
    assert drawn == pytest.approx(sum(b for n, b in peak.components.items() if n != "workspace"))
    assert window.device_strip.segment_at(e.peak_bytes + e.cached_at_peak_bytes + 1)[0] == "CUDA context"
