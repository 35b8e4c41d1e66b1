"""The audit trail: who did what, when, to which record (ids only, never personal data)."""
from __future__ import annotations

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import N_, _, format_datetime
from centre_desk.core.services.audit_words import describe
from centre_desk.core.services import audit_search
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.audit_filters import AuditFilterBar, choose_export_path, export
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
    "login_locked": N_("login locked"),
    "login_refused": N_("login refused while locked"),
    "unlock": N_("unlocked"),
    "read": N_("confidential section read"),
    "consent": N_("consent recorded"),
    "withdraw_consent": N_("consent withdrawn"),
    "anonymise": N_("anonymised (retention)"),
    "import": N_("register imported"),
    "undo_import": N_("import undone"),
    "import_attendance": N_("past attendance imported"),
    "backup": N_("backup made by hand"),
    "restore": N_("restored from a backup"),
    "resend": N_("export written again"),
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
    "retention": N_("retention rules"), "audit": N_("audit trail"),
    "recovery_key": N_("recovery key"), "processing_register": N_("register of processing"),
    "import_batch": N_("import batch"),
    "hq_export": N_("export to headquarters"), "association_key": N_("association key"),
    "project": N_("project"), "report_note": N_("report note"),
    "outreach_event": N_("outreach event"),
}


def _translated(table: dict[str, str], key: str) -> str:
    return _(table[key]) if key in table else key


COLUMNS = [
    Column(lambda: _("When"), lambda row: format_datetime(row.at)),
    Column(lambda: _("User"), lambda row: row.username or "—"),
    Column(lambda: _("Action"), lambda row: _translated(ACTIONS, row.action)),
    Column(lambda: _("Record"), lambda row: f"{_translated(ENTITIES, row.entity)} #{row.entity_id}"
           if row.entity_id else _translated(ENTITIES, row.entity)),
    Column(lambda: _("Detail"), lambda row: describe(row.action, row.entity, row.detail),
           free_text=True),
]


class AuditPage(Page):
    def __init__(self, session: Session):
        super().__init__(session, _("Audit trail"))
        self.filters = AuditFilterBar(session, ACTIONS, ENTITIES)
        self.action = self.filters.action
        self.filters.changed.connect(self.refresh)
        self.filters.export_button.clicked.connect(self.choose_export)
        self.column.addWidget(self.filters)
        self.model = RowsModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.column.addWidget(self.table)
        self.column.addWidget(label(_("The last 500 events that match are shown, newest first; "
                                      "the export holds all of them."), "Hint"))
        self.error = label("", "Error", wrap=True)
        self.error.hide()
        self.column.addWidget(self.error)

    def refresh(self) -> None:
        self.filters.reload_users()
        self.error.hide()
        try:
            audit_filter = self.filters.current()
        except UserError as error:  # a number that is no record's: nothing, and why
            self.error.setText(error.message)
            self.error.show()
            self.model.set_rows([])
            return
        self.model.set_rows(audit_search.search_events(self.session.actor, audit_filter))

    def choose_export(self) -> None:
        path = choose_export_path(self)
        if path is not None:
            self.export(path)

    def export(self, path) -> int | None:
        self.error.hide()
        try:
            return export(self.session, self.filters.current(), path, _describe)
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return None


def _describe(row) -> tuple[str, str]:
    return _translated(ACTIONS, row.action), _translated(ENTITIES, row.entity)
