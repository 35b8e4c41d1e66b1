"""Icons: the application's own, and small ones from one set (Tabler Icons, MIT, outline style)
on the navigation and the main actions. Only the few SVGs used are bundled, in resources/icons/
with the set's licence; installer/icons.py copies them and draws the application icon."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractButton, QApplication

from centre_desk.core.paths import resources_dir

# The colour of an icon beside dark text; white ones go on the navigation bar.
INK = "#33454d"
SIZES = (16, 20, 24, 32, 48)

# What each screen and main action shows: one outline icon of the same set each.
NAVIGATION = {
    "home": "home", "children": "mood-kid", "families": "users-group",
    "activities": "calendar-event", "certificates": "certificate", "reports": "chart-bar",
    "users": "user-cog", "audit": "history", "settings": "settings", "privacy": "shield-check", "hq_export": "file-export",
}


def icons_dir():
    return resources_dir() / "icons"


@lru_cache(maxsize=None)
def _svg(name: str) -> bytes:
    return (icons_dir() / f"{name}.svg").read_bytes()


def _render(svg: bytes, size: int, device_ratio: float = 1.0) -> QPixmap:
    from PySide6.QtSvg import QSvgRenderer  # not needed to show the login window

    renderer = QSvgRenderer(QByteArray(svg))
    pixmap = QPixmap(int(size * device_ratio), int(size * device_ratio))
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixmap.width(), pixmap.height()))
    painter.end()
    pixmap.setDevicePixelRatio(device_ratio)
    return pixmap


@lru_cache(maxsize=None)
def icon(name: str, colour: str = INK) -> QIcon:
    """The set's icon ``name`` drawn in ``colour`` (the SVGs draw in currentColor, which Qt's
    renderer does not know)."""
    svg = _svg(name).replace(b"currentColor", colour.encode())
    result = QIcon()
    ratio = QApplication.instance().devicePixelRatio() if QApplication.instance() else 1.0
    for size in SIZES:
        result.addPixmap(_render(svg, size, max(1.0, ratio)))
    return result


@lru_cache(maxsize=None)
def app_icon() -> QIcon:
    """Centre Desk's own icon: windows, the taskbar, the .exe and the installer. app.ico holds it
    drawn at every size (installer/icons.py); Qt reads it when a size is first shown, not at
    start-up."""
    return QIcon(str(icons_dir() / "app.ico"))


def with_icon(button: QAbstractButton, name: str, colour: str = INK,
              size: int = 18) -> QAbstractButton:
    button.setIcon(icon(name, colour))
    button.setIconSize(QSize(size, size))
    return button
