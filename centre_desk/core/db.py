"""Opening the centre's encrypted database, migrating it, checking and backing it up."""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Sequence

from peewee import DatabaseError
from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2 as sqlcipher

from centre_desk.core import i18n, keystore, migrations, models, storage
from centre_desk.core.errors import (
    DatabaseKeyWrong,
    DatabaseTooNew,
    NotFound,
    UserError,
)
from centre_desk.core.i18n import _, fill
from centre_desk.core.keystore import DatabaseKey
from centre_desk.core.paths import DataFolder

log = logging.getLogger(__name__)

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    # Power cuts happen: a committed mark must survive them.
    "synchronous": "full",
    "temp_store": "memory",
}


def no_centre_error(folder: DataFolder) -> NotFound:
    return NotFound(fill(_("No centre database in {folder}."), folder=folder.root))


def wrong_key_error() -> DatabaseKeyWrong:
    return DatabaseKeyWrong(_(
        "The encryption key does not open this database. It may belong to another "
        "centre, or the file is damaged. Nothing was changed."
    ))


class CentreDatabase(SqlCipherDatabase):
    """SQLCipher with a raw key, keyed before anything reads the file."""

    def _connect(self):
        params = dict(self.connect_params)
        passphrase = params.pop("passphrase")
        connection = sqlcipher.connect(self.database, isolation_level=None, **params)
        try:
            # A wrong key is reported to the user as such; SQLCipher's own stderr noise is not.
            connection.execute("PRAGMA cipher_log_level = NONE")
            connection.execute(f"PRAGMA key = \"{passphrase}\"")
            # ORDER BY name COLLATE LANGUAGE: "Échecs" before "Théâtre", Arabic letters folded
            connection.create_collation(i18n.COLLATION, i18n.compare)
            self._add_conn_hooks(connection)
        except sqlcipher.DatabaseError as exc:
            connection.close()
            if "not a database" in str(exc):
                raise wrong_key_error() from None
            raise
        except BaseException:
            connection.close()
            raise
        return connection

    def rollback(self):
        # After a failed COMMIT (disk full) SQLite has already rolled back; a second ROLLBACK
        # would fail with "no transaction is active" and hide the real cause.
        if not self.is_closed() and not self.connection().in_transaction:
            return None
        return super().rollback()


@dataclass
class OpenCentre:
    """An open database, the folder it lives in and how its key is stored."""

    db: CentreDatabase
    folder: DataFolder
    key: DatabaseKey
    schema_version: int
    read_only: bool = False  # a full disk or a read-only drive: people log in and read

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()


def connect_with_key(folder: DataFolder, key: DatabaseKey) -> CentreDatabase:
    database = CentreDatabase(str(folder.db), passphrase=key.sqlcipher_passphrase,
                              pragmas=PRAGMAS, check_same_thread=False)
    database.centre_folder, database.centre_key = folder, key  # for backup_before()
    try:
        database.connect()
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except DatabaseError as exc:
        database.close()
        if "not a database" in str(exc):
            raise wrong_key_error() from None
        fault = storage.database_fault(exc, folder.db)
        if fault is not None:
            raise fault from None
        raise
    return database


def schema_version(database) -> int:
    return database.execute_sql("PRAGMA user_version").fetchone()[0]


def create_database(folder: DataFolder,
                    steps: Sequence[migrations.Migration] = migrations.MIGRATIONS) -> OpenCentre:
    """A new, empty, encrypted database at the latest schema. Refuses to touch an existing file."""
    folder.ensure()
    if folder.db.exists():
        raise UserError(fill(_("A centre database already exists in {folder}."),
                             folder=folder.root))
    key = keystore.create_key(folder)
    database = connect_with_key(folder, key)
    migrate(database, folder, steps)
    database.bind(models.MODELS)
    log.info("created database, schema %s, key storage %s", schema_version(database), key.storage)
    return OpenCentre(database, folder, key, schema_version(database))


