"""While an input is invalid, every result view greys the last result: charts, tables, the
verdict and the max batch."""

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.measure.comparison import ComparisonPanel
from gui.measure.max_batch import MaxBatchPanel
from gui.model import CalculatorModel
from gui.views.bar_chart import MemoryBarChart
from gui.views.dimming import is_dimmed, set_dimmed
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


class _StyleChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.StyleChange:
            self.count += 1
        return False


def test_a_greyed_table_greys_its_cells_and_headers_and_nothing_else_without_being_polished_again(qtbot, model):
    """Grey text as a style sheet's `QAbstractItemView { color: ... }` gave, through the palette: a
    style sheet polished the table and its children anew each time, and laid them out again."""
    table = ComponentTable(model)
    qtbot.addWidget(table)
    table.show()
    changes = _StyleChanges()
    for widget in (table, *table.findChildren(QObject)):
        widget.installEventFilter(changes)
    grey, text, button = QColor("#9a9a9a"), QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText
    set_dimmed(table, True)
    assert is_dimmed(table) and table.palette().color(text) == grey
    assert table.horizontalHeader().palette().color(button) == grey
    assert table.verticalScrollBar().palette().color(button) == QApplication.palette().color(button)
    set_dimmed(table, False)
    assert not is_dimmed(table)
    for widget in (table, table.horizontalHeader(), table.verticalScrollBar()):
        assert widget.palette().color(text) == QApplication.palette().color(text)
        assert widget.palette().color(button) == QApplication.palette().color(button)
    assert changes.count == 0


def test_the_summary_greys_its_text_and_colours_without_an_opacity_effect(qtbot, model):
    """An opacity effect painted the summary into a pixmap and blended it at each repaint (7-8 ms
    while greyed); its palettes grey it, the verdict's colour and the warnings' too, and give them
    back."""
    summary = SummaryBox(model)
    qtbot.addWidget(summary)
    role = QPalette.ColorRole.WindowText
    green, grey = QColor("#1e8449"), QColor("#9a9a9a")
    assert summary.fits.palette().color(role) == green
    model.inputs.update(hidden="512,256,")
    assert is_dimmed(summary) and summary.graphicsEffect() is None
    for label in (summary.fits, summary.max_value, summary.details, summary.scope, summary.too_large):
        assert label.palette().color(role) == grey, label.text()
    model.inputs.update(hidden="512,256")
    settle(qtbot, model, hidden=(512, 256))
    assert not is_dimmed(summary)
    assert summary.fits.palette().color(role) == green
    assert summary.max_value.palette().color(role) == QApplication.palette().color(role)
