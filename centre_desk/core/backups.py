"""Verified backups: the one way anything in Centre Desk backs the centre up.

A backup is an encrypted copy (same key) written under a hidden temporary name, flushed,
checked (opened with the key, ``PRAGMA quick_check``, row counts equal to the source's), then
renamed and described by a small manifest beside it. Only a copy with its manifest is listed, so
a copy cut short (a power cut, ``kill -9``) is never offered. The manifest holds dates, counts
and the key's fingerprint, never a name nor the key.

Call ``backup_before(opened, reason)`` before anything that cannot be undone (a migration,
a merge, an erasure, a restore, an import): it raises a ``UserError`` when the backup cannot be
made, and then the caller must not go on."""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from sqlcipher3 import dbapi2 as sqlcipher

from centre_desk.core import keystore, memory, storage
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.keystore import DatabaseKey
from centre_desk.core.paths import DataFolder
from centre_desk.core.schema import has_table, schema_version, table_counts

log = logging.getLogger(__name__)

PREFIX = "centre-"
SUFFIX = ".db"
MANIFEST = ".json"
STAMP = "%Y%m%d-%H%M%S"
MIGRATION_PREFIX = "before-v"
# Activity that is not a change: a closing backup is not made for a session that only read.
NOT_CHANGES = ("login", "logout", "login_failed", "export_key")
# One backup at a time in this process: the day's backup (a worker thread at start-up) and one
# asked for by hand must not rotate away, or copy over, each other's files.
_ONE_AT_A_TIME = threading.RLock()


@dataclass(frozen=True)
class Backup:
    """A verified backup as listed: the file, when and why it was made, what it holds."""

    path: Path
    created: dt.datetime
    reason: str
    schema_version: int
    counts: dict[str, int] = field(default_factory=dict)
    size: int = 0
    key_id: str = ""
    last_change: int = 0  # the newest audit event it holds
    verified: bool = True

    @property
    def manifest(self) -> Path:
        return manifest_of(self.path)

    @property
    def pinned(self) -> bool:
        """Backups taken before a schema migration are kept whatever the rotation says."""
        return self.reason.startswith(MIGRATION_PREFIX)


class BackupFailed(UserError):
    pass


def manifest_of(path: Path) -> Path:
    return Path(path).with_suffix(MANIFEST)


def _key_and_folder(target) -> tuple:
    """(database, folder, key) from an OpenCentre, a CentreDatabase, or None: the database the
    models are bound to (what a service called with only an actor is working on)."""
    if target is None:
        from centre_desk.core.models import Setting

        target = Setting._meta.database
    database = getattr(target, "db", target)
    return database, database.centre_folder, database.centre_key


def backup_before(opened, reason: str) -> Backup:
    """A verified backup named ``before-<reason>`` (``merge``, ``erasure``, ``restore``,
    ``import``, ``v5`` for a migration); ``opened`` is the OpenCentre, its database, or None
    for the database the models are bound to. Raises BackupFailed (a UserError, with the
    storage fault's sentence) when it cannot be made: do not go on then."""
    database, folder, key = _key_and_folder(opened)
    return make_backup(database, folder, key, f"before-{reason}")


def make_backup(database, folder: DataFolder, key: DatabaseKey, reason: str,
                destination: Path | None = None, now: dt.datetime | None = None,
                verify: bool = True) -> Backup:
    """A verified backup in ``destination`` (the data folder's backups/ by default); when it
    goes to backups/, also copied to the second destination, and both are rotated.

    ``verify=False`` is for closing the program, which must stay quick: the copy is written
    and flushed but left unlisted until ``verify_pending`` checks it (at the next start)."""
    with _ONE_AT_A_TIME:
        now = now or dt.datetime.now()
        directory = Path(destination) if destination is not None else folder.backups
        backup = _write_copy(database, key, directory, reason, now, verify)
        log.info("backup written%s: %s (%s bytes)", " and verified" if verify else "",
                 backup.path.name, backup.size)
        if verify and destination is None:
            _after_verified(database, backup, now)
        return backup


