"""Settings, "Backups": how many are kept, the second destination (USB stick, network folder),
a backup now, and restoring one."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QWidget

from centre_desk.core import backup_policy, backups
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, ltr
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.backup_status import status_text
from centre_desk.ui.widgets.common import card, label
from centre_desk.ui.widgets.form import Form, save_form
from centre_desk.ui.worker import run_in_background


def _number(value: int, upper: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, upper)
    box.setValue(value)
    return box


class BackupSection(QWidget):
    """A card of its own; ``restored`` asks the window to log in again on the restored data."""

    restored = Signal()

    def __init__(self, session):
        super().__init__()
        self.session = session
        self.dialog = None
        policy = backup_policy.read_policy()
        self.form = Form()
        self.daily = self.form.add("backup_keep_daily", _("Daily backups kept"),
                                   _number(policy.daily, 60))
        self.weekly = self.form.add("backup_keep_weekly", _("Weekly backups kept"),
                                    _number(policy.weekly, 52))
        self.monthly = self.form.add("backup_keep_monthly", _("Monthly backups kept"),
                                     _number(policy.monthly, 120))
        self.destination = QLineEdit(policy.second_destination)
        self.destination.setPlaceholderText(_("e.g. E:\\Sauvegardes"))
        browse = QPushButton(_("Choose…"))
        browse.clicked.connect(self.choose_destination)
        cell = QWidget()
        row = QHBoxLayout(cell)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.destination, 1)
        row.addWidget(browse)
        self.form.add("backup_second_destination", _("Second destination"), cell,
                      _("A USB stick or a network folder: each backup is copied there when it "
                        "is plugged in. Backups taken before an update are always kept."))
        self.status = label("", "Hint", wrap=True)
        self.save_button = QPushButton(_("Save"))
        styled(self.save_button, "Primary")
        self.backup_button = QPushButton(_("Back up now"))
        self.restore_button = QPushButton(_("Restore a backup…"))
        self.message = label("", "Hint", wrap=True)
        buttons = QHBoxLayout()
        for button in (self.save_button, self.backup_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.save_button.clicked.connect(self.save)
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(self.open_restore)
        self.card = card(label(_("Backups"), "SectionTitle"),
                         label(_("A verified backup is made every day, on closing after a "
                                 "change, and before every update, merge, erasure, restore and "
                                 "import. Folder: {folder}").format(
                             folder=ltr(session.folder.backups)), wrap=True),
                         self.status, self.form)
        self.card.layout().addLayout(buttons)
        self.card.layout().addWidget(self.message)
        column = QHBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.card)
        self.refresh()

    def refresh(self) -> None:
        policy = backup_policy.read_policy()
        found = len(backups.list_backups(self.session.folder.backups))
        self.status.setText(status_text(backup_policy.status(self.session.folder, policy)) +
                            " — " + _("{n} verified backup(s) here").format(n=found))

    def choose_destination(self) -> None:
        path = QFileDialog.getExistingDirectory(self, _("Second destination"),
                                                self.destination.text())
        if path:
            self.destination.setText(path)

    def policy(self) -> backup_policy.BackupPolicy:
        return backup_policy.BackupPolicy(self.daily.value(), self.weekly.value(),
                                          self.monthly.value(), self.destination.text())

    def save(self) -> None:
        policy = self.policy()
        if save_form(self.form, self.message,
                     lambda: backup_policy.save_policy(self.session.actor, policy)):
            self.refresh()

    def back_up_now(self) -> None:
        opened = self.session.opened
        self.backup_button.setEnabled(False)
        self.message.setText(_("Backing up…"))

        def work():
            try:
                return backup_policy.back_up_by_hand(self.session.actor, opened)
            finally:
                opened.db.close()  # this thread's own connection

        run_in_background(work, self._backed_up, self._failed)

    def _backed_up(self, made: backups.Backup) -> None:
        self.backup_button.setEnabled(True)
        self.message.setText(_("Backup written and verified: {path}").format(
            path=ltr(made.path.name)))
        self.refresh()

    def _failed(self, error: UserError) -> None:
        self.backup_button.setEnabled(True)
        self.message.setText(error.message)

    def open_restore(self):
        from centre_desk.ui.dialogs.restore_dialog import RestoreDialog

        self.dialog = RestoreDialog(self.session.folder, self.session.opened.close, self,
                                    self.session.actor.username)
        self.dialog.finished.connect(self._restore_finished)
        self.dialog.open()
        return self.dialog

    def _restore_finished(self, _result) -> None:
        if self.dialog.closed_current:
            self.restored.emit()


def backup_section(page: QWidget) -> BackupSection:
    """The section for the Settings page; a restore logs in again on the restored data."""
    section = BackupSection(page.session)
    section.restored.connect(lambda: page.window().logout_requested.emit())
    return section
