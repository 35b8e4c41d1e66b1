"""Fonts and colours: one bundled font with Latin and Arabic, so every PC shows the same."""
from __future__ import annotations

import logging

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

PRIMARY = "#126882"
PRIMARY_DARK = "#0d4a5c"
ACCENT = "#f7b239"
DANGER = "#b3261e"
SURFACE = "#f5f7f8"
UI_FONT_FILES = ("IBMPlexSansArabic-Regular.ttf", "IBMPlexSansArabic-SemiBold.ttf",
                 "IBMPlexSansArabic-Bold.ttf")

STYLESHEET = f"""
QWidget#NavBar {{ background: {PRIMARY_DARK}; }}
QListWidget#Navigation {{ background: transparent; border: none; color: white; outline: 0;
                          padding: 0 8px; font-size: 11pt; }}
QListWidget#Navigation::item {{ padding: 0 14px; border-radius: 6px; }}
QListWidget#Navigation::item:selected {{ background: {PRIMARY}; color: white; }}
QListWidget#Navigation::item:hover:!selected {{ background: rgba(255,255,255,0.08); }}
QLabel#NavTitle {{ color: white; font-size: 15pt; font-weight: 600; padding: 14px 16px 4px 16px; }}
QLabel#NavSubtitle {{ color: #cfe3ea; padding: 0 16px 12px 16px; }}
QLabel#PageTitle {{ font-size: 17pt; font-weight: 600; color: {PRIMARY_DARK}; }}
QLabel#SectionTitle {{ font-size: 12pt; font-weight: 600; color: {PRIMARY_DARK}; }}
QLabel#FieldError, QLabel#FormError {{ color: {DANGER}; }}
QLabel#Hint {{ color: #5b6b73; }}
QLabel#Warning {{ background: #fff4dc; border: 1px solid {ACCENT}; border-radius: 6px; padding: 8px; }}
QFrame#Card {{ background: white; border: 1px solid #dde3e6; border-radius: 8px; }}
QPushButton#Primary {{ background: {PRIMARY}; color: white; border: none; border-radius: 6px;
                       padding: 8px 18px; font-weight: 600; }}
QPushButton#Primary:hover {{ background: {PRIMARY_DARK}; }}
QPushButton#Primary:disabled {{ background: #9bb8c2; }}
QPushButton#BigChoice {{ text-align: center; padding: 18px; font-size: 12pt; border-radius: 10px;
                         border: 1px solid #c9d5da; background: white; }}
QPushButton#BigChoice:hover {{ border-color: {PRIMARY}; background: #eef6f8; }}
"""


def load_fonts() -> str | None:
    """Register the bundled font and return its family, or None if it is missing."""
    try:
        import fontpkg_ibm_plex_sans_arabic as plex
    except ImportError:
        log.warning("bundled UI font package missing; using the system font")
        return None
    family = None
    for name in UI_FONT_FILES:
        font_id = QFontDatabase.addApplicationFont(str(plex.ROOT / "files" / name))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        family = family or (families[0] if families else None)
    return family


def apply_theme(app: QApplication) -> None:
    app.setStyle("Fusion")
    family = load_fonts()
    if family:
        app.setFont(QFont(family, 10))
    palette = app.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(PRIMARY))
    palette.setColor(QPalette.ColorRole.Link, QColor(PRIMARY))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)
