"""Languages (Qt translators switched live) and the bundled CJK font."""

from __future__ import annotations

import logging
from pathlib import Path

import PySide6
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from .paths import font_files, translation_file

__all__ = ["LANGUAGES", "Languages", "load_fonts", "qt_translation_dirs", "system_language"]

log = logging.getLogger(__name__)

# Each language named in its own script, so a user can find theirs whatever is active.
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
_LOCALES = {"en": "en_US", "zh_CN": "zh_CN"}


def system_language() -> str:
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def load_fonts(app: QApplication) -> list[str]:
    """Register the bundled fonts and add them as a fallback after the platform font."""
    families: list[str] = []
    for path in font_files():
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("could not load font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    if families:
        font = app.font()
        font.setFamilies([font.family(), *[f for f in families if f != font.family()]])
        app.setFont(font)
    return families


def qt_translation_dirs() -> list[Path]:
    """Where Qt's own translations may be: Qt's configured path, then the PySide6 wheel's folder
    (a PyInstaller bundle puts them there, beside its own PySide6; packaging/memcalc.spec carries them)."""
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)),
               Path(PySide6.__file__).resolve().parent / "Qt" / "translations"]
    return list(dict.fromkeys(folders))


class Languages:
    """Owns the installed translators; `switch` replaces them, which makes Qt send LanguageChange.
    It also makes the language's QLocale the default, which views read for the engine's formula
    text (gui.views.labels.formula_language) and number formats."""

    names = LANGUAGES

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._translators: list[QTranslator] = []
        self.current = "en"
        QLocale.setDefault(QLocale(_LOCALES["en"]))

    def switch(self, language: str) -> bool:
        if language not in LANGUAGES:
            raise ValueError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
        self.current = language
        QLocale.setDefault(QLocale(_LOCALES[language]))  # before the translators send LanguageChange
        for tr in self._translators:
            self._app.removeTranslator(tr)
        self._translators = []
        if language == "en":
            return True
        ok = True
        qtbase = QTranslator(self._app)
        folders = qt_translation_dirs()
        if any(qtbase.load(f"qtbase_{language}", str(folder)) for folder in folders):
            self._install(qtbase)  # Qt's own dialogs and buttons ("Look in:", "Files of type:", Cancel)
        else:
            log.warning("no qtbase translation for %s in %s", language, ", ".join(str(f) for f in folders))
        app_tr = QTranslator(self._app)
        path = translation_file(language)
        if app_tr.load(str(path)):
            self._install(app_tr)
        else:
            log.warning("could not load translation %s", path)
            ok = False
        return ok

    def _install(self, translator: QTranslator) -> None:
        self._app.installTranslator(translator)
        self._translators.append(translator)
