"""Working lists to print: a group's emergency list, the month's birthdays, missing documents
by household, children without school follow-up this term, this week's absences.

What each role may read is decided here: the emergency list gives guardians' phones only to
those who edit files, the health notes only to those who see confidential data, and an
educator only the groups they lead."""
from __future__ import annotations

import datetime as dt
import logging

from centre_desk.core import storage
from centre_desk.core.errors import NotFound, PermissionDenied
from centre_desk.core.i18n import N_, join_list, ltr
from centre_desk.core.models import Activity, ActivityEducator
from centre_desk.core.reports.model import Table, translator
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import figures
from centre_desk.core.services.children import age_on
from centre_desk.core.services.figures import Period, held_session_sql
from centre_desk.core.vocabulary import DOCUMENT_KIND, MARK, RELATION

LISTS = {
    "group": N_("Emergency list of a group"),
    "birthdays": N_("Birthdays of the month"),
    "documents": N_("Missing documents by household"),
    "school": N_("Children without school follow-up this term"),
    "absences": N_("Absences of the week"),
}


def phone_text(language: str, phone: str) -> str:
    """A phone number kept in its order inside Arabic: read right to left, "0661 00 00 01"
    would show as "01 00 00 0661" on the screen, on paper and in Excel."""
    return ltr(phone) if language == "ar" and phone else phone


def _rows(sql: str, params=()) -> list[tuple]:
    return figures._rows(sql, params)


def person_name(language: str, first: str, last: str, first_ar: str, last_ar: str,
                file_number: str = "") -> str:
    latin, arabic = f"{first} {last}".strip(), f"{first_ar} {last_ar}".strip()
    if latin and arabic:
        return f"{arabic} — {latin}" if language == "ar" else f"{latin} — {arabic}"
    return latin or arabic or file_number


_ACTIVE = ("c.merged_into_id IS NULL AND c.entry_date <= ? "
           "AND (c.exit_date IS NULL OR c.exit_date >= ?)")
_NAME = "c.first_name_latin, c.last_name_latin, c.first_name_arabic, c.last_name_arabic"


def own_groups(actor: Actor) -> set[int] | None:
    """The groups whose emergency list ``actor`` may print: None for every group (those who
    see the centre's attendance), else the ones they lead."""
    if actor.can(Permission.VIEW_ATTENDANCE):
        return None
    return {row[0] for row in ActivityEducator.select(ActivityEducator.activity).where(
        ActivityEducator.user == actor.user_id).tuples()}


def group_list(actor: Actor, language: str, activity_id: int, day: dt.date) -> Table:
    """The children of a group with the phones to call in an emergency."""
    require(actor, Permission.TAKE_ROLL)
    activity = Activity.get_or_none(Activity.id == activity_id)
    if activity is None:
        raise NotFound(translator(language)(N_("This activity no longer exists.")))
    mine = own_groups(actor)
    if mine is not None and activity_id not in mine:
        raise PermissionDenied()
    t = translator(language)
    families = actor.can(Permission.EDIT_CHILDREN)
    health = actor.can(Permission.VIEW_CONFIDENTIAL)
    guardians: dict[int, list[str]] = {}
    if families:
        for child_id, relation, name, phone in _rows(
                "SELECT cg.child_id, cg.relation, g.name_latin || CASE WHEN g.name_arabic != '' "
                "AND g.name_latin != '' THEN ' — ' ELSE '' END || g.name_arabic, g.phone "
                "FROM child_guardian cg JOIN guardian g ON g.id = cg.guardian_id "
                "JOIN enrolment e ON e.child_id = cg.child_id WHERE e.activity_id = ? "
                "ORDER BY g.id", (activity_id,)):
            relation_text = t(RELATION[relation]) if relation in RELATION else relation
            guardians.setdefault(child_id, []).append(
                f"{name} ({relation_text}) {phone_text(language, phone)}".strip())
    rows, shown_notes = [], []
    day_text = day.isoformat()
    for (child_id, number, file_number, first, last, first_ar, last_ar, birth_date,
         birth_year, emergency, notes) in _rows(
            f"SELECT c.id, e.number, c.file_number, {_NAME}, c.birth_date, c.birth_year, "
            "c.emergency_phone, c.health_notes FROM enrolment e JOIN child c ON c.id = "
            "e.child_id WHERE e.activity_id = ? AND e.start_date <= ? AND (e.end_date IS NULL "
            "OR e.end_date >= ?) ORDER BY e.number", (activity_id, day_text, day_text)):
        birth = dt.date.fromisoformat(str(birth_date)[:10]) if birth_date else None
        row = (number, person_name(language, first, last, first_ar, last_ar, file_number),
               age_on(birth, birth_year, day), phone_text(language, emergency))
        if families:
            row += (join_list(guardians.get(child_id, []), language, semicolons=True),)
        if health:
            row += (notes,)
            if notes:
                shown_notes.append(child_id)
        rows.append(row)
    columns = (t(N_("No.")), t(N_("Child")), t(N_("Age")), t(N_("Emergency phone")))
    if families:
        columns += (t(N_("Guardians")),)
    if health:
        columns += (t(N_("Health notes (confidential)")),)
        _record_health_reads(actor, shown_notes)
    name = activity.name_ar if language == "ar" and activity.name_ar else activity.name
    return Table("group", f"{t(LISTS['group'])} — {name}", columns, tuple(rows))


