"""The audit trail: who did what to which record, written in the same transaction as the change.

Details hold field names, roles and counts, never personal data."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN

from centre_desk.core.models import AuditEvent, User, utcnow
from centre_desk.core.security import Actor, Permission, require


def record(actor: Actor | None, action: str, entity: str, entity_id: int | None,
           detail: str = "") -> None:
    AuditEvent.create(user=actor.user_id if actor else None, action=action, entity=entity,
                      entity_id=entity_id, detail=detail)


def record_many(actor: Actor | None, action: str, entity: str, entity_ids: list[int],
                detail: str = "") -> None:
    """The same action on many records (a batch of certificates), in one statement."""
    rows = [dict(at=utcnow(), user=actor.user_id if actor else None, action=action,
                 entity=entity, entity_id=entity_id, detail=detail) for entity_id in entity_ids]
    for start in range(0, len(rows), 150):
        AuditEvent.insert_many(rows[start:start + 150]).execute()


@dataclass(frozen=True)
class AuditRow:
    at: dt.datetime
    username: str
    action: str
    entity: str
    entity_id: int | None
    detail: str


def recent_events(actor: Actor, limit: int = 500, action: str | None = None) -> list[AuditRow]:
    require(actor, Permission.VIEW_AUDIT)
    query = (AuditEvent
             .select(AuditEvent.at, User.username, AuditEvent.action, AuditEvent.entity,
                     AuditEvent.entity_id, AuditEvent.detail)
             .join(User, JOIN.LEFT_OUTER)
             .order_by(AuditEvent.id.desc())
             .limit(limit))
    if action:
        query = query.where(AuditEvent.action == action)
    return [AuditRow(at, username or "", act, entity, entity_id, detail)
            for at, username, act, entity, entity_id, detail in query.tuples()]
