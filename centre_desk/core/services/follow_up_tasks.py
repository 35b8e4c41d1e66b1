"""Absence follow-up: the centre's rule turns repeated absences into a task on the family file
("call the guardian"), listed on the home screen until someone closes it with an outcome, which
goes into the family's timeline. This is how the centre fights school drop-out."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from centre_desk.core.errors import NotFound, UserError, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.models import (
    Activity,
    Attendance,
    Child,
    FollowUp,
    FollowUpTask,
    Session,
    transaction,
    utcnow,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit, settings
from centre_desk.core.services.activity_names import shown_name_sql
from centre_desk.core.services.children import display_name
from centre_desk.core.vocabulary import FOLLOW_UP_KIND, TASK_REASON, label


@dataclass(frozen=True)
class TaskRow:
    id: int
    child_id: int
    child_name: str
    file_number: str
    household_id: int | None
    activity: str
    reason: str
    detail: str
    created_on: dt.date

    @property
    def reason_text(self) -> str:
        return label(TASK_REASON, self.reason)


def _recent_marks(child_id: int, since: dt.date, until: dt.date) -> list[str]:
    """The child's marks from ``since`` to ``until``, newest first."""
    query = (Attendance.select(Attendance.mark).join(Session)
             .where((Attendance.child == child_id) & Session.on_date.between(since, until))
             .order_by(Session.on_date.desc(), Session.start_time.desc()))
    return [mark for (mark,) in query.tuples()]


def rule_reason(child_id: int, today: dt.date,
                rules: settings.AttendanceRules) -> tuple[str, str] | None:
    """Why this child needs a follow-up now, with a detail of numbers only; None if not."""
    marks = _recent_marks(child_id, today - dt.timedelta(weeks=rules.rate_weeks), today)
    in_row = 0
    for mark in marks:
        if mark == "E":  # an excused absence neither breaks nor extends the run
            continue
        if mark != "A":
            break
        in_row += 1
    if in_row >= rules.absences_in_row:
        return "absences_in_row", f"{in_row}"
    counted = [mark for mark in marks if mark != "E"]
    if len(counted) >= 4:
        rate = round(100 * sum(mark in ("P", "L") for mark in counted) / len(counted))
        if rate < rules.min_rate:
            return "low_rate", f"{rate}%"
    return None


def check_children(child_ids: list[int], today: dt.date,
                   activity_id: int | None = None) -> list[int]:
    """Apply the rule to these children; a child with an open task gets no second one."""
    rules = settings.attendance_rules()
    open_ones = {child_id for (child_id,) in FollowUpTask.select(FollowUpTask.child).where(
        FollowUpTask.closed_at.is_null() & FollowUpTask.child.in_(child_ids)).tuples()}
    created = []
    for child_id in child_ids:
        if child_id in open_ones:
            continue
        found = rule_reason(child_id, today, rules)
        if found is None:
            continue
        child = Child.get_by_id(child_id)
        if child.erased_at is not None or child.merged_into_id is not None:
            continue
        task = FollowUpTask.create(child=child_id, household=child.household_id,
                                   activity=activity_id, reason=found[0], detail=found[1],
                                   created_on=today)
        audit.record(None, "create", "follow_up_task", task.id,
                     f"reason={found[0]};detail={found[1]}")  # numbers only (3, 50%)
        created.append(task.id)
    return created


def open_tasks(actor: Actor, limit: int = 200) -> list[TaskRow]:
    require(actor, Permission.VIEW_ATTENDANCE)
    query = (FollowUpTask.select(FollowUpTask.id, Child.id, Child.first_name_latin,
                                 Child.last_name_latin, Child.first_name_arabic,
                                 Child.last_name_arabic, Child.file_number,
                                 FollowUpTask.household, shown_name_sql(), FollowUpTask.reason,
                                 FollowUpTask.detail, FollowUpTask.created_on)
             .join_from(FollowUpTask, Child)
             .join_from(FollowUpTask, Activity, JOIN.LEFT_OUTER)
             .where(FollowUpTask.closed_at.is_null())
             .order_by(FollowUpTask.created_on, FollowUpTask.id).limit(limit))
    return [TaskRow(id_, child_id, display_name(first, last, first_ar, last_ar, number), number,
                    household, activity or "", reason, detail, created)
            for (id_, child_id, first, last, first_ar, last_ar, number, household, activity,
                 reason, detail, created) in query.tuples()]


def close_task(actor: Actor, task_id: int, outcome: str, kind: str = "phone_call",
               on_date: dt.date | None = None) -> int | None:
    """Close with what was done; the outcome becomes an entry of the family's timeline.
    Returns that entry's id (None when the child has no household)."""
    require(actor, Permission.EDIT_CHILDREN)
    if not outcome.strip():
        raise ValidationError(_("Write what was done (e.g. called the mother: the child was "
                                "ill)."), "outcome")
    if kind not in FOLLOW_UP_KIND:
        raise ValidationError(_("Choose what kind of follow-up this is."), "kind")
    on_date = on_date or dt.date.today()
    with transaction():
        task = FollowUpTask.get_or_none(FollowUpTask.id == task_id)
        if task is None:
            raise NotFound(_("This task no longer exists."))
        if task.closed_at is not None:
            raise UserError(_("This task was already closed."))
        entry_id = None
        if task.household_id is not None:
            note = f"{label(TASK_REASON, task.reason)} ({task.detail}) — {outcome.strip()}"
            entry = FollowUp.create(household=task.household_id, child=task.child_id,
                                    on_date=on_date, kind=kind, note=note,
                                    author=actor.user_id)
            entry_id = entry.id
        FollowUpTask.update(closed_at=utcnow(), closed_by=actor.user_id, outcome=outcome.strip(),
                            follow_up=entry_id).where(FollowUpTask.id == task_id).execute()
        audit.record(actor, "close", "follow_up_task", task_id)
    return entry_id
