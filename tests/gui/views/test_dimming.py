"""While an input is invalid, every result view greys the last result: charts, tables, the
verdict and the max batch."""

from gui.views.dimming import is_dimmed
from tests.gui.helpers import settle


def _views(window):
    return [window.bar_chart, window.timeline, window.component_table, window.summary, window.comparison.table,
            window.maxbatch_panel.prediction]


def test_an_invalid_input_dims_the_verdict_and_max_batch_as_the_charts(qtbot, window):
    verdict, max_batch = window.summary.fits.text(), window.summary.max_value.text()
    assert "Fits" in verdict and not any(is_dimmed(v) for v in _views(window))
    window.inputs.hidden.setText("512,256,")
    assert all(is_dimmed(v) for v in _views(window))
    assert window.summary.fits.text() == verdict and window.summary.max_value.text() == max_batch  # kept, greyed
    window.inputs.hidden.setText("512,256")
    settle(qtbot, window, hidden=(512, 256))
    assert not any(is_dimmed(v) for v in _views(window))
