"""Figures the course derives by hand, checked against the engine."""

from core import TrainingConfig, estimate
from core.engine.model import Mlp


def test_mlp_parameter_counts():
    assert Mlp(784, (128,), 10).parameter_count == 101_770
    assert Mlp(3072, (128,), 10).parameter_count == 394_634


def test_first_layer_formula():
    layers = estimate(TrainingConfig(hidden=(128,))).layers
    first = next(row for row in layers if row.name.startswith("Linear1"))
    assert first.formula == "784 × 128 + 128 = 100,480"
    assert first.weight_shape == (128, 784) and first.bias_shape == (128,)


def test_mnist_image_bytes():
    """3,136 B as float32 and 784 B as uint8, the dtype images are stored in."""
    from core.datasets.tensor_facts import TensorFacts

    mnist = TensorFacts(*TrainingConfig(dataset="mnist").image_shape)
    assert mnist.bytes_per_image("float32") == 3_136
    assert mnist.bytes_per_image("uint8") == 784
    one = estimate(TrainingConfig(batch_size=1, dtype="float32"))
    assert one.naive["data_batch"].bytes == 3_136 + 8  # and an int64 label
    assert one.components["input_batch"].bytes == 3_584 + 512  # x and y, each in 512-byte blocks


def test_adam_keeps_two_copies_of_the_parameters():
    e = estimate(TrainingConfig(optimizer="adam", batch_size=64))
    assert e.components["optimizer_state"].bytes == 2 * e.components["parameters"].bytes
    sgd = estimate(TrainingConfig(optimizer="sgd", batch_size=64))
    assert sgd.components["optimizer_state"].bytes == 0


def test_recommended_batch_is_eight_tenths_of_the_largest():
    e = estimate(TrainingConfig(gpu="t4-16gb", hidden=(4096, 4096)))
    assert e.max_batch_size > 0
    assert e.recommended_batch_size == int(e.max_batch_size * 0.8)


def test_formulas_show_the_factors():
    e = estimate(TrainingConfig(batch_size=64, dtype="float32"))
    assert "x = 64 × 1 × 28 × 28 × 4 B = 200,704 B" in e.components["input_batch"].formula
    assert "W1 = 128 × 784 × 4 B = 401,408 B" in e.components["parameters"].formula


def test_formulas_speak_chinese_too():
    e = estimate(TrainingConfig(batch_size=64, optimizer="adam"))
    zh = e.explained("zh_CN")
    assert [f.bytes for f in zh.values()] == [f.bytes for f in e.components.values()]
    assert zh["parameters"].formula.startswith("101,770 个参数 × 4 B：")
    assert "参数的 2 份副本" in zh["optimizer_state"].formula
    assert "x = 64 × 1 × 28 × 28 × 4 B = 200,704 B" in zh["input_batch"].formula


def test_the_course_estimate_speaks_chinese_too():
    e = estimate(TrainingConfig(batch_size=64, optimizer="adam"))
    zh = e.naive_explained("zh_CN")
    assert [f.bytes for f in zh.values()] == [f.bytes for f in e.naive.values()]
    assert zh["parameters_and_gradients"].formula == "2 × 101,770 个参数 × 4 B = 814,160 B"
    assert "8 B 标签" in zh["data_batch"].formula
    assert not any(word in f.formula for f in zh.values() for word in ("parameters", "label", "hidden"))
