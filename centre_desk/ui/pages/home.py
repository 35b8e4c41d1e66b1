"""The home screen: today's sessions and whether their roll was taken, the open follow-up tasks,
and for those who follow the centre, the week's attendance at a glance."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout

from centre_desk.core.i18n import _, fill, format_date, paragraph
from centre_desk.core.security import Permission
from centre_desk.core.services import attendance_stats, follow_up_tasks, sessions
from centre_desk.core.services.centre import shown_name
from centre_desk.core.vocabulary import FOLLOW_UP_KIND, ROLL_STATE
from centre_desk.core.vocabulary import label as choice_label
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.icons import with_icon
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, selected_row
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.backup_status import BackupStatusLine
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.fields import choice_combo, date_edit, date_of, multi_line


def _status(row: sessions.SessionRow) -> str:
    return choice_label(ROLL_STATE, row.state)


def _to_come(day: attendance_stats.DayFigures) -> bool:
    return day.day > dt.date.today()


SESSION_COLUMNS = [
    Column(lambda: _("Time"), lambda r: f"{r.start_time}–{r.end_time}"),
    Column(lambda: _("Activity"), lambda r: r.title or r.activity, identifying=True),
    Column(lambda: _("Roll call"), _status),
]
TASK_COLUMNS = [
    Column(lambda: _("Since"), lambda t: format_date(t.created_on)),
    Column(lambda: _("Child"), lambda t: t.child_name, identifying=True),
    Column(lambda: _("Why"), lambda t: f"{t.reason_text} ({t.detail})", identifying=True),
    Column(lambda: _("Activity"), lambda t: t.activity, identifying=True),
]
WEEK_COLUMNS = [
    Column(lambda: _("Day"), lambda d: format_date(d.day)),
    Column(lambda: _("Sessions"), lambda d: d.sessions, align_end=True),
    # Days to come show only what is planned: nothing was taken, present or absent yet.
    Column(lambda: _("Taken"), lambda d: "" if _to_come(d) else d.taken, align_end=True),
    Column(lambda: _("To confirm"), lambda d: d.to_confirm or "", align_end=True),
    Column(lambda: _("Present"), lambda d: "" if _to_come(d) else d.tally.present + d.tally.late,
           align_end=True),
    Column(lambda: _("Absent"), lambda d: "" if _to_come(d) else d.tally.absent,
           align_end=True),
    Column(lambda: _("Rate"), lambda d: attendance_stats.rate_text(d.tally), align_end=True),
]


class TaskDialog(FormDialog):
    """Closing a follow-up task: what was done goes into the family's timeline."""

    def __init__(self, task: follow_up_tasks.TaskRow, close: Callable[..., object], parent=None):
        super().__init__(fill(_("Follow-up of {name}"), name=task.child_name), _("Close the task"),
                         parent)
        self.form.rows.addRow(label(f"{task.reason_text} ({task.detail})", "Hint", wrap=True))
        self.kind = self.form.add("kind", _("What was done"), choice_combo(FOLLOW_UP_KIND,
                                                                          "phone_call"))
        self.on_date = self.form.add("on_date", _("Date"), date_edit())
        self.outcome = self.form.add("outcome", _("Outcome"), multi_line(lines=4))
        self.save = lambda: close(task.id, self.outcome.toPlainText(), self.kind.currentData(),
                                  date_of(self.on_date))


