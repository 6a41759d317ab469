"""At the smallest window size the bar chart's legend neither covers the bars nor is cut off,
and the labels under the bars do not run into each other; in both languages."""

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetrics

from gui.views.bar_chart import SLOTS
from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")  # the offscreen plugin, as the window shows

SIZES = [(850, 440), (1000, 600), (1280, 860)]


def _check_chart(chart):
    plot = chart.getPlotItem()
    view = plot.vb.sceneBoundingRect()
    widget_rect = chart.mapToScene(chart.rect()).boundingRect()
    assert plot.sceneBoundingRect().width() <= widget_rect.width() + 1, "the plot is wider than its widget"
    if chart.legend_shown():
        legend = chart.legend.sceneBoundingRect()
        assert legend.left() >= view.right() - 1 or legend.top() >= view.bottom() - 1, "the legend covers the bars"
        assert widget_rect.contains(legend), "the legend is cut off"
        for _sample, label in chart.legend.items:
            assert label.sceneBoundingRect().right() <= widget_rect.right() + 1
    axis = plot.getAxis("bottom")
    metrics = QFontMetrics(axis.style["tickFont"] or chart.font())
    centres = [plot.vb.mapViewToScene(QPointF(slot, 0)).x() for slot in SLOTS]
    room = min(b - a for a, b in zip(centres, centres[1:]))
    for text in chart.slot_labels():
        widest = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        assert widest < room, f"{text!r} ({widest} px) runs into its neighbour ({room:.0f} px apart)"
        assert text.strip()


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_bar_chart_fits_its_legend_and_labels(qtbot, window, size, lang):
    window.set_language(lang)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    qtbot.wait(50)
    _check_chart(window.bar_chart)


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_a_wide_window_shows_the_legend_and_full_labels(qtbot, window, lang):
    window.set_language(lang)
    window.resize(1280, 860)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    qtbot.wait(50)
    assert window.bar_chart.legend_shown()
    if lang == "en":
        assert window.bar_chart.slot_labels()[1].replace("\n", " ") == "course estimate"


def test_the_exported_chart_has_its_legend_even_from_a_small_window(qtbot, window, tmp_path):
    window.resize(850, 440)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    shown = window.bar_chart.legend_shown()
    image = window.bar_chart.export_image(1000)
    assert not image.isNull() and image.width() == 1000
    assert window.bar_chart.legend_shown() == shown
