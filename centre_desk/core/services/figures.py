"""The centre's figures for a period, computed once: the reports, the screens and the export to
headquarters all read them here (two places computing "attendance rate" would disagree).

Definitions, each in one place:
- a held session: ``held_session_sql`` (not cancelled, roll taken);
- the attendance rate: ``Tally.rate`` (present or late out of present, late and absent;
  excused absences left out);
- an active child: entered on or before the period's last day, not left before its first day,
  not merged into another file;
- age bands (``vocabulary.AGE_BANDS``): the age on the period's last day (for a month, the
  month's last day); a child whose birth is unknown is in the band "unknown".
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from centre_desk.core.models import Session
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services.attendance_stats import Tally
from centre_desk.core.vocabulary import ADULT_KINDS, AGE_BANDS

UNKNOWN_BAND = "?"
BANDS = tuple(AGE_BANDS) + (UNKNOWN_BAND,)
SEXES = ("f", "m")


def held_session_sql(alias: str = "s") -> str:
    """The one definition of a session that took place, as a SQL condition on ``alias``."""
    return f"({alias}.cancelled = 0 AND {alias}.taken_at IS NOT NULL)"


def minutes_sql(alias: str = "s") -> str:
    return (f"((CAST(substr({alias}.end_time, 1, 2) AS INTEGER) * 60 "
            f"+ CAST(substr({alias}.end_time, 4, 2) AS INTEGER)) - "
            f"(CAST(substr({alias}.start_time, 1, 2) AS INTEGER) * 60 "
            f"+ CAST(substr({alias}.start_time, 4, 2) AS INTEGER)))")


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return UNKNOWN_BAND
    for code, (_label, low, high) in AGE_BANDS.items():
        if low <= age <= high:
            return code
    return UNKNOWN_BAND


def _age_sql(day: dt.date) -> str:
    """Age in whole years on ``day`` (from the year alone when that is all that is known)."""
    year, month_day = day.year, day.strftime("%m-%d")
    return (f"CASE WHEN c.birth_date IS NOT NULL THEN {year} - CAST(substr(c.birth_date, 1, 4) "
            f"AS INTEGER) - (substr(c.birth_date, 6, 5) > '{month_day}') "
            f"WHEN c.birth_year IS NOT NULL THEN {year} - c.birth_year END")


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both included."""

    start: dt.date
    end: dt.date

    def months(self) -> list["Period"]:
        months, first = [], self.start.replace(day=1)
        while first <= self.end:
            months.append(month_period(first.year, first.month))
            first = months[-1].end + dt.timedelta(days=1)
        return months

    @property
    def key(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def month_period(year: int, month: int) -> Period:
    first = dt.date(year, month, 1)
    return Period(first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1))


