"""What a package's tables hold. Aggregate counts come from ``services.figures`` only (the
figures the Reports show); the pseudonymised tables are records with no personal data."""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Callable, Iterable, Iterator

from centre_desk.core.export.consent import sharing_consented_children
from centre_desk.core.export.keys import pseudonym
from centre_desk.core.reports.model import rate
from centre_desk.core.services import figures
from centre_desk.core.services.figures import BANDS, SEXES, Figures, Period

MONTH = ("month", "yearmonth")


@dataclass
class Table:
    name: str  # file name without .csv
    title: str  # for LISEZMOI
    title_ar: str
    fields: list[tuple[str, str]]  # (name, frictionless type)
    rows: Callable[[], Iterable[tuple]]  # called once, when the file is written
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)
    counts: tuple[str, ...] = ()  # fields suppressed under 5 when asked
    lines: Callable[[], Iterable[str]] | None = None  # the CSV's lines, already written:
    # for long tables whose cells need neither quoting nor neutralising (every mark, the
    # monthly attendance); the same bytes as ``rows`` through the CSV writer (tested)


def _month(period: Period) -> str:
    return period.start.isoformat()[:7]


def aggregate_tables(months: list[Figures]) -> list[Table]:
    return [
        Table("summary", "Indicateurs du centre, par mois", "مؤشرات المركز حسب الشهر",
              [MONTH] + [(name, "number" if name in DECIMALS else "integer")
                         for name in SUMMARY_FIELDS],
              lambda: [(_month(f.period), *summary_values(f)) for f in months], ["month"],
              counts=tuple(n for n in SUMMARY_FIELDS if n not in DECIMALS)),
        Table("children_active", "Enfants actifs et nouvelles inscriptions, par sexe et tranche "
              "d'âge", "الأطفال النشيطون والتسجيلات الجديدة حسب الجنس والفئة العمرية",
              [MONTH, ("sex", "string"), ("age_band", "string"), ("active", "integer"),
               ("new", "integer")], lambda: _children_rows(months),
              ["month", "sex", "age_band"], counts=("active", "new")),
        Table("exits", "Sorties par motif", "المغادرات حسب السبب",
              [MONTH, ("reason", "string"), ("children", "integer")],
              lambda: [(_month(f.period), reason or "unknown", count) for f in months
                       for reason, count in sorted(f.exits.items(), key=lambda i: i[0] or "")],
              ["month", "reason"], counts=("children",)),
        Table("activities", "Activités : séances, heures, participants, présences",
              "الأنشطة: الحصص والساعات والمشاركون والحضور", ACTIVITY_FIELDS,
              lambda: _activity_rows(months), ["month", "activity_id"],
              counts=("held", "cancelled", "children", "adults", "present", "late", "absent",
                      "excused")),
        Table("tasks_opened", "Tâches de suivi ouvertes, par motif", "مهام المتابعة المفتوحة",
              [MONTH, ("reason", "string"), ("tasks", "integer")],
              lambda: [(_month(f.period), reason, count) for f in months
                       for reason, count in sorted(f.tasks_opened.items())],
              ["month", "reason"], counts=("tasks",)),
        Table("tasks_closed", "Tâches de suivi fermées, par motif et suite donnée",
              "مهام المتابعة المغلقة حسب السبب والنتيجة",
              [MONTH, ("reason", "string"), ("outcome", "string"), ("tasks", "integer")],
              lambda: [(_month(f.period), reason, outcome or "none", count) for f in months
                       for (reason, outcome), count in sorted(f.tasks_closed.items())],
              ["month", "reason", "outcome"], counts=("tasks",)),
        Table("certificates", "Attestations délivrées et annulées, par type",
              "الشهادات المسلمة والملغاة حسب النوع",
              [MONTH, ("kind", "string"), ("issued", "integer"), ("cancelled", "integer")],
              lambda: [(_month(f.period), kind, f.certificates_issued.get(kind, 0),
                        f.certificates_cancelled.get(kind, 0)) for f in months
                       for kind in sorted(set(f.certificates_issued)
                                          | set(f.certificates_cancelled))],
              ["month", "kind"], counts=("issued", "cancelled")),
    ]


