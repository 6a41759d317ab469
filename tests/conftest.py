import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _calibration_in_tmp(tmp_path, monkeypatch):
    """No test reads or writes the user's real calibration file."""
    monkeypatch.setenv("MEMCALC_CONFIG_DIR", str(tmp_path / "config"))


def pytest_collection_modifyitems(config, items):
    cuda_items = [item for item in items if item.get_closest_marker("cuda")]
    if not cuda_items:
        return
    from core.probe import probe_availability

    available, reason = probe_availability()
    if not available:
        for item in cuda_items:
            item.add_marker(pytest.mark.skip(reason=f"needs a CUDA device: {reason}"))
