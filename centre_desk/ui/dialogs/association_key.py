"""The association key sent by headquarters, entered once per centre by an administrator
(typed, or read from HQ's file), and the centre's code in the packages' names. The key's
fingerprint is shown so that it can be checked with headquarters by phone."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
)

from centre_desk.core.errors import UserError
from centre_desk.core.export import centre_code, keys, set_centre_code
from centre_desk.core.i18n import _
from centre_desk.ui.widgets.common import label


class AssociationKeyDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("Association key and centre code"))
        self.setMinimumWidth(560)
        column = QVBoxLayout(self)
        form = QFormLayout()
        self.code = QLineEdit(centre_code())
        self.key = QLineEdit()
        self.key.setPlaceholderText(_("64 characters sent by headquarters"))
        from_file = QPushButton(_("From a file…"))
        row = QHBoxLayout()
        row.addWidget(self.key, 1)
        row.addWidget(from_file)
        form.addRow(_("Centre code"), self.code)
        form.addRow(_("Association key"), row)
        column.addLayout(form)
        current = keys.load_key(session.folder)
        self.fingerprint = label(_("Fingerprint of the key kept: {fingerprint}").format(
            fingerprint=keys.fingerprint(current)) if current else _("No key kept yet."),
            "Hint", wrap=True)
        column.addWidget(self.fingerprint)
        self.message = label("", "Hint", wrap=True)
        column.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Close)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        column.addWidget(buttons)
        buttons.rejected.connect(self.reject)
        self.save_button.clicked.connect(self.save)
        from_file.clicked.connect(self.choose_file)

    def choose_file(self) -> None:
        path, _chosen = QFileDialog.getOpenFileName(self, _("Association key"), str(Path.home()))
        if path:
            self.read_file(Path(path))

    def read_file(self, path: Path) -> None:
        try:
            self.key.setText(keys.read_key_file(path))
        except UserError as error:
            self.message.setText(error.message)

    def save(self) -> None:
        actor, folder = self.session.actor, self.session.folder
        try:
            if self.code.text().strip() != centre_code():
                set_centre_code(actor, self.code.text())
                self.code.setText(centre_code())
            if self.key.text().strip():
                fingerprint = keys.store_key(actor, folder, self.key.text())
                self.key.clear()
                self.fingerprint.setText(_("Fingerprint of the key kept: {fingerprint}").format(
                    fingerprint=fingerprint))
        except UserError as error:
            self.message.setText(error.message)
            return
        self.message.setText(_("Saved."))
