"""While an input is invalid, every result view greys the last result: charts, tables, the
verdict and the max batch."""

import pytest

from gui.measure.comparison import ComparisonPanel
from gui.measure.max_batch import MaxBatchPanel
from gui.model import CalculatorModel
from gui.views.bar_chart import MemoryBarChart
from gui.views.dimming import is_dimmed
from gui.views.summary import SummaryBox
from gui.views.tables import ComponentTable
from gui.views.timeline import TimelineChart
from tests.gui.helpers import settle


@pytest.fixture
def model(qtbot):
    calculator = CalculatorModel()
    settle(qtbot, calculator)
    yield calculator
    calculator.shutdown()


def test_an_invalid_input_dims_the_verdict_and_max_batch_as_the_charts(qtbot, model):
    summary, comparison, max_batch = SummaryBox(model), ComparisonPanel(model), MaxBatchPanel(model)
    views = [MemoryBarChart(model), TimelineChart(model), ComponentTable(model), summary, comparison.table,
             max_batch.prediction]
    for view in (*views[:3], summary, comparison, max_batch):
        qtbot.addWidget(view)
    verdict, max_value = summary.fits.text(), summary.max_value.text()
    assert "Fits" in verdict and not any(is_dimmed(v) for v in views)
    model.inputs.update(hidden="512,256,")
    assert all(is_dimmed(v) for v in views)
    assert summary.fits.text() == verdict and summary.max_value.text() == max_value  # kept, greyed
    model.inputs.update(hidden="512,256")
    settle(qtbot, model, hidden=(512, 256))
    assert not any(is_dimmed(v) for v in views)