def _after_verified(database, backup: Backup, now: dt.datetime) -> None:
    from centre_desk.core import backup_policy

    policy = backup_policy.read_policy(database)
    backup_policy.rotate(backup.path.parent, policy, now)
    if policy.second_destination:
        copy_to_second(backup, Path(policy.second_destination), policy, now)


def verify_pending(database, folder: DataFolder, key: DatabaseKey) -> list[Backup]:
    """Check the copies written on closing; a sound one is listed (and copied to the second
    destination), a bad one removed. Returns those now verified."""
    with _ONE_AT_A_TIME:
        return _verify_pending(database, folder, key)


def _verify_pending(database, folder: DataFolder, key: DatabaseKey) -> list[Backup]:
    done = []
    for path in sorted(folder.backups.glob(f"{PREFIX}*{SUFFIX}")):
        pending = read_manifest(path, verified_only=False)
        if pending is None or pending.verified:
            continue
        if verify_file(path, key, pending.counts, read_only=False):
            log.warning("a closing backup failed its verification and was removed")
            remove(pending)
            continue
        backup = Backup(path, pending.created, pending.reason, pending.schema_version,
                        pending.counts, path.stat().st_size, pending.key_id,
                        pending.last_change)
        write_manifest(backup)
        _after_verified(database, backup, dt.datetime.now())
        done.append(backup)
    return done


def _target_name(directory: Path, reason: str, now: dt.datetime) -> Path:
    stem = f"{PREFIX}{now.strftime(STAMP)}-{reason}"
    target, number = directory / f"{stem}{SUFFIX}", 1
    while target.exists() or manifest_of(target).exists():
        number += 1
        target = directory / f"{stem}-{number}{SUFFIX}"
    return target


def _write_copy(database, key: DatabaseKey, directory: Path, reason: str,
                now: dt.datetime, verify: bool) -> Backup:
    try:
        directory.mkdir(parents=True, exist_ok=True)
        remove_partials(directory)
    except OSError as exc:
        raise _failed(storage.os_fault(exc, directory)) from None
    target = _target_name(directory, reason, now)
    partial = directory / f".{target.name}.partial"
    try:
        counts, version, last_change = _copy_into(database, partial)
        _fsync(partial)
        if verify:
            check_copy(partial, key, counts)
        os.replace(partial, target)
        backup = Backup(target, now, reason, version, counts, target.stat().st_size,
                        keystore.key_id(key.hex), last_change, verify)
        write_manifest(backup)
        _fsync_directory(directory)
    except OSError as exc:
        _discard(partial, target)
        raise _failed(storage.os_fault(exc, directory)) from None
    except BackupFailed:
        _discard(partial, target)
        if _source_damaged(database):
            raise _damaged(database) from None
        raise
    except Exception as exc:
        _discard(partial, target)
        fault = storage.database_fault(exc, target)
        if fault is None:
            raise
        if isinstance(fault, storage.DatabaseDamaged):  # a page of the source, read to copy it
            raise _damaged(database) from None
        raise _failed(fault) from None
    return backup


def _source_damaged(database) -> bool:
    """After a copy failed its check: is the centre's own file damaged? (Only then read.)"""
    try:
        rows = database.execute_sql("PRAGMA quick_check").fetchall()
    except Exception as exc:  # noqa: BLE001 - a page that cannot be read at all
        return storage.database_fault(exc, database.centre_folder.db) is not None
    return any(row[0] != "ok" for row in rows)


def _damaged(database) -> storage.DatabaseDamaged:
    """The centre's database, not the copy, is damaged: said so, naming it (and a restore
    then sets it aside whole instead of backing it up)."""
    source = database.centre_folder.db
    log.warning("backup refused: the centre's database is damaged")
    return storage.DatabaseDamaged(_failed(storage.damaged_error(source)).message, source)


