"""Issue 19: every input says what it does to memory, in English and Chinese; Help → Guide (F1);
a batch larger than the training set is warned about; the GPU list shows each card's memory."""

import re

import pytest
from PySide6.QtGui import QKeySequence

from tests.gui.helpers import settle

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints")

CJK = re.compile(r"[\u4e00-\u9fff]")


def _inputs(window):
    p, m = window.inputs, window.inputs.memory
    return {"dataset": p.dataset, "dtype": p.dtype, "optimizer": p.optimizer, "zero_grad": p.zero_grad,
            "amp": m.amp, "grad_scaler": m.grad_scaler, "checkpoint": m.checkpoint, "expandable": m.expandable,
            "max_split": m.max_split, "limit": m.limit, "batch": p.batch, "gpu": p.gpu}


def test_every_input_has_a_tooltip_in_both_languages(qtbot, window, languages):
    tips = {name: widget.toolTip() for name, widget in _inputs(window).items()}
    assert all(tips.values()), [name for name, tip in tips.items() if not tip]
    assert "pure float16" in tips["amp"] and "GradScaler" not in tips["dtype"]
    assert "model.half()" in tips["dtype"]
    languages.switch("zh_CN")

    def translated():
        untranslated = [name for name, widget in _inputs(window).items() if not CJK.search(widget.toolTip())]
        assert not untranslated

    qtbot.waitUntil(translated)


def test_f1_opens_the_guide_in_the_interface_language(qtbot, window, languages):
    assert window.menus.act_guide.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    window.menus.act_guide.trigger()
    assert "Course estimate" in window.guide.text.toPlainText()
    window.guide.close()
    languages.switch("zh_CN")
    window.menus.act_guide.trigger()
    assert CJK.search(window.guide.text.toPlainText()) and "Course estimate" not in window.guide.text.toPlainText()
    window.guide.close()


def test_a_batch_larger_than_the_training_set_is_warned_about(qtbot, window):
    window.model.inputs.update(batch_size="70000")
    settle(qtbot, window, batch_size=70000)
    assert window.summary.too_large.isVisibleTo(window.summary)
    assert "larger than the training set (60,000 images)" in window.summary.too_large.text()
    window.model.inputs.update(batch_size="64")
    settle(qtbot, window, batch_size=64)
    assert not window.summary.too_large.isVisibleTo(window.summary)


def test_the_gpu_list_shows_each_cards_memory(window):
    gpu = window.inputs.gpu
    texts = [gpu.itemText(i) for i in range(gpu.count()) if gpu.itemData(i) not in ("custom", "local")]
    assert texts and all(re.search(r"\d+\.\d\d GiB$", t) for t in texts)
    assert any("T4 · 15.00 GiB" in t for t in texts)
