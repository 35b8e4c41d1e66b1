"""peewee models. The schema itself is created by migrations (see migrations.py); these
classes describe the latest version and are bound to the open database by db.open_centre."""
from __future__ import annotations

import datetime as dt

from peewee import (
    BlobField,
    BooleanField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)


class BaseModel(Model):
    class Meta:
        legacy_table_names = False


class Centre(BaseModel):
    """The one centre this database belongs to (a single row, id 1)."""

    name = CharField()
    city = CharField()
    association = CharField(default="")
    file_prefix = CharField(default="CTR")
    default_language = CharField(default="fr")
    logo_png = BlobField(null=True)
    created_at = DateTimeField(default=utcnow)


class User(BaseModel):
    username = CharField(unique=True)
    full_name = CharField()
    role = CharField()
    password_hash = CharField()
    language = CharField(null=True)
    active = BooleanField(default=True)
    created_at = DateTimeField(default=utcnow)
    last_login_at = DateTimeField(null=True)


class AuditEvent(BaseModel):
    at = DateTimeField(default=utcnow, index=True)
    user = ForeignKeyField(User, null=True, backref="audit_events", on_delete="SET NULL")
    action = CharField()
    entity = CharField()
    entity_id = IntegerField(null=True)
    detail = TextField(default="")  # never personal data: field names, roles, counts


MODELS = [Centre, User, AuditEvent]


def transaction():
    """A transaction on the database the models are bound to (see db.open_database)."""
    return Centre._meta.database.atomic()
