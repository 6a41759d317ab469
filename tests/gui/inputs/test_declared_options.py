"""An option declared with window=True gets its input from the declaration alone: a check box,
labelled and explained in the interface language, that sets the config and is saved."""

import pytest

from core.engine.schema import field
from gui.model import DECLARED, InputState, inputs_from_saved, saved_inputs
from tests.gui.helpers import settle

pytestmark = pytest.mark.gui


def test_a_declared_flag_is_a_check_box_that_sets_the_config(qtbot, window):
    assert "cudnn_benchmark" in {f.key for f in DECLARED}
    box = window.inputs.declared.widgets["cudnn_benchmark"]
    assert window.inputs.label_text("cudnn_benchmark") == "cuDNN benchmark"
    assert "torch.backends.cudnn.benchmark" in box.toolTip()
    box.setChecked(True)
    assert settle(qtbot, window, cudnn_benchmark=True).config.cudnn_benchmark
    assert window.model.inputs.state.options == (("cudnn_benchmark", "true"),)
    box.setChecked(False)
    assert window.model.inputs.state.options == ()
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: window.inputs.label_text("cudnn_benchmark") == "cuDNN 基准测试")


def test_a_declared_option_is_saved_and_restored_by_its_key():
    state = InputState(options=InputState.options_of({"cudnn_benchmark": "true"}))
    saved = saved_inputs(state)
    assert saved["cudnn_benchmark"] == "true"
    assert inputs_from_saved(saved) == (state, [])
    restored, skipped = inputs_from_saved({"cudnn_benchmark": "perhaps"})
    assert restored.options == () and [line.split("=")[0] for line in skipped] == ["cudnn_benchmark"]
    assert state.config().cudnn_benchmark is field("cudnn_benchmark").read("true")


def test_more_options_fold_and_rows_follow_their_condition(qtbot, window):
    panel = window.inputs
    assert not panel.declared.more.isChecked() and not panel.row_shown("strategy")
    panel.declared.more.setChecked(True)
    assert panel.row_shown("strategy") and not panel.row_shown("fsdp_reshard_after_forward")
    strategy = panel.declared.widgets["strategy"]
    assert strategy.itemText(strategy.findData("none")) == "one GPU"
    strategy.setCurrentIndex(strategy.findData("fsdp"))
    assert panel.row_shown("fsdp_reshard_after_forward") and not panel.row_shown("ddp_bucket_view")
    panel.declared.widgets["fsdp_reshard_after_forward"].setChecked(False)
    strategy.setCurrentIndex(strategy.findData("none"))  # the unchecked box no longer applies: no error
    assert not panel.row_shown("fsdp_reshard_after_forward")
    assert settle(qtbot, window, strategy="none").config.fsdp_reshard_after_forward is True
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: panel.declared.more.text() == "更多选项")
