"""The encrypted database: keys, wrong and missing keys, migrations, newer versions."""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import sys

import keyring
import pytest
from keyring.backends import fail

from centre_desk.core import db, keystore, migrations
from centre_desk.core.errors import (
    DatabaseKeyMissing,
    DatabaseKeyWrong,
    DatabaseTooNew,
    UserError,
)
from centre_desk.core.models import User


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_database_is_encrypted_and_its_key_is_in_the_credential_store(folder, memory_keyring):
    opened = db.create_database(folder)
    opened.db.execute_sql("CREATE TABLE probe(name TEXT)")
    opened.db.execute_sql("INSERT INTO probe VALUES ('Fatima Zahra El Amrani')")
    opened.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    opened.close()
    raw = folder.db.read_bytes()
    assert not raw.startswith(b"SQLite format 3")
    assert b"Fatima" not in raw
    assert opened.key.storage == keystore.KEYRING
    assert not folder.key_file.exists()
    assert memory_keyring.get_password(keystore.SERVICE, keystore.keyring_account(folder))


def test_without_credential_store_the_key_goes_to_an_owner_only_file(folder):
    keyring.set_keyring(fail.Keyring())
    opened = db.create_database(folder)
    opened.close()
    assert opened.key.storage == keystore.KEY_FILE
    assert keystore.read_key_file(folder) == opened.key.hex
    if sys.platform != "win32":
        assert stat.S_IMODE(os.stat(folder.key_file).st_mode) == 0o600
    reopened = db.open_database(folder)
    assert reopened.key.storage == keystore.KEY_FILE
    reopened.close()


def test_wrong_key_is_a_clear_error_and_changes_nothing(folder, memory_keyring):
    db.create_database(folder).close()
    before = digest(folder.db)
    memory_keyring.set_password(keystore.SERVICE, keystore.keyring_account(folder), "ab" * 32)
    with pytest.raises(DatabaseKeyWrong) as error:
        db.open_database(folder)
    assert "clé" in error.value.message
    assert digest(folder.db) == before


def test_missing_key_never_creates_a_new_database_over_the_file(folder, memory_keyring):
    db.create_database(folder).close()
    before = digest(folder.db)
    memory_keyring.clear()
    with pytest.raises(DatabaseKeyMissing):
        db.open_database(folder)
    with pytest.raises(UserError, match="existe déjà") as error:
        db.create_database(folder)
    assert str(folder.root) in error.value.message
    assert digest(folder.db) == before


def test_newer_schema_is_refused_with_both_versions_named(folder):
    opened = db.create_database(folder)
    opened.db.execute_sql("PRAGMA user_version = 99")
    opened.close()
    with pytest.raises(DatabaseTooNew) as error:
        db.open_database(folder)
    assert "99" in error.value.message
    assert str(migrations.latest_version()) in error.value.message


def test_older_schema_is_backed_up_then_migrated_keeping_its_data(folder, tmp_path):
    first_only = migrations.MIGRATIONS[:1]
    opened = db.create_database(folder, steps=first_only)
    opened.db.execute_sql(
        "INSERT INTO user (username, full_name, role, password_hash, created_at) "
        "VALUES ('nadia', 'Nadia', 'admin', 'x', '2026-01-01 00:00:00')")
    opened.close()

    def add_phone(connection):
        connection.execute("ALTER TABLE user ADD COLUMN phone TEXT NOT NULL DEFAULT ''")

    steps = (*first_only, (first_only[-1][0] + 1, add_phone))
    migrated = db.open_database(folder, steps=steps)
    assert migrated.schema_version == steps[-1][0]
    assert migrated.db.execute_sql("SELECT username, phone FROM user").fetchall() == [("nadia", "")]
    migrated.close()
    backups = list(folder.backups.glob("centre-*-before-v*.db"))
    assert len(backups) == 1
    # The backup itself (not the migrated file) opens with the same key and holds the old
    # version: schema 1, the user, no phone column yet.
    elsewhere = folder.__class__(tmp_path / "backup-opened")
    elsewhere.ensure()
    shutil.copyfile(backups[0], elsewhere.db)
    assert not elsewhere.db.samefile(folder.db)
    old = db.connect_with_key(elsewhere, migrated.key)
    try:
        assert db.schema_version(old) == 1
        assert old.execute_sql("SELECT username FROM user").fetchall() == [("nadia",)]
        columns = [row[1] for row in old.execute_sql("PRAGMA table_info(user)").fetchall()]
        assert "username" in columns and "phone" not in columns
    finally:
        old.close()


def test_a_failing_migration_leaves_the_previous_version_whole(folder):
    first_only = migrations.MIGRATIONS[:1]
    db.create_database(folder, steps=first_only).close()

    def broken(connection):
        connection.execute("CREATE TABLE half_done(x)")
        raise RuntimeError("power cut")

    with pytest.raises(RuntimeError):
        db.open_database(folder, steps=(*first_only, (first_only[-1][0] + 1, broken)))
    reopened = db.open_database(folder, steps=first_only)
    assert reopened.schema_version == first_only[-1][0]
    assert "half_done" not in reopened.db.get_tables()
    reopened.close()


def test_check_reports_a_healthy_database(centre):
    opened, _admin = centre
    assert db.integrity_check(opened.db) == []
    counts = db.table_counts(opened.db)
    assert counts["user"] == User.select().count() == 1


def test_every_model_matches_the_schema_the_migrations_build(centre):
    from centre_desk.core.models import MODELS

    for model in MODELS:
        model.select().limit(0).execute()  # every column the model names exists
