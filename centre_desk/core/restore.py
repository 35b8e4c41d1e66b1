"""Restoring a backup, here or on a new computer.

The key comes from this computer's credential store (found by the fingerprint in the backup's
manifest), from the data folder, or from the recovery sheet. Before anything is replaced the
backup is verified and previewed; the current database is itself backed up first (or, when it
is damaged, moved aside whole). An older schema is migrated on opening; a newer one refused."""
from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from centre_desk.core import backups, keystore, migrations, storage
from centre_desk.core.errors import DatabaseTooNew, UserError, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.keystore import DatabaseKey
from centre_desk.core.paths import DataFolder
from centre_desk.core.schema import has_table

log = logging.getLogger(__name__)


class KeyNeeded(UserError):
    """No key on this computer opens the backup: the recovery sheet is needed."""


@dataclass(frozen=True)
class Preview:
    """What a backup holds, read with its key before anything is replaced."""

    path: Path
    centre: str
    city: str
    created: dt.datetime
    schema_version: int
    counts: dict[str, int]
    key: DatabaseKey

    @property
    def children(self) -> int:
        return self.counts.get("child", 0)


def _check_readable(path: Path) -> None:
    if not path.is_file():
        raise ValidationError(_("{path} is not a backup file.").format(path=storage.shown(path)),
                              "backup")


def find_key(path: Path, folder: DataFolder | None = None) -> DatabaseKey | None:
    """A key this computer already has for the backup, or None (ask for the recovery sheet)."""
    manifest = backups.read_manifest(path)
    if manifest is not None and manifest.key_id:
        found = keystore.key_by_id(manifest.key_id)
        if found is not None:
            return found
    if folder is not None and folder.has_centre():
        try:
            candidate = keystore.load_key(folder)
        except UserError:
            return None
        if manifest is None or not manifest.key_id or \
                manifest.key_id == keystore.key_id(candidate.hex):
            return candidate
    return None


def key_from_text(text: str) -> DatabaseKey:
    """A key typed from the recovery sheet (spaces and dashes between groups are fine)."""
    value = "".join(character for character in text if character.isalnum()).lower()
    if not keystore.KEY_HEX.fullmatch(value):
        raise ValidationError(_("A recovery key is 64 characters, digits 0-9 and letters a-f."),
                              "key")
    return DatabaseKey(value, keystore.KEYRING)


def key_from_sheet(path: Path) -> DatabaseKey:
    """The key in a recovery sheet file: the PDF or the older text file."""
    from centre_desk.core.documents.recovery_sheet import read_key

    return DatabaseKey(read_key(Path(path)), keystore.KEYRING)


def preview(path: Path, key: DatabaseKey | None) -> Preview:
    """Open the backup with the key (read-only) and say what it holds; raises KeyNeeded."""
    from centre_desk.core.db import table_counts

    path = Path(path)
    _check_readable(path)
    if key is None:
        raise KeyNeeded(_("No key on this computer opens this backup. Give the recovery key "
                          "(typed from the recovery sheet, or its file)."), "key")
    problems = backups.verify_file(path, key)
    if problems:
        log.warning("backup refused: %s", backups.first_line(problems))
        raise storage.DatabaseDamaged(_(
            "This backup cannot be used: the key does not open it, or it is damaged."), path)
    connection = backups.open_copy(path, key)
    try:
        executor = backups._Executor(connection)
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        centre = ("", "")
        has_table_centre = has_table(executor, "centre")  # an empty file opens as a database
        if has_table_centre:
            centre = connection.execute("SELECT name, city FROM centre WHERE id = 1"
                                        ).fetchone() or centre
        counts = table_counts(executor)
    finally:
        connection.close()
    if not version or not has_table_centre:
        raise ValidationError(_("{path} is not a Centre Desk backup: it holds no centre.").format(
            path=storage.shown(path)), "backup")
    manifest = backups.read_manifest(path)
    created = manifest.created if manifest else dt.datetime.fromtimestamp(path.stat().st_mtime)
    return Preview(path, centre[0], centre[1], created, version, counts, key)