def open_database(folder: DataFolder,
                  steps: Sequence[migrations.Migration] = migrations.MIGRATIONS) -> OpenCentre:
    """Open an existing centre; migrate it (after a backup) when it is older than this program."""
    if not folder.db.exists():
        raise no_centre_error(folder)
    if folder.db.is_dir():
        raise storage.damaged_error(folder.db)
    key = keystore.load_key(folder)
    if folder.db.stat().st_size == 0:  # never a schema written into an empty file
        raise storage.damaged_error(folder.db)
    read_only = storage.no_space_left(folder.root) or not os.access(folder.root, os.W_OK)
    try:
        # Without room to write, even opening would leave SQLite's -wal and -shm files behind.
        database = connect_read_only(folder, key) if read_only else connect_with_key(folder, key)
    except DatabaseKeyWrong:
        if keystore.matches_folder(folder, key):  # the right key failing: the file is damaged
            raise storage.damaged_error(folder.db) from None
        raise
    except storage.StorageFault:
        database, read_only = connect_read_only(folder, key), True
    try:
        version = schema_version(database)
        latest = migrations.latest_version(steps)
        if read_only and version != latest:
            raise (storage.full_fault(folder.root) if storage.no_space_left(folder.root)
                   else storage.read_only_fault(folder.root))
        if version > latest:
            raise DatabaseTooNew(_(
                "This database was made by a newer version of Centre Desk (schema {found}); "
                "this version knows schema {known}. Install the latest Centre Desk to open it."
            ).format(found=version, known=latest))
        if version < latest:
            from centre_desk.core import backups

            backups.backup_before(database, f"v{latest}")
            migrate(database, folder, steps)
    except BaseException:
        database.close()
        raise
    database.bind(models.MODELS)
    log.info("opened database, schema %s, key storage %s%s", schema_version(database),
             key.storage, ", read-only" if read_only else "")
    return OpenCentre(database, folder, key, schema_version(database), read_only)


def connect_read_only(folder: DataFolder, key: DatabaseKey) -> CentreDatabase:
    """When the disk is full or read-only SQLite cannot make its shared-memory file: the file
    is read as it is, without one, and nothing can be written. Only when no journal holds
    changes not yet in the file (else what is read would be stale: the fault is said)."""
    wal = folder.db.with_name(folder.db.name + "-wal")
    fault = storage.no_space_left(folder.root) or not os.access(folder.root, os.W_OK)
    if not fault or (wal.exists() and wal.stat().st_size > 0):
        connect_with_key(folder, key)  # raises the fault again, in its own words
    uri = folder.db.resolve().as_uri() + "?immutable=1"
    database = CentreDatabase(uri, passphrase=key.sqlcipher_passphrase, uri=True,
                              pragmas={"foreign_keys": 1, "temp_store": "memory",
                                       "query_only": 1}, check_same_thread=False)
    database.centre_folder, database.centre_key = folder, key
    database.connect()
    database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    log.warning("the data folder cannot be written: opened read-only")
    return database


def migrate(database, folder: DataFolder, steps: Sequence[migrations.Migration]) -> None:
    version = schema_version(database)
    for target, step in steps:
        if target <= version:
            continue
        # DDL and the version bump commit together: a power cut leaves the old version whole.
        with database.atomic():
            step(database.connection())
            database.execute_sql(f"PRAGMA user_version = {int(target)}")
        log.info("migrated schema %s -> %s", version, target)
        version = target


def integrity_check(database) -> list[str]:
    """SQLite's integrity check and foreign keys; an empty list means healthy."""
    problems = [row[0] for row in database.execute_sql("PRAGMA integrity_check").fetchall()
                if row[0] != "ok"]
    problems += [f"foreign key: {row[0]} row {row[1]} -> {row[2]}"
                 for row in database.execute_sql("PRAGMA foreign_key_check").fetchall()]
    return problems


def table_counts(database) -> dict[str, int]:
    # Full-text indexes' shadow tables (child_search_data…) are SQLite's business, not counts.
    tables = [row[0] for row in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name") if not row[0].startswith("child_search_")]
    return {table: database.execute_sql(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in tables}

