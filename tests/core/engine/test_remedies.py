"""What each remedy saves: ranked, each estimated like any config, with its cost said."""

import pytest

from core import TrainingConfig
from core.engine.remedies import remedies

pytest.importorskip("torch")


def _keys(found):
    return [r.key for r in found]


def test_remedies_are_ranked_by_what_they_save_and_say_their_cost():
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=4096, gpu="rtx4060-8gb")
    found = remedies(config, unhelpful=True)
    single = [r for r in found if r.key != "combined" and r.helps]
    fitting = [r for r in single if r.fits]
    assert [r.saved_bytes for r in fitting] == sorted((r.saved_bytes for r in fitting), reverse=True)
    assert {"max_batch", "recommended", "amp_float16", "amp_bfloat16", "checkpoint", "sgd_momentum", "sgd",
            "expandable", "zero_grad"} <= set(_keys(found))
    for r in found:
        change, cost = r.text(config)
        assert change and cost
        assert r.to_dict(config)["device_used_bytes"] == r.estimate.device_used_bytes
    amp = next(r for r in found if r.key == "amp_float16")
    assert amp.config.amp == "float16" and amp.saved_bytes > 0


def test_a_config_that_does_not_fit_learns_which_remedies_make_it_fit():
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=16384, gpu="rtx4060-8gb")
    found = remedies(config, unhelpful=True)
    assert not next(r for r in found if r.key == "zero_grad").fits  # does not help enough
    assert next(r for r in found if r.key == "max_batch").fits
    combined = next(r for r in found if r.key == "combined")
    assert combined.config.batch_size == 16384 and len(combined.parts) >= 2
    assert combined.saved_bytes >= max(r.saved_bytes for r in found if r.key in combined.parts)
    assert "all of these" in combined.text(config)[0]
    assert combined.text(config, "zh_CN")[0].startswith("保持批量")


def test_remedies_that_do_not_apply_are_left_out():
    found = remedies(TrainingConfig(model="resnet18", dataset="cifar10", dtype="bfloat16", optimizer="sgd",
                                    batch_size=64, alloc_conf="expandable_segments:True"))
    assert not {"amp_float16", "amp_bfloat16", "checkpoint", "sgd", "sgd_momentum", "expandable"} & set(_keys(found))
