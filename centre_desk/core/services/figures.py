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
from itertools import groupby
from operator import itemgetter
from dataclasses import dataclass, field
from typing import Sequence

from centre_desk.core.i18n import sort_key
from centre_desk.core.models import Session
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services.tally import Tally
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


# --- several periods at once ----------------------------------------------------------------
# The figures of the periods of a report (a month, the month before and a year earlier; the
# twelve months of a year and the year) are read in one grouped query per family of figures:
# a CASE gives each row the index of its period ("bucket"), then Python only sums small
# grouped rows. ``compute`` is the same with one period.

class _Buckets:
    """The periods as SQL: ``case(column)`` the index of the period holding ``column``,
    ``where(column)`` the condition that it is in one of them (adjacent periods joined)."""

    def __init__(self, periods: Sequence[Period]):
        self.periods = list(periods)
        ordered = sorted(self.periods, key=lambda period: period.start)
        for before, after in zip(ordered, ordered[1:]):
            if after.start <= before.end:
                raise ValueError("periods overlap")
        self.ranges: list[list[dt.date]] = []
        for period in ordered:
            if self.ranges and self.ranges[-1][1] + dt.timedelta(days=1) == period.start:
                self.ranges[-1][1] = period.end
            else:
                self.ranges.append([period.start, period.end])

    def case(self, column: str) -> tuple[str, list]:
        whens = " ".join(f"WHEN {column} BETWEEN ? AND ? THEN {index}"
                         for index in range(len(self.periods)))
        params = [day.isoformat() for period in self.periods
                  for day in (period.start, period.end)]
        return f"CASE {whens} END", params

    def where(self, column: str) -> tuple[str, list]:
        condition = " OR ".join(f"{column} BETWEEN ? AND ?" for _range in self.ranges)
        return f"({condition})", [day.isoformat() for pair in self.ranges for day in pair]

    def grouped(self, select: str, column: str, rest: str, params=(), group: str = "") -> list:
        """``SELECT <bucket>, <select> <rest> AND <column in a period> GROUP BY 1<group>``:
        ``rest`` is the FROM clause with its WHERE, ``group`` more grouping terms."""
        case, case_params = self.case(column)
        where, where_params = self.where(column)
        return _rows(f"SELECT {case}, {select} {rest} AND {where} GROUP BY 1{group}",
                     [*case_params, *params, *where_params])


def _period_values(periods: Sequence[Period]) -> tuple[str, list]:
    """The periods as a VALUES table p(b, start, end, year, month_day) to join with children
    (their counts depend on each period's last day, and periods may overlap there)."""
    values = ", ".join("(?, ?, ?, ?, ?)" for _period in periods)
    params = [value for index, period in enumerate(periods)
              for value in (index, period.start.isoformat(), period.end.isoformat(),
                            period.end.year, period.end.strftime("%m-%d"))]
    return f"p(b, start, end_day, year, month_day) AS (VALUES {values})", params


_AGE_ON_PERIOD_END = (
    "CASE WHEN c.birth_date IS NOT NULL THEN p.year - CAST(substr(c.birth_date, 1, 4) AS INTEGER)"
    " - (substr(c.birth_date, 6, 5) > p.month_day) "
    "WHEN c.birth_year IS NOT NULL THEN p.year - c.birth_year END")


def _children_by_period(periods: Sequence[Period], condition: str) -> list[dict]:
    table, params = _period_values(periods)
    counts: list[Counter] = [Counter() for _period in periods]
    for index, sex, age, count in _rows(
            f"WITH {table} SELECT p.b, c.sex, {_AGE_ON_PERIOD_END}, count(*) FROM p "
            f"JOIN child c ON c.merged_into_id IS NULL AND {condition} GROUP BY 1, 2, 3", params):
        counts[index][(sex, age_band(age))] += count
    return [dict(counter) for counter in counts]


def _single_mother_households(periods: Sequence[Period]) -> list[int]:
    from centre_desk.core.vocabulary import ALONE

    alone = ", ".join(f"'{status}'" for status in sorted(ALONE))
    table, params = _period_values(periods)
    counts = dict(_rows(
        f"WITH {table}, single(household_id) AS ("
        "SELECT g.household_id FROM guardian g WHERE g.lives_in_household AND g.sex = 'f' "
        f"AND g.marital_status IN ({alone}) EXCEPT SELECT g.household_id FROM guardian g "
        "WHERE g.lives_in_household AND g.sex = 'm') "
        "SELECT p.b, count(DISTINCT c.household_id) FROM p JOIN child c "
        "ON c.merged_into_id IS NULL AND c.entry_date <= p.end_day "
        "AND (c.exit_date IS NULL OR c.exit_date >= p.start) "
        "WHERE c.household_id IN single GROUP BY 1", params))
    return [counts.get(index, 0) for index in range(len(periods))]


