"""The follow-up sections of a child's file (school, civil registration, health) and the dated
entries under them, plus the family's follow-up timeline.

Health entries and confidential timeline entries are readable only with VIEW_CONFIDENTIAL; the
check is here, so no screen, report or export can show them to an educator or a secretary."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from centre_desk.core.dates import check_plausible
from centre_desk.core.errors import NotFound, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.models import Child, ChildEntry, FollowUp, Household, User, transaction, utcnow
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit
from centre_desk.core.services.children import editable_child, get_child
from centre_desk.core.vocabulary import (
    CIVIL_STATUS,
    CIVIL_STEP,
    FOLLOW_UP_KIND,
    HEALTH_COVERAGE,
    HEALTH_VISIT,
    SCHOOL_ENTRY,
    SCHOOL_STATUS,
    Choices,
)

# Each section of dated entries and the kinds of entry it has.
SECTIONS: dict[str, Choices] = {
    "school": SCHOOL_ENTRY,
    "civil": CIVIL_STEP,
    "health": HEALTH_VISIT,
}
CONFIDENTIAL_SECTIONS = frozenset({"health"})


@dataclass
class EntryData:
    on_date: dt.date
    kind: str
    label: str = ""   # school: year and term; civil: document or court; health: place
    person: str = ""  # school: the teacher; health: who accompanied the child
    note: str = ""


@dataclass(frozen=True)
class EntryRow:
    id: int
    data: EntryData
    author: str
    created_at: dt.datetime


@dataclass
class FollowUpData:
    on_date: dt.date
    kind: str
    note: str
    confidential: bool = False
    child_id: int | None = None


@dataclass(frozen=True)
class FollowUpRow:
    id: int
    data: FollowUpData
    child_name: str
    author: str
    created_at: dt.datetime


def _require_section(actor: Actor, section: str) -> None:
    require(actor, Permission.EDIT_CHILDREN)
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    if section in CONFIDENTIAL_SECTIONS:
        require(actor, Permission.VIEW_CONFIDENTIAL)


def _check_date(on_date: dt.date | None) -> None:
    if on_date is None:
        raise ValidationError(_("Enter the date."), "on_date")
    if on_date > dt.date.today():
        raise ValidationError(_("The date is in the future."), "on_date")
    check_plausible(on_date, "on_date")


# --- the sections' own fields -------------------------------------------------------------------

def _update_child(actor: Actor, child_id: int, section: str, **values) -> None:
    with transaction():
        child = editable_child(child_id)
        changed = [key for key, value in values.items() if getattr(child, key) != value]
        if changed:
            Child.update(**values, updated_at=utcnow()).where(Child.id == child_id).execute()
            audit.record(actor, "update", "child", child_id,
                         f"section={section};fields={','.join(changed)}")


def update_school(actor: Actor, child_id: int, status: str, school: str, level: str) -> None:
    require(actor, Permission.EDIT_CHILDREN)
    if status not in SCHOOL_STATUS:
        raise ValidationError(_("Choose the school status."), "school_status")
    if status == "in_school" and not school.strip():
        raise ValidationError(_("Enter the name of the school."), "school_name")
    _update_child(actor, child_id, "school", school_status=status,
                  school_name=" ".join(school.split()), school_level=" ".join(level.split()))


def update_civil_status(actor: Actor, child_id: int, status: str) -> None:
    require(actor, Permission.EDIT_CHILDREN)
    if status not in CIVIL_STATUS:
        raise ValidationError(_("Choose the civil registration status."), "civil_status")
    _update_child(actor, child_id, "civil", civil_status=status)


def update_health(actor: Actor, child_id: int, coverage: str, notes: str) -> None:
    require(actor, Permission.VIEW_CONFIDENTIAL)
    if coverage not in HEALTH_COVERAGE:
        raise ValidationError(_("Choose the health coverage."), "health_coverage")
    _update_child(actor, child_id, "health", health_coverage=coverage, health_notes=notes.strip())


# --- dated entries ------------------------------------------------------------------------------

def add_entry(actor: Actor, child_id: int, section: str, data: EntryData) -> int:
    _require_section(actor, section)
    _check_date(data.on_date)
    if data.kind not in SECTIONS[section]:
        raise ValidationError(_("Choose what kind of entry this is."), "kind")
    if section == "school" and data.kind == "result" and not data.label.strip():
        raise ValidationError(_("Enter the school year and term, for example 2025-2026 T1."),
                              "label")
    with transaction():
        editable_child(child_id)
        entry = ChildEntry.create(child=child_id, section=section, on_date=data.on_date,
                                  kind=data.kind, label=data.label.strip(),
                                  person=data.person.strip(), note=data.note.strip(),
                                  author=actor.user_id)
        audit.record(actor, "create", f"child_entry:{section}", entry.id, f"child={child_id}")
    return entry.id


def list_entries(actor: Actor, child_id: int, section: str) -> list[EntryRow]:
    _require_section(actor, section)
    get_child(child_id)
    query = (ChildEntry.select(ChildEntry.id, ChildEntry.on_date, ChildEntry.kind,
                               ChildEntry.label, ChildEntry.person, ChildEntry.note,
                               User.full_name, ChildEntry.created_at)
             .join(User, JOIN.LEFT_OUTER)
             .where((ChildEntry.child == child_id) & (ChildEntry.section == section))
             .order_by(ChildEntry.on_date.desc(), ChildEntry.id.desc()))
    return [EntryRow(id_, EntryData(on_date, kind, label, person, note), author or "", created)
            for id_, on_date, kind, label, person, note, author, created in query.tuples()]


def delete_entry(actor: Actor, entry_id: int) -> None:
    """Remove an entry made by mistake (audited with its id)."""
    entry = ChildEntry.get_or_none(ChildEntry.id == entry_id)
    if entry is None:
        raise NotFound(_("This entry no longer exists."))
    _require_section(actor, entry.section)
    with transaction():
        editable_child(entry.child_id)
        entry.delete_instance()
        audit.record(actor, "delete", f"child_entry:{entry.section}", entry_id,
                     f"child={entry.child_id}")


# --- the family's follow-up timeline ------------------------------------------------------------

def add_follow_up(actor: Actor, household_id: int, data: FollowUpData) -> int:
    require(actor, Permission.EDIT_CHILDREN)
    if data.confidential:
        require(actor, Permission.VIEW_CONFIDENTIAL)
    _check_date(data.on_date)
    if data.kind not in FOLLOW_UP_KIND:
        raise ValidationError(_("Choose what kind of follow-up this is."), "kind")
    if not data.note.strip():
        raise ValidationError(_("Write what happened."), "note")
    with transaction():
        household = Household.get_or_none(Household.id == household_id)
        if household is None or household.erased_at is not None:
            raise NotFound(_("This household no longer exists."))
        if data.child_id is not None:
            editable_child(data.child_id)
        entry = FollowUp.create(household=household_id, child=data.child_id,
                                on_date=data.on_date, kind=data.kind,
                                confidential=data.confidential, note=data.note.strip(),
                                author=actor.user_id)
        audit.record(actor, "create", "follow_up", entry.id,
                     f"household={household_id};confidential={int(data.confidential)}")
    return entry.id


def list_follow_ups(actor: Actor, household_id: int) -> list[FollowUpRow]:
    """The household's timeline, newest first; confidential entries only for those allowed."""
    require(actor, Permission.EDIT_CHILDREN)
    from centre_desk.core.services.children import display_name

    query = (FollowUp.select(FollowUp.id, FollowUp.on_date, FollowUp.kind, FollowUp.note,
                             FollowUp.confidential, FollowUp.child, Child.first_name_latin,
                             Child.last_name_latin, Child.first_name_arabic,
                             Child.last_name_arabic, Child.file_number, User.full_name,
                             FollowUp.created_at)
             .join_from(FollowUp, Child, JOIN.LEFT_OUTER)
             .join_from(FollowUp, User, JOIN.LEFT_OUTER)
             .where(FollowUp.household == household_id)
             .order_by(FollowUp.on_date.desc(), FollowUp.id.desc()))
    if not actor.can(Permission.VIEW_CONFIDENTIAL):
        query = query.where(FollowUp.confidential == False)  # noqa: E712 (SQL, not Python)
    rows = []
    for (id_, on_date, kind, note, confidential, child_id, first, last, first_ar, last_ar,
         number, author, created) in query.tuples():
        child_name = display_name(first, last, first_ar, last_ar, number) if child_id else ""
        rows.append(FollowUpRow(id_, FollowUpData(on_date, kind, note, bool(confidential),
                                                  child_id), child_name, author or "", created))
    return rows
