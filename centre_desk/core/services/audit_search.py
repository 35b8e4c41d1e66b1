"""Reading the audit trail as the CNDP or an administrator asks: filtered by user, action,
record and dates, exported as shown (CSV); and the reads of confidential sections (health, the
social inquiry), audited like writes so that "who read what" has an answer."""
from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from dataclasses import dataclass
from pathlib import Path

from peewee import JOIN

from centre_desk.core import storage
from centre_desk.core.documents.files import write_atomically
from centre_desk.core.errors import NotFound
from centre_desk.core.i18n import N_, _
from centre_desk.core.models import AuditEvent, User, transaction
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit
from centre_desk.core.services.audit import AuditRow

READ = "read"
CONFIDENTIAL_SECTIONS = {
    "health": N_("health"),
    "social_inquiry": N_("social inquiry"),
    "follow_up": N_("confidential follow-up entries"),
}


def record_confidential_read(actor: Actor, entity: str, entity_id: int, section: str) -> None:
    """Opening a confidential section is a read worth an audit event, like a change."""
    require(actor, Permission.VIEW_CONFIDENTIAL)
    if section not in CONFIDENTIAL_SECTIONS:
        raise ValueError(section)
    # A full or read-only disk, where people still read (issue 9): the read goes to the log
    # (ids only) instead of the audit trail, as a login does then.
    with storage.unless_unwritable(
            logging.getLogger(__name__), "confidential read not in the audit trail (the disk "
            "cannot be written): user %s, %s %s, section %s", actor.user_id, entity, entity_id,
            section), transaction():
        audit.record(actor, READ, entity, entity_id, f"section={section}")


@dataclass(frozen=True)
class AuditFilter:
    username: str | None = None
    action: str | None = None
    entity: str | None = None
    entity_id: int | None = None
    start: dt.date | None = None  # first day, included
    end: dt.date | None = None    # last day, included


def record_number(text: str, entity: str | None) -> tuple[str | None, int | None]:
    """The record the audit's filter names: the number it shows (#12), or a child's file number
    (what a family asking who read the file knows). Unknown file numbers are a NotFound, so that
    a typo never shows every event as if they were that child's."""
    text = text.strip()
    if not text:
        return entity, None
    if text.isdigit():
        return entity, int(text)
    from centre_desk.core.models import Child

    child = Child.get_or_none(Child.file_number == text.upper())
    if child is None or entity not in (None, "child"):
        raise NotFound(_("No child has the file number {number}.").format(number=text))
    return "child", child.id


def _query(audit_filter: AuditFilter):
    query = (AuditEvent
             .select(AuditEvent.at, User.username, AuditEvent.action, AuditEvent.entity,
                     AuditEvent.entity_id, AuditEvent.detail)
             .join(User, JOIN.LEFT_OUTER)
             .order_by(AuditEvent.id.desc()))
    if audit_filter.username:
        query = query.where(User.username == audit_filter.username)
    if audit_filter.action:
        query = query.where(AuditEvent.action == audit_filter.action)
    if audit_filter.entity:
        query = query.where(AuditEvent.entity == audit_filter.entity)
    if audit_filter.entity_id is not None:
        query = query.where(AuditEvent.entity_id == audit_filter.entity_id)
    if audit_filter.start:
        query = query.where(AuditEvent.at >= dt.datetime.combine(audit_filter.start, dt.time()))
    if audit_filter.end:
        after = dt.datetime.combine(audit_filter.end + dt.timedelta(days=1), dt.time())
        query = query.where(AuditEvent.at < after)
    return query


def search_events(actor: Actor, audit_filter: AuditFilter, limit: int | None = 500
                  ) -> list[AuditRow]:
    require(actor, Permission.VIEW_AUDIT)
    query = _query(audit_filter)
    if limit:
        query = query.limit(limit)
    return [AuditRow(at, username or "", act, entity, entity_id, detail)
            for at, username, act, entity, entity_id, detail in query.tuples()]


def usernames(actor: Actor) -> list[str]:
    require(actor, Permission.VIEW_AUDIT)
    return [name for (name,) in User.select(User.username).order_by(User.username).tuples()]


def write_events_csv(actor: Actor, audit_filter: AuditFilter, path: Path,
                     describe=None) -> int:
    """The events the filter shows (all of them, not only the first 500), as a CSV Excel opens.
    ``describe(row)`` may give the action and record in words; by default their codes."""
    rows = search_events(actor, audit_filter, limit=None)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([_("When"), _("User"), _("Action"), _("Record"), _("Number"), _("Detail")])
    for row in rows:
        action, record = describe(row) if describe else (row.action, row.entity)
        writer.writerow([row.at.isoformat(sep=" "), row.username, action, record,
                         "" if row.entity_id is None else row.entity_id, row.detail])
    data = "\ufeff" + buffer.getvalue()
    write_atomically(path, lambda temporary: temporary.write_text(data, encoding="utf-8"))
    with transaction():
        audit.record(actor, "export", "audit", None, f"events={len(rows)}")
    return len(rows)


@dataclass(frozen=True)
class Consultation:
    at: dt.datetime
    username: str
    full_name: str
    section: str


def consultations(entity: str, entity_id: int) -> list[Consultation]:
    """Who opened a confidential section of this record and when (for the access dossier)."""
    query = (AuditEvent.select(AuditEvent.at, User.username, User.full_name, AuditEvent.detail)
             .join(User, JOIN.LEFT_OUTER)
             .where((AuditEvent.action == READ) & (AuditEvent.entity == entity)
                    & (AuditEvent.entity_id == entity_id))
             .order_by(AuditEvent.at))
    return [Consultation(at, username or "", full_name or "", detail.partition("=")[2])
            for at, username, full_name, detail in query.tuples()]