def _per_bucket(buckets: _Buckets, rows, width: int = 1) -> list[dict]:
    """Rows (bucket, *key, value) as one dict per period: key → value."""
    result: list[dict] = [{} for _period in buckets.periods]
    for bucket, *rest in rows:
        key = rest[0] if width == 1 else tuple(rest[:width])
        result[bucket][key] = rest[width]
    return result


class _Marks:
    """The held sessions' marks of one period, summed by activity and by person."""

    def __init__(self):
        self.tallies: dict[int, list[int]] = {}  # activity → [present, late, absent, excused]
        self.children: dict[int, set] = {}  # activity → children present or late
        self.adults: dict[int, set] = {}  # activity → guardians present or late
        self.per_child: dict[int, list[int]] = {}  # child → [present, late, absent, excused]

    def add(self, rows) -> None:
        """Rows of (period, activity, child, guardian, present, late, absent, excused); the
        loop is written out because it runs once per person, activity and period."""
        tallies, children, adults, per_child = (self.tallies, self.children, self.adults,
                                                self.per_child)
        for _period, activity_id, child_id, guardian_id, present, late, absent, excused in rows:
            tally = tallies.get(activity_id)
            if tally is None:
                tallies[activity_id] = [present, late, absent, excused]
            else:
                tally[0] += present
                tally[1] += late
                tally[2] += absent
                tally[3] += excused
            if child_id is not None:
                own = per_child.get(child_id)
                if own is None:
                    per_child[child_id] = [present, late, absent, excused]
                else:
                    own[0] += present
                    own[1] += late
                    own[2] += absent
                    own[3] += excused
                if present or late:
                    children.setdefault(activity_id, set()).add(child_id)
            elif present or late:
                adults.setdefault(activity_id, set()).add(guardian_id)

    def below(self, min_rate: int) -> int:
        count = 0
        for present, late, absent, _excused in self.per_child.values():
            counted = present + late + absent
            count += counted > 0 and 100 * (present + late) / counted < min_rate
        return count


def _marks(buckets: _Buckets, total: _Marks | None) -> list[_Marks]:
    result = [_Marks() for _period in buckets.periods]
    case, case_params = buckets.case("s.on_date")
    where, where_params = buckets.where("s.on_date")
    # The held sessions with their period first (a CASE per session, not per mark), then
    # their marks on the covering index (session_id, mark, child_id, guardian_id).
    rows = _rows(
        f"WITH held AS MATERIALIZED (SELECT s.id, s.activity_id, {case} AS bucket "
        f"FROM session s WHERE {where} AND {held_session_sql()}) "
        "SELECT held.bucket, held.activity_id, a.child_id, a.guardian_id, "
        "sum(a.mark = 'P'), sum(a.mark = 'L'), sum(a.mark = 'A'), sum(a.mark = 'E') "
        "FROM held JOIN attendance a ON a.session_id = held.id GROUP BY 1, 2, 3, 4 ORDER BY 1",
        [*case_params, *where_params])
    for bucket, own in groupby(rows, key=itemgetter(0)):
        result[bucket].add(own)
    if total is not None:
        total.add(rows)
    return result


def _closed_days(start: dt.date, end: dt.date) -> set[dt.date]:
    days: set[dt.date] = set()
    for first, last in _rows("SELECT start_date, end_date FROM closure "
                             "WHERE start_date <= ? AND end_date >= ?",
                             (end.isoformat(), start.isoformat())):
        day = max(dt.date.fromisoformat(str(first)), start)
        while day <= min(dt.date.fromisoformat(str(last)), end):
            days.add(day)
            day += dt.timedelta(days=1)
    return days


def _closure_cancelled(buckets: _Buckets) -> list[Counter]:
    """Sessions of the timetable a closure removed, by period and activity: the timetable's
    slots on closure days (the rule of ``sessions.ensure_sessions``) that have no session."""
    result = [Counter() for _period in buckets.periods]
    days = sorted(day for start, end in buckets.ranges for day in _closed_days(start, end))
    if not days:
        return result
    slots = _rows("SELECT t.activity_id, t.weekday, t.start_time, a.start_date, a.end_date "
                  "FROM timetable_slot t JOIN activity a ON a.id = t.activity_id WHERE a.active")
    marks = ", ".join("?" for _day in days)
    drawn = set(_rows(f"SELECT activity_id, on_date, start_time FROM session "
                      f"WHERE on_date IN ({marks})", [day.isoformat() for day in days]))
    for day in days:
        bucket = next(index for index, period in enumerate(buckets.periods)
                      if period.start <= day <= period.end)
        text = day.isoformat()
        for activity_id, weekday, start_time, first, last in slots:
            if (weekday == day.weekday() and str(first) <= text
                    and (last is None or text <= str(last))
                    and (activity_id, text, start_time) not in drawn):
                result[bucket][activity_id] += 1
    return result


