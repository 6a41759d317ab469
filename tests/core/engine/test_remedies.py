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


def test_any_model_gets_gradient_checkpointing_per_block():
    from core import estimate

    config = TrainingConfig(model="resnet18", dataset="cifar10", batch_size=256)
    plain, blocks = estimate(config), estimate(TrainingConfig(model="resnet18", dataset="cifar10", batch_size=256,
                                                              checkpoint_blocks=True))
    assert blocks.component_bytes["activations"] < plain.component_bytes["activations"]
    assert blocks.max_batch_size > plain.max_batch_size
    found = {r.key: r for r in remedies(config.with_batch(200_000))}
    remedy = found["checkpoint_blocks"]
    assert remedy.config.checkpoint_blocks and remedy.helps
    assert "(layer1, layer2, layer3, layer4)" in remedy.text(config)[0]


def test_a_sequence_of_layers_is_checkpointed_in_segments_not_blocks():
    from core import ConfigError, estimate

    with pytest.raises(ConfigError, match="use checkpoint_segments"):
        estimate(TrainingConfig(model="course-cnn", dataset="cifar10", checkpoint_blocks=True))


def test_each_remedy_row_says_the_largest_and_recommended_batch_with_it():
    config = TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=16384, gpu="rtx4060-8gb")
    amp = next(r for r in remedies(config) if r.key == "amp_float16")
    assert amp.max_batch_size > 0 and amp.recommended_batch_size == int(0.8 * amp.max_batch_size)
    assert amp.batch_text() == (f"with it the largest batch is {amp.max_batch_size:,}, "
                                f"recommended {amp.recommended_batch_size:,}")
    assert amp.to_dict(config)["batch_text"] == amp.batch_text()
    assert amp.batch_text("zh_CN").startswith("这样最大批量为")
