"""Settings: my language and password, the centre's identity, data and security."""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core import keystore
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, current_language, fill, ltr
from centre_desk.core.recovery import export_recovery_key
from centre_desk.core.security import Permission
from centre_desk.core.services import centre, users
from centre_desk.ui.dialogs.user_dialog import PasswordDialog
from centre_desk.ui.idle_lock import idle_lock_section
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.backup_settings import backup_section
from centre_desk.ui.widgets.common import card, label, language_combo
from centre_desk.ui.widgets.form import Form, save_form
from centre_desk.ui.widgets.letterhead_form import LetterheadSection
from centre_desk.ui.widgets.logo_picker import LogoPicker


class SettingsPage(Page):
    def __init__(self, session: Session, on_language_changed: Callable[[str], None],
                 on_centre_changed: Callable[[], None]):
        super().__init__(session, _("Settings"))
        self.on_language_changed = on_language_changed
        self.on_centre_changed = on_centre_changed
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        sections = QVBoxLayout(inner)
        sections.setSpacing(14)
        sections.addWidget(self._account_section())
        if session.actor.can(Permission.EDIT_CENTRE):
            sections.addWidget(self._centre_section())
            self.idle_lock_section = idle_lock_section(session)
            sections.addWidget(self.idle_lock_section)
            self.letterhead = LetterheadSection(session.actor)
            sections.addWidget(self.letterhead)
        if session.actor.can(Permission.ISSUE_CERTIFICATES):
            sections.addWidget(self._certificates_section())
        if session.actor.can(Permission.MANAGE_ACTIVITIES):
            from centre_desk.ui.widgets.report_year import ReportYearSection

            self.report_year = ReportYearSection(session.actor)
            sections.addWidget(self.report_year.widget)
        sections.addWidget(self._data_section())
        if session.actor.can(Permission.EDIT_CENTRE):
            sections.addWidget(backup_section(self))
        sections.addStretch(1)
        inner.setMaximumWidth(900)  # long lines are hard to read on a wide screen
        scroll.setWidget(inner)
        self.column.addWidget(scroll)

    # --- certificates -----------------------------------------------------------------------
    def _certificates_section(self) -> QWidget:
        wording_button = QPushButton(_("Wording of the certificates…"))
        row = QHBoxLayout()
        row.addWidget(wording_button)
        row.addStretch(1)
        wording_button.clicked.connect(self.edit_wording)
        section = card(label(_("Certificates"), "SectionTitle"))
        section.layout().addLayout(row)
        return section

    def edit_wording(self):
        from centre_desk.ui.dialogs.certificate_dialogs import WordingDialog

        self.wording_dialog = WordingDialog(self.session.actor, self)
        self.wording_dialog.open()
        return self.wording_dialog

    # --- my account -------------------------------------------------------------------------
    def _account_section(self) -> QWidget:
        self.language = language_combo(current_language())
        apply_button = QPushButton(_("Apply"))
        apply_button.clicked.connect(self.apply_language)
        row = QHBoxLayout()
        row.addWidget(label(_("Language of the program")))
        row.addWidget(self.language)
        row.addWidget(apply_button)
        row.addStretch(1)
        self.password_button = QPushButton(_("Change my password…"))
        self.password_button.clicked.connect(self.change_password)
        section = card(label(_("My account"), "SectionTitle"))
        password_row = QHBoxLayout()
        password_row.addWidget(self.password_button)
        password_row.addStretch(1)
        section.layout().addLayout(row)
        section.layout().addLayout(password_row)
        return section

    def apply_language(self) -> None:
        language = self.language.currentData()
        if language != current_language():
            self.session.actor = users.set_own_language(self.session.actor, language)
            self.on_language_changed(language)

    def change_password(self) -> PasswordDialog:
        dialog = PasswordDialog(_("Change my password"),
                                partial(users.change_own_password, self.session.actor),
                                ask_current=True, parent=self)
        dialog.open()
        return dialog

    # --- the centre ---------------------------------------------------------------------------
    def _centre_section(self) -> QWidget:
        identity = centre.get_identity()
        self.centre_form = Form()
        self.centre_name = self.centre_form.add("name", _("Centre name"), QLineEdit(identity.name))
        self.city = self.centre_form.add("city", _("City"), QLineEdit(identity.city))
        self.association = self.centre_form.add("association", _("Association"),
                                                QLineEdit(identity.association))
        self.prefix = self.centre_form.add("file_prefix", _("File prefix"),
                                           QLineEdit(identity.file_prefix))
        self.default_language = self.centre_form.add(
            "default_language", _("Language at login"), language_combo(identity.default_language))
        self.logo = self.centre_form.add("logo", _("Logo"), LogoPicker(self.centre_form.show_error))
        self.logo.set_png(identity.logo_png)
        self.save_centre_button = QPushButton(_("Save the centre"))
        styled(self.save_centre_button, "Primary")
        self.save_centre_button.clicked.connect(self.save_centre)
        self.centre_saved = label("", "Hint")
        row = QHBoxLayout()
        row.addWidget(self.save_centre_button)
        row.addWidget(self.centre_saved, 1)
        section = card(label(_("The centre"), "SectionTitle"), self.centre_form)
        section.layout().addLayout(row)
        return section

    def save_centre(self) -> None:
        identity = centre.CentreIdentity(self.centre_name.text(), self.city.text(),
                                         self.association.text(), self.prefix.text(),
                                         self.default_language.currentData(), self.logo.png)
        if save_form(self.centre_form, self.centre_saved,
                     lambda: centre.update_identity(self.session.actor, identity)):
            self.on_centre_changed()

    # --- data and security --------------------------------------------------------------------
    def _data_section(self) -> QWidget:
        opened = self.session.opened
        section = card(label(_("Data and security"), "SectionTitle"),
                       label(fill(_("Data folder: {folder}"), folder=ltr(opened.folder.root)),
                             wrap=True),
                       label(fill(_("Database schema version: {version}"),
                           version=opened.schema_version)))
        if opened.key.storage == keystore.KEYRING:
            section.layout().addWidget(label(_("The database is encrypted. Its key is kept in "
                                               "this computer's credential store."), wrap=True))
        else:
            section.layout().addWidget(label(_(
                "The database is encrypted, but this computer has no credential store: its key "
                "is kept in a file of the data folder that only your account can read. Anyone "
                "who copies the whole folder can read the data."), "Warning", wrap=True))
        if self.session.actor.can(Permission.EDIT_CENTRE):
            self.recovery_button = QPushButton(_("Save the recovery key…"))
            self.recovery_button.clicked.connect(self.save_recovery_key)
            section.layout().addWidget(label(_(
                "Without the key the data cannot be read, even from a backup. Save it to a USB "
                "stick or print it, and keep it locked away."), "Hint", wrap=True))
            recovery_row = QHBoxLayout()
            recovery_row.addWidget(self.recovery_button)
            recovery_row.addStretch(1)
            section.layout().addLayout(recovery_row)
        return section

    def save_recovery_key(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the recovery key"),
            str(Path.home() / _("centre-desk-recovery-sheet.pdf")),
            _("PDF files (*.pdf)") + ";;" + _("Text files (*.txt)"))
        if path:
            self.write_recovery_key(Path(path))

    def write_recovery_key(self, path: Path) -> None:
        try:
            export_recovery_key(self.session.actor, self.session.opened, path)
        except UserError as error:
            QMessageBox.warning(self, _("Recovery key"), error.message)
            return
        QMessageBox.information(self, _("Recovery key"), fill(_(
            "Recovery key written to {path}. Keep it away from this computer."), path=ltr(path)))