def contents_text(found: Preview) -> str:
    """What a backup holds, in words: "1 child, 2 users, 0 attendance marks" (plurals)."""
    from centre_desk.core.i18n import format_number, join_list, ngettext

    users, marks = found.counts.get("user", 0), found.counts.get("attendance", 0)
    return join_list([
        ngettext("{n} child", "{n} children", found.children).format(
            n=format_number(found.children)),
        ngettext("{n} user", "{n} users", users).format(n=format_number(users)),
        ngettext("{n} attendance mark", "{n} attendance marks", marks).format(
            n=format_number(marks))])


def check_not_too_new(found: Preview) -> None:
    latest = migrations.latest_version()
    if found.schema_version > latest:
        raise DatabaseTooNew(_(
            "This backup was made by a newer version of Centre Desk (schema {found}); this "
            "version knows schema {known}. Install the latest Centre Desk to restore it."
        ).format(found=found.schema_version, known=latest))


def restore(found: Preview, folder: DataFolder, into_new: bool = False) -> DataFolder:
    """Put the previewed backup in place as ``folder``'s database, its key filed for it.

    The caller holds ``folder``'s instance lock and has closed its own connection to it.
    ``into_new`` refuses a folder that already has a centre."""
    check_not_too_new(found)
    if folder.has_centre() and into_new:
        raise UserError(_("{folder} already holds a centre. Choose an empty folder.").format(
            folder=storage.shown(folder.root)))
    try:
        folder.ensure()
        partial = _copy_beside(found.path, folder)  # first: a rotation may remove the source
    except OSError as exc:  # (the error names the backup read, the fault is where it goes)
        raise storage.os_fault(exc, folder.root) from None
    try:
        if folder.has_centre():
            _keep_current(folder)
        _put_in_place(partial, folder)
        keystore.store_key(folder, found.key)
    except OSError as exc:
        raise storage.os_fault(exc, folder.root) from None
    finally:
        partial.unlink(missing_ok=True)
    log.info("backup restored (schema %s)", found.schema_version)
    return folder


def record_restore(folder: DataFolder, found: Preview, username: str | None = None) -> None:
    """Open the restored centre (an older schema is migrated now) and write in its own audit
    trail that it was restored, from which backup and by whom: the events between the backup
    and now are gone, and this says why. ``username``: the administrator who logged in to
    replace the centre; None on a new computer or for a damaged centre."""
    from centre_desk.core import db
    from centre_desk.core.models import User, transaction
    from centre_desk.core.services import audit
    from centre_desk.core.services.users import actor_for

    opened = db.open_database(folder)
    try:
        if opened.read_only:
            return
        user = User.get_or_none(User.username == username) if username else None
        with transaction():
            audit.record(actor_for(user) if user else None, "restore", "centre", 1,
                         f"backup={found.created:%Y-%m-%dT%H:%M}")
    finally:
        opened.close()


def _keep_current(folder: DataFolder) -> None:
    """The database being replaced: backed up when it opens, moved aside whole when not."""
    from centre_desk.core import db

    try:
        opened = db.open_database(folder)
    except UserError:
        _move_aside(folder)
        return
    try:
        backups.backup_before(opened, "restore")
    except storage.DatabaseDamaged:  # it opened, but the backup read a damaged page
        opened.close()
        _move_aside(folder)
    finally:
        opened.close()


def _move_aside(folder: DataFolder) -> None:
    """A damaged database (and its WAL) kept under backups/, unlisted, never deleted."""
    stamp = dt.datetime.now().strftime(backups.STAMP)
    aside = folder.backups / f"damaged-{stamp}"
    try:
        aside.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            source = folder.db.with_name(folder.db.name + suffix)
            if source.exists():
                shutil.move(str(source), aside / source.name)
    except OSError as exc:
        raise storage.os_fault(exc, folder.root) from None
    log.warning("damaged database moved aside to %s", aside.name)


def _copy_beside(source: Path, folder: DataFolder) -> Path:
    partial = folder.root / ".centre.db.restoring"
    try:
        shutil.copyfile(source, partial)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return partial


def _put_in_place(partial: Path, folder: DataFolder) -> None:
    for suffix in ("-wal", "-shm"):  # the old database's journal must not meet the new file
        folder.db.with_name(folder.db.name + suffix).unlink(missing_ok=True)
    os.replace(partial, folder.db)
