"""Small helpers shared by screens: titled labels, cards, logo pixmaps, choosing a language."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QComboBox, QFrame, QLabel, QProgressBar, QVBoxLayout, QWidget

from centre_desk.core.i18n import LANGUAGES, is_rtl
from centre_desk.ui.theme import styled


def label(text: str, object_name: str = "", wrap: bool = False) -> QLabel:
    """A label that starts on the reading side of the interface, even when its text is Latin
    in the Arabic interface (Qt would otherwise align it by the text's own direction)."""
    return _on_reading_side(QLabel(text), object_name, wrap)


def _on_reading_side(widget: QLabel, object_name: str, wrap: bool) -> QLabel:
    side = Qt.AlignmentFlag.AlignRight if is_rtl() else Qt.AlignmentFlag.AlignLeft
    widget.setAlignment(side | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
    if object_name:
        styled(widget, object_name)
    widget.setWordWrap(wrap)
    return widget


class Note(QLabel):
    """A line of feedback that takes no room while it has nothing to say."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        super().setText(text)
        self.setVisible(bool(text))


def note(object_name: str = "Hint") -> Note:
    """An empty, hidden ``Note``, aligned and wrapped like ``label``."""
    widget = _on_reading_side(Note(), object_name, wrap=True)
    widget.setVisible(False)
    return widget


def busy_bar() -> QProgressBar:
    """A small bar with no end, hidden until something long runs (a file read, a check)."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumWidth(120)
    bar.setVisible(False)
    return bar


def card(*widgets: QWidget) -> QFrame:
    frame = QFrame()
    styled(frame, "Card")
    column = QVBoxLayout(frame)
    column.setContentsMargins(16, 14, 16, 14)
    for widget in widgets:
        column.addWidget(widget)
    return frame


def logo_pixmap(png: bytes | None, size: int) -> QPixmap | None:
    if not png:
        return None
    pixmap = QPixmap()
    if not pixmap.loadFromData(png):
        return None
    return pixmap.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio,
                         Qt.TransformationMode.SmoothTransformation)


def language_combo(selected: str) -> QComboBox:
    combo = QComboBox()
    for code, name in LANGUAGES.items():
        combo.addItem(name, code)
    combo.setCurrentIndex(max(0, combo.findData(selected)))
    return combo
