"""Issue 22 and 23 in the window: the per-GPU figures of DDP and FSDP (NCCL's range, the global
batch, the charts saying "per GPU", the other strategy among the remedies), inference said as such,
and the custom dataset's any input (a shape of 1 to 4 sizes, token ids with their vocabulary, the
loss's target), saved, restored and named inline when bad; in both languages."""

from __future__ import annotations

import pytest

from core import human_bytes
from gui.model import InputState, inputs_from_saved, saved_inputs
from tests.gui.helpers import settle

pytestmark = pytest.mark.gui

TRACE_MS = 180_000


def _options(window, **values: str) -> None:
    state = window.model.inputs.state
    window.model.inputs.update(options=InputState.options_of({**dict(state.options), **values}))


def test_ddp_shows_the_figures_per_gpu_with_nccl_and_the_global_batch(qtbot, window):
    _options(window, gpus="4", strategy="ddp")
    e = settle(qtbot, window, timeout=TRACE_MS, strategy="ddp", gpus=4)
    d = e.per_gpu
    summary = window.summary
    text = summary.scope.text()
    assert summary.scope.isVisibleTo(window)
    assert "Per GPU (DDP on 4 GPUs" in text
    assert human_bytes(d.peak_bytes) in text and human_bytes(d.reserved_bytes) in text
    assert f"{human_bytes(d.device_used_bytes)} – {human_bytes(d.device_used_high_bytes)}" in text
    assert f"{human_bytes(d.nccl.low, True)} – {human_bytes(d.nccl.high)}" in text
    assert "global batch 256 (4 × 64)" in text and f"global {d.max_global_batch:,}" in text
    assert summary.max_caption.text() == f"Max batch per GPU (global {d.max_global_batch:,})"
    assert summary.max_value.text() == f"{d.max_batch_size:,}"
    assert summary.fits.text() == "✔ Fits on each of the 4 GPUs"
    assert window.bar_chart.title().startswith("Each GPU's training at the peak")
    assert window.device_strip.title().startswith("On each of the 4 GPUs")
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: "每个 GPU" in summary.scope.text())
    assert "NCCL" in summary.scope.text() and "4 × 64" in summary.scope.text()
    assert "每个 GPU" in window.bar_chart.title() and "4 个 GPU" in window.device_strip.title()
    assert "4 个 GPU" in summary.fits.text()
    window.set_language("en")
    _options(window, gpus="1", strategy="none")
    settle(qtbot, window, timeout=TRACE_MS, strategy="none")
    assert not summary.scope.isVisibleTo(window) and summary.max_caption.text() == "Max batch size"
    assert window.bar_chart.title().startswith("Your training")


def test_fsdp_shows_per_gpu_and_ddp_remedies_offer_fsdp_on_as_many_gpus(qtbot, window):
    _options(window, gpus="4", strategy="fsdp")
    settle(qtbot, window, timeout=TRACE_MS, strategy="fsdp")
    assert window.bar_chart.title().startswith("Each GPU's")
    assert "FSDP2 on 4 GPUs" in window.summary.scope.text()
    _options(window, strategy="ddp")  # FSDP shards what DDP keeps whole: the remedy that saves memory
    settle(qtbot, window, timeout=TRACE_MS, strategy="ddp")
    panel = window.remedies
    panel.find_button.click()
    qtbot.waitUntil(panel.remedies.is_current, timeout=TRACE_MS)
    rows = [panel.table.item(i, 0).text() for i in range(panel.table.rowCount())]
    assert any(r.startswith("FSDP on 4 GPUs (global batch 256)") for r in rows), rows
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: any("在 4 个 GPU 上用 FSDP" in panel.table.item(i, 0).text()
                                for i in range(panel.table.rowCount())))
    window.set_language("en")


def test_inference_is_said_in_the_result_and_the_charts(qtbot, window):
    _options(window, mode="inference")
    e = settle(qtbot, window, timeout=TRACE_MS, mode="inference")
    summary = window.summary
    assert summary.scope.text().startswith("Inference: model.eval()")
    assert "No gradients, no optimizer state" in summary.scope.text()
    assert summary.max_caption.text() == "Max batch size (inference)"
    assert window.bar_chart.title().startswith("Your inference at the peak")
    assert window.bar_chart.slot_labels()[1].replace("\n", " ") in ("course estimate (training)", "course")
    assert "your inference" in window.device_strip.title()
    assert e.components["gradients"].bytes == 0
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: summary.scope.text().startswith("推理"))
    assert "推理" in window.bar_chart.title() and "推理" in window.device_strip.title()
    assert summary.max_caption.text() == "最大批大小（推理）"
    window.set_language("en")


