"""Figures said once: a failing tensor named by its module once, and a band narrower than the
figures show said as one figure, not "between 83.05 GiB and 83.05 GiB"."""

from core import TrainingConfig, estimate
from core.cli.estimate import format_table


def test_the_failing_tensor_names_its_module_once():
    e = estimate(TrainingConfig(model="course-cnn", dataset="cifar10", batch_size=200_000, gpu="t4-16gb"))
    oom = e.out_of_memory_in
    assert oom is not None
    words = oom.tensor.split()
    assert len(words) < 2 or words[0] != words[1], oom.tensor


def test_a_band_with_no_workspace_at_the_peak_is_one_figure():
    e = estimate(TrainingConfig(model="resnet50", dataset="imagenet", batch_size=1024))
    assert e.conv_workspaces == "estimated" and 0 < e.peak_high_bytes - e.peak_bytes < 1 << 20
    line = next(x for x in format_table(e).splitlines() if x.startswith("convolution workspaces"))
    assert "with or without them" in line and "between" not in line
