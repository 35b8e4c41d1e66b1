"""Users of the centre: who may log in and with which role (administrators only)."""
from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from centre_desk.core.i18n import _, fill, format_datetime
from centre_desk.core.services import users
from centre_desk.ui.dialogs.user_dialog import EditUserDialog, NewUserDialog, PasswordDialog
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, select_row
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled

COLUMNS = [
    Column(lambda: _("User name"), lambda row: row.username),
    Column(lambda: _("Full name"), lambda row: row.full_name, identifying=True),
    Column(lambda: _("Role"), lambda row: row.role.label),
    Column(lambda: _("Account"), lambda row: _("locked") if row.locked else (
        _("active") if row.active else _("disabled"))),
    Column(lambda: _("Last login"), lambda row: format_datetime(row.last_login_at)),
]


class UsersPage(Page):
    def __init__(self, session: Session):
        super().__init__(session, _("Users"))
        buttons = QHBoxLayout()
        self.new_button = QPushButton(_("New user…"))
        styled(self.new_button, "Primary")
        self.edit_button = QPushButton(_("Edit…"))
        self.password_button = QPushButton(_("Set a new password…"))
        self.unlock_button = QPushButton(_("Unlock"))
        self.unlock_button.setToolTip(_("Lets the user log in again at once after too many "
                                        "failed attempts."))
        for button in (self.new_button, self.edit_button, self.password_button,
                       self.unlock_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.column.addLayout(buttons)
        self.model = RowsModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.column.addWidget(self.table)
        self.new_button.clicked.connect(self.new_user)
        self.edit_button.clicked.connect(self.edit_selected)
        self.password_button.clicked.connect(self.reset_selected)
        self.unlock_button.clicked.connect(self.unlock_selected)
        self.table.doubleClicked.connect(self.edit_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def refresh(self) -> None:
        self.model.set_rows(users.list_users(self.session.actor))
        self._update_buttons()

    def selected(self) -> users.UserRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def select_user(self, user_id: int) -> None:
        for index, row in enumerate(self.model.rows):
            if row.id == user_id:
                select_row(self.table, index)

    def _update_buttons(self) -> None:
        has_row = self.selected() is not None
        self.edit_button.setEnabled(has_row)
        self.password_button.setEnabled(has_row)
        self.unlock_button.setEnabled(has_row and self.selected().locked)

    def unlock_selected(self) -> None:
        row = self.selected()
        if row is not None and row.locked:
            users.unlock_user(self.session.actor, row.id)
            self.refresh()
            self.select_user(row.id)

    def new_user(self) -> NewUserDialog:
        dialog = NewUserDialog(partial(users.create_user, self.session.actor), self)
        dialog.accepted.connect(lambda: (self.refresh(), self.select_user(dialog.created_id)))
        dialog.open()
        return dialog

    def edit_selected(self) -> EditUserDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = EditUserDialog(row, partial(users.update_user, self.session.actor, row.id), self)
        dialog.accepted.connect(lambda: (self.refresh(), self.select_user(row.id)))
        dialog.open()
        return dialog

    def reset_selected(self) -> PasswordDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = PasswordDialog(fill(_("New password for {name}"), name=row.username),
                                partial(users.reset_password, self.session.actor, row.id),
                                ask_current=False, parent=self)
        dialog.open()
        return dialog
