"""Attendance figures: a child's history, a group's month, the centre's year, the home screen's
week. Rates count present and late against present, late and absent; excused absences are
left out of the rate (they are shown apart)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from centre_desk.core.i18n import sort_key
from centre_desk.core.models import Activity, Attendance, Session
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services.activity_names import shown_name_sql
from centre_desk.core.services.tally import Tally, rate_text  # noqa: F401 (re-exported)


@dataclass(frozen=True)
class ChildAttendance:
    by_activity: list[tuple[str, Tally]]
    by_month: list[tuple[dt.date, Tally]]  # first day of each month, newest first
    recent: list[tuple[dt.date, str, str, str, str]]  # date, time, activity, mark, note


def child_attendance(actor: Actor, child_id: int, since: dt.date | None = None,
                     until: dt.date | None = None) -> ChildAttendance:
    require(actor, Permission.EDIT_CHILDREN)
    query = (Attendance.select(Session.on_date, Session.start_time, shown_name_sql(),
                               Attendance.mark, Attendance.note)
             .join(Session).join(Activity)
             .where(Attendance.child == child_id)
             .order_by(Session.on_date.desc(), Session.start_time.desc()))
    if since:
        query = query.where(Session.on_date >= since)
    if until:
        query = query.where(Session.on_date <= until)
    activities: dict[str, Tally] = {}
    months: dict[dt.date, Tally] = {}
    recent = []
    for on_date, start, activity, mark, note in query.tuples():
        activities[activity] = activities.get(activity, Tally()).add(mark)
        month = on_date.replace(day=1)
        months[month] = months.get(month, Tally()).add(mark)
        if len(recent) < 60:
            recent.append((on_date, start, activity, mark, note))
    return ChildAttendance(sorted(activities.items(), key=lambda item: sort_key(item[0])),
                           sorted(months.items(), reverse=True),
                           recent)


def group_month(actor: Actor, activity_id: int, year: int, month: int
                ) -> tuple[Tally, dict[tuple[str, int], Tally]]:
    """A group's month: the whole group's tally and each participant's."""
    require(actor, Permission.TAKE_ROLL)
    first = dt.date(year, month, 1)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    cursor = Session._meta.database.execute_sql(
        "SELECT a.child_id, a.guardian_id, a.mark, count(*) FROM session s "
        "JOIN attendance a ON a.session_id = s.id "
        "WHERE s.activity_id = ? AND s.on_date BETWEEN ? AND ? "
        "GROUP BY a.child_id, a.guardian_id, a.mark",
        (activity_id, first.isoformat(), last.isoformat()))
    group, people = Tally(), {}
    for child_id, guardian_id, mark, count in cursor.fetchall():
        key = ("c", child_id) if child_id else ("g", guardian_id)
        people[key] = people.get(key, Tally()).add(mark, count)
        group = group.add(mark, count)
    return group, people


def year_by_activity_and_month(actor: Actor, year: int) -> dict[str, dict[int, Tally]]:
    """activity name → month (1-12) → tally, for a report of the year (from services.figures,
    which says what a held session is)."""
    from centre_desk.core.services import figures

    data = figures.activity_tallies(actor, figures.Period(dt.date(year, 1, 1),
                                                          dt.date(year, 12, 31)))
    names = dict(Activity.select(Activity.id, shown_name_sql()).tuples())
    return {names[activity_id]: {int(month[5:7]): tally for month, tally in months.items()}
            for activity_id, months in data.items()}


@dataclass(frozen=True)
class DayFigures:
    day: dt.date
    sessions: int  # planned on days to come, held on today and past days
    taken: int  # whose roll was confirmed (a presumed roll is not taken)
    tally: Tally
    to_confirm: int = 0  # today and past days: sessions whose roll nobody confirmed


def week(actor: Actor, monday: dt.date, today: dt.date | None = None) -> list[DayFigures]:
    """The week at a glance for the coordinator: sessions planned, held, taken and still to
    confirm, marks per day. Only confirmed marks count."""
    require(actor, Permission.VIEW_ATTENDANCE)
    from centre_desk.core.services.sessions import ensure_sessions

    sunday = monday + dt.timedelta(days=6)
    today = today or dt.date.today()
    ensure_sessions(monday, sunday)  # the days to come show what the timetable plans
    db = Session._meta.database
    sessions = {}
    for on_date, count, taken in db.execute_sql(
            "SELECT on_date, count(*), sum(taken_at IS NOT NULL) FROM session "
            "WHERE on_date BETWEEN ? AND ? AND cancelled = 0 GROUP BY on_date",
            (monday.isoformat(), sunday.isoformat())).fetchall():
        sessions[dt.date.fromisoformat(str(on_date)[:10])] = (count, taken or 0)
    tallies: dict[dt.date, Tally] = {}
    for on_date, mark, count in db.execute_sql(
            "SELECT s.on_date, a.mark, count(*) FROM session s "
            "JOIN attendance a ON a.session_id = s.id "
            "WHERE s.on_date BETWEEN ? AND ? GROUP BY s.on_date, a.mark",
            (monday.isoformat(), sunday.isoformat())).fetchall():
        day = dt.date.fromisoformat(str(on_date)[:10])
        tallies[day] = tallies.get(day, Tally()).add(mark, count)
    days = []
    for offset in range(7):
        day = monday + dt.timedelta(days=offset)
        count, taken = sessions.get(day, (0, 0))
        days.append(DayFigures(day, count, taken, tallies.get(day, Tally()),
                               count - taken if day <= today else 0))
    return days

