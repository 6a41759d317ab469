"""Every model source, mixed precision, checkpointing and the allocator settings as inputs: the
config they describe, the input that stops them named, and what is kept between sessions."""

import pytest

from core import ConfigError, TrainingConfig
from gui.model import InputError, InputState, inputs_from_saved, saved_inputs
from gui.model.sources import needs_trace


@pytest.mark.parametrize(("inputs", "kind", "name"), [
    (InputState(), "mlp", "mlp"),
    (InputState(model="course-cnn"), "layers", "course-cnn"),
    (InputState(model="layers", layers="Conv2d(8, 3), ReLU, Flatten, Linear"), "layers", "layers"),
    (InputState(model="torchvision", architecture="resnet50"), "torchvision", "resnet50"),
    (InputState(model="file", model_file="/tmp/net.py", model_name="Net"), "file", "/tmp/net.py:Net"),
])
def test_each_model_source_gives_its_config(inputs, kind, name):
    spec = inputs.config().model_spec
    assert (spec.kind, spec.name) == (kind, name)


def test_the_hidden_field_only_counts_for_the_mlp():
    assert InputState(model="course-cnn", hidden="512,,").config().model_spec.name == "course-cnn"
    with pytest.raises(InputError):
        InputState(hidden="512,,").config()


@pytest.mark.parametrize(("inputs", "field", "words"), [
    (InputState(model="layers", layers=""), "layers", "empty"),
    (InputState(model="file"), "model_file", "choose a Python file"),
    (InputState(model="file", model_file="/tmp/net.py"), "model_name", "nn.Module"),
    (InputState(model="layers", layers="Conv2d(8, 3), Linear"), "layers", "(layer 2) needs flat features but gets"),
    (InputState(model="torchvision", checkpoint_segments=2), "checkpoint_segments", "resnet18 is not one"),
    (InputState(dtype="float16", amp="bfloat16"), "dtype", "must be float32"),
    (InputState(max_split_mb="10"), "max_split_mb", "at least 20"),
    (InputState(allocator_limit_gib="abc"), "allocator_limit", "not a number"),
    (InputState(allocator_limit_gib="90"), "allocator_limit_bytes", "CUDA reports for"),
])
def test_a_bad_model_or_memory_input_is_named(inputs, field, words):
    with pytest.raises(InputError) as raised:
        inputs.config()
    assert raised.value.field == field and words in raised.value.text()


def test_mixed_precision_checkpointing_and_allocator_options():
    config = InputState(model="course-cnn", amp="float16", grad_scaler=False, checkpoint_segments=3,
                        expandable_segments=True, max_split_mb="64", allocator_limit_gib="8").config()
    assert (config.amp, config.grad_scaler, config.checkpoint_segments) == ("float16", False, 3)
    assert config.alloc_conf == "expandable_segments:True,max_split_size_mb:64"
    assert config.allocator_limit_bytes == 8 << 30
    plain = InputState(grad_scaler=False).config()
    assert (plain.amp, plain.grad_scaler, plain.checkpoint_segments, plain.alloc_conf) == (None, True, None, "")


def test_the_new_inputs_come_back_from_the_settings():
    state = InputState(model="file", model_file="/tmp/a net.py", model_name="Net", layers="Flatten, Linear",
                       architecture="vgg11", amp="bfloat16", grad_scaler=False, checkpoint_segments=2,
                       expandable_segments=True, max_split_mb="64", allocator_limit_gib="12")
    saved = {k: str(v).lower() if isinstance(v, bool) else v for k, v in saved_inputs(state).items()}
    assert inputs_from_saved(saved) == (state, [])
    _, skipped = inputs_from_saved({"model": "gpt", "architecture": "nope", "amp": "fp8", "grad_scaler": "maybe"})
    assert [line.split("=")[0] for line in skipped] == ["model", "architecture", "amp", "grad_scaler"]


def test_only_a_new_model_needs_a_trace():
    cnn = TrainingConfig(model="course-cnn")
    assert needs_trace(cnn, None) and needs_trace(cnn, TrainingConfig())
    assert not needs_trace(cnn.with_batch(512), cnn)
    assert not needs_trace(TrainingConfig(model="course-cnn", gpu="a100-40gb", alloc_conf="expandable_segments:True"),
                           cnn)
    assert needs_trace(TrainingConfig(model="course-cnn", amp="bfloat16"), cnn)
    assert not needs_trace(TrainingConfig(hidden=(512,)), TrainingConfig())
    assert not needs_trace(TrainingConfig(model="course-cnn", cudnn_benchmark=True), cnn)  # bound at estimate time


def test_a_layer_error_names_its_position_and_translates(languages):
    with pytest.raises(ConfigError) as raised:
        TrainingConfig(layers="Conv2d(8, 3, padding=1), MaxPool2d(2), MaxPool2d(2), MaxPool2d(2), MaxPool2d(2), "
                              "MaxPool2d(2), Flatten, Linear")
    error = InputError.from_config_error(raised.value)
    assert error.layer == 6 and error.code == "layer_window"
    english = error.text()
    assert "(layer 6)" in english and "8×1×1" in english
    languages.switch("zh_CN")
    translated = error.text()
    assert translated != english and "第 6 层" in translated and "8×1×1" in translated
