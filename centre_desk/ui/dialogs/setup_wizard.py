"""The first-run assistant: the centre's identity, then its first administrator."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (
    QLineEdit,
    QVBoxLayout,
    QWizard,
    QWizardPage,
)

from centre_desk import APP_NAME
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, current_language, fill
from centre_desk.core.security import Role
from centre_desk.core.services import users
from centre_desk.core.services.centre import CentreIdentity, validate_identity
from centre_desk.ui.widgets.common import label, language_combo
from centre_desk.ui.widgets.form import Form
from centre_desk.ui.widgets.logo_picker import LogoPicker

Submit = Callable[[CentreIdentity, users.NewUser], None]


def suggest_prefix(name: str) -> str:
    """AMN for "Association Marocaine ..."-like names: initials of the long words."""
    words = [word for word in name.replace("-", " ").split() if len(word) > 2]
    letters = "".join(word[0] for word in words if word[0].isascii() and word[0].isalpha())
    return (letters.upper() or "CTR")[:4].ljust(2, "X")


class CentrePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle(_("Your centre"))
        self.setSubTitle(_("How the centre is named on screens and on every certificate."))
        self.form = Form()
        self.name = self.form.add("name", _("Centre name"), QLineEdit())
        self.city = self.form.add("city", _("City"), QLineEdit())
        self.association = self.form.add("association", _("Association"), QLineEdit())
        self.prefix = self.form.add("file_prefix", _("File prefix"), QLineEdit(),
                                    _("Starts every child's file number, e.g. AMN-2026-0042."))
        self.prefix.setMaxLength(5)
        self.logo = self.form.add("logo", _("Logo"), LogoPicker(self.form.show_error))
        self.language = self.form.add("default_language", _("Language"),
                                      language_combo(current_language()))
        self.name.setPlaceholderText(_("e.g. Centre Amane Hay Mohammadi"))
        self.city.setPlaceholderText(_("e.g. Casablanca"))
        self.name.textEdited.connect(self._follow_name)
        self._prefix_touched = False
        self.prefix.textEdited.connect(lambda: setattr(self, "_prefix_touched", True))
        column = QVBoxLayout(self)
        column.addWidget(self.form)

    def _follow_name(self, text: str) -> None:
        if not self._prefix_touched:
            self.prefix.setText(suggest_prefix(text))

    def identity(self) -> CentreIdentity:
        return CentreIdentity(self.name.text(), self.city.text(), self.association.text(),
                              self.prefix.text(), self.language.currentData(), self.logo.png)

    def validatePage(self) -> bool:
        try:
            validate_identity(self.identity())
        except UserError as error:
            self.form.show_error(error)
            return False
        self.form.clear_errors()
        return True


class AdminPage(QWizardPage):
    def __init__(self, submit: Submit, centre_page: CentrePage):
        super().__init__()
        self.submit = submit
        self.centre_page = centre_page
        self.setTitle(_("The first administrator"))
        self.setSubTitle(_("This account manages the centre's users and settings. Choose a "
                           "password you will remember: nobody can read it back."))
        self.form = Form()
        self.full_name = self.form.add("full_name", _("Full name"), QLineEdit())
        self.username = self.form.add("username", _("User name"), QLineEdit(),
                                      _("Used to log in, e.g. nadia or n.bennani."))
        self.password = self.form.add("password", _("Password"), QLineEdit(),
                                      _("At least 8 characters, letters and digits."))
        self.confirm = self.form.add("confirm", _("Password again"), QLineEdit())
        for field in (self.password, self.confirm):
            field.setEchoMode(QLineEdit.EchoMode.Password)
        column = QVBoxLayout(self)
        column.addWidget(self.form)
        column.addStretch(1)
        column.addWidget(label(_("The database is encrypted; its key is kept in this computer's "
                                 "credential store."), "Hint", wrap=True))

    def admin(self) -> users.NewUser:
        return users.NewUser(self.username.text(), self.full_name.text(), Role.ADMIN,
                             self.password.text(), self.centre_page.language.currentData())

    def validatePage(self) -> bool:
        if self.password.text() != self.confirm.text():
            self.form.show_error(UserError(_("The two passwords are different."), "confirm"))
            return False
        try:
            self.submit(self.centre_page.identity(), self.admin())
        except UserError as error:
            self.form.show_error(error)
            return False
        return True


class SetupWizard(QWizard):
    """Calls ``submit`` when the administrator page is confirmed (it stays open, nothing lost,
    if that fails); the last page then offers the recovery sheet: ``save_sheet(path)`` writes
    it, ``later()`` records that the home screen must remind."""

    def __init__(self, submit: Submit, parent=None,
                 save_sheet: Callable[[Path], bool] | None = None,
                 later: Callable[[], None] | None = None):
        super().__init__(parent)
        self.setWindowTitle(fill(_("{app} — create my centre"), app=APP_NAME))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setMinimumSize(680, 560)
        self.centre_page = CentrePage()
        self.admin_page = AdminPage(submit, self.centre_page)
        self.addPage(self.centre_page)
        self.addPage(self.admin_page)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("Create the centre"))
        self.sheet_page = None
        if save_sheet is not None:
            from centre_desk.ui.dialogs.recovery_page import RecoverySheetPage

            self.admin_page.setCommitPage(True)  # the centre exists: no going back
            self.setButtonText(QWizard.WizardButton.CommitButton, _("Create the centre"))
            self.setButtonText(QWizard.WizardButton.FinishButton, _("Open the centre"))
            self.sheet_page = RecoverySheetPage(save_sheet, later or (lambda: None))
            self.addPage(self.sheet_page)
