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
from centre_desk.core.i18n import _, fill
from centre_desk.core.security import Actor
from centre_desk.core.services.login_throttle import LoginLocked
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label, logo_pixmap
from centre_desk.ui.widgets.form import Form

class LoginDialog(QDialog):
    def __init__(self, centre_name: str, logo_png: bytes | None,
                 authenticate: Callable[[str, str], Actor], demo_hint: str = "", parent=None):
        super().__init__(parent)
        self.authenticate = authenticate
        self.actor: Actor | None = None
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
        except LoginLocked as error:  # the core counts failures, across restarts too
            self.password.clear()
            self.form.show_error(UserError(error.message, "password"))
            self._pause(int(error.wait.total_seconds() * 1000))
            return
        except LoginFailed as error:
            self.password.clear()
            self.form.show_error(UserError(error.message, "password"))
            return
        self.accept()

    def _pause(self, milliseconds: int) -> None:
        """While the name is locked, the button waits too (the core would refuse anyway)."""
        self.login_button.setEnabled(False)
        QTimer.singleShot(min(milliseconds, 3_600_000), self._resume)

    def _resume(self) -> None:
        self.login_button.setEnabled(True)
        self.form.clear_errors()


class FirstPasswordDialog(QDialog):
    """A password an administrator set is temporary: its owner chooses their own before
    working. Cancel goes back to the login window."""

    def __init__(self, actor: Actor, change: Callable[[str], Actor], parent=None):
        from centre_desk.ui.dialogs.user_dialog import password_fields

        super().__init__(parent)
        self.change = change
        self.actor = actor
        self.setWindowTitle(_("Choose your password"))
        self.setMinimumWidth(460)
        column = QVBoxLayout(self)
        column.addWidget(label(fill(_("{name}, your password was set by an administrator. "
                                      "Choose your own now; nobody else will know it."),
                                    name=actor.full_name), wrap=True))
        self.form = Form()
        self.password, self.confirm = password_fields(self.form)
        column.addWidget(self.form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.addButton(_("Change the password"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        styled(self.ok_button, "Primary")
        self.ok_button.setDefault(True)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)

    def _save(self) -> None:
        from centre_desk.ui.dialogs.user_dialog import check_same

        self.form.clear_errors()
        try:
            check_same(self.password, self.confirm)
            self.actor = self.change(self.password.text())
        except UserError as error:
            self.form.show_error(error)
            return
        self.accept()
