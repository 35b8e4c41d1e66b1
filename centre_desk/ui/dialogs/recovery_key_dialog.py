"""The centre is here but its key is not (a reinstalled Windows, another user account, a data
folder brought from another computer): the recovery key, typed from the recovery sheet or read
from its file, is checked against the database and kept for the next starts."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton

from centre_desk.core import recovery, restore
from centre_desk.core.errors import DatabaseKeyWrong, UserError, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.paths import DataFolder
from centre_desk.ui.dialogs.restore_dialog import _row
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.widgets.common import label


class RecoveryKeyDialog(FormDialog):
    def __init__(self, folder: DataFolder, reason: str, parent=None):
        super().__init__(_("Give the recovery key"), _("Open the centre"), parent)
        self.setObjectName("RecoveryKeyDialog")
        self.folder = folder
        self.layout().insertWidget(0, label(reason, "Warning", wrap=True))
        self.key = QLineEdit()
        self.key.setPlaceholderText("0a1b 2c3d …")
        self.sheet_button = QPushButton(_("Open the recovery sheet…"))
        self.form.add("key", _("Recovery key"), _row(self.key, self.sheet_button),
                      _("Typed from the recovery sheet, or read from its file (PDF or text)."))
        self.sheet_button.clicked.connect(self.choose_sheet)
        self.save = self.put_back

    def choose_sheet(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open the recovery sheet"),
                                                    str(Path.home()),
                                                    _("Recovery sheets (*.pdf *.txt)"))
        if path:
            self.use_sheet(Path(path))

    def use_sheet(self, path: Path) -> None:
        self.form.clear_errors()
        try:
            self.key.setText(restore.key_from_sheet(path).hex)
        except UserError as error:
            self.form.show_error(ValidationError(error.message, "key"))

    def put_back(self) -> None:
        key = restore.key_from_text(self.key.text())
        try:
            recovery.put_back_key(self.folder, key)
        except DatabaseKeyWrong as error:
            raise ValidationError(error.message, "key") from None