SUMMARY_FIELDS = ("active_children", "new_children", "exits", "sessions_held",
                  "sessions_cancelled", "hours", "presences", "absences", "excused",
                  "attendance_rate", "children_groups_attendance_rate",
                  "children_participants", "adult_participants",
                  "children_below_threshold", "households_accompanied",
                  "single_mother_households", "guardians_in_groups", "certificates_issued",
                  "certificates_cancelled", "outreach_people")

DECIMALS = ("hours", "attendance_rate", "children_groups_attendance_rate")


def summary_values(f: Figures) -> tuple:
    tally = f.tally
    return (f.active_total, f.new_total, f.exits_total, f.held, f.cancelled, round(f.hours, 1),
            tally.present + tally.late, tally.absent, tally.excused, rate(tally),
            rate(f.children_tally),
            f.children_participants, f.adult_participants, f.below_threshold,
            f.households_accompanied, f.single_mother_households, f.guardians_in_groups,
            sum(f.certificates_issued.values()), sum(f.certificates_cancelled.values()),
            sum(f.outreach.values()))


ACTIVITY_FIELDS = [MONTH, ("activity_id", "integer"), ("activity_name", "string"),
                   ("activity_kind", "string"), ("held", "integer"), ("cancelled", "integer"),
                   ("hours", "number"), ("children", "integer"), ("adults", "integer"),
                   ("present", "integer"), ("late", "integer"), ("absent", "integer"),
                   ("excused", "integer"), ("attendance_rate", "number")]


def _children_rows(months: list[Figures]) -> Iterator[tuple]:
    for f in months:
        sexes = sorted(set(SEXES) | {s for s, _b in f.active} | {s for s, _b in f.new})
        for sex in sexes:
            for band in BANDS:
                yield (_month(f.period), sex, band, f.active.get((sex, band), 0),
                       f.new.get((sex, band), 0))


def _activity_rows(months: list[Figures]) -> Iterator[tuple]:
    for f in months:
        for a in sorted(f.activities, key=lambda a: a.activity_id):
            yield (_month(f.period), a.activity_id, a.name, a.kind, a.held, a.cancelled,
                   round(a.hours, 1), a.children, a.adults, a.tally.present, a.tally.late,
                   a.tally.absent, a.tally.excused, rate(a.tally))


# ---------------------------------------------------------------- pseudonymised

def _rows(sql: str, params=()):
    from centre_desk.core.models import Child

    return Child._meta.database.execute_sql(sql, params)


@dataclass(frozen=True)
class Selection:
    """The children a pseudonymised package may hold, and how many were left out."""

    pseudonyms: dict[int, str]  # child id → pseudonym
    left_out: int  # active in the period, without the family's agreement


def select_children(period: Period, key: str, centre_code: str) -> Selection:
    consented = sharing_consented_children()
    active = [row[0] for row in _rows(
        "SELECT id FROM child WHERE merged_into_id IS NULL AND entry_date <= ? "
        "AND (exit_date IS NULL OR exit_date >= ?) ORDER BY id",
        (period.end.isoformat(), period.start.isoformat()))]
    chosen = [child_id for child_id in active if child_id in consented]
    return Selection({child_id: pseudonym(key, centre_code, child_id) for child_id in chosen},
                     len(active) - len(chosen))


def single_mother_children() -> set[int]:
    """Children living in a household where a woman raises them without a partner at home: the
    rule of ``figures.single_mother_households``, per child (figures only counts households)."""
    from centre_desk.core.vocabulary import ALONE

    alone = ", ".join(f"'{status}'" for status in sorted(ALONE))
    return {row[0] for row in _rows(
        "SELECT c.id FROM child c WHERE c.household_id IS NOT NULL "
        "AND EXISTS (SELECT 1 FROM guardian g WHERE g.household_id = c.household_id "
        f"AND g.lives_in_household AND g.sex = 'f' AND g.marital_status IN ({alone})) "
        "AND NOT EXISTS (SELECT 1 FROM guardian g WHERE g.household_id = c.household_id "
        "AND g.lives_in_household AND g.sex = 'm')")}


def _age(birth_date: str | None, birth_year: int | None, day: dt.date) -> int | None:
    if birth_date:
        born = dt.date.fromisoformat(str(birth_date)[:10])
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
    return None if birth_year is None else day.year - birth_year


