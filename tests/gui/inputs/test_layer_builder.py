"""The layer builder: add, remove, reorder and set layers, with the shape and parameters after
each one as you type; a layer that breaks the shapes is marked where it is, and the last valid
estimate stays on screen, greyed."""

from dataclasses import replace

import pytest

from core import estimate
from gui.inputs.layer_builder import BAD_ROW, LayerBuilder
from gui.model import COURSE_CNN, CalculatorModel
from gui.model.layer_list import parse_text

WAIT_MS = 5000


def _as_mlp(config):
    """A quick stand-in for the trace: the builder's tests are about shapes, not tracing."""
    return estimate(replace(config, model="mlp", layers=None, model_file=None, checkpoint_segments=None))


@pytest.fixture
def builder(qtbot):
    model = CalculatorModel(_as_mlp)
    model.inputs.update(model="layers", dataset="mnist")
    widget = LayerBuilder(model)
    qtbot.addWidget(widget)
    qtbot.waitUntil(model.estimate.is_current, timeout=WAIT_MS)
    yield widget
    model.shutdown()


def _cells(builder, row):
    return [builder.table.item(row, col).text() for col in range(builder.table.columnCount())]


def test_the_course_cnn_shows_its_shapes_and_formulas(builder):
    assert builder.model.inputs.state.layers == COURSE_CNN and builder.table.rowCount() == 17
    assert _cells(builder, 0)[1:] == ["Conv2d(out_channels=32, kernel_size=3, padding=1)", "(32, 28, 28)", "320",
                                      "3 × 3 × 1 × 32 + 32 = 320"]
    assert _cells(builder, 3)[2] == "(32, 14, 14)" and _cells(builder, 16)[2] == "(10)"


def test_a_setting_changes_the_shapes_as_you_type(builder):
    builder.select(0)
    builder.setting("out_channels").setValue(16)
    assert _cells(builder, 0)[3:] == ["160", "3 × 3 × 1 × 16 + 16 = 160"]
    assert _cells(builder, 4)[4].startswith("3 × 3 × 16 × 64")  # the next convolution takes 16 channels
    builder.setting("stride").setValue(2)
    assert _cells(builder, 0)[2] == "(16, 14, 14)"
    assert builder.model.inputs.state.layers.startswith("Conv2d(out_channels=16, kernel_size=3, stride=2, padding=1)")


def test_add_remove_and_reorder(builder):
    builder.select(2)
    builder.add("Dropout")
    assert builder.selected() == 3 and builder.layers[3].text == "Dropout(p=0.5)"
    assert builder.table.rowCount() == 18
    builder.move_selected(-1)
    assert [layer.kind for layer in builder.layers[2:4]] == ["Dropout", "ReLU"] and builder.selected() == 2
    builder.move_selected(1)
    builder.remove_selected()
    assert parse_text(builder.model.inputs.state.layers) == parse_text(COURSE_CNN)
    builder.start_empty.click()
    assert builder.model.inputs.state.layers == "" and builder.table.rowCount() == 0
    assert "empty" in builder.model.inputs.error.text()
    builder.add("Flatten")
    builder.add("Linear")  # the last Linear: the classes, from the start
    assert builder.model.inputs.state.layers == "Flatten, Linear" and _cells(builder, 1)[2] == "(10)"
    assert builder.model.inputs.error is None


def test_a_breaking_layer_is_marked_where_it_is(qtbot, builder):
    last = builder.model.estimate.shown
    for _ in range(3):
        builder.select(3)
        builder.add("MaxPool2d")
    # 28 → 14 → 7 → 3 → 1 after the first block; the second block's pool finds a 1×1 map
    bad = builder.check.bad
    assert bad == 10 and builder.table.item(bad, 0).background().color() == BAD_ROW
    assert "(layer 11)" in builder.error.text() and "64×1×1" in builder.error.text()
    assert builder.table.item(bad - 1, 2).text() == "(64, 1, 1)" and builder.table.item(bad + 1, 2).text() == "—"
    assert builder.model.inputs.config is None and builder.model.estimate.shown is last
    qtbot.waitUntil(lambda: builder.model.estimate.dimmed, timeout=WAIT_MS)
    assert "greyed" in builder.error.text()
    for _ in range(3):
        builder.select(4)
        builder.remove_selected()
    assert builder.check.error is None and not builder.error.text()
    qtbot.waitUntil(lambda: builder.model.estimate.is_current() and not builder.model.estimate.dimmed, timeout=WAIT_MS)


def test_a_saved_list_that_cannot_be_read_is_named(builder):
    builder.model.inputs.update(layers="Conv2d(8, 3), Transformer, Linear")
    assert builder.table.rowCount() == 0 and "Transformer" in builder.error.text()


def test_the_builder_speaks_chinese(qtbot, builder, languages):
    builder.model.inputs.update(layers="Conv2d(8, 3), Linear")
    languages.switch("zh_CN")
    qtbot.waitUntil(lambda: builder.start_cnn.text() == "从课程 CNN 开始")
    assert builder.table.horizontalHeaderItem(2).text() == "输出形状 (C, H, W)"
    assert "（第 2 层）需要展平的特征，却得到 8×26×26" in builder.error.text()


def test_starting_from_the_course_cnn_asks_before_replacing_a_list(builder, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    builder.model.inputs.update(layers="Flatten, Linear(64), ReLU, Linear")
    mine = builder.model.inputs.state.layers
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a) or QMessageBox.StandardButton.No)
    builder.start_cnn.click()
    assert asked and builder.model.inputs.state.layers == mine
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    builder.start_cnn.click()
    assert parse_text(builder.model.inputs.state.layers) == parse_text(COURSE_CNN)


def test_a_new_last_linear_gives_the_classes(builder):
    builder.model.inputs.update(layers="Flatten")
    builder.select(None)
    builder.add("Linear")
    assert builder.model.inputs.state.layers == "Flatten, Linear"
    assert _cells(builder, 1)[2] == "(10)"
    builder.select(0)
    builder.add("Linear")
    assert builder.layers[1].text == "Linear(out_features=512)"