def _record_health_reads(actor: Actor, child_ids: list[int]) -> None:
    """A list that shows health notes reads them, as opening each child's health tab would."""
    from centre_desk.core.models import transaction
    from centre_desk.core.services import audit
    from centre_desk.core.services.audit_search import READ

    if not child_ids:
        return
    # On a full or read-only disk the emergency list still prints.
    with storage.unless_unwritable(logging.getLogger(__name__), "health reads not recorded: "
                                   "the disk cannot be written"), transaction():
        audit.record_many(actor, READ, "child", child_ids, "section=health")


def birthdays(actor: Actor, language: str, month: Period) -> Table:
    require(actor, Permission.VIEW_CHILD_CARD)
    t = translator(language)
    rows = []
    for file_number, first, last, first_ar, last_ar, birth_date in _rows(
            f"SELECT c.file_number, {_NAME}, c.birth_date FROM child c WHERE {_ACTIVE} "
            "AND c.birth_precision = 'exact' AND substr(c.birth_date, 6, 2) = ? "
            "ORDER BY substr(c.birth_date, 9, 2), c.sort_name",
            (month.end.isoformat(), month.start.isoformat(), f"{month.start.month:02d}")):
        born = dt.date.fromisoformat(str(birth_date)[:10])
        rows.append((born.strftime("%d/%m"), person_name(language, first, last, first_ar,
                                                         last_ar, file_number),
                     file_number, month.start.year - born.year))
    return Table("birthdays", t(LISTS["birthdays"]), (
        t(N_("Day")), t(N_("Child")), t(N_("File")), t(N_("Age reached"))), tuple(rows))


def missing_documents(actor: Actor, language: str, day: dt.date) -> Table:
    require(actor, Permission.EDIT_CHILDREN)
    t = translator(language)
    received: dict[int, set[str]] = {}
    for household_id, kind in _rows("SELECT household_id, kind FROM household_document"):
        received.setdefault(household_id, set()).add(kind)
    households: dict[int, tuple[str, list[str]]] = {}
    for household_id, household, file_number, first, last, first_ar, last_ar in _rows(
            f"SELECT h.id, h.name, c.file_number, {_NAME} FROM child c JOIN household h "
            f"ON h.id = c.household_id WHERE {_ACTIVE} AND h.erased_at IS NULL "
            "ORDER BY h.name, c.sort_name", (day.isoformat(), day.isoformat())):
        entry = households.setdefault(household_id, (household, []))
        entry[1].append(person_name(language, first, last, first_ar, last_ar, file_number))
    rows = []
    for household_id, (household, names) in households.items():
        missing = [t(label) for kind, label in DOCUMENT_KIND.items()
                   if kind not in received.get(household_id, set())]
        if missing:
            rows.append((household, join_list(names, language), len(missing),
                         join_list(missing, language)))
    return Table("documents", t(LISTS["documents"]), (
        t(N_("Household")), t(N_("Children")), t(N_("Missing")), t(N_("Documents missing"))),
        tuple(rows))


