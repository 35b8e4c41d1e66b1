"""Log in: user name and password, checked by the core."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from centre_desk import APP_NAME
from centre_desk.core.errors import LoginFailed, UserError
from centre_desk.core.i18n import _, counted, fill
from centre_desk.core.security import Actor
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label, logo_pixmap
from centre_desk.ui.widgets.form import Form

MAX_ATTEMPTS = 5
PAUSE_SECONDS = 30


class LoginDialog(QDialog):
    def __init__(self, centre_name: str, logo_png: bytes | None,
                 authenticate: Callable[[str, str], Actor], demo_hint: str = "", parent=None):
        super().__init__(parent)
        self.authenticate = authenticate
        self.actor: Actor | None = None
        self.failures = 0
        self.setWindowTitle(fill(_("{app} — log in"), app=APP_NAME))
        self.setMinimumWidth(460)

        column = QVBoxLayout(self)
        column.setContentsMargins(28, 24, 28, 20)
        column.setSpacing(12)
        heading = QHBoxLayout()
        pixmap = logo_pixmap(logo_png, 56)
        if pixmap is not None:
            logo = QLabel()
            logo.setPixmap(pixmap)
            heading.addWidget(logo)
        heading.addWidget(label(centre_name, "PageTitle", wrap=True), 1)
        column.addLayout(heading)

        self.form = Form()
        self.username = self.form.add("username", _("User name"), QLineEdit())
        self.password = self.form.add("password", _("Password"), QLineEdit())
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        column.addWidget(self.form)
        if demo_hint:
            column.addWidget(label(demo_hint, "Warning", wrap=True))

        self.buttons = QDialogButtonBox()
        self.login_button = self.buttons.addButton(_("Log in"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        styled(self.login_button, "Primary")
        self.buttons.addButton(_("Quit"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        column.addWidget(self.buttons)
        self.login_button.setDefault(True)  # once in the dialog, or Enter would quit
        self.username.setFocus(Qt.FocusReason.OtherFocusReason)

    def try_login(self) -> None:
        self.form.clear_errors()
        if not self.username.text().strip():
            self.form.show_error(UserError(_("Enter your user name."), "username"))
            return
        try:
            self.actor = self.authenticate(self.username.text(), self.password.text())
        except LoginFailed as error:
            self.failures += 1
            self.password.clear()
            self.form.show_error(UserError(error.message, "password"))
            if self.failures >= MAX_ATTEMPTS:
                self._pause()
            return
        self.accept()

    def _pause(self) -> None:
        """After repeated failures, wait a little: slows down guessing, not the real user."""
        self.login_button.setEnabled(False)
        self.form.show_error(UserError(counted("Too many attempts. Try again in {n} second.",
                                                   "Too many attempts. Try again in {n} seconds.",
                                                   PAUSE_SECONDS)))
        QTimer.singleShot(PAUSE_SECONDS * 1000, self._resume)

    def _resume(self) -> None:
        self.failures = 0
        self.login_button.setEnabled(True)
        self.form.clear_errors()