def test_the_custom_dataset_takes_token_ids_and_any_shape(qtbot, window, tmp_path):
    panel = window.inputs
    assert not panel.row_shown("input_dtype") and not panel.row_shown(panel.input_shape)
    panel.dataset.setCurrentIndex(panel.dataset.findData("custom"))
    assert panel.row_shown(panel.input_shape) and not panel.row_shown(panel.shape_row)
    assert panel.row_shown("input_dtype") and panel.row_shown("target") and not panel.row_shown("vocab")
    assert panel.label_text("input_shape") == "Sample shape"
    panel.input_shape.setText("2, 16000")
    settle(qtbot, window, input_shape=(2, 16000))
    panel.input_shape.setText("1, 2, 3, 4, 5")
    assert "Input shape" in panel.error_text() and "1 to 4 sizes" in panel.error_text()
    assert "c0392b" in panel.input_shape.styleSheet()
    panel.input_shape.setText("128")
    dtype = panel.declared.widgets["input_dtype"]
    assert dtype.itemText(0) == "as the dtype" and dtype.itemText(dtype.findData("int64")) == "int64 (token ids)"
    dtype.setCurrentIndex(dtype.findData("int64"))
    assert panel.row_shown("vocab") and not panel.declared.more.isChecked()  # beside the dataset, not folded
    assert "Vocabulary" in panel.error_text()  # token ids need their vocabulary
    model_file = tmp_path / "lstm.py"
    model_file.write_text(
        "import torch.nn as nn\n"
        "class Net(nn.Module):\n"
        "    def __init__(self):\n"
        "        super().__init__()\n"
        "        self.embed = nn.Embedding(1000, 16)\n"
        "        self.lstm = nn.LSTM(16, 32, batch_first=True)\n"
        "        self.head = nn.Linear(32, 2)\n"
        "    def forward(self, x):\n"
        "        out, _ = self.lstm(self.embed(x))\n"
        "        return self.head(out)\n")
    window.model.inputs.update(model="file", model_file=str(model_file), model_name="Net", classes=2)
    panel.declared.widgets["vocab"].setText("1000")
    target = panel.declared.widgets["target"]
    target.setCurrentIndex(target.findData("token"))
    e = settle(qtbot, window, timeout=TRACE_MS, input_dtype="int64", vocab=1000, target="token")
    assert e.config.input_shape == (128,) and e.peak_bytes > 0
    saved = saved_inputs(window.model.inputs.state)
    assert saved["input_shape"] == "128" and saved["input_dtype"] == "int64" and saved["vocab"] == "1000"
    restored, skipped = inputs_from_saved(saved)
    assert skipped == [] and restored == window.model.inputs.state
    window.set_language("zh_CN")
    qtbot.waitUntil(lambda: panel.label_text("input_shape") == "样本形状")
    assert dtype.itemText(dtype.findData("int64")) == "int64（词元 ID）"
    assert target.itemText(target.findData("token")) == "每个词元一个类别"
    window.set_language("en")
    panel.dataset.setCurrentIndex(panel.dataset.findData("mnist"))  # the input's rows go with the dataset
    assert not panel.row_shown("input_dtype") and not panel.row_shown("vocab")
    window.model.inputs.update(model="mlp")
    assert settle(qtbot, window, timeout=TRACE_MS, dataset="mnist").config.input_dtype is None


def test_applies_follows_the_dataset_and_the_chain():
    from core.engine.schema import field

    custom = InputState(dataset="custom", options=InputState.options_of({"input_dtype": "int32"}))
    assert custom.applies(field("input_dtype")) and custom.applies(field("vocab"))
    folder = InputState(dataset="folder", options=custom.options)
    assert not folder.applies(field("input_dtype")) and not folder.applies(field("vocab"))
    assert folder.declared()["input_dtype"] is None
    plain = InputState(dataset="custom")
    assert plain.applies(field("target")) and not plain.applies(field("vocab"))
    assert plain.declared()["input_dtype"] is None  # left empty: as the dtype
