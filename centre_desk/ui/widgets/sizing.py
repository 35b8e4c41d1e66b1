"""The smallest screen Centre Desk is made for: a 1366×768 laptop whose taskbar leaves 1366×728.
Every window opens within it, frame included; what does not fit scrolls inside."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

LAPTOP = QSize(1366, 728)
FRAME = QSize(16, 40)  # a Windows window's borders and title bar, outside its client area
CLIENT = LAPTOP - FRAME  # the largest client area a window opens with


def fit_window(window: QWidget, width: int, height: int) -> None:
    """Open ``window`` at its preferred size, or smaller on a laptop's screen."""
    window.resize(min(width, CLIENT.width()), min(height, CLIENT.height()))