def first_line(problems: list[str]) -> str:
    """SQLite's first words about a problem, for the log (it never holds a name)."""
    lines = [line for line in problems[0].splitlines() if line.strip("* ")] if problems else []
    return lines[0] if lines else ""


def _failed(fault: UserError) -> BackupFailed:
    return BackupFailed(_("The backup could not be made. {reason}").format(reason=fault.message))


def _copy_into(database, partial: Path) -> tuple[dict[str, int], int, int]:
    """The encrypted copy, and what the source held as it was copied.

    The file is already encrypted with the key: when a checkpoint has put every committed
    change into it, its bytes are the copy (measured 20 times quicker than VACUUM INTO on the
    large centre). A read transaction begun on a wholly checkpointed journal reads the file
    itself, and while it lasts SQLite lets no checkpoint write into the file: others go on
    writing, into the journal. Neither the PASSIVE checkpoint nor the read ever makes the
    screens wait. When the checkpoint could not finish, or someone wrote in between, VACUUM INTO
    (which keeps the key too) copies what this connection sees.
    """

    if database.in_transaction():
        raise RuntimeError("back up before the transaction, not inside it")
    partial.unlink(missing_ok=True)
    source = database.centre_folder.db  # (the read-only connection names it by a URI)
    before = _data_version(database)
    busy, frames, copied = database.execute_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    database.execute_sql("BEGIN")
    try:
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
        if not busy and frames == copied and _data_version(database) == before:
            # The file is copied on a thread while this one counts the rows (SQLite and the
            # copy both let go of Python's lock): on the large centre the counts took 0.3 s.
            with ThreadPoolExecutor(1, thread_name_prefix="backup-copy") as pool:
                copying = pool.submit(shutil.copyfile, source, partial)
                counts = table_counts(database)
                version = schema_version(database)
                last_change = last_change_id(database)
                copying.result()  # raises what the copy raised
            return counts, version, last_change
    finally:
        database.execute_sql("ROLLBACK")
    counts = table_counts(database)
    database.execute_sql("VACUUM INTO ?", (str(partial),))
    return counts, schema_version(database), last_change_id(database)


def _data_version(database) -> int:
    """Changes by other connections since (see PRAGMA data_version)."""
    return database.execute_sql("PRAGMA data_version").fetchone()[0]


def last_change_id(database) -> int:
    if not has_table(database, "audit_event"):
        return 0
    placeholders = ", ".join("?" for _word in NOT_CHANGES)
    row = database.execute_sql(
        f"SELECT max(id) FROM audit_event WHERE action NOT IN ({placeholders})",
        NOT_CHANGES).fetchone()
    return row[0] or 0


def open_copy(path: Path, key: DatabaseKey, read_only: bool = True):
    """A plain SQLCipher connection on a backup, read-only unless asked: a backup on a locked
    USB stick is read where it is."""
    uri = Path(path).resolve().as_uri() + ("?mode=ro" if read_only else "")
    connection = sqlcipher.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"{key.sqlcipher_passphrase}\"")
    return connection


def check_copy(path: Path, key: DatabaseKey, expected: dict[str, int] | None) -> list[str]:
    """Open with the key, quick_check, counts; also leaves the copy in rollback-journal mode so
    it can be read where it lies. Raises BackupFailed on the first problem."""
    problems = verify_file(path, key, expected, read_only=False)
    if problems:
        raise BackupFailed(_("The backup could not be verified: {problem}").format(
            problem=plain_problem(path, key, problems)))
    return problems