def _sessions(buckets: _Buckets) -> list[dict[int, list[int]]]:
    """period → activity → [held, cancelled, minutes]."""
    held = held_session_sql()
    result: list[dict[int, list[int]]] = [{} for _period in buckets.periods]
    for bucket, activity_id, held_count, cancelled, minutes in buckets.grouped(
            f"s.activity_id, sum({held}), sum(s.cancelled), "
            f"sum(CASE WHEN {held} THEN {minutes_sql()} ELSE 0 END)", "s.on_date",
            "FROM session s WHERE 1", group=", 2"):
        result[bucket][activity_id] = [held_count or 0, cancelled or 0, minutes or 0]
    for bucket, cancelled in enumerate(_closure_cancelled(buckets)):
        for activity_id, count in cancelled.items():
            result[bucket].setdefault(activity_id, [0, 0, 0])[1] += count
    return result


def _activities_of(sessions: dict[int, list[int]], marks: _Marks,
                   names: dict[int, tuple[str, str]]) -> list[ActivityFigures]:
    result = []
    for activity_id in sorted(set(sessions) | set(marks.tallies),
                              key=lambda key: (names[key][1] in ADULT_KINDS, sort_key(names[key][0]))):
        name, kind = names[activity_id]
        result.append(ActivityFigures(
            activity_id, name, kind, *sessions.get(activity_id, (0, 0, 0)),
            len(marks.children.get(activity_id, ())), len(marks.adults.get(activity_id, ())),
            Tally(*marks.tallies.get(activity_id, (0, 0, 0, 0)))))
    return result


def _sum_dicts(dicts) -> dict:
    total: Counter = Counter()
    for values in dicts:
        total.update(values)
    return dict(total)


def _compute(periods: Sequence[Period], min_rate: int, with_total: bool = False
             ) -> list[Figures]:
    """The figures of each of the periods (which must not overlap), and last, when
    ``with_total``, those of the whole span from the first to the last (the periods then
    cover it: the months of a year)."""
    buckets = _Buckets(periods)
    whole = Period(buckets.ranges[0][0], buckets.ranges[-1][1])
    if with_total and len(buckets.ranges) != 1:
        raise ValueError("the periods do not cover their span")
    spans = list(periods) + ([whole] if with_total else [])
    active = _children_by_period(spans, "c.entry_date <= p.end_day "
                                        "AND (c.exit_date IS NULL OR c.exit_date >= p.start)")
    new = _children_by_period(spans, "c.entry_date BETWEEN p.start AND p.end_day")
    single = _single_mother_households(spans)
    exits = _per_bucket(buckets, buckets.grouped(
        "c.exit_reason, count(*)", "c.exit_date",
        "FROM child c WHERE c.merged_into_id IS NULL", group=", 2"))
    opened = _per_bucket(buckets, buckets.grouped(
        "reason, count(*)", "created_on", "FROM follow_up_task WHERE 1", group=", 2"))
    closed = _per_bucket(buckets, [
        (bucket, reason, kind or "", count) for bucket, reason, kind, count in buckets.grouped(
            "t.reason, f.kind, count(*)", "date(t.closed_at)",
            "FROM follow_up_task t LEFT JOIN follow_up f ON f.id = t.follow_up_id WHERE 1",
            group=", 2, 3")], width=2)
    households: list[set] = [set() for _period in periods]
    for bucket, household_id in buckets.grouped(
            "household_id", "on_date", "FROM follow_up WHERE household_id IS NOT NULL",
            group=", 2"):
        households[bucket].add(household_id)
    issued = _per_bucket(buckets, buckets.grouped(
        "kind, count(*)", "date(issued_at)", "FROM certificate WHERE 1", group=", 2"))
    cancelled = _per_bucket(buckets, buckets.grouped(
        "kind, count(*)", "date(cancelled_at)", "FROM certificate WHERE 1", group=", 2"))
    outreach = _per_bucket(buckets, buckets.grouped(
        "h.audience, h.sex, h.age_band, sum(h.count)", "e.on_date",
        "FROM outreach_headcount h JOIN outreach_event e ON e.id = h.event_id WHERE 1",
        group=", 2, 3, 4"), width=3)
    sessions = _sessions(buckets)
    total_marks = _Marks() if with_total else None
    marks = _marks(buckets, total_marks)
    names = {row[0]: row[1:] for row in _rows("SELECT id, name, kind FROM activity")}
    if with_total:
        exits.append(_sum_dicts(exits))
        opened.append(_sum_dicts(opened))
        closed.append(_sum_dicts(closed))
        households.append(set().union(*households))
        issued.append(_sum_dicts(issued))
        cancelled.append(_sum_dicts(cancelled))
        outreach.append(_sum_dicts(outreach))
        whole_sessions: dict[int, list[int]] = {}
        for values in sessions:
            for activity_id, counts in values.items():
                summed = whole_sessions.setdefault(activity_id, [0, 0, 0])
                for index in range(3):
                    summed[index] += counts[index]
        sessions.append(whole_sessions)
        marks.append(total_marks)
    result = []
    for index, period in enumerate(spans):
        these = marks[index]
        children = set().union(*these.children.values())
        adults = len(set().union(*these.adults.values()))
        result.append(Figures(
            period, active[index], new[index], exits[index],
            _activities_of(sessions[index], these, names), len(children), adults,
            these.below(min_rate), opened[index], closed[index], len(households[index]),
            single[index], adults, issued[index], cancelled[index], outreach[index]))
    return result


