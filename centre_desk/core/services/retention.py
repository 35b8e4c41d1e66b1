"""Keeping data no longer than needed (law 09-08): the centre's retention rules say how long
each category is kept; what is past its time is listed for an administrator and anonymised in
one batch through the existing erasure. The destruction log keeps what category, how many, when
and by whom — never whose."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from centre_desk.core import backups
from centre_desk.core.i18n import N_, _
from centre_desk.core.models import (
    AuditEvent,
    Child,
    ChildEntry,
    DestructionLog,
    User,
    transaction,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit
from centre_desk.core.services.privacy_settings import RetentionRules, retention_rules

LEFT_CHILDREN = "left_children"
HEALTH_NOTES = "health_notes"
AUDIT_EVENTS = "audit_events"

CATEGORIES = {
    LEFT_CHILDREN: N_("Files of children who left"),
    HEALTH_NOTES: N_("Health notes of children who left"),
    AUDIT_EVENTS: N_("Audit events"),
}


def category_label(category: str) -> str:
    return _(CATEGORIES[category])


def years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def years_before(day: dt.date, years: int) -> dt.date:
    return years_after(day, -years)


@dataclass(frozen=True)
class DueFile:
    child_id: int
    file_number: str
    category: str
    exit_date: dt.date
    due_on: dt.date


def _left_children():
    return (Child.select(Child.id, Child.file_number, Child.exit_date, Child.health_notes)
            .where(Child.exit_date.is_null(False) & (Child.status != "active")
                   & Child.erased_at.is_null() & Child.merged_into.is_null())
            .order_by(Child.exit_date, Child.id))


def _with_health_visits() -> set[int]:
    """Children whose health visits still say where, with whom or what (not yet anonymised)."""
    return {child_id for (child_id,) in ChildEntry.select(ChildEntry.child).where(
        (ChildEntry.section == "health")
        & ((ChildEntry.label != "") | (ChildEntry.person != "") | (ChildEntry.note != ""))
    ).distinct().tuples()}


def due_files(actor: Actor, today: dt.date | None = None,
              rules: RetentionRules | None = None) -> list[DueFile]:
    """The files past their retention on ``today``: whole files of children who left, and the
    health notes and visits of children who left (kept a shorter time) when the whole file is
    not due."""
    require(actor, Permission.MANAGE_CHILD_FILES)
    today = today or dt.date.today()
    rules = rules or retention_rules()
    due = []
    visits = _with_health_visits()
    for child_id, number, exit_date, health_notes in _left_children().tuples():
        whole = years_after(exit_date, rules.left_children_years)
        health = years_after(exit_date, rules.health_notes_years)
        if whole <= today:
            due.append(DueFile(child_id, number, LEFT_CHILDREN, exit_date, whole))
        elif health <= today and (health_notes or child_id in visits):
            due.append(DueFile(child_id, number, HEALTH_NOTES, exit_date, health))
    return due


def due_audit_events(actor: Actor, today: dt.date | None = None,
                     rules: RetentionRules | None = None) -> int:
    require(actor, Permission.MANAGE_CHILD_FILES)
    today = today or dt.date.today()
    rules = rules or retention_rules()
    limit = dt.datetime.combine(years_before(today, rules.audit_years), dt.time())
    return AuditEvent.select().where(AuditEvent.at < limit).count()


def anonymise_due(actor: Actor, today: dt.date | None = None) -> dict[str, int]:
    """Anonymise everything due on ``today`` in one transaction; returns how many per
    category, as written in the destruction log."""
    from centre_desk.core.services.file_admin import erase_child

    require(actor, Permission.MANAGE_CHILD_FILES)
    today = today or dt.date.today()
    rules = retention_rules()
    counts = {LEFT_CHILDREN: 0, HEALTH_NOTES: 0, AUDIT_EVENTS: 0}
    backups.backup_before(Child._meta.database, "anonymisation")  # one for the whole batch
    with transaction():
        for due in due_files(actor, today, rules):
            if due.category == LEFT_CHILDREN:
                erase_child(actor, due.child_id, backup=False)
            else:  # the notes and the visits' places, companions and notes; dates stay
                Child.update(health_notes="").where(Child.id == due.child_id).execute()
                ChildEntry.update(label="", person="", note="").where(
                    (ChildEntry.child == due.child_id) & (ChildEntry.section == "health")
                ).execute()
            counts[due.category] += 1
        limit = dt.datetime.combine(years_before(today, rules.audit_years), dt.time())
        counts[AUDIT_EVENTS] = AuditEvent.delete().where(AuditEvent.at < limit).execute()
        for category, count in counts.items():
            if count:
                DestructionLog.create(user=actor.user_id, category=category, count=count)
        audit.record(actor, "anonymise", "retention", None,
                     ";".join(f"{category}={count}" for category, count in counts.items()))
    return counts


@dataclass(frozen=True)
class DestructionRow:
    at: dt.datetime
    category: str
    count: int
    username: str


def destruction_log(actor: Actor) -> list[DestructionRow]:
    require(actor, Permission.MANAGE_CHILD_FILES)
    query = (DestructionLog.select(DestructionLog.at, DestructionLog.category,
                                   DestructionLog.count, User.username)
             .join(User, JOIN.LEFT_OUTER, on=(DestructionLog.user == User.id))
             .order_by(DestructionLog.id.desc()))
    return [DestructionRow(at, category, count, username or "")
            for at, category, count, username in query.tuples()]
