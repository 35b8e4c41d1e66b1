"""Applying a language to the running application: catalogs, Qt's own strings, direction."""
from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtWidgets import QApplication

from centre_desk.core import i18n

QT_LOCALES = {"fr": "fr_MA", "ar": "ar_MA", "en": "en_GB"}


class LanguageSwitcher:
    """Owns the Qt translator so it can be replaced when the language changes."""

    def __init__(self, app: QApplication):
        self.app = app
        self.translator: QTranslator | None = None

    def apply(self, language: str) -> None:
        i18n.set_language(language)
        if self.translator is not None:
            self.app.removeTranslator(self.translator)
            self.translator = None
        translator = QTranslator(self.app)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{language}", folder):
            self.app.installTranslator(translator)
            self.translator = translator
        QLocale.setDefault(QLocale(QT_LOCALES[language]))
        self.app.setLayoutDirection(Qt.LayoutDirection.RightToLeft if i18n.is_rtl(language)
                                    else Qt.LayoutDirection.LeftToRight)