def _min_rate(min_rate: int | None) -> int:
    if min_rate is None:
        from centre_desk.core.services.settings import attendance_rules

        min_rate = attendance_rules().min_rate
    return min_rate


def below_threshold(period: Period, min_rate: int) -> int:
    """Children whose rate over the period is under the centre's follow-up rate."""
    return _marks(_Buckets([period]), None)[0].below(min_rate)


def single_mother_households(period: Period) -> int:
    """Households of the active children where a woman raises them without a partner at home
    (the rule of ``children.is_single_mother``)."""
    return _single_mother_households([period])[0]


def compute(actor: Actor, period: Period, min_rate: int | None = None) -> Figures:
    """Every figure of one period (a month, a year, any range)."""
    require(actor, Permission.VIEW_ATTENDANCE)
    return _compute([period], _min_rate(min_rate))[0]


def compute_each(actor: Actor, periods: Sequence[Period], min_rate: int | None = None
                 ) -> list[Figures]:
    """The figures of several periods that do not overlap (a month, the month before and the
    same month a year earlier), read together: cheaper than ``compute`` on each."""
    require(actor, Permission.VIEW_ATTENDANCE)
    return _compute(periods, _min_rate(min_rate))


def by_month(actor: Actor, period: Period) -> list[Figures]:
    """The figures of each month of the period, in order."""
    require(actor, Permission.VIEW_ATTENDANCE)
    return _compute(period.months(), _min_rate(None))


def by_month_and_whole(actor: Actor, period: Period) -> tuple[list[Figures], Figures]:
    """``by_month(period)`` and ``compute(period)`` together, the marks read once."""
    require(actor, Permission.VIEW_ATTENDANCE)
    min_rate, months = _min_rate(None), period.months()
    if months[0].start == period.start and months[-1].end == period.end:
        *each, whole = _compute(months, min_rate, with_total=True)
        return each, whole
    return _compute(months, min_rate), _compute([period], min_rate)[0]


def _session_marks(period: Period, by_activity: bool) -> list[tuple]:
    """(month "2026-10", [activity,] present, late, absent, excused) of the held sessions:
    each session's marks counted on the index (session_id, mark), no sort of the marks."""
    counts = ", ".join(f"sum((SELECT count(*) FROM attendance a WHERE a.session_id = s.id "
                       f"AND a.mark = '{mark}'))" for mark in "PLAE")
    activity = "s.activity_id, " if by_activity else ""
    return _rows(f"SELECT substr(s.on_date, 1, 7), {activity}{counts} FROM session s "
                 f"WHERE s.on_date BETWEEN ? AND ? AND {held_session_sql()} "
                 f"GROUP BY 1{', 2' if by_activity else ''}",
                 (period.start.isoformat(), period.end.isoformat()))


def monthly_rates(actor: Actor, period: Period) -> list[tuple[dt.date, Tally]]:
    """The centre's attendance tally of each month of the period (a chart's line), in one
    query: cheaper than ``by_month`` when only the rate is wanted."""
    require(actor, Permission.VIEW_ATTENDANCE)
    tallies = {month: Tally(*marks) for month, *marks in _session_marks(period, False)}
    return [(month.start, tallies.get(month.start.isoformat()[:7], Tally()))
            for month in period.months()]


def activity_tallies(actor: Actor, period: Period) -> dict[int, dict[str, Tally]]:
    """activity id → month ("2026-10") → tally: a year of rates by activity, in one query."""
    require(actor, Permission.VIEW_ATTENDANCE)
    result: dict[int, dict[str, Tally]] = {}
    for month, activity_id, *marks in _session_marks(period, True):
        if any(marks):
            result.setdefault(activity_id, {})[month] = Tally(*marks)
    return result
