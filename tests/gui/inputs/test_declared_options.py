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
