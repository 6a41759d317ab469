"""Issue 19: the timeline names each phase and tells a bar's figures on hover; no text is cut
(the out-of-memory title, the peak label at the last bar); empty charts show no negative memory."""


import pytest

from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


@pytest.fixture
def shown(qtbot, window):
    window.resize(1280, 860)
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    qtbot.wait(50)
    return window


def test_every_timeline_bar_is_named_by_its_phase(shown):
    tl = shown.timeline
    names = tl.phase_labels.shown()
    assert len(names) == len(tl.points)
    assert names[:4] == ["setup", "transfer", "forward", "loss"] and "backward" in names and names[-1] == "step"
    axis = tl.getPlotItem().getAxis("bottom")
    for item in tl.phase_labels.items[:len(names)]:
        assert axis.boundingRect().contains(axis.mapFromItem(item, item.boundingRect()).boundingRect())


def test_a_bar_tells_its_figures(shown):
    tl = shown.timeline
    index = next(i for i, p in enumerate(tl.points) if p.phase == "backward")
    text = tl.tooltip_for(index)
    assert "Iteration 1, backward: peak" in text and "Gradients: 398.00 KiB" in text


def test_the_peak_label_stays_inside_when_the_peak_is_the_last_bar(shown):
    tl = shown.timeline
    last = tl.points[-1]
    tl.points[-1] = last._replace(bytes=last.bytes * 3, components={**last.components,
                                                                     "activations": last.bytes * 2})
    tl.peak_index = len(tl.points) - 1
    tl._draw()
    view = tl.getPlotItem().vb.sceneBoundingRect()
    label = tl.peak_text.sceneBoundingRect()
    assert "it. 3" in tl.peak_text.textItem.toPlainText()
    assert view.left() <= label.left() and label.right() <= view.right() + 1


def test_the_out_of_memory_title_is_not_cut(qtbot, shown):
    shown.model.inputs.update(hidden="8192, 8192, 8192", batch_size="4000000")
    e = settle(qtbot, shown, batch_size=4_000_000)
    assert not e.fits
    qtbot.wait(50)
    lines = shown.bar_chart.title_lines()
    assert " ".join(lines) == shown.bar_chart.out_of_memory_text(e)
    assert not any(line.endswith("…") for line in lines)


def test_charts_waiting_for_their_first_estimate_show_no_negative_memory(qtbot, languages):
    from gui.window import MainWindow

    def never(config):
        raise RuntimeError("no estimate in this test")

    empty = MainWindow(languages, compute=never)
    qtbot.addWidget(empty)
    empty.resize(1280, 860)
    empty.show()
    qtbot.waitExposed(empty)
    qtbot.wait(100)  # pyqtgraph ranges an auto-ranged view once the events run
    assert empty.model.estimate.shown is None
    for chart in (empty.bar_chart, empty.timeline, empty.layer_memory.peak):
        assert chart.getPlotItem().vb.viewRange()[1][0] >= 0
    assert empty.device_strip.getPlotItem().vb.viewRange()[0][0] >= 0
    assert empty.layer_memory.bars.getPlotItem().vb.viewRange()[0][0] >= 0
    empty.stop_workers()
