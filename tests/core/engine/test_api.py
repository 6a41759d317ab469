"""The Python API: `from core import ...` gives the command line's figures, without torch for the MLP."""

import subprocess
import sys

import core
from tests import support


def test_the_api_gives_the_command_lines_figures():
    e = core.estimate(core.TrainingConfig(hidden=(512, 256), batch_size=256, gpu="t4-16gb"))
    assert e.to_dict()["peak_bytes"] == e.peak_bytes and e.fits
    rows = core.compare_gpus(e.config)
    assert next(r for r in rows if r.gpu.key == "t4-16gb").max_batch_size == e.max_batch_size
    assert set(core.__all__) >= {"estimate", "TrainingConfig", "ConfigError", "compare_gpus", "write_snapshot"}


def test_the_mlp_estimate_imports_no_torch():
    code = ("import sys, core; e = core.estimate(core.TrainingConfig(hidden=(128,)));"
            "core.compare_gpus(e.config); core.predicted_snapshot(e);"
            "assert 'torch' not in sys.modules, 'torch imported'; print(e.peak_bytes)")
    done = subprocess.run([sys.executable, "-c", code], cwd=support.ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 0
