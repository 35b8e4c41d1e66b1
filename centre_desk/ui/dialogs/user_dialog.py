"""Dialogs about accounts: a new user, editing one, and setting a password."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QVBoxLayout,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill
from centre_desk.core.security import Role
from centre_desk.core.services.users import NewUser, UserRow
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.form import Form


def role_combo(selected: Role = Role.EDUCATOR) -> QComboBox:
    combo = QComboBox()
    for role in Role:
        combo.addItem(role.label, role)
    combo.setCurrentIndex(combo.findData(selected))
    return combo


class FormDialog(QDialog):
    """A form and OK/Cancel; ``save`` runs the service and may raise a UserError, in which
    case the dialog stays open with the message beside its field and nothing typed is lost."""

    def __init__(self, title: str, ok_text: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = Form()
        # Not the dialog's own minimum width: that would replace its layout's, which then
        # squeezes the longest label ("Emploi du t…").
        self.form.at_least(420)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        styled(self.ok_button, "Primary")
        self.buttons.accepted.connect(self._accept)
        self.buttons.rejected.connect(self.reject)
        self.save: Callable[[], None] = lambda: None
        column = QVBoxLayout(self)
        column.addWidget(self.form)
        column.addWidget(self.buttons)
        # Made default once it is in the dialog: before, Qt ignores it and, when the dialog
        # shows, makes the first button of the focus chain (Cancel) the default for Enter.
        self.ok_button.setDefault(True)

    def _accept(self) -> None:
        self.form.clear_errors()
        try:
            self.save()
        except UserError as error:
            self.form.show_error(error)
            return
        self.accept()


def password_fields(form: Form, hint: str = "") -> tuple[QLineEdit, QLineEdit]:
    password = form.add("password", _("Password"), QLineEdit(),
                        hint or _("At least 10 characters, letters with digits or signs; not a common password."))
    confirm = form.add("confirm", _("Password again"), QLineEdit())
    for field in (password, confirm):
        field.setEchoMode(QLineEdit.EchoMode.Password)
    return password, confirm


def check_same(password: QLineEdit, confirm: QLineEdit) -> None:
    if password.text() != confirm.text():
        raise UserError(_("The two passwords are different."), "confirm")


class NewUserDialog(FormDialog):
    def __init__(self, create: Callable[[NewUser], int], parent=None):
        super().__init__(_("New user"), _("Create"), parent)
        self.full_name = self.form.add("full_name", _("Full name"), QLineEdit())
        self.username = self.form.add("username", _("User name"), QLineEdit())
        self.role = self.form.add("role", _("Role"), role_combo())
        self.password, self.confirm = password_fields(self.form)
        self.created_id: int | None = None

        def save() -> None:
            check_same(self.password, self.confirm)
            self.created_id = create(NewUser(self.username.text(), self.full_name.text(),
                                             self.role.currentData(), self.password.text()))
        self.save = save


class EditUserDialog(FormDialog):
    def __init__(self, row: UserRow, update: Callable[[str, Role, bool], None], parent=None):
        super().__init__(fill(_("Edit user {name}"), name=row.username), _("Save"), parent)
        self.full_name = self.form.add("full_name", _("Full name"), QLineEdit(row.full_name))
        self.role = self.form.add("role", _("Role"), role_combo(row.role))
        self.active = self.form.add("active", _("Account"), QCheckBox(_("Can log in")))
        self.active.setChecked(row.active)
        self.save = lambda: update(self.full_name.text(), self.role.currentData(),
                                   self.active.isChecked())


class PasswordDialog(FormDialog):
    """Sets a password; with ``ask_current`` the user proves they know the old one."""

    def __init__(self, title: str, apply: Callable[..., None], ask_current: bool, parent=None):
        super().__init__(title, _("Change the password"), parent)
        self.current = None
        if ask_current:
            self.current = self.form.add("current", _("Current password"), QLineEdit())
            self.current.setEchoMode(QLineEdit.EchoMode.Password)
        self.password, self.confirm = password_fields(self.form)

        def save() -> None:
            check_same(self.password, self.confirm)
            if self.current is not None:
                apply(self.current.text(), self.password.text())
            else:
                apply(self.password.text())
        self.save = save
