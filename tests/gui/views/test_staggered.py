"""A new result reaches the overview's charts over several passes of the event loop: their items
are updated in place with the result's figures, each chart once however many results arrived
while it waited, none held up by results arriving every pass, a chart out of sight is drawn when
it is shown again, and greying repaints them in line too."""

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget

from core import ALL_COMPONENTS, TrainingConfig, estimate
from gui.views.bar_chart import PREDICTED
from gui.views.dimming import is_dimmed
from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")


def _charts(window):
    return [window.device_strip, window.bar_chart, window.timeline]


def _drawn_batch(window) -> int:
    """The batch whose figures the bar chart's predicted bar stands for (the course MLP)."""
    chart = window.bar_chart
    top = sum(chart.items[n].opts["height"][PREDICTED] for n in ALL_COMPONENTS) * chart.scale
    for batch in (64, 256, 512):
        e = estimate(TrainingConfig(hidden=(128,), batch_size=batch))
        if top == pytest.approx(e.peak_bytes - e.components["workspace"].bytes):
            return batch
    raise AssertionError(f"the bars ({top:,.0f} B) stand for none of the batches tried")


def _count_redraws(monkeypatch, charts) -> dict[str, int]:
    counts = {type(c).__name__: 0 for c in charts}
    for chart in charts:
        def counted(*args, chart=chart, redraw=chart.redraw):
            counts[type(chart).__name__] += 1
            redraw(*args)
        monkeypatch.setattr(chart, "redraw", counted)
    return counts


class _Paints(QObject):
    """Paint events of each chart's viewport."""

    def __init__(self, charts) -> None:
        super().__init__()
        self.counts = {type(c).__name__: 0 for c in charts}
        self._names = {c.viewport(): type(c).__name__ for c in charts}
        for viewport in self._names:
            viewport.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self._names:
            self.counts[self._names[watched]] += 1
        return False


@pytest.fixture
def shown(qtbot, window):
    window.show()
    qtbot.waitExposed(window)
    settle(qtbot, window)
    return window


def test_the_charts_update_their_items_in_place(qtbot, shown):
    items = {type(c).__name__: dict(c.items) for c in _charts(shown)}
    in_plot = {type(c).__name__: list(c.getPlotItem().items) for c in _charts(shown)}
    shown.inputs.batch.setText("256")
    settle(qtbot, shown, batch_size=256)
    assert _drawn_batch(shown) == 256
    for chart in _charts(shown):
        assert chart.items == items[type(chart).__name__]
        assert all(a is b for a, b in zip(chart.items.values(), items[type(chart).__name__].values()))
        assert chart.getPlotItem().items == in_plot[type(chart).__name__]


def test_each_chart_draws_once_for_results_that_arrived_while_it_waited(qtbot, shown, monkeypatch):
    counts = _count_redraws(monkeypatch, _charts(shown))
    for _ in range(3):
        shown.model.estimate.shownChanged.emit(shown.model.estimate.shown)
    qtbot.waitUntil(lambda: not shown.staggered.waiting())
    assert counts == {"DeviceStrip": 1, "MemoryBarChart": 1, "TimelineChart": 1}


def test_results_arriving_every_pass_hold_no_chart_up(shown, monkeypatch):
    counts = _count_redraws(monkeypatch, _charts(shown))
    for _ in range(60):
        shown.model.estimate.shownChanged.emit(shown.model.estimate.shown)
        QCoreApplication.processEvents()
    assert min(counts.values()) >= 2, counts


def test_a_result_that_widens_the_value_axis_paints_each_chart_once(qtbot, shown):
    """pyqtgraph widens an axis to its tick labels while painting it, and the layout that follows
    painted the chart again: the axis is sized when the chart is drawn."""
    shown.inputs.batch.setText("1024")
    settle(qtbot, shown, batch_size=1024)
    widths = [c.getPlotItem().getAxis("left").width() for c in (shown.bar_chart, shown.timeline)]
    paints = _Paints(_charts(shown))
    shown.inputs.batch.setText("20000")
    settle(qtbot, shown, batch_size=20000)
    qtbot.wait(100)  # a second paint would come in the passes after the turns
    assert [c.getPlotItem().getAxis("left").width() for c in (shown.bar_chart, shown.timeline)] != widths
    assert paints.counts == {"DeviceStrip": 1, "MemoryBarChart": 1, "TimelineChart": 1}


