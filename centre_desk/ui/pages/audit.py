"""The audit trail: who did what, when, to which record (ids only, never personal data)."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout

from centre_desk.core.i18n import N_, _, format_datetime
from centre_desk.core.services import audit
from centre_desk.core.services.audit_words import describe
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.common import label

ACTIONS = {
    "create": N_("created"),
    "update": N_("changed"),
    "login": N_("logged in"),
    "login_failed": N_("failed login"),
    "reset_password": N_("password reset"),
    "change_password": N_("password changed"),
    "export_key": N_("recovery key saved"),
    "delete": N_("deleted"),
    "archive": N_("archived"),
    "reopen": N_("reopened"),
    "renumber": N_("file number changed"),
    "move": N_("moved to another household"),
    "merge": N_("files merged"),
    "erase": N_("personal data erased"),
    "enrol": N_("enrolled"),
    "unenrol": N_("enrolment ended"),
    "close": N_("closed"),
    "change_closed": N_("closed session changed"),
    "print": N_("printed"),
    "issue": N_("issued"),
    "duplicate": N_("duplicate printed"),
    "cancel": N_("cancelled"),
    "reset": N_("reset"),
    "export": N_("exported"),
    "import": N_("register imported"),
    "undo_import": N_("import undone"),
    "import_attendance": N_("past attendance imported"),
}
ENTITIES = {
    "user": N_("user"), "centre": N_("centre"), "child": N_("child"),
    "household": N_("household"), "guardian": N_("guardian"),
    "household_member": N_("household member"), "follow_up": N_("follow-up entry"),
    "child_entry:school": N_("school entry"), "child_entry:civil": N_("civil registration step"),
    "child_entry:health": N_("health entry"),
    "activity": N_("activity"), "session": N_("session"), "closure": N_("closure days"),
    "follow_up_task": N_("follow-up task"), "certificate": N_("certificate"),
    "certificate_wording": N_("certificate wording"), "settings": N_("settings"), "report": N_("report"),
    "import_batch": N_("import batch"),
}


def _translated(table: dict[str, str], key: str) -> str:
    return _(table[key]) if key in table else key


COLUMNS = [
    Column(lambda: _("When"), lambda row: format_datetime(row.at)),
    Column(lambda: _("User"), lambda row: row.username or "—"),
    Column(lambda: _("Action"), lambda row: _translated(ACTIONS, row.action)),
    Column(lambda: _("Record"), lambda row: f"{_translated(ENTITIES, row.entity)} #{row.entity_id}"
           if row.entity_id else _translated(ENTITIES, row.entity)),
    Column(lambda: _("Detail"), lambda row: describe(row.action, row.entity, row.detail)),
]


class AuditPage(Page):
    def __init__(self, session: Session):
        super().__init__(session, _("Audit trail"))
        filters = QHBoxLayout()
        filters.addWidget(label(_("Action")))
        self.action = QComboBox()
        self.action.addItem(_("All actions"), None)
        for key, text in ACTIONS.items():
            self.action.addItem(_(text), key)
        self.action.currentIndexChanged.connect(self.refresh)
        filters.addWidget(self.action)
        filters.addStretch(1)
        self.column.addLayout(filters)
        self.model = RowsModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.column.addWidget(self.table)
        self.column.addWidget(label(_("The last 500 events are shown, newest first."), "Hint"))

    def refresh(self) -> None:
        self.model.set_rows(audit.recent_events(self.session.actor,
                                                action=self.action.currentData()))