def school_term(day: dt.date) -> Period:
    """Moroccan school terms: September–December, January–March, April–August."""
    if day.month >= 9:
        return Period(dt.date(day.year, 9, 1), dt.date(day.year, 12, 31))
    if day.month <= 3:
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 3, 31))
    return Period(dt.date(day.year, 4, 1), dt.date(day.year, 8, 31))


def without_school_follow_up(actor: Actor, language: str, day: dt.date) -> Table:
    """Active children of school age (6 to 17) with no school entry since the term began."""
    require(actor, Permission.EDIT_CHILDREN)
    t = translator(language)
    term = school_term(day)
    rows = []
    for file_number, first, last, first_ar, last_ar, birth_date, birth_year, level, last_entry \
            in _rows(f"SELECT c.file_number, {_NAME}, c.birth_date, c.birth_year, "
                     "c.school_level, (SELECT max(on_date) FROM child_entry x WHERE x.child_id "
                     "= c.id AND x.section = 'school') FROM child c WHERE " + _ACTIVE +
                     " AND NOT EXISTS (SELECT 1 FROM child_entry x WHERE x.child_id = c.id AND "
                     "x.section = 'school' AND x.on_date BETWEEN ? AND ?) ORDER BY c.sort_name",
                     (day.isoformat(), day.isoformat(), term.start.isoformat(),
                      day.isoformat())):
        birth = dt.date.fromisoformat(str(birth_date)[:10]) if birth_date else None
        age = age_on(birth, birth_year, day)
        if age is None or 6 <= age <= 17:
            rows.append((person_name(language, first, last, first_ar, last_ar, file_number),
                         file_number, age, level,
                         dt.date.fromisoformat(str(last_entry)[:10]).strftime("%d/%m/%Y")
                         if last_entry else ""))
    return Table("school", t(LISTS["school"]), (
        t(N_("Child")), t(N_("File")), t(N_("Age")), t(N_("School level")),
        t(N_("Last school entry"))), tuple(rows))


def week_absences(actor: Actor, language: str, day: dt.date) -> Table:
    require(actor, Permission.VIEW_ATTENDANCE)
    t = translator(language)
    monday = day - dt.timedelta(days=day.weekday())
    rows = tuple(
        (dt.date.fromisoformat(str(on_date)[:10]).strftime("%d/%m"), start, activity,
         person_name(language, first, last, first_ar, last_ar, file_number), file_number,
         t(MARK[mark]), note)
        for on_date, start, activity, file_number, first, last, first_ar, last_ar, mark, note
        in _rows(f"SELECT s.on_date, s.start_time, CASE WHEN ? = 'ar' AND act.name_ar != '' THEN "
                 f"act.name_ar ELSE act.name END, c.file_number, {_NAME}, a.mark, "
                 "a.note FROM session s JOIN attendance a ON a.session_id = s.id JOIN activity "
                 "act ON act.id = s.activity_id JOIN child c ON c.id = a.child_id WHERE "
                 f"{held_session_sql()} AND s.on_date BETWEEN ? AND ? AND a.mark IN ('A', 'E') "
                 "ORDER BY s.on_date, s.start_time, act.name, c.sort_name",
                 (language, monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat())))
    return Table("absences", t(LISTS["absences"]), (
        t(N_("Day")), t(N_("Time")), t(N_("Activity")), t(N_("Child")), t(N_("File")),
        t(N_("Mark")), t(N_("Note"))), rows)
