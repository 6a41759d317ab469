"""The schema is the one home of each field: its default reads back through its kind, every front
end reads a value the same way, and a bad value is named by the field that holds it."""

import pytest

from core import ConfigError, TrainingConfig
from core.cli.options import JSONL_KEYS, config_from_mapping
from core.engine.messages import MESSAGES
from core.engine.schema import FIELDS, field


@pytest.mark.parametrize("f", FIELDS, ids=[f.key for f in FIELDS])
def test_each_default_reads_back_through_its_kind(f):
    if f.default is not None:
        assert f.read(f.text(f.default)) == f.default
        assert getattr(TrainingConfig(), f.config_attr) == f.default


def test_the_command_line_and_jsonl_take_every_field():
    assert {f.key for f in FIELDS} == JSONL_KEYS


@pytest.mark.parametrize(("key", "text", "value"), [
    ("batch_size", "1,024", 1024), ("batch_size", "１２８", 128), ("hidden", "512，256", (512, 256)),
    ("hidden", "512、256", (512, 256)), ("gpu_memory_gb", "24", 24 << 30), ("grad_scaler", "False", False),
])
def test_text_is_read_the_same_everywhere(key, text, value):
    assert field(key).read(text) == value
    given = {"gpu": "custom", "gpu_memory_gb": text} if key == "gpu_memory_gb" else {key: text}
    if key == "grad_scaler":
        given["amp"] = "float16"
    config = config_from_mapping(given)
    assert getattr(config, field(key).config_attr) == value


@pytest.mark.parametrize(("given", "named", "code"), [
    ({"dataset": "custom", "input_shape": "3,32,32", "classes": "100000000000000000"}, "classes", "more_than"),
    ({"dataset": "custom", "input_shape": "3,32,9999999999", "classes": "10"}, "input_shape", "more_than"),
    ({"batch_size": "0"}, "batch_size", "at_least"),
    ({"hidden": "64,x"}, "hidden", "not_whole"),
    ({"checkpoint_segments": "10001"}, "checkpoint_segments", "more_than"),
    ({"dtype": "int8"}, "dtype", "not_one_of"),
])
def test_a_value_out_of_bounds_is_named_by_its_own_field(given, named, code):
    with pytest.raises(ConfigError) as raised:
        config_from_mapping(given)
    assert raised.value.field == named and raised.value.code == code
    assert str(raised.value).startswith(f"{named}: ")


def test_every_error_has_a_known_code():
    with pytest.raises(KeyError):
        ConfigError("batch_size", 0, "an English sentence instead of a code")
    assert all(isinstance(template, str) and template for template in MESSAGES.values())


def test_a_coded_error_survives_pickling():
    import pickle

    error = ConfigError("layers", "Linear(0)", "layer_at_least", n=3, key="out_features", text="0", low=1)
    again = pickle.loads(pickle.dumps(error))
    assert (again.field, again.code, again.params, str(again)) == (error.field, error.code, error.params, str(error))
