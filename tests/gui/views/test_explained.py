"""Issue 19: the window says what the course estimate counts and why the real peak differs, and
at which moment the peak's composition is taken, beside the moment the course draws."""

import pytest

from gui.views.bar_chart import NAIVE
from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def test_the_course_estimate_is_explained(qtbot, window):
    e = settle(qtbot, window)
    details = window.summary.details.text()
    assert "The course estimate adds the four places" in details and "512-byte blocks" in details
    tip = window.bar_chart.tooltip_at(NAIVE, e.naive_bytes / 2)
    assert "The course estimate adds" in tip
    assert "step, iteration 1" in window.bar_chart.title()  # the moment of the bar


def test_the_composition_names_its_moment_and_shows_the_end_of_forward(qtbot, window):
    e = settle(qtbot, window)
    assert e.peak_phase == ("step", 1)
    view = window.layer_memory
    at_peak, at_forward = view.peak_heights(0), view.peak_heights(1)
    assert at_peak["activations"] == pytest.approx(e.component_bytes["activations"])
    assert at_forward["activations"] > 10 * at_peak["activations"]  # the course's moment: all alive
    assert at_forward["gradients"] > 0 and at_forward["optimizer_state"] > 0  # the last iteration's
    text = view.peak_text.text()
    assert "moment of the peak, step of iteration 1" in text and "end of the forward pass" in text