def test_greying_repaints_the_charts_in_line_without_drawing_them_again(qtbot, shown, monkeypatch):
    counts = _count_redraws(monkeypatch, _charts(shown))
    shown.model.estimate.dimmedChanged.emit(True)
    assert shown.staggered.waiting() and all(is_dimmed(c) for c in _charts(shown))
    qtbot.waitUntil(lambda: not shown.staggered.waiting())
    assert counts == {"DeviceStrip": 0, "MemoryBarChart": 0, "TimelineChart": 0}
    assert all(c.viewport().updatesEnabled() for c in _charts(shown))


def test_a_chart_out_of_sight_is_drawn_when_shown(qtbot, shown, monkeypatch):
    shown.tabs.setCurrentWidget(shown.layer_table)
    counts = _count_redraws(monkeypatch, _charts(shown))
    shown.inputs.batch.setText("512")
    settle(qtbot, shown, batch_size=512)
    assert counts == {"DeviceStrip": 0, "MemoryBarChart": 0, "TimelineChart": 0}
    shown.tabs.setCurrentWidget(shown.overview)
    assert _drawn_batch(shown) == 512
    assert shown.timeline.points == list(shown.model.estimate.shown.timeline)
    assert shown.device_strip.training_bytes() + shown.model.estimate.shown.components["workspace"].bytes == (
        shown.model.estimate.shown.peak_bytes)


def test_a_grab_draws_what_still_waits(qtbot, shown):
    shown.inputs.batch.setText("256")
    qtbot.waitUntil(lambda: shown.model.estimate.is_current() and shown.estimate.config.batch_size == 256)
    shown.overview_image()
    assert not shown.staggered.waiting() and _drawn_batch(shown) == 256


class _TreePaints(QObject):
    """Paint events of a widget and everything in it."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        for each in (widget, *widget.findChildren(QWidget)):
            each.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _peak_cell(window) -> str:
    item = window.component_table.item(len(ALL_COMPONENTS), 1)
    return item.toolTip() if item is not None else ""


def test_the_component_table_is_filled_in_a_turn_of_its_own_with_the_newest_result(qtbot, shown, monkeypatch):
    """A result leaves the table as it was (unpainted, its header too) in the result's own pass;
    it is filled and repainted in its turn, and a newer result arriving while it waits wins."""
    results = {b: estimate(TrainingConfig(hidden=(128,), batch_size=b)) for b in (256, 512)}
    on_screen = [results[256]]
    monkeypatch.setattr(type(shown.model.estimate), "shown", property(lambda self: on_screen[0]))
    table, before = shown.component_table, _peak_cell(shown)
    paints = _TreePaints(table)
    shown.model.estimate.shownChanged.emit(results[256])
    QCoreApplication.processEvents()
    assert _peak_cell(shown) == before and shown.staggered.waiting()
    assert paints.count == 0
    on_screen[0] = results[512]
    shown.model.estimate.shownChanged.emit(results[512])
    qtbot.waitUntil(lambda: not shown.staggered.waiting())
    assert _peak_cell(shown) == f"{results[512].peak_bytes:,} B"
    assert table.updatesEnabled() and paints.count > 0


class _TurnsOf(QObject):
    """The steps the staggered line took, in order, per view: 'draw', 'prepare' and 'paint'."""

    def __init__(self, monkeypatch, views) -> None:
        super().__init__()
        self.steps: list[tuple[str, str]] = []
        self._drawing = False
        self._names = {}
        for view in views:
            name = type(view).__name__
            surface = view.viewport() if hasattr(view, "getPlotItem") else view
            self._names[surface] = name
            surface.installEventFilter(self)
            for method, step in (("redraw", "draw"), ("prepare_for_paint", "prepare")):
                monkeypatch.setattr(view, method, self._logged(getattr(view, method), name, step))

    def _logged(self, original, name: str, step: str):
        def logged(*args):
            if self._drawing:  # a drawing that asks for its layout: left to its own turn
                return original(*args)
            self.steps.append((name, step))
            self._drawing = step == "draw"
            try:
                return original(*args)
            finally:
                self._drawing = False
        return logged

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and watched in self._names:
            self.steps.append((self._names[watched], "paint"))
        return False

    def of(self, name: str) -> list[str]:
        return [step for view, step in self.steps if view == name]


def test_a_chart_draws_lays_out_and_paints_in_three_turns(qtbot, shown, monkeypatch):
    """Its data, the layout of its axes and its paint each take a pass of their own."""
    turns = _TurnsOf(monkeypatch, [shown.bar_chart])
    passes = []
    shown.model.estimate.shownChanged.emit(shown.model.estimate.shown)
    while shown.staggered.waiting():
        before = len(turns.steps)
        QCoreApplication.processEvents()
        passes.append([step for _, step in turns.steps[before:]])
    assert turns.of("MemoryBarChart") == ["draw", "prepare", "paint"]
    assert ["draw"] in passes and ["prepare"] in passes and ["paint"] in passes


def test_the_summary_takes_the_first_turn_and_paints_once_its_layout_is_done(qtbot, shown, monkeypatch):
    """A result leaves the summary as it was in the result's own pass; in its turns it takes the
    result's figures, lays out the column around it, and is painted once, before any chart."""
    results = {b: estimate(TrainingConfig(hidden=(128,), batch_size=b)) for b in (64, 20000)}
    on_screen = [results[64]]
    monkeypatch.setattr(type(shown.model.estimate), "shown", property(lambda self: on_screen[0]))
    shown.model.estimate.shownChanged.emit(results[64])
    qtbot.waitUntil(lambda: not shown.staggered.waiting())
    summary, before = shown.summary, shown.summary.max_value.text()
    turns = _TurnsOf(monkeypatch, [summary, shown.component_table, shown.bar_chart])
    on_screen[0] = results[20000]  # a batch that does not fit: the summary's texts grow
    shown.model.estimate.shownChanged.emit(results[20000])
    QCoreApplication.processEvents()
    assert summary.max_value.text() == before and turns.steps == []
    qtbot.waitUntil(lambda: not shown.staggered.waiting())
    qtbot.wait(50)  # a second paint would come in the passes after the turns
    assert summary.max_value.text() == f"{results[20000].max_batch_size:,}"
    assert turns.of("SummaryBox") == ["draw", "prepare", "paint"]
    assert turns.steps.index(("SummaryBox", "paint")) < turns.steps.index(("ComponentTable", "draw"))


