"""First start: create my centre, or explore the demonstration centre."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from centre_desk import APP_NAME
from centre_desk.core.i18n import _, current_language, fill, ltr
from centre_desk.core.paths import DataFolder
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label, language_combo


class WelcomeWindow(QWidget):
    create_requested = Signal()
    demo_requested = Signal()
    restore_requested = Signal()
    language_changed = Signal(str)

    def __init__(self, folder: DataFolder):
        super().__init__()
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(720, 460)
        column = QVBoxLayout(self)
        column.setContentsMargins(48, 32, 48, 32)
        column.setSpacing(14)

        top = QHBoxLayout()
        top.addStretch(1)
        top.addWidget(label(_("Language")))
        self.language = language_combo(current_language())
        self.language.currentIndexChanged.connect(
            lambda: self.language_changed.emit(self.language.currentData()))
        top.addWidget(self.language)
        column.addLayout(top)

        column.addWidget(label(APP_NAME, "PageTitle"))
        column.addWidget(label(_("Welcome. No centre has been set up on this computer yet. "
                                 "How would you like to start?"), wrap=True))
        choices = QHBoxLayout()
        choices.setSpacing(16)
        self.create_button = self._choice(
            _("Create my centre"),
            _("A short assistant: the centre's name, city, association, logo and the first "
              "administrator account."))
        self.demo_button = self._choice(
            _("Explore the demonstration centre"),
            _("Invented children, families and staff, to try everything without risk. "
              "It is kept apart from your real data."))
        self.create_button.clicked.connect(self.create_requested)
        self.demo_button.clicked.connect(self.demo_requested)
        choices.addWidget(self.create_button)
        choices.addWidget(self.demo_button)
        column.addLayout(choices)
        restore_row = QHBoxLayout()
        self.restore_button = QPushButton(_("Restore a backup…"))
        self.restore_button.setToolTip(_("A new computer, or a reinstalled one: the centre's "
                                         "backup file and its recovery sheet bring it back."))
        self.restore_button.clicked.connect(self.restore_requested)
        restore_row.addWidget(self.restore_button)
        restore_row.addStretch(1)
        column.addLayout(restore_row)
        self.status = label("", "Hint", wrap=True)
        column.addWidget(self.status)
        column.addStretch(1)
        column.addWidget(label(fill(_("Data folder: {folder}"), folder=ltr(folder.root)), "Hint",
                               wrap=True))

    def _choice(self, title: str, text: str) -> QPushButton:
        """A large button whose description wraps (a plain button's text cannot)."""
        button = QPushButton()
        styled(button, "BigChoice")
        button.setAccessibleName(title)
        button.setMinimumHeight(150)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        inside = QVBoxLayout(button)
        inside.setContentsMargins(18, 16, 18, 16)
        for widget in (label(title, "SectionTitle", wrap=True), label(text, wrap=True)):
            widget.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            inside.addWidget(widget)
        inside.addStretch(1)
        return button

    def set_busy(self, message: str) -> None:
        self.status.setText(message)
        self.create_button.setEnabled(not message)
        self.demo_button.setEnabled(not message)
        self.restore_button.setEnabled(not message)
