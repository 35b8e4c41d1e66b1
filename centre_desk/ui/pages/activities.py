"""Activities: the groups of the centre, their timetable and participants, closure days and the
attendance rules."""
from __future__ import annotations

from functools import partial

from PySide6.QtWidgets import QHBoxLayout, QPushButton

from centre_desk.core.i18n import _, format_date
from centre_desk.core.security import Permission
from centre_desk.core.services import activities, settings
from centre_desk.core.vocabulary import ACTIVITY_KIND, label
from centre_desk.ui.dialogs.activity_dialogs import (
    ActivityDialog,
    ClosureDialog,
    OneOffDialog,
    ParticipantsDialog,
    RulesDialog,
)
from centre_desk.ui.icons import with_icon
from centre_desk.ui.models.table import (
    Column,
    RowsModel,
    read_only_table,
    select_row,
    selected_row,
)
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label as text_label

COLUMNS = [
    Column(lambda: _("Activity"), lambda r: r.name, identifying=True),
    Column(lambda: _("Kind"), lambda r: label(ACTIVITY_KIND, r.kind)),
    Column(lambda: _("Timetable"), lambda r: r.timetable, identifying=True),
    Column(lambda: _("Educators"), lambda r: r.educators),
    Column(lambda: _("Participants"), lambda r: f"{r.enrolled} / {r.capacity}" if r.capacity
           else str(r.enrolled), align_end=True),
    Column(lambda: _("Room"), lambda r: r.room),
]
CLOSURE_COLUMNS = [
    Column(lambda: _("From"), lambda c: format_date(c[1])),
    Column(lambda: _("To"), lambda c: format_date(c[2])),
    Column(lambda: _("Why"), lambda c: c[3], identifying=True),
]


class ActivitiesPage(Page):
    def __init__(self, session: Session):
        super().__init__(session, _("Activities"))
        self.dialog = None
        row = QHBoxLayout()
        self.new_button = with_icon(styled(QPushButton(_("New activity…")), "Primary"),
                                    "calendar-plus", "#ffffff")
        self.edit_button = QPushButton(_("Edit…"))
        self.participants_button = QPushButton(_("Participants…"))
        self.one_off_button = QPushButton(_("One-off session…"))
        self.rules_button = QPushButton(_("Attendance rules…"))
        for button in (self.new_button, self.edit_button, self.participants_button,
                       self.one_off_button):
            row.addWidget(button)
        if session.actor.can(Permission.IMPORT_REGISTER):
            self.past_button = QPushButton(_("Past attendance…"))
            self.past_button.clicked.connect(self.past_attendance)
            row.addWidget(self.past_button)
        row.addStretch(1)
        row.addWidget(self.rules_button)
        self.column.addLayout(row)
        self.model = RowsModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.table.setWordWrap(False)
        self.column.addWidget(self.table, 3)
        closures = QHBoxLayout()
        closures.addWidget(text_label(_("Closure days (no sessions)"), "SectionTitle"), 1)
        self.add_closure_button = QPushButton(_("Add closure days…"))
        self.remove_closure_button = QPushButton(_("Remove"))
        closures.addWidget(self.add_closure_button)
        closures.addWidget(self.remove_closure_button)
        self.column.addLayout(closures)
        self.closures = RowsModel(CLOSURE_COLUMNS, self)
        self.closure_table = read_only_table(self.closures)
        self.column.addWidget(self.closure_table, 1)

        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.selected()))
        self.table.doubleClicked.connect(lambda _index: self.edit(self.selected()))
        self.participants_button.clicked.connect(self.participants)
        self.one_off_button.clicked.connect(self.one_off)
        self.rules_button.clicked.connect(self.rules)
        self.add_closure_button.clicked.connect(self.add_closure)
        self.remove_closure_button.clicked.connect(self.remove_closure)

    def refresh(self) -> None:
        actor = self.session.actor
        self.model.set_rows(activities.list_activities(actor, include_inactive=True))
        self.closures.set_rows(activities.list_closures(actor))

    def selected(self):
        return selected_row(self.table)

    def select(self, activity_id: int) -> None:
        for index, row in enumerate(self.model.rows):
            if row.id == activity_id:
                select_row(self.table, index)

    def _open(self, dialog):
        self.dialog = dialog
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def edit(self, row) -> ActivityDialog:
        actor = self.session.actor
        if row is None:
            save = partial(activities.create_activity, actor)
            data = None
        else:
            save = partial(activities.update_activity, actor, row.id)
            data = activities.activity_data(actor, row.id)
        return self._open(ActivityDialog(data, activities.educator_choices(), save, self))

    def participants(self) -> ParticipantsDialog | None:
        row = self.selected()
        if row is None:
            return None
        dialog = ParticipantsDialog(self.session.actor, row.id, self)
        dialog.finished.connect(lambda _result: self.refresh())
        self.dialog = dialog
        dialog.open()
        return dialog

    def past_attendance(self):
        """Past attendance of the selected activity from a grid (admin, coordinator, secretary)."""
        from centre_desk.ui.dialogs.attendance_import import AttendanceImportDialog

        row = self.selected()
        if row is None:
            return None
        dialog = AttendanceImportDialog(self.session.actor, row.id, row.name, self)
        self.dialog = dialog
        dialog.open()
        return dialog

    def one_off(self) -> OneOffDialog | None:
        row = self.selected()
        if row is None:
            return None
        return self._open(OneOffDialog(partial(activities.add_one_off_session,
                                               self.session.actor, row.id), self))

    def rules(self) -> RulesDialog:
        return self._open(RulesDialog(settings.attendance_rules(), partial(
            settings.update_attendance_rules, self.session.actor), self))

    def add_closure(self) -> ClosureDialog:
        return self._open(ClosureDialog(partial(activities.add_closure, self.session.actor),
                                        self))

    def remove_closure(self) -> None:
        rows = self.closure_table.selectionModel().selectedRows()
        if rows:
            activities.remove_closure(self.session.actor, self.closures.row_at(rows[0].row())[0])
            self.refresh()
