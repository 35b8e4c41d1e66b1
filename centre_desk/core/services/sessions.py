"""Sessions come from the timetable: a day's sessions are drawn when they are first needed
(nothing needs a term set up), except on closure days and outside an activity's period."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from centre_desk.core.models import (
    Activity,
    ActivityEducator,
    Attendance,
    Closure,
    Session,
    TimetableSlot,
)
from centre_desk.core.i18n import COLLATION
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services.activity_names import shown_name_sql


@dataclass(frozen=True)
class SessionRow:
    id: int
    activity_id: int
    activity: str
    kind: str
    on_date: dt.date
    start_time: str
    end_time: str
    title: str
    marks: int
    closed: bool
    # "planned", "not_taken", "to_confirm", "taken" or "closed" (vocabulary.ROLL_STATE).
    state: str = "not_taken"

    @property
    def taken(self) -> bool:
        """Whether the roll was confirmed (some marks saved); a presumed roll is not."""
        return self.marks > 0


def roll_state(on_date: dt.date, marks: int, closed: bool, premark: bool,
               today: dt.date | None = None) -> str:
    """A session opened but never confirmed is "to confirm" (everyone presumed present, nothing
    saved), never "taken"; a day to come is "planned"."""
    if closed:
        return "closed"
    if marks:
        return "taken"
    if on_date > (today or dt.date.today()):
        return "planned"
    return "to_confirm" if premark else "not_taken"


def _closed_days(start: dt.date, end: dt.date) -> set[dt.date]:
    days = set()
    for first, last in Closure.select(Closure.start_date, Closure.end_date).where(
            (Closure.start_date <= end) & (Closure.end_date >= start)).tuples():
        day = max(first, start)
        while day <= min(last, end):
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def ensure_sessions(start: dt.date, end: dt.date) -> int:
    """Draw the timetable's sessions from ``start`` to ``end`` (both included); sessions that
    exist are left as they are. Returns how many were added."""
    closed = _closed_days(start, end)
    activities = {id_: (first, last) for id_, first, last in Activity.select(
        Activity.id, Activity.start_date, Activity.end_date).where(Activity.active).tuples()}
    slots = [(activity_id, weekday, begin, finish) for activity_id, weekday, begin, finish
             in TimetableSlot.select(TimetableSlot.activity, TimetableSlot.weekday,
                                     TimetableSlot.start_time, TimetableSlot.end_time).tuples()
             if activity_id in activities]
    rows = []
    day = start
    while day <= end:
        if day not in closed:
            weekday = day.weekday()
            for activity_id, slot_day, begin, finish in slots:
                first, last = activities[activity_id]
                if slot_day == weekday and first <= day and (last is None or day <= last):
                    rows.append((activity_id, day.isoformat(), begin, finish))
        day += dt.timedelta(days=1)
    if not rows:
        return 0
    from centre_desk.core import storage

    connection = Session._meta.database.connection()
    before, drawn = connection.total_changes, 0
    # A full disk or a read-only drive: people still read (the sessions drawn before); what
    # cannot be written is said when someone writes, not on every screen that reads.
    with storage.unless_unwritable(logging.getLogger(__name__),
                                   "sessions not drawn: the disk cannot be written"):
        with Session._meta.database.atomic():
            connection.executemany(
                "INSERT OR IGNORE INTO session (activity_id, on_date, start_time, end_time) "
                "VALUES (?, ?, ?, ?)", rows)
        drawn = connection.total_changes - before
    return drawn


def sessions_on(actor: Actor, day: dt.date, mine_only: bool = False) -> list[SessionRow]:
    """The day's sessions (drawn if needed), the actor's own groups only when asked."""
    require(actor, Permission.TAKE_ROLL)
    ensure_sessions(day, day)
    return _rows(actor, (Session.on_date == day), mine_only)


def sessions_between(actor: Actor, start: dt.date, end: dt.date,
                     activity_id: int | None = None) -> list[SessionRow]:
    require(actor, Permission.TAKE_ROLL)
    ensure_sessions(start, end)
    condition = Session.on_date.between(start, end)
    if activity_id is not None:
        condition &= Session.activity == activity_id
    return _rows(actor, condition, False)


def _rows(actor: Actor, condition, mine_only: bool) -> list[SessionRow]:
    from peewee import fn

    marks = Attendance.select(fn.COUNT(Attendance.id)).where(Attendance.session == Session.id)
    shown = shown_name_sql()
    query = (Session.select(Session.id, Activity.id, shown, Activity.kind, Session.on_date,
                            Session.start_time, Session.end_time, Session.title,
                            marks.alias("marks"), Session.closed_at)
             .join(Activity)
             .where(condition & ~Session.cancelled & Activity.active)
             .order_by(Session.on_date, Session.start_time, shown.collate(COLLATION)))
    if mine_only:
        mine = ActivityEducator.select(ActivityEducator.activity).where(
            ActivityEducator.user == actor.user_id)
        query = query.where(Activity.id.in_(mine))
    from centre_desk.core.services.settings import attendance_rules

    premark, today = attendance_rules().premark_present, dt.date.today()
    return [SessionRow(id_, activity_id, name, kind, on_date, start, end, title, count,
                       closed is not None,
                       roll_state(on_date, count, closed is not None, premark, today))
            for id_, activity_id, name, kind, on_date, start, end, title, count, closed
            in query.tuples()]


def get_session(session_id: int) -> Session:
    from centre_desk.core.errors import NotFound
    from centre_desk.core.i18n import _

    # Read by the roll call at each mark: a written-out query (peewee still converts the
    # values) costs a quarter of one the ORM builds.
    session = next(iter(Session.raw("SELECT * FROM session WHERE id = ?", session_id)), None)
    if session is None:
        raise NotFound(_("This session no longer exists."))
    return session
