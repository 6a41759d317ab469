"""The course's estimate follows mixed precision, and the engine says why the real peak differs
from it and what the moment the course draws holds."""

import pytest

from core import TrainingConfig, estimate


def test_the_course_estimate_follows_mixed_precision():
    pytest.importorskip("torch")
    plain = estimate(TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=256))
    amp = estimate(TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=256, amp="float16"))
    assert amp.naive["activations"].bytes * 2 == plain.naive["activations"].bytes
    assert "float16 under autocast" in amp.naive["activations"].formula
    for kept in ("parameters_and_gradients", "optimizer_state", "data_batch"):  # float32 under autocast
        assert amp.naive[kept].bytes == plain.naive[kept].bytes
    assert amp.naive_bytes < plain.naive_bytes


@pytest.mark.parametrize("config", [TrainingConfig(), TrainingConfig(hidden=(512, 256), batch_size=4096,
                                                                      optimizer="sgd")])
def test_the_differences_from_the_course_estimate_add_up_to_the_peak(config):
    e = estimate(config)
    d = e.naive_differences
    assert e.naive_bytes + sum(d.values()) == e.peak_bytes
    assert d["workspace"] == e.components["workspace"].bytes and d["block_rounding"] >= 0
    assert e.to_dict()["naive_differences"] == d


def test_the_moment_the_course_draws_holds_every_activation():
    e = estimate(TrainingConfig())  # the MLP's peak comes in the optimizer step, activations freed
    assert e.peak_phase == ("step", 1)
    moment = e.course_moment
    assert (moment.phase, moment.iteration) == ("loss", 2)
    assert moment.end_components["activations"] > e.component_bytes["activations"]
    assert moment.end_components["gradients"] == e.persistent_bytes["gradients"]
    assert moment.end_bytes == sum(moment.end_components.values())
    assert e.to_dict()["course_moment"]["components"] == moment.end_components