def test_the_window_s_scroll_bars_are_flat_also_in_tabs_built_later(qtbot, shown):
    """Fusion paints a scroll bar in time growing with its length: 3-5 ms for the inputs' column
    at each result that changed its height."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractScrollArea

    from gui.views.widgets import FLAT_SCROLL_BAR

    def flat(bars) -> bool:
        return all(bar.styleSheet() == FLAT_SCROLL_BAR for bar in bars)

    left_column = shown.summary.parentWidget().parentWidget().parentWidget()
    assert flat([left_column.verticalScrollBar(), shown.component_table.verticalScrollBar(),
                 shown.layer_table.verticalScrollBar()])
    layers = shown.layer_memory  # a lazy tab, built now
    bars = [area.verticalScrollBar() for area in layers.findChildren(QAbstractScrollArea)
            if area.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff]
    assert bars and flat(bars)


def test_the_summary_s_prepare_lays_out_the_column_around_it_at_once(qtbot, shown, monkeypatch):
    """Each layout around the summary took a pass of the event loop of its own, and the summary
    was painted again after each: its prepare step does them all, then and there."""
    results = {b: estimate(TrainingConfig(hidden=(128,), batch_size=b)) for b in (64, 100_000)}
    on_screen = [results[64]]
    monkeypatch.setattr(type(shown.model.estimate), "shown", property(lambda self: on_screen[0]))
    shown.model.estimate.shownChanged.emit(results[64])
    qtbot.waitUntil(lambda: not shown.staggered.waiting())
    summary, column = shown.summary, shown.summary.parentWidget()
    before = (summary.geometry(), column.height())
    on_screen[0] = results[100_000]  # larger than the training set: a paragraph more says so
    summary.redraw()
    summary.prepare_for_paint()
    prepared = (summary.geometry(), column.height())
    qtbot.wait(50)
    assert prepared != before
    assert prepared == (summary.geometry(), column.height())