def plain_problem(path: Path, key: DatabaseKey, problems: list[str]) -> str:
    """The problem in the user's words: a count that differs is said as it is (it is already
    a translated sentence); SQLite's own report of damage (English, many lines) is not."""
    log.warning("backup verification failed: %s", first_line(problems))
    try:
        connection = open_copy(path, key, read_only=False)  # (a WAL copy read-only leaves -shm)
        try:
            connection.execute("PRAGMA journal_mode = DELETE")
            sound = all(row[0] == "ok" for row in connection.execute("PRAGMA quick_check"))
        finally:
            connection.close()
    except sqlcipher.Error:
        sound = False
    return problems[0] if sound else _("the copy is damaged.")


def verify_file(path: Path, key: DatabaseKey, expected: dict[str, int] | None = None,
                read_only: bool = True) -> list[str]:
    """The problems found in a backup file (an empty list: it is sound)."""

    try:
        connection = open_copy(path, key, read_only)
    except sqlcipher.Error as exc:
        return [str(exc)]
    try:
        if not read_only:
            connection.execute("PRAGMA journal_mode = DELETE")
        _cache_the_whole_file(connection)
        rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
        problems = [row for row in rows if row != "ok"]
        if not problems and expected is not None:
            counts = table_counts(_Executor(connection))
            problems = [_("{table}: {found} rows instead of {expected}").format(
                table=table, found=counts.get(table, 0), expected=number)
                for table, number in expected.items() if counts.get(table, 0) != number]
    except sqlcipher.DatabaseError as exc:
        problems = [_("it does not open with this key, or it is damaged ({detail})").format(
            detail=exc)]
    finally:
        connection.close()
        memory.give_back_freed_memory()
    return problems


# quick_check reads every page to check the b-trees, then each table's pages again to check
# its rows; with SQLite's default cache (8 MB) a large centre's tables are long gone by then,
# and every read is a decryption and an HMAC (measured: 96,000 reads of a 61,000-page file).
# A cache as large as the file reads each page once. The ceiling keeps the memory of a check
# bounded; past it the check is only slower.
_CHECK_CACHE_CEILING = 100_000  # pages of 4 KiB: about 400 MB


def _cache_the_whole_file(connection) -> None:
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA cache_size = {min(int(pages) + 16, _CHECK_CACHE_CEILING)}")


class _Executor:
    """Lets db.table_counts read a plain connection."""

    def __init__(self, connection):
        self.connection = connection

    def execute_sql(self, sql: str, params=()):
        return self.connection.execute(sql, params)


