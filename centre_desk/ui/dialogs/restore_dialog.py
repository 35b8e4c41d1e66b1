"""Restoring a backup: on the welcome screen (a new computer) and in Settings.

Choose the file; the key comes from this computer or from the recovery sheet (typed, or its
file); a preview says what the backup holds; then it replaces this data folder's database (the
current one is backed up first) or goes into a new folder."""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core import restore
from centre_desk.core.errors import UserError, ValidationError
from centre_desk.core.i18n import _, format_date, ltr, paragraph
from centre_desk.core.paths import DataFolder
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.widgets.common import label


def _row(*widgets: QWidget) -> QWidget:
    cell = QWidget()
    row = QHBoxLayout(cell)
    row.setContentsMargins(0, 0, 0, 0)
    for index, widget in enumerate(widgets):
        row.addWidget(widget, 1 if index == 0 else 0)
    return cell



class KeyFromSheet:
    """A form dialog's recovery key: typed from the recovery sheet, or read from its file."""

    def add_key_field(self, hint: str) -> None:
        self.key = QLineEdit()
        self.key.setPlaceholderText("0a1b 2c3d …")
        self.sheet_button = QPushButton(_("Open the recovery sheet…"))
        self.form.add("key", _("Recovery key"), _row(self.key, self.sheet_button), hint)
        self.sheet_button.clicked.connect(self.choose_sheet)

    def choose_sheet(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("Open the recovery sheet"),
                                                    str(Path.home()),
                                                    _("Recovery sheets (*.pdf *.txt)"))
        if path:
            self.use_sheet(Path(path))

    def use_sheet(self, path: Path) -> bool:
        """The key read from the sheet's file into the field; False (said beside it) when the
        file holds none."""
        self.form.clear_errors()
        try:
            self.key.setText(restore.key_from_sheet(path).hex)
        except UserError as error:
            self.form.show_error(ValidationError(error.message, "key"))
            return False
        return True

class RestoreDialog(KeyFromSheet, FormDialog):
    """``before_replace`` closes whatever holds the current database open; ``restored_into``
    is the folder restored once the dialog is accepted."""

    def __init__(self, folder: DataFolder, before_replace: Callable[[], None] = lambda: None,
                 parent=None, username: str | None = None):
        super().__init__(_("Restore a backup"), _("Restore"), parent)
        self.setMinimumWidth(620)
        self.folder = folder
        self.username = username  # who restores, for the restored centre's audit trail
        self.before_replace = before_replace
        self.restored_into: DataFolder | None = None
        self.closed_current = False  # the caller reopens this folder's centre afterwards
        self.found: restore.Preview | None = None
        form = self.form
        self.backup = QLineEdit()
        self.choose_button = QPushButton(_("Choose…"))
        form.add("backup", _("Backup file"), _row(self.backup, self.choose_button),
                 _("In the data folder's backups, on the USB stick or the network folder."))
        self.add_key_field(_("Only when this computer does not have the key: type it from the "
                             "recovery sheet, or open the sheet's file."))
        self.preview_button = QPushButton(_("Show what it holds"))
        self.preview = label("", "Hint", wrap=True)
        self.preview.setMinimumHeight(self.preview.fontMetrics().lineSpacing() * 2 + 6)
        form.rows.addRow("", _row(self.preview_button))
        form.rows.addRow("", self.preview)
        self.here = QRadioButton(_("Into this data folder (what it holds now is backed up "
                                   "first)"))
        self.elsewhere = QRadioButton(_("Into another folder"))
        self.here.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.here)
        group.addButton(self.elsewhere)
        self.target = QLineEdit()
        self.target.setEnabled(False)
        self.target_button = QPushButton(_("Choose…"))
        self.target_button.setEnabled(False)
        where = QWidget()
        column = QVBoxLayout(where)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.here)
        column.addWidget(self.elsewhere)
        column.addWidget(_row(self.target, self.target_button))
        form.add("target", _("Restore"), where)
        self.choose_button.clicked.connect(self.choose_backup)
        self.target_button.clicked.connect(self.choose_target)
        self.preview_button.clicked.connect(self.show_preview)
        self.elsewhere.toggled.connect(self.target.setEnabled)
        self.elsewhere.toggled.connect(self.target_button.setEnabled)
        self.save = self.restore

    # --- choosing ---------------------------------------------------------------------------
    def choose_backup(self) -> None:
        start = str(self.folder.backups if self.folder.backups.is_dir() else Path.home())
        path, _filter = QFileDialog.getOpenFileName(self, _("Choose a backup"), start,
                                                    _("Centre Desk backups (*.db)"))
        if path:
            self.set_backup(Path(path))

    def set_backup(self, path: Path) -> None:
        self.backup.setText(str(path))
        self.show_preview()

    def use_sheet(self, path: Path) -> bool:
        if not super().use_sheet(path):
            return False
        self.show_preview()
        return True

    def choose_target(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Choose an empty folder"),
                                                str(Path.home()))
        if path:
            self.target.setText(path)

    # --- preview and restore ----------------------------------------------------------------
    def _path(self) -> Path:
        text = self.backup.text().strip()
        if not text:
            raise ValidationError(_("Choose the backup file."), "backup")
        return Path(text)

    def _key(self, path: Path):
        typed = self.key.text().strip()
        return restore.key_from_text(typed) if typed else restore.find_key(path, self.folder)

    def _previewed(self) -> restore.Preview:
        path = self._path()
        found = restore.preview(path, self._key(path))
        restore.check_not_too_new(found)
        return found

    def show_preview(self) -> restore.Preview | None:
        self.form.clear_errors()
        self.preview.clear()
        try:
            self.found = self._previewed()
        except UserError as error:
            self.found = None
            self.form.show_error(error)
            return None
        found = self.found
        self.preview.setText("\n".join(paragraph(line) for line in [
            _("{centre} ({city}) — backup of {date} {time}").format(
                centre=found.centre, city=found.city,
                date=format_date(found.created.date()),  # (an Arabic date holds its own marks)
                time=ltr(found.created.strftime("%H:%M"))),
            _("Schema version {version}: {contents}.").format(
                version=found.schema_version, contents=restore.contents_text(found))]))
        return found

    def _target(self) -> tuple[DataFolder, bool]:
        if self.here.isChecked():
            return self.folder, False
        text = self.target.text().strip()
        if not text:
            raise ValidationError(_("Choose the folder to restore into."), "target")
        return DataFolder(Path(text)), True

    def restore(self) -> None:
        from centre_desk.core.lock import InstanceLock

        found = self._previewed()
        target, into_new = self._target()
        if into_new and target.has_centre():
            raise ValidationError(_("{folder} already holds a centre. Choose an empty "
                                    "folder.").format(folder=ltr(target.root)), "target")
        if into_new:
            target.root.mkdir(parents=True, exist_ok=True)
            with InstanceLock(target.lock):
                restore.restore(found, target, into_new=True)
                restore.record_restore(target, found)  # an older schema is migrated now
        else:
            self.closed_current = True
            self.before_replace()
            restore.restore(found, target)
            restore.record_restore(target, found, self.username)
        self.restored_into = target
