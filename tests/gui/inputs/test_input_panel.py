"""The input panel keeps what is typed and names what it cannot use, in the interface language."""

import pytest

from gui.model import BATCH_MAX
from tests.gui.helpers import settle


@pytest.mark.parametrize("typed", ["100000", "-5", "1e3", "0", "12,34"])
def test_the_batch_field_keeps_what_is_typed(qtbot, window, typed):
    window.inputs.batch.setText(typed)
    assert window.inputs.batch.text() == typed
    assert window.model.inputs.state.batch_size == typed


def test_a_large_batch_is_taken_and_a_bad_one_named(qtbot, window):
    window.inputs.batch.setText("100000")
    assert settle(qtbot, window).config.batch_size == 100_000
    window.inputs.batch.setText("3000000")
    assert settle(qtbot, window).config.batch_size == 3_000_000
    assert window.inputs.batch_slider.value() > window.inputs.batch_slider.minimum()
    for bad in ("-5", "1e3"):
        window.inputs.batch.setText(bad)
        assert bad in window.inputs.error_text() and "Batch size" in window.inputs.error_text()
        assert window.model.inputs.config is None
    window.inputs.batch.setText(str(BATCH_MAX + 1))
    assert "more than" in window.inputs.error_text()


def test_the_recommended_batch_can_be_typed_back(qtbot, window):
    recommended = window.summary.rec_value.text()  # "10,746,566": millions for a small MLP on an H100
    window.inputs.batch.setText(recommended)
    e = settle(qtbot, window)
    assert f"{e.config.batch_size:,}" == recommended


@pytest.mark.parametrize("typed", ["-4", "0,5", "0", "nan", ""])
def test_a_custom_gpu_size_is_refused_with_its_value_not_changed(qtbot, window, typed):
    inputs = window.inputs
    inputs.gpu.setCurrentIndex(inputs.gpu.findData("custom"))
    inputs.gpu_gib.setText(typed)
    assert inputs.gpu_gib.text() == typed
    assert window.model.inputs.config is None and window.model.estimate.dimmed
    message = inputs.error_text()
    assert "GPU memory" in message and (typed in message if typed else "empty" in message)
    assert "0.5" in message if typed == "0,5" else True


def test_a_custom_gpu_is_in_gib_and_its_runtime_is_estimated(qtbot, window):
    inputs = window.inputs
    inputs.gpu.setCurrentIndex(inputs.gpu.findData("custom"))
    inputs.gpu_gib.setText("24")
    e = settle(qtbot, window, gpu="custom")
    assert e.gpu_memory_bytes == 24 * 2**30
    assert e.runtime.source == "estimated"
    details = window.summary.details.text()
    assert "(estimated)" in details and "(measured)" not in details
    assert "of 24.00 GiB" in details


def test_full_width_commas_separate_widths(qtbot, window):
    window.inputs.hidden.setText("512，256")
    assert settle(qtbot, window).config.hidden == (512, 256)
    window.inputs.hidden.setText("512、256、128")
    assert settle(qtbot, window).config.hidden == (512, 256, 128)
    assert window.inputs.error_text() == ""


def test_the_inline_error_follows_a_language_switch(qtbot, window):
    window.inputs.hidden.setText("512, 12a")
    assert window.inputs.error_text().startswith("Hidden layers: “12a” is not a whole number.")
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.inputs.error_text().startswith("隐藏层：“12a”不是整数。"))
    window.set_language("en")
    qtbot.waitUntil(lambda: window.inputs.error_text().startswith("Hidden layers:"))


def test_an_error_under_one_field_clears_when_another_is_fixed(qtbot, window):
    window.inputs.hidden.setText("x")
    assert "“x”" in window.inputs.error_text()
    window.inputs.hidden.setText("32")
    window.inputs.batch.setText("")
    assert "Batch size is empty." in window.inputs.error_text()
    window.inputs.batch.setText("16")
    settle(qtbot, window, batch_size=16, hidden=(32,))
    assert window.inputs.error_text() == ""
