"""Donor indicators: each project's indicators with the value achieved over a period, its
breakdown and the percentage of the yearly target. The measures are the ones listed in
``services.projects.MEASURES``; counts of people come from ``services.figures``' definitions
(held sessions, active children, age on the period's last day).

Scope: attendance measures count the activities the project funds (all activities when it
lists none); awareness sessions count those recorded for the project and those recorded for no
project; the other measures are the centre's."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from centre_desk.core.i18n import N_
from centre_desk.core.models import Indicator, Project, ProjectActivity
from centre_desk.core.reports.activity import band_label
from centre_desk.core.reports.model import Percent, Table, rate, translator
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import figures
from centre_desk.core.services.attendance_stats import Tally
from centre_desk.core.services.figures import Period, children_by_sex_and_band, held_session_sql
from centre_desk.core.services.projects import MEASURES
from centre_desk.core.vocabulary import AGE_BANDS


@dataclass(frozen=True)
class Achieved:
    value: float | Percent | None
    breakdown: dict[tuple[str, str], int]  # (sex, band) → people; empty when not counted so


def _rows(sql: str, params=()) -> list[tuple]:
    return figures._rows(sql, params)


def _in(ids: list[int]) -> str:
    return ", ".join(str(int(i)) for i in ids)


def _attending(activity_ids: list[int], kind: str | None, column: str) -> str:
    """A subquery of the people (``column``) present or late in a held session."""
    where = [held_session_sql(), "a.mark IN ('P', 'L')", "s.on_date BETWEEN ? AND ?",
             f"a.{column} IS NOT NULL"]
    if activity_ids:
        where.append(f"s.activity_id IN ({_in(activity_ids)})")
    if kind:
        where.append(f"s.activity_id IN (SELECT id FROM activity WHERE kind = '{kind}')")
    return (f"SELECT a.{column} FROM session s JOIN attendance a ON a.session_id = s.id "
            f"WHERE {' AND '.join(where)}")


def _children(condition: str, params, period: Period) -> Achieved:
    breakdown = children_by_sex_and_band(condition, params, period.end)
    return Achieved(sum(breakdown.values()), breakdown)


def _outreach(audience: str, project_id: int, period: Period) -> Achieved:
    breakdown: Counter = Counter()
    for sex, band, count in _rows(
            "SELECT h.sex, h.age_band, sum(h.count) FROM outreach_headcount h JOIN "
            "outreach_event e ON e.id = h.event_id WHERE h.audience = ? AND e.on_date "
            "BETWEEN ? AND ? AND (e.project_id = ? OR e.project_id IS NULL) GROUP BY 1, 2",
            (audience, period.start.isoformat(), period.end.isoformat(), project_id)):
        breakdown[(sex, band)] += count
    return Achieved(sum(breakdown.values()), dict(breakdown))


def _sessions(activity_ids: list[int], period: Period) -> tuple[int, int, Tally]:
    scope = f"AND s.activity_id IN ({_in(activity_ids)})" if activity_ids else ""
    dates = (period.start.isoformat(), period.end.isoformat())
    held, minutes = _rows(
        f"SELECT count(*), sum({figures.minutes_sql()}) FROM session s WHERE "
        f"{held_session_sql()} AND s.on_date BETWEEN ? AND ? {scope}", dates)[0]
    tally = Tally()
    for mark, count in _rows(
            "SELECT a.mark, count(*) FROM session s JOIN attendance a ON a.session_id = s.id "
            f"WHERE {held_session_sql()} AND s.on_date BETWEEN ? AND ? {scope} GROUP BY 1",
            dates):
        tally = tally.add(mark, count)
    return held or 0, minutes or 0, tally


def achieved(actor: Actor, measure: str, project_id: int, activity_ids: list[int],
             period: Period) -> Achieved:
    """The value of one measure over a period, for a project."""
    require(actor, Permission.VIEW_ATTENDANCE)
    start, end = period.start.isoformat(), period.end.isoformat()
    if measure == "active_children":
        return _children("c.entry_date <= ? AND (c.exit_date IS NULL OR c.exit_date >= ?)",
                         (end, start), period)
    if measure == "new_children":
        return _children("c.entry_date BETWEEN ? AND ?", (start, end), period)
    if measure == "children_in_activities" or measure.startswith("children_in:"):
        kind = measure.split(":", 1)[1] if ":" in measure else None
        return _children(f"c.id IN ({_attending(activity_ids, kind, 'child_id')})",
                         (start, end), period)
    if measure == "adults_in_groups":
        breakdown = {(sex, ""): count for sex, count in _rows(
            f"SELECT sex, count(*) FROM guardian WHERE id IN "
            f"({_attending(activity_ids, None, 'guardian_id')}) GROUP BY 1", (start, end))}
        return Achieved(sum(breakdown.values()), breakdown)
    if measure in ("attendance_rate", "sessions_held", "hours_delivered"):
        held, minutes, tally = _sessions(activity_ids, period)
        value = {"attendance_rate": rate(tally), "sessions_held": held,
                 "hours_delivered": round(minutes / 60, 1)}[measure]
        return Achieved(value, {})
    if measure == "households_accompanied":
        return Achieved(_rows("SELECT count(DISTINCT household_id) FROM follow_up WHERE "
                              "on_date BETWEEN ? AND ?", (start, end))[0][0], {})
    if measure == "single_mother_households":
        return Achieved(figures.single_mother_households(period), {})
    if measure == "civil_registrations":
        return _children("c.id IN (SELECT child_id FROM child_entry WHERE section = 'civil' "
                         "AND kind IN ('registration', 'document') AND on_date BETWEEN ? "
                         "AND ?)", (start, end), period)
    if measure == "school_reintegrations":
        return _children("c.exit_reason = 'back_to_school' AND c.exit_date BETWEEN ? AND ?",
                         (start, end), period)
    if measure == "completion_certificates":
        return Achieved(_rows("SELECT count(*) FROM certificate WHERE kind = 'completion' "
                              "AND cancelled_at IS NULL AND date(issued_at) BETWEEN ? AND ?",
                              (start, end))[0][0], {})
    if measure.startswith("outreach_"):
        return _outreach(measure.removeprefix("outreach_"), project_id, period)
    raise ValueError(f"unknown measure {measure!r}")


def _split(breakdown: dict[tuple[str, str], int], disaggregation: str) -> list:
    """The cells of the breakdown columns (girls, boys, then each age band)."""
    sexes = [sum(c for (s, _b), c in breakdown.items() if s == sex) if "sex" in disaggregation
             else None for sex in ("f", "m")]
    bands = [sum(c for (_s, b), c in breakdown.items() if b == band)
             if "age_band" in disaggregation else None for band in AGE_BANDS]
    return sexes + bands


def project_tables(actor: Actor, language: str, period: Period) -> list[Table]:
    require(actor, Permission.VIEW_ATTENDANCE)
    t = translator(language)
    from centre_desk.core.services.projects import measure_label  # noqa: F401 (labels)

    tables = []
    projects = Project.select().where((Project.start_date <= period.end) & (
        Project.end_date.is_null() | (Project.end_date >= period.start))).order_by(
        Project.start_date, Project.name)
    for project in projects:
        activity_ids = [row[0] for row in ProjectActivity.select(ProjectActivity.activity)
                        .where(ProjectActivity.project == project.id).tuples()]
        rows = []
        for indicator in Indicator.select().where(Indicator.project == project.id).order_by(
                Indicator.position):
            result = achieved(actor, indicator.measure, project.id, activity_ids, period)
            target = indicator.yearly_target
            if target is not None and float(target).is_integer():
                target = int(target)  # a target of 100 children reads 100, not 100,0
            percent = (Percent(round(100 * float(result.value) / target, 1))
                       if target and result.value is not None else None)
            name = (indicator.name_ar if language == "ar" and indicator.name_ar
                    else indicator.name_fr)
            label = MEASURES.get(indicator.measure, (indicator.measure,))[0]
            rows.append((name, t(label), result.value,
                         Percent(target) if isinstance(result.value, Percent) and target
                         else target, percent)
                        + tuple(_split(result.breakdown, indicator.disaggregation)))
        title = project.name + (f" — {project.donor}" if project.donor else "")
        columns = (t(N_("Indicator")), t(N_("Measure")), t(N_("Achieved")),
                   t(N_("Yearly target")), t(N_("% of target")), t(N_("Girls / women")),
                   t(N_("Boys / men"))) + tuple(band_label(t, band) for band in AGE_BANDS)
        tables.append(Table(f"project{project.id}", title, columns, tuple(rows),
                            t(N_("Percentage of the yearly target reached over the period."))
                            if rows else t(N_("No indicator is defined for this project yet."))))
    if not tables:
        tables.append(Table("projects", t(N_("Projects and donor indicators")), (), (), t(N_(
            "No funded project runs over this period: define the projects and their "
            "indicators with “Projects and indicators…” on the Reports page."))))
    return tables