def _child_rows(period: Period, selection: Selection) -> Iterator[tuple]:
    mothers = single_mother_children()
    for (child_id, sex, birth_date, birth_year, entry, exit_date, reason, status, level,
         civil) in _rows(
            "SELECT id, sex, birth_date, birth_year, entry_date, exit_date, exit_reason, status, "
            "school_level, civil_status FROM child WHERE merged_into_id IS NULL ORDER BY id"):
        code = selection.pseudonyms.get(child_id)
        if code is None:
            continue
        year = int(str(birth_date)[:4]) if birth_date else birth_year
        yield (code, sex, year, figures.age_band(_age(birth_date, birth_year, period.end)),
               str(entry)[:7], str(exit_date)[:7] if exit_date else None, reason or None,
               status, level or None, civil == "registered", child_id in mothers)


CHILD_FIELDS = [("pseudonym", "string"), ("sex", "string"), ("birth_year", "integer"),
                ("age_band", "string"), ("entry_month", "yearmonth"),
                ("exit_month", "yearmonth"), ("exit_reason", "string"), ("status", "string"),
                ("school_level", "string"), ("civil_registration_done", "boolean"),
                ("single_mother_household", "boolean")]


def _enrolment_rows(period: Period, selection: Selection) -> Iterator[tuple]:
    for child_id, activity_id, start, end in _rows(
            "SELECT child_id, activity_id, start_date, end_date FROM enrolment "
            "WHERE child_id IS NOT NULL AND start_date <= ? AND (end_date IS NULL "
            "OR end_date >= ?) ORDER BY child_id, activity_id, start_date",
            (period.end.isoformat(), period.start.isoformat())):
        code = selection.pseudonyms.get(child_id)
        if code is not None:
            yield code, activity_id, str(start)[:7], str(end)[:7] if end else None


_HELD_MARKS = ("FROM session s JOIN attendance a ON a.session_id = s.id "
               f"WHERE s.on_date BETWEEN ? AND ? AND {figures.held_session_sql()} "
               "AND a.child_id IS NOT NULL")
_MARK_CODE = "CASE a.mark WHEN 'P' THEN 0 WHEN 'L' THEN 1 WHEN 'A' THEN 2 WHEN 'E' THEN 3 END"


def _monthly_counts(period: Period) -> Iterator[tuple]:
    """(child id, activity id, month, present, late, absent, excused), ordered by child,
    activity and month. Each mark is read as one integer (child, activity, month and mark packed
    in that order) and counted by ``Counter`` in C: a SQL GROUP BY spent most of the export's
    time sorting its 1.8 million rows. Sorting the packed keys gives the same order."""
    first = period.start.year * 12 + period.start.month - 1
    months = period.end.year * 12 + period.end.month - first
    activities = (_rows("SELECT max(activity_id) FROM session").fetchone()[0] or 0) + 1
    month_index = ("(CAST(substr(s.on_date, 1, 4) AS INTEGER) * 12 "
                   f"+ CAST(substr(s.on_date, 6, 2) AS INTEGER) - 1 - {first})")
    counts = Counter(map(itemgetter(0), _rows(
        f"SELECT ((a.child_id * {activities} + s.activity_id) * {months} + {month_index}) * 4 "
        f"+ {_MARK_CODE} {_HELD_MARKS}", (period.start.isoformat(), period.end.isoformat()))))
    if None in counts:
        raise ValueError("attendance mark other than P, L, A, E")
    labels = [f"{(first + i) // 12:04d}-{(first + i) % 12 + 1:02d}" for i in range(months)]
    group, current = None, [0, 0, 0, 0]
    for key in sorted(counts):
        if key >> 2 != group:
            if group is not None:
                yield (group // months // activities, group // months % activities,
                       labels[group % months], *current)
            group, current = key >> 2, [0, 0, 0, 0]
        current[key & 3] = counts[key]
    if group is not None:
        yield (group // months // activities, group // months % activities,
               labels[group % months], *current)


def _monthly_rows(period: Period, selection: Selection) -> Iterator[tuple]:
    pseudonyms = selection.pseudonyms
    for child_id, activity_id, month, present, late, absent, excused in _monthly_counts(period):
        code = pseudonyms.get(child_id)
        if code is not None:
            yield (code, activity_id, month, present + late + absent + excused, present, late,
                   absent, excused)


