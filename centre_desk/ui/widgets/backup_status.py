"""The home screen's backup line ("Dernière sauvegarde : aujourd'hui 17:02 ✓ — clé USB : il y a
9 jours ⚠") and the reminder to save the recovery sheet, for administrators and coordinators."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, \
    QWidget

from centre_desk.core import backup_policy
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, ltr, ngettext
from centre_desk.core.security import Permission
from centre_desk.ui.widgets.common import label


def when_text(moment: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """today 17:02, yesterday 09:15, 9 days ago."""
    if moment is None:
        return _("never")
    now = now or dt.datetime.now()
    days = (now.date() - moment.date()).days
    if days <= 0:
        return _("today {time}").format(time=moment.strftime("%H:%M"))
    if days == 1:
        return _("yesterday {time}").format(time=moment.strftime("%H:%M"))
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def status_text(state: backup_policy.BackupStatus, now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now()
    local_ok = state.latest is not None and now - state.latest < dt.timedelta(days=2)
    text = _("Last backup: {when} {mark}").format(when=when_text(state.latest, now),
                                                 mark="✓" if local_ok else "⚠")
    if state.second_destination:
        text += " — " + _("second copy: {when} {mark}").format(
            when=when_text(state.second_latest, now),
            mark="⚠" if state.second_stale else "✓")
    return text


def save_recovery_sheet(parent: QWidget, session) -> bool:
    """Ask where, write the PDF, say so; True when it was written."""
    path, _filter = QFileDialog.getSaveFileName(
        parent, _("Save the recovery sheet"),
        str(Path.home() / _("centre-desk-recovery-sheet.pdf")), _("PDF files (*.pdf)"))
    return bool(path) and write_recovery_sheet(parent, session, Path(path))


def write_recovery_sheet(parent: QWidget, session, path: Path) -> bool:
    from centre_desk.core.recovery import export_recovery_key

    try:
        export_recovery_key(session.actor, session.opened, path)
    except UserError as error:
        QMessageBox.warning(parent, _("Recovery sheet"), error.message)
        return False
    return True


class BackupStatusLine(QWidget):
    """One line for those who look after the centre; the reminder below it for administrators."""

    def __init__(self, session):
        super().__init__()
        self.session = session
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.line = label("", "Hint", wrap=True)
        self.line.setObjectName("BackupStatus")
        column.addWidget(self.line)
        self.reminder = QWidget()
        row = QHBoxLayout(self.reminder)
        row.setContentsMargins(0, 0, 0, 0)
        self.reminder_text = label(_(
            "The recovery sheet has not been saved yet: without it, a reinstalled computer "
            "cannot read the data nor any backup."), "Warning", wrap=True)
        self.sheet_button = QPushButton(_("Save the recovery sheet…"))
        self.sheet_button.clicked.connect(self.save_sheet)
        row.addWidget(self.reminder_text, 1)
        row.addWidget(self.sheet_button)
        column.addWidget(self.reminder)
        actor = session.actor
        self.shown = not session.is_demo and (actor.can(Permission.EDIT_CENTRE)
                                              or actor.can(Permission.MANAGE_ACTIVITIES))
        self.setVisible(self.shown)
        self.is_admin = actor.can(Permission.EDIT_CENTRE)
        self.refresh()

    def refresh(self) -> None:
        if not self.shown:
            return
        state = backup_policy.status(self.session.folder, backup_policy.read_policy())
        self.line.setText(status_text(state))
        self.line.setToolTip(ltr(self.session.folder.backups))
        self.reminder.setVisible(self.is_admin and backup_policy.recovery_sheet_pending())

    def save_sheet(self) -> None:
        if save_recovery_sheet(self, self.session):
            self.refresh()