def shift_months(period: Period, months: int) -> Period:
    """The month ``months`` before or after a month's period."""
    index = period.start.year * 12 + period.start.month - 1 + months
    return month_period(index // 12, index % 12 + 1)


@dataclass(frozen=True)
class ActivityFigures:
    activity_id: int
    name: str
    kind: str
    held: int
    cancelled: int
    minutes: int
    children: int  # distinct children present or late at least once
    adults: int
    tally: Tally

    @property
    def hours(self) -> float:
        return self.minutes / 60

    @property
    def adult_group(self) -> bool:
        return self.kind in ADULT_KINDS


@dataclass(frozen=True)
class Figures:
    """Everything counted for one period (one month in ``by_month``)."""

    period: Period
    active: dict[tuple[str, str], int]  # (sex, band) → children
    new: dict[tuple[str, str], int]
    exits: dict[str, int]  # reason → children
    activities: list[ActivityFigures]
    children_participants: int
    adult_participants: int
    below_threshold: int  # children under the follow-up rate with at least one mark
    tasks_opened: dict[str, int]  # reason → tasks
    tasks_closed: dict[tuple[str, str], int]  # (reason, kind of follow-up) → tasks
    households_accompanied: int
    single_mother_households: int
    guardians_in_groups: int
    certificates_issued: dict[str, int]  # kind → certificates
    certificates_cancelled: dict[str, int]
    outreach: dict[tuple[str, str, str], int] = field(default_factory=dict)
    # (audience, sex, band) → people counted at awareness sessions and outreach events

    @property
    def active_total(self) -> int:
        return sum(self.active.values())

    def active_of(self, sex: str | None = None, band: str | None = None) -> int:
        return sum(count for (s, b), count in self.active.items()
                   if (sex is None or s == sex) and (band is None or b == band))

    @property
    def new_total(self) -> int:
        return sum(self.new.values())

    @property
    def exits_total(self) -> int:
        return sum(self.exits.values())

    @property
    def held(self) -> int:
        return sum(a.held for a in self.activities)

    @property
    def cancelled(self) -> int:
        return sum(a.cancelled for a in self.activities)

    @property
    def hours(self) -> float:
        return sum(a.minutes for a in self.activities) / 60

    @property
    def tally(self) -> Tally:
        return sum((a.tally for a in self.activities), Tally())

    @property
    def children_tally(self) -> Tally:
        return sum((a.tally for a in self.activities if not a.adult_group), Tally())

    @property
    def adult_groups_tally(self) -> Tally:
        return sum((a.tally for a in self.activities if a.adult_group), Tally())

    def outreach_of(self, audience: str, sex: str | None = None) -> int:
        return sum(count for (a, s, _b), count in self.outreach.items()
                   if a == audience and (sex is None or s == sex))


def _db():
    return Session._meta.database


def _rows(sql: str, params=()) -> list[tuple]:
    return _db().execute_sql(sql, params).fetchall()


def children_by_sex_and_band(condition: str, params, day: dt.date) -> dict[tuple[str, str], int]:
    counts: Counter = Counter()
    for sex, age, count in _rows(
            f"SELECT c.sex, {_age_sql(day)} AS age, count(*) FROM child c "
            f"WHERE c.merged_into_id IS NULL AND {condition} GROUP BY 1, 2", params):
        counts[(sex, age_band(age))] += count
    return dict(counts)


def _activities(period: Period) -> tuple[list[ActivityFigures], int, int, int]:
    start, end = period.start.isoformat(), period.end.isoformat()
    held = held_session_sql()
    sessions = {activity_id: (held_count or 0, cancelled or 0, minutes or 0)
                for activity_id, held_count, cancelled, minutes in _rows(
                    f"SELECT s.activity_id, sum({held}), sum(s.cancelled), "
                    f"sum(CASE WHEN {held} THEN {minutes_sql()} ELSE 0 END) FROM session s "
                    "WHERE s.on_date BETWEEN ? AND ? GROUP BY s.activity_id", (start, end))}
    tallies: dict[int, Tally] = {}
    for activity_id, mark, count in _rows(
            "SELECT s.activity_id, a.mark, count(*) FROM session s "
            f"JOIN attendance a ON a.session_id = s.id WHERE s.on_date BETWEEN ? AND ? "
            f"AND {held} GROUP BY 1, 2", (start, end)):
        tallies[activity_id] = tallies.get(activity_id, Tally()).add(mark, count)
    people = {activity_id: (children, adults) for activity_id, children, adults in _rows(
        "SELECT s.activity_id, count(DISTINCT a.child_id), count(DISTINCT a.guardian_id) "
        "FROM session s JOIN attendance a ON a.session_id = s.id "
        f"WHERE s.on_date BETWEEN ? AND ? AND {held} AND a.mark IN ('P', 'L') GROUP BY 1",
        (start, end))}
    children, adults = _rows(
        "SELECT count(DISTINCT a.child_id), count(DISTINCT a.guardian_id) FROM session s "
        f"JOIN attendance a ON a.session_id = s.id WHERE s.on_date BETWEEN ? AND ? AND {held} "
        "AND a.mark IN ('P', 'L')", (start, end))[0]
    guardians_in_groups = adults
    names = {row[0]: row[1:] for row in _rows("SELECT id, name, kind FROM activity")}
    result = []
    for activity_id in sorted(set(sessions) | set(tallies),
                              key=lambda key: (names[key][1] in ADULT_KINDS, names[key][0])):
        name, kind = names[activity_id]
        result.append(ActivityFigures(activity_id, name, kind,
                                      *sessions.get(activity_id, (0, 0, 0)),
                                      *people.get(activity_id, (0, 0)),
                                      tallies.get(activity_id, Tally())))
    return result, children or 0, adults or 0, guardians_in_groups or 0


def below_threshold(period: Period, min_rate: int) -> int:
    """Children whose rate over the period is under the centre's follow-up rate."""
    count = 0
    per_child: dict[int, Tally] = {}
    for child_id, mark, marks in _rows(
            "SELECT a.child_id, a.mark, count(*) FROM session s JOIN attendance a "
            f"ON a.session_id = s.id WHERE s.on_date BETWEEN ? AND ? AND {held_session_sql()} "
            "AND a.child_id IS NOT NULL GROUP BY 1, 2",
            (period.start.isoformat(), period.end.isoformat())):
        per_child[child_id] = per_child.get(child_id, Tally()).add(mark, marks)
    for tally in per_child.values():
        rate = tally.rate
        count += rate is not None and rate < min_rate
    return count


def single_mother_households(period: Period) -> int:
    """Households of the active children where a woman raises them without a partner at home
    (the rule of ``children.is_single_mother``)."""
    from centre_desk.core.vocabulary import ALONE

    alone = ", ".join(f"'{status}'" for status in sorted(ALONE))
    return _rows(
        "SELECT count(DISTINCT c.household_id) FROM child c WHERE c.merged_into_id IS NULL "
        "AND c.household_id IS NOT NULL AND c.entry_date <= ? "
        "AND (c.exit_date IS NULL OR c.exit_date >= ?) "
        "AND EXISTS (SELECT 1 FROM guardian g WHERE g.household_id = c.household_id "
        f"AND g.lives_in_household AND g.sex = 'f' AND g.marital_status IN ({alone})) "
        "AND NOT EXISTS (SELECT 1 FROM guardian g WHERE g.household_id = c.household_id "
        "AND g.lives_in_household AND g.sex = 'm')",
        (period.end.isoformat(), period.start.isoformat()))[0][0]


def _outreach(period: Period) -> dict[tuple[str, str, str], int]:
    return {(audience, sex, band): count for audience, sex, band, count in _rows(
        "SELECT h.audience, h.sex, h.age_band, sum(h.count) FROM outreach_headcount h "
        "JOIN outreach_event e ON e.id = h.event_id WHERE e.on_date BETWEEN ? AND ? "
        "GROUP BY 1, 2, 3", (period.start.isoformat(), period.end.isoformat()))}


def compute(actor: Actor, period: Period, min_rate: int | None = None) -> Figures:
    """Every figure of one period (a month, a year, any range)."""
    require(actor, Permission.VIEW_ATTENDANCE)
    if min_rate is None:
        from centre_desk.core.services.settings import attendance_rules

        min_rate = attendance_rules().min_rate
    start, end = period.start.isoformat(), period.end.isoformat()
    active = children_by_sex_and_band(
        "c.entry_date <= ? AND (c.exit_date IS NULL OR c.exit_date >= ?)", (end, start),
        period.end)
    new = children_by_sex_and_band("c.entry_date BETWEEN ? AND ?", (start, end), period.end)
    exits = dict(_rows("SELECT c.exit_reason, count(*) FROM child c WHERE c.merged_into_id "
                       "IS NULL AND c.exit_date BETWEEN ? AND ? GROUP BY 1", (start, end)))
    activities, children, adults, guardians = _activities(period)
    opened = dict(_rows("SELECT reason, count(*) FROM follow_up_task "
                        "WHERE created_on BETWEEN ? AND ? GROUP BY 1", (start, end)))
    closed = {(reason, kind or ""): count for reason, kind, count in _rows(
        "SELECT t.reason, f.kind, count(*) FROM follow_up_task t LEFT JOIN follow_up f "
        "ON f.id = t.follow_up_id WHERE date(t.closed_at) BETWEEN ? AND ? GROUP BY 1, 2",
        (start, end))}
    households = _rows("SELECT count(DISTINCT household_id) FROM follow_up "
                       "WHERE on_date BETWEEN ? AND ?", (start, end))[0][0]
    issued = dict(_rows("SELECT kind, count(*) FROM certificate "
                        "WHERE date(issued_at) BETWEEN ? AND ? GROUP BY 1", (start, end)))
    cancelled = dict(_rows("SELECT kind, count(*) FROM certificate "
                           "WHERE date(cancelled_at) BETWEEN ? AND ? GROUP BY 1", (start, end)))
    return Figures(period, active, new, exits, activities, children, adults,
                   below_threshold(period, min_rate), opened, closed, households,
                   single_mother_households(period), guardians, issued, cancelled,
                   _outreach(period))


def by_month(actor: Actor, period: Period) -> list[Figures]:
    """The figures of each month of the period, in order."""
    require(actor, Permission.VIEW_ATTENDANCE)
    from centre_desk.core.services.settings import attendance_rules

    min_rate = attendance_rules().min_rate
    return [compute(actor, month, min_rate) for month in period.months()]


def monthly_rates(actor: Actor, period: Period) -> list[tuple[dt.date, Tally]]:
    """The centre's attendance tally of each month of the period (a chart's line), in one
    query: cheaper than ``by_month`` when only the rate is wanted."""
    require(actor, Permission.VIEW_ATTENDANCE)
    tallies: dict[str, Tally] = {}
    for month, mark, count in _rows(
            "SELECT substr(s.on_date, 1, 7), a.mark, count(*) FROM session s "
            f"JOIN attendance a ON a.session_id = s.id WHERE s.on_date BETWEEN ? AND ? "
            f"AND {held_session_sql()} GROUP BY 1, 2",
            (period.start.isoformat(), period.end.isoformat())):
        tallies[month] = tallies.get(month, Tally()).add(mark, count)
    return [(month.start, tallies.get(month.start.isoformat()[:7], Tally()))
            for month in period.months()]


def activity_tallies(actor: Actor, period: Period) -> dict[int, dict[str, Tally]]:
    """activity id → month ("2026-10") → tally: a year of rates by activity, in one query."""
    require(actor, Permission.VIEW_ATTENDANCE)
    result: dict[int, dict[str, Tally]] = {}
    for activity_id, month, mark, count in _rows(
            "SELECT s.activity_id, substr(s.on_date, 1, 7), a.mark, count(*) FROM session s "
            f"JOIN attendance a ON a.session_id = s.id WHERE s.on_date BETWEEN ? AND ? "
            f"AND {held_session_sql()} GROUP BY 1, 2, 3",
            (period.start.isoformat(), period.end.isoformat())):
        months = result.setdefault(activity_id, {})
        months[month] = months.get(month, Tally()).add(mark, count)
    return result