def write_manifest(backup: Backup) -> None:
    data = {"format": 1, "created": backup.created.isoformat(),
            "reason": backup.reason, "schema_version": backup.schema_version,
            "counts": backup.counts, "size": backup.size, "key_id": backup.key_id,
            "last_change": backup.last_change, "verified": backup.verified}
    path = backup.manifest
    partial = path.with_name(f".{path.name}.partial")
    with open(partial, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(partial, path)


def read_manifest(path: Path, verified_only: bool = True) -> Backup | None:
    """The backup described beside ``path``; None when there is no sound manifest, the file
    is not the size it had when it was verified, or (unless asked) it is not verified yet."""
    try:
        data = json.loads(manifest_of(path).read_text(encoding="utf-8"))
        backup = Backup(Path(path), dt.datetime.fromisoformat(data["created"]), data["reason"],
                        int(data["schema_version"]), dict(data["counts"]), int(data["size"]),
                        data.get("key_id", ""), int(data.get("last_change", 0)),
                        bool(data.get("verified", True)))
        if Path(path).stat().st_size != backup.size and backup.verified:
            return None
        if verified_only and not backup.verified:
            return None
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return backup


def list_backups(directory: Path) -> list[Backup]:
    """The verified backups in ``directory``, newest first; a missing folder lists nothing."""
    try:
        names = sorted(Path(directory).glob(f"{PREFIX}*{SUFFIX}"))
    except OSError:
        return []
    found = [backup for backup in map(read_manifest, names) if backup is not None]
    return sorted(found, key=lambda backup: (backup.created, backup.path.name), reverse=True)


def latest_backup(directory: Path) -> Backup | None:
    backups = list_backups(directory)
    return backups[0] if backups else None


def copy_to_second(backup: Backup, destination: Path, policy, now: dt.datetime) -> Backup | None:
    """The same verified file copied to the USB stick or network folder, when it is there.
    A failure there is logged, never raised: the backup itself is made."""
    from centre_desk.core import backup_policy

    if not destination.is_dir():
        log.info("second backup destination absent")
        return None
    target = destination / backup.path.name
    partial = destination / f".{target.name}.partial"
    try:
        remove_partials(destination)
        shutil.copyfile(backup.path, partial)
        _fsync(partial)
        os.replace(partial, target)
        copied = Backup(target, backup.created, backup.reason, backup.schema_version,
                        backup.counts, backup.size, backup.key_id, backup.last_change)
        write_manifest(copied)
        backup_policy.rotate(destination, policy, now)
    except OSError as exc:
        _discard(partial, target)
        log.warning("second backup destination failed: errno %s", exc.errno)
        return None
    return copied


def remove_partials(directory: Path) -> None:
    """Copies cut short by an earlier crash (we hold the instance lock: nobody else writes)."""
    for partial in Path(directory).glob(f".{PREFIX}*.partial"):
        partial.unlink(missing_ok=True)


def remove(backup: Backup) -> None:
    backup.manifest.unlink(missing_ok=True)  # first: unlisted at once
    backup.path.unlink(missing_ok=True)


def _discard(partial: Path, target: Path) -> None:
    """What a failed backup left: its target name was free before, so nothing else is lost."""
    for path in (partial, manifest_of(target), target):
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_directory(directory: Path) -> None:
    if os.name != "posix":
        return
    descriptor = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


class BackupBeside:
    """``backup_before`` for a long write, with the verification beside it: the copy is made
    and flushed before anything is written, then checked on a thread of its own (SQLite leaves
    Python's lock while it reads every page) while the caller writes in its transaction.
    ``verified()`` is called just before committing: it waits, and raises BackupFailed (the
    caller's transaction then rolls back) when the copy is not sound. ``settle()``, in a
    ``finally``, lists a sound copy (rotation, second destination) or removes a bad one.
    On a large centre this takes the verification (most of the backup's time) off the wall
    clock of an import without ever committing before a verified backup exists."""

    def __init__(self, opened, reason: str):
        self.database, folder, self.key = _key_and_folder(opened)
        self.pending = make_backup(self.database, folder, self.key, f"before-{reason}",
                                   verify=False)
        self.problems: list[str] | None = None
        self.settled = False
        self.thread = threading.Thread(target=self._check, name="backup-verification",
                                       daemon=True)
        self.thread.start()

    def _check(self) -> None:
        try:
            self.problems = verify_file(self.pending.path, self.key, self.pending.counts,
                                        read_only=False)
        except Exception as exc:  # noqa: BLE001 - whatever it is, the copy is not verified
            self.problems = [type(exc).__name__]

    def verified(self) -> None:
        self.thread.join()
        if self.problems:
            problem = plain_problem(self.pending.path, self.key, self.problems)
            self.settle()
            if _source_damaged(self.database):
                raise _damaged(self.database)
            raise BackupFailed(_("The backup could not be verified: {problem}").format(
                problem=problem))

    def settle(self) -> Backup | None:
        self.thread.join()
        if self.settled:
            return None
        self.settled = True
        with _ONE_AT_A_TIME:
            if self.problems:
                log.warning("a backup before a write failed its verification and was removed")
                remove(self.pending)
                return None
            pending, now = self.pending, dt.datetime.now()
            backup = Backup(pending.path, pending.created, pending.reason,
                            pending.schema_version, pending.counts, pending.path.stat().st_size,
                            pending.key_id, pending.last_change)
            write_manifest(backup)
            log.info("backup verified: %s", backup.path.name)
            _after_verified(self.database, backup, now)
            return backup
