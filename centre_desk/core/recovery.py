"""The recovery sheet: the database key written out to keep somewhere safe, and put back.

If the Windows credential store is lost (a reinstalled PC, a new user profile) the data is
unreadable without it; the sheet is what an administrator keeps in the association's safe."""
from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

from centre_desk import APP_NAME
from centre_desk.core import db as database, keystore, storage
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.keystore import DatabaseKey
from centre_desk.core.paths import DataFolder



def write_recovery_sheet(folder: DataFolder, key: DatabaseKey, path: Path) -> None:
    text = "\n".join([
        _("{app} — database recovery key").format(app=APP_NAME),
        _("Data folder: {folder}").format(folder=folder.root),
        _("Written on: {date}").format(date=dt.date.today().isoformat()),
        "",
        key.hex,
        "",
        _("Anyone with this key and a copy of the database can read the children's files. "
          "Keep it locked away, not on this computer."),
        "",
    ])
    partial = path.with_name(path.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        from centre_desk.core.documents.files import storage_fault

        raise storage_fault(exc, path.parent) or UserError(
            _("Cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None


def restore_from_sheet(folder: DataFolder, path: Path) -> DatabaseKey:
    from centre_desk.core.documents.recovery_sheet import read_key

    candidate = DatabaseKey(read_key(path), keystore.KEYRING)
    database.connect_with_key(folder, candidate).close()  # refuses a key that does not open it
    return keystore.import_recovery_key(folder, candidate.hex)


def export_recovery_key(actor, opened, path: Path) -> None:
    """The administrator's recovery sheet (a PDF, or a text file when ``path`` ends in .txt),
    checked and audited like any other service; the home screen stops reminding."""
    from centre_desk.core.backup_policy import RECOVERY_SHEET_SAVED
    from centre_desk.core.documents import recovery_sheet
    from centre_desk.core.models import Setting, transaction
    from centre_desk.core.security import Permission, require
    from centre_desk.core.services import audit
    from centre_desk.core.services.centre import shown_name

    require(actor, Permission.EDIT_CENTRE)
    path = Path(path)
    if path.suffix.lower() == ".txt":
        write_recovery_sheet(opened.folder, opened.key, path)
    else:
        recovery_sheet.render(path, shown_name(), opened.folder.root, opened.key.hex)
    # The sheet is written (on a USB stick, say) but the centre's disk may be full or
    # read-only: the sheet is what matters, the event goes to the log (ids only) and the home
    # screen goes on reminding until it can be recorded.
    with storage.unless_unwritable(
            logging.getLogger(__name__), "recovery sheet written but not recorded (the disk "
            "cannot be written): user %s", actor.user_id), transaction():
        Setting.insert(key=RECOVERY_SHEET_SAVED, value=dt.date.today().isoformat()
                       ).on_conflict_replace().execute()
        audit.record(actor, "export_key", "centre", 1)


def put_back_key(folder: DataFolder, key: DatabaseKey) -> DatabaseKey:
    """The recovery key given on a computer that lost it (a reinstalled Windows): checked
    against the database (a key that does not open it is refused), then kept as its key."""
    database.connect_with_key(folder, key).close()
    return keystore.import_recovery_key(folder, key.hex)
