import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

_QT_FIXTURES = {"qtbot", "qapp", "window", "languages"}


def pytest_collection_modifyitems(items):
    """Every test that needs a QApplication is marked `gui`, so `-m "not gui"` runs the rest."""
    for item in items:
        if _QT_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.gui)


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


@pytest.fixture
def languages(qapp):
    from gui.i18n import Languages

    langs = Languages(qapp)
    yield langs
    langs.switch("en")


@pytest.fixture
def window(qtbot, languages):
    from gui.main_window import MainWindow

    w = MainWindow(languages)
    qtbot.addWidget(w)
    yield w
    w.stop_workers()
