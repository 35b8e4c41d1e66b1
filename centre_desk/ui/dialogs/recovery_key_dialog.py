"""The centre is here but its key is not (a reinstalled Windows, another user account, a data
folder brought from another computer): the recovery key, typed from the recovery sheet or read
from its file, is checked against the database and kept for the next starts."""
from __future__ import annotations

from centre_desk.core import recovery, restore
from centre_desk.core.errors import DatabaseKeyWrong, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.paths import DataFolder
from centre_desk.ui.dialogs.restore_dialog import KeyFromSheet
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.widgets.common import label


class RecoveryKeyDialog(KeyFromSheet, FormDialog):
    def __init__(self, folder: DataFolder, reason: str, parent=None):
        super().__init__(_("Give the recovery key"), _("Open the centre"), parent)
        self.setObjectName("RecoveryKeyDialog")
        self.folder = folder
        self.layout().insertWidget(0, label(reason, "Warning", wrap=True))
        self.add_key_field(_("Typed from the recovery sheet, or read from its file (PDF or "
                             "text)."))
        self.save = self.put_back

    def put_back(self) -> None:
        key = restore.key_from_text(self.key.text())
        try:
            recovery.put_back_key(self.folder, key)
        except DatabaseKeyWrong as error:
            raise ValidationError(error.message, "key") from None