class HomePage(Page):
    def __init__(self, session: Session, open_roll: Callable[[int], object] | None = None):
        super().__init__(session, _("Home"))
        actor = session.actor
        self.open_roll = open_roll
        self.dialog = None
        self.greeting = label("", "SectionTitle", wrap=True)
        self.column.addWidget(self.greeting)
        self.backup_status = BackupStatusLine(session)  # admins and coordinators only
        self.column.addWidget(self.backup_status)
        if session.is_demo:
            self.column.addWidget(label(_("This is the demonstration centre: everything in it is "
                                          "invented and kept apart from your real data."),
                                        "Warning", wrap=True))
        self.can_roll = actor.can(Permission.TAKE_ROLL)
        self.follows = actor.can(Permission.VIEW_ATTENDANCE)

        top = QHBoxLayout()
        top.addWidget(label(_("Sessions of the day"), "SectionTitle"))
        self.day = date_edit()
        self.mine = QCheckBox(_("Only my groups"))
        self.mine.setChecked(not self.follows)
        self.open_button = with_icon(QPushButton(_("Take the roll…")), "checklist")
        for widget in (self.day, self.mine):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.open_button)
        self.column.addLayout(top)
        self.sessions = RowsModel(SESSION_COLUMNS, self)
        self.session_table = read_only_table(self.sessions)
        self.column.addWidget(self.session_table, 2)
        self.empty = label("", "Hint", wrap=True)
        self.column.addWidget(self.empty)
        self.day.dateChanged.connect(self.refresh)
        self.mine.toggled.connect(self.refresh)
        self.open_button.clicked.connect(self._open_selected)
        self.session_table.activated.connect(self._open_selected)

        self.tasks = RowsModel(TASK_COLUMNS, self)
        self.week = RowsModel(WEEK_COLUMNS, self)
        if self.follows:  # follow-up tasks and the week side by side
            below = QHBoxLayout()
            tasks = QVBoxLayout()
            row = QHBoxLayout()
            self.tasks_title = label("", "SectionTitle")
            row.addWidget(self.tasks_title, 1)
            self.close_task_button = QPushButton(_("Close with an outcome…"))
            row.addWidget(self.close_task_button)
            tasks.addLayout(row)
            self.task_table = read_only_table(self.tasks)
            self.task_table.setWordWrap(False)
            tasks.addWidget(self.task_table)
            below.addLayout(tasks, 1)
            week = QVBoxLayout()
            self.week_title = label("", "SectionTitle")
            week.addWidget(self.week_title)
            self.week_table = read_only_table(self.week, claim_width=True)
            self.week_table.verticalHeader().setDefaultSectionSize(26)
            self.week_table.horizontalHeader().setMinimumSectionSize(36)
            week.addWidget(self.week_table)
            below.addLayout(week)  # as wide as its columns (it claims that width)
            self.column.addLayout(below, 3)
            self.close_task_button.clicked.connect(self.close_selected_task)
            self.task_table.activated.connect(self.close_selected_task)
        self.session_table.setVisible(self.can_roll)
        self.open_button.setVisible(self.can_roll)

    def refresh(self) -> None:
        actor = self.session.actor
        today = dt.date.today()
        self.backup_status.refresh()
        self.greeting.setText(paragraph(fill(_("Hello, {name} — {date}, {centre}"),
            name=actor.full_name, date=format_date(today, long=True),
            centre=shown_name())))
        if self.can_roll:
            day = date_of(self.day)
            rows = sessions.sessions_on(actor, day, self.mine.isChecked())
            self.sessions.set_rows(rows)
            self.empty.setText("" if rows else _("No session on this day for these groups."))
            self.empty.setVisible(not rows)
        if self.follows:
            tasks = follow_up_tasks.open_tasks(actor)
            self.tasks.set_rows(tasks)
            self.tasks_title.setText(fill(_("Follow-up to do ({n})"), n=len(tasks)))
            monday = today - dt.timedelta(days=today.weekday())
            self.week.set_rows(attendance_stats.week(actor, monday))
            self.week_title.setText(_("This week's attendance"))

    def _open_selected(self, *_args) -> None:
        row = selected_row(self.session_table)
        if row is not None and self.open_roll is not None:
            self.open_roll(row.id)

    def close_selected_task(self, *_args) -> TaskDialog | None:
        task = selected_row(self.task_table)
        if task is None:
            return None
        self.dialog = TaskDialog(task, lambda task_id, outcome, kind, on_date:
                                 follow_up_tasks.close_task(self.session.actor, task_id, outcome,
                                                            kind, on_date), self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
        return self.dialog