def _monthly_lines(period: Period, selection: Selection) -> Iterator[str]:
    """The same rows as ``_monthly_rows``, as CSV lines (nothing in them needs quoting)."""
    lines = [f"{code};{activity};{month};{held};{present};{late};{absent};{excused}\r\n"
             for code, activity, month, held, present, late, absent, excused
             in _monthly_rows(period, selection)]
    for start in range(0, len(lines), 20000):
        yield "".join(lines[start:start + 20000])


def _mark_cursor(period: Period, as_lines: bool = False):
    # Ordered as the session_date index (on_date, activity_id) already is: a small sort only.
    # As lines: the child's id, then the rest of its CSV line made by SQLite.
    values = ("';' || s.activity_id || ';' || substr(s.on_date, 1, 10) || ';' || s.start_time "
              "|| ';' || a.mark || char(13, 10)" if as_lines else
              "s.activity_id, substr(s.on_date, 1, 10), s.start_time, a.mark")
    return _rows(
        f"SELECT a.child_id, {values} {_HELD_MARKS} "
        "ORDER BY s.on_date, s.activity_id, s.start_time, a.child_id",
        (period.start.isoformat(), period.end.isoformat()))


def _mark_rows(period: Period, selection: Selection) -> Iterator[tuple]:
    pseudonyms = selection.pseudonyms
    cursor = _mark_cursor(period)
    while batch := cursor.fetchmany(20000):
        for child_id, activity_id, on_date, start_time, mark in batch:
            code = pseudonyms.get(child_id)
            if code is not None:
                yield code, activity_id, on_date, start_time, mark


def _mark_lines(period: Period, selection: Selection) -> Iterator[str]:
    """The same rows as ``_mark_rows``, as CSV lines: hexadecimal pseudonyms, numbers, ISO
    dates, "09:00" and one letter never need quoting or neutralising."""
    pseudonyms = selection.pseudonyms
    cursor = _mark_cursor(period, as_lines=True)
    while batch := cursor.fetchmany(20000):
        yield "".join([pseudonyms[child] + rest for child, rest in batch if child in pseudonyms])


def pseudonymised_tables(period: Period, selection: Selection, marks: bool) -> list[Table]:
    child_fk = (["pseudonym"], "children", ["pseudonym"])
    activity_fk = (["activity_id"], "activity_list", ["activity_id"])
    tables = [
        Table("activity_list", "Activités du centre", "أنشطة المركز",
              [("activity_id", "integer"), ("activity_name", "string"),
               ("activity_kind", "string")],
              lambda: _rows("SELECT id, name, kind FROM activity ORDER BY id").fetchall(),
              ["activity_id"]),
        Table("children", "Enfants (pseudonymes, sans donnée personnelle)",
              "الأطفال (بأسماء مستعارة، دون معطيات شخصية)", CHILD_FIELDS,
              lambda: _child_rows(period, selection), ["pseudonym"]),
        Table("enrolments", "Inscriptions aux activités", "التسجيل في الأنشطة",
              [("pseudonym", "string"), ("activity_id", "integer"),
               ("start_month", "yearmonth"), ("end_month", "yearmonth")],
              lambda: _enrolment_rows(period, selection), [], [child_fk, activity_fk]),
        Table("attendance_monthly", "Présences par enfant, activité et mois",
              "الحضور حسب الطفل والنشاط والشهر",
              [("pseudonym", "string"), ("activity_id", "integer"), MONTH,
               ("held", "integer"), ("present", "integer"), ("late", "integer"),
               ("absent", "integer"), ("excused", "integer")],
              lambda: _monthly_rows(period, selection), ["pseudonym", "activity_id", "month"],
              [child_fk, activity_fk], lines=lambda: _monthly_lines(period, selection)),
    ]
    if marks:
        tables.append(Table(
            "marks", "Chaque marque de présence (P présent, L en retard, A absent, E excusé)",
            "كل علامة حضور", [("pseudonym", "string"), ("activity_id", "integer"),
                              ("date", "date"), ("start_time", "string"), ("mark", "string")],
            lambda: _mark_rows(period, selection),
            ["pseudonym", "activity_id", "date", "start_time"], [child_fk, activity_fk],
            lines=lambda: _mark_lines(period, selection)))
    return tables
