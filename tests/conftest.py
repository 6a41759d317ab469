import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_QT_FIXTURES = {"qtbot", "qapp", "window", "languages"}


def pytest_collection_modifyitems(config, items):
    """Tests that need a QApplication are marked `gui`, so `-m "not gui"` runs the rest;
    tests marked `cuda` are skipped, with the reason, where no CUDA device is usable."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)
    cuda_items = [item for item in items if item.get_closest_marker("cuda")]
    if not cuda_items:
        return
    from core.measure.probe import probe_availability

    available, reason = probe_availability()
    if not available:
        for item in cuda_items:
            item.add_marker(pytest.mark.skip(reason=f"needs a CUDA device: {reason}"))


@pytest.fixture(autouse=True)
def _settings_in_tmp(request, tmp_path):
    """QSettings never touch the user's real file."""
    if not _QT_FIXTURES & set(request.fixturenames):
        yield
        return
    from PySide6.QtCore import QCoreApplication, QSettings

    QCoreApplication.setOrganizationName("memcalc-tests")
    QCoreApplication.setApplicationName("memcalc-tests")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    yield



@pytest.fixture(autouse=True)
def _calibration_in_tmp(tmp_path, monkeypatch):
    """No test reads or writes the user's real calibration file."""
    monkeypatch.setenv("MEMCALC_CONFIG_DIR", str(tmp_path / "config"))
