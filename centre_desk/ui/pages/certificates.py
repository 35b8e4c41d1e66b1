"""Certificates: issue them, and the register of every certificate issued (duplicates,
cancellations, verification)."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import N_, _, fill, format_date
from centre_desk.core.services import certificates, wording
from centre_desk.ui.dialogs.certificate_dialogs import IssueDialog, VerifyDialog, WordingDialog
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.icons import with_icon
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, selected_row
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label

# The language of a certificate, named in the interface's language (not a code).
LANGUAGE_NAMES = {"fr": N_("French"), "ar": N_("Arabic"), "fr+ar": N_("French and Arabic")}

COLUMNS = [
    Column(lambda: _("Number"), lambda r: r.serial, identifying=True),
    Column(lambda: _("Issued"), lambda r: format_date(r.issued_at.date())),  # time: audit trail
    Column(lambda: _("Child"), lambda r: r.child_name, identifying=True),
    Column(lambda: _("Certificate"), lambda r: _(wording.KINDS[r.kind])),
    Column(lambda: _("Language"), lambda r: _(LANGUAGE_NAMES[r.language])
           if r.language in LANGUAGE_NAMES else r.language),
    Column(lambda: _("Period"), lambda r: r.period),
    Column(lambda: _("Copies"), lambda r: r.copies or "", align_end=True),
    Column(lambda: _("Status"), lambda r: _("Cancelled") if r.cancelled else _("Valid")),
    Column(lambda: _("Issued by"), lambda r: r.issued_by, free_text=True),
]


def open_with_system(path: Path) -> None:
    """The system's PDF viewer shows the file, and prints it."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


class CancelDialog(FormDialog):
    def __init__(self, serial: str, cancel: Callable[[str], object], parent=None):
        super().__init__(fill(_("Cancel certificate {serial}"), serial=serial),
                         _("Cancel the certificate"), parent)
        self.reason = self.form.add("reason", _("Why"), QLineEdit(),
                                    _("It stays in the register, marked cancelled."))
        styled(self.ok_button, "Danger")
        # Two buttons both reading "Annuler" would be a trap: this one only closes the window.
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Close"))
        self.save = lambda: cancel(self.reason.text())


class CertificatesPage(Page):
    def __init__(self, session: Session, open_file: Callable[[Path], object] = open_with_system):
        super().__init__(session, _("Certificates"))
        self.open_file = open_file
        self.dialog = None
        row = QHBoxLayout()
        self.new_button = with_icon(styled(QPushButton(_("New certificate…")), "Primary"),
                                    "file-certificate", "#ffffff")
        self.duplicate_button = with_icon(QPushButton(_("Print a duplicate…")), "copy")
        self.cancel_button = with_icon(QPushButton(_("Cancel the certificate…")), "file-x")
        self.verify_button = with_icon(QPushButton(_("Verify a certificate…")), "shield-check")
        self.wording_button = with_icon(QPushButton(_("Wording…")), "writing")
        for button in (self.new_button, self.duplicate_button, self.cancel_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.verify_button)
        row.addWidget(self.wording_button)
        self.column.addLayout(row)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Find by number, child's name or file number"))
        self.search.setClearButtonEnabled(True)
        self.column.addWidget(self.search)
        self.model = RowsModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.table.setWordWrap(False)
        self.column.addWidget(self.table, 1)
        self.empty = label("", "Hint", wrap=True)
        self.empty.hide()
        self.column.addWidget(self.empty)
        self.error = label("", "FormError", wrap=True)
        self.error.hide()
        self.column.addWidget(self.error)
        self.new_button.clicked.connect(lambda: self.new_certificate())
        self.duplicate_button.clicked.connect(self.choose_duplicate_path)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.verify_button.clicked.connect(self.verify)
        self.wording_button.clicked.connect(self.edit_wording)
        self.search.textChanged.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._enable_actions)
        self.model.modelReset.connect(self._enable_actions)
        self._enable_actions()

    def refresh(self) -> None:
        text = self.search.text().strip()
        rows = certificates.register(self.session.actor, text=text)
        self.model.set_rows(rows)
        if rows:
            message = ""
        elif text:
            message = _("No certificate matches “{text}”.").format(text=text)
        else:
            message = _("No certificate issued yet. “New certificate…” issues the first one.")
        self.empty.setText(message)
        self.empty.setVisible(bool(message))

    def _enable_actions(self, *_args) -> None:
        """A duplicate or a cancellation needs a certificate chosen in the register."""
        row = self.selected()
        self.duplicate_button.setEnabled(row is not None)
        self.cancel_button.setEnabled(row is not None and not row.cancelled)

    def selected(self):
        return selected_row(self.table)

    def _open(self, dialog):
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        return dialog

    def new_certificate(self, child_id: int | None = None) -> IssueDialog:
        return self._open(IssueDialog(self.session.actor, self.open_file, self, child_id))

    def choose_duplicate_path(self) -> None:
        row = self.selected()
        if row is None:
            return
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Save the duplicate"), str(Path.home() / f"{row.serial}-duplicata.pdf"),
            "PDF (*.pdf)")
        if path:
            self.duplicate(row.serial, Path(path))

    def duplicate(self, serial: str, path: Path) -> Path | None:
        self.error.hide()
        try:
            certificates.duplicate(self.session.actor, serial, path)
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return None
        self.refresh()
        self.open_file(path)
        return path

    def cancel_selected(self) -> CancelDialog | None:
        row = self.selected()
        if row is None:
            return None
        return self._open(CancelDialog(row.serial, lambda reason: certificates.cancel(
            self.session.actor, row.serial, reason), self))

    def verify(self) -> VerifyDialog:
        return self._open(VerifyDialog(self))

    def edit_wording(self) -> WordingDialog:
        return self._open(WordingDialog(self.session.actor, self))
