"""Ordered schema migrations. Each step moves the database from version N-1 to N and is
frozen once released: later changes are new steps, never edits of old ones."""
from __future__ import annotations

from typing import Callable, Sequence

Migration = tuple[int, Callable]

V1_FOUNDATION = """
CREATE TABLE centre (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    association TEXT NOT NULL DEFAULT '',
    file_prefix TEXT NOT NULL DEFAULT 'CTR',
    default_language TEXT NOT NULL DEFAULT 'fr',
    logo_png BLOB,
    created_at DATETIME NOT NULL
);
CREATE TABLE user (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    language TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    created_at DATETIME NOT NULL,
    last_login_at DATETIME
);
CREATE TABLE audit_event (
    id INTEGER PRIMARY KEY,
    at DATETIME NOT NULL,
    user_id INTEGER REFERENCES user(id) ON DELETE SET NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_event_at ON audit_event(at);
CREATE INDEX audit_event_user ON audit_event(user_id);
CREATE INDEX audit_event_entity ON audit_event(entity, entity_id);
"""


def run_script(connection, script: str) -> None:
    for statement in script.split(";"):
        if statement.strip():
            connection.execute(statement)


def v1_foundation(connection) -> None:
    run_script(connection, V1_FOUNDATION)


MIGRATIONS: Sequence[Migration] = (
    (1, v1_foundation),
)


def latest_version(steps: Sequence[Migration] = MIGRATIONS) -> int:
    return steps[-1][0]
