"""The recovery sheet: the database key written out to keep somewhere safe, and put back.

If the Windows credential store is lost (a reinstalled PC, a new user profile) the data is
unreadable without it; the sheet is what an administrator keeps in the association's safe."""
from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

from centre_desk import APP_NAME
from centre_desk.core import db as database, keystore
from centre_desk.core.errors import UserError, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.keystore import DatabaseKey
from centre_desk.core.paths import DataFolder

KEY_LINE = re.compile(r"\b([0-9a-fA-F]{64})\b")


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
        # Owner-only from its creation: the sheet opens the database.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with open(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserError(_("Cannot write {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None


def restore_from_sheet(folder: DataFolder, path: Path) -> DatabaseKey:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(
            path=path, reason=getattr(exc, "strerror", None) or exc)) from None
    match = KEY_LINE.search(text)
    if not match:
        raise ValidationError(_("No recovery key found in {path}.").format(path=path))
    candidate = DatabaseKey(match.group(1).lower(), keystore.KEYRING)
    database.connect_with_key(folder, candidate).close()  # refuses a key that does not open it
    return keystore.import_recovery_key(folder, candidate.hex)


def export_recovery_key(actor, opened, path: Path) -> None:
    """The administrator's recovery sheet, checked and audited like any other service."""
    from centre_desk.core.models import transaction
    from centre_desk.core.security import Permission, require
    from centre_desk.core.services import audit

    require(actor, Permission.EDIT_CENTRE)
    write_recovery_sheet(opened.folder, opened.key, path)
    with transaction():
        audit.record(actor, "export_key", "centre", 1)
