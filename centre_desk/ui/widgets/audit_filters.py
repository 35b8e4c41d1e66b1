"""The audit screen's filters (user, action, record, dates) and the export of what it shows."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from centre_desk.core.i18n import _
from centre_desk.core.services import audit_search
from centre_desk.core.services.audit_search import AuditFilter
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.fields import date_edit, date_of


class AuditFilterBar(QWidget):
    """Filters in two rows; ``changed`` when any of them changes."""

    changed = Signal()

    def __init__(self, session: Session, actions: dict[str, str], entities: dict[str, str],
                 parent=None):
        super().__init__(parent)
        self.session = session
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        self.user = QComboBox()
        self.reload_users()
        self.action = QComboBox()
        self.action.addItem(_("All actions"), None)
        for key, text in actions.items():
            self.action.addItem(_(text), key)
        self.entity = QComboBox()
        self.entity.addItem(_("All records"), None)
        for key, text in entities.items():
            self.entity.addItem(_(text), key)
        self.entity_id = QLineEdit()
        self.entity_id.setPlaceholderText(_("number"))
        self.entity_id.setToolTip(_("The number shown after the record (#12), or a child's "
                                    "file number"))
        self.entity_id.setMaximumWidth(140)
        self.use_dates = QCheckBox(_("From"))
        self.start = date_edit(dt.date.today() - dt.timedelta(days=30))
        self.end = date_edit(dt.date.today())
        self.export_button = QPushButton(_("Export to CSV…"))
        grid.addWidget(label(_("User")), 0, 0)
        grid.addWidget(self.user, 0, 1)
        grid.addWidget(label(_("Action")), 0, 2)
        grid.addWidget(self.action, 0, 3)
        grid.addWidget(label(_("Record")), 0, 4)
        grid.addWidget(self.entity, 0, 5)
        grid.addWidget(self.entity_id, 0, 6)
        grid.addWidget(self.use_dates, 1, 0)
        grid.addWidget(self.start, 1, 1)
        grid.addWidget(label(_("to")), 1, 2)
        grid.addWidget(self.end, 1, 3)
        grid.addWidget(self.export_button, 1, 5, 1, 2)
        grid.setColumnStretch(7, 1)
        for combo in (self.user, self.action, self.entity):
            combo.currentIndexChanged.connect(self.changed)
        self.entity_id.editingFinished.connect(self.changed)
        self.use_dates.toggled.connect(self._dates_toggled)
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _date: self.changed.emit())
        self._dates_toggled(False)

    def reload_users(self) -> None:
        """The users as they are now (accounts are created while the screen exists)."""
        chosen = self.user.currentData()
        self.user.blockSignals(True)
        self.user.clear()
        self.user.addItem(_("All users"), None)
        for name in audit_search.usernames(self.session.actor):
            self.user.addItem(name, name)
        self.user.setCurrentIndex(max(0, self.user.findData(chosen)))
        self.user.blockSignals(False)

    def _dates_toggled(self, on: bool) -> None:
        self.start.setEnabled(on)
        self.end.setEnabled(on)
        self.changed.emit()

    def set_dates(self, start: dt.date, end: dt.date) -> None:
        self.start.setDate(QDate(start.year, start.month, start.day))
        self.end.setDate(QDate(end.year, end.month, end.day))
        self.use_dates.setChecked(True)

    def current(self) -> AuditFilter:
        """The filters; a NotFound when the number names no record."""
        entity, number = audit_search.record_number(self.entity_id.text(),
                                                    self.entity.currentData())
        dates = self.use_dates.isChecked()
        return AuditFilter(username=self.user.currentData(), action=self.action.currentData(),
                           entity=entity, entity_id=number,
                           start=date_of(self.start) if dates else None,
                           end=date_of(self.end) if dates else None)


def choose_export_path(parent: QWidget) -> Path | None:
    path, _filter = QFileDialog.getSaveFileName(parent, _("Export the audit trail"),
                                                str(Path.home() / (_("audit-trail") + ".csv")),
                                                "CSV (*.csv)")
    return Path(path) if path else None


def export(session: Session, audit_filter: AuditFilter, path: Path, describe) -> int:
    """Every event the filters select; a UserError (unwritable place) is the caller's to show."""
    return audit_search.write_events_csv(session.actor, audit_filter, path, describe)
