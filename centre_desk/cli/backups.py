"""Verbs about backups: backup, backups, verify-backup, restore."""
from __future__ import annotations

from pathlib import Path

from centre_desk.cli.common import Verbs, add_login, login, open_centre
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, format_date, format_number
from centre_desk.core.lock import InstanceLock
from centre_desk.core.paths import DataFolder, resolve_home


def register(verbs: Verbs) -> None:
    backup = verbs.add("backup", _("make a verified backup now"), run_backup)
    backup.add_argument("--to", help=_("folder to write it to (default: the data folder's "
                                       "backups, then the second destination)"))
    add_login(backup)
    listing = verbs.add("backups", _("list the verified backups: date, size, why"), run_backups)
    add_login(listing)
    verify = verbs.add("verify-backup", _("check that a backup file is sound and opens"),
                       run_verify_backup)
    verify.add_argument("file", help=_("the backup file"))
    verify.add_argument("--key-file", help=_("recovery sheet (PDF or text) when this computer "
                                             "does not have the key"))
    restore = verbs.add("restore", _("restore a backup into the data folder (the current data "
                                     "is backed up first) or into a new folder"), run_restore)
    restore.add_argument("file", help=_("the backup file"))
    restore.add_argument("--key-file", help=_("recovery sheet (PDF or text) when this computer "
                                              "does not have the key"))
    restore.add_argument("--into", help=_("an empty folder to restore into instead"))
    add_login(restore)  # needed to replace a centre that opens; a new PC has nobody to log in


def run_backup(args) -> int:
    from centre_desk.core import backup_policy

    with open_centre(args) as opened:
        actor = login(args)
        destination = Path(args.to).expanduser() if args.to else None
        if destination is not None and destination.exists() and not destination.is_dir():
            raise UserError(_("{path} is a file, not a folder.").format(path=destination))
        made = backup_policy.back_up_by_hand(actor, opened, destination)
    print(_("Backup written and verified: {path} ({size})").format(path=made.path,
                                                                  size=size_text(made.size)))
    return 0


def size_text(size: int) -> str:
    if size >= 1_000_000:
        return _("{n} MB").format(n=format_number(size / 1_000_000, 1))
    return _("{n} kB").format(n=format_number(max(1, round(size / 1000))))


def run_backups(args) -> int:
    from centre_desk.core import backup_policy, backups
    from centre_desk.core.security import Permission, require

    with open_centre(args) as opened:
        require(login(args), Permission.EDIT_CENTRE)  # as in Settings: administrators only
        policy = backup_policy.read_policy(opened.db)
        places = [(_("Data folder"), opened.folder.backups)]
        if policy.second_destination:
            places.append((_("Second destination"), Path(policy.second_destination)))
    for title, directory in places:
        found = backups.list_backups(directory)
        print(_("{place}: {folder}").format(place=title, folder=directory))
        if not found:
            print("  " + _("no verified backup"))
        for backup in found:
            print("  " + _("{date} {time}  {size}  verified  {reason}  {name}").format(
                date=format_date(backup.created.date()), time=backup.created.strftime("%H:%M"),
                size=size_text(backup.size), reason=reason_text(backup.reason),
                name=backup.path.name))
    return 0


def reason_text(reason: str) -> str:
    from centre_desk.core.backups import MIGRATION_PREFIX

    if reason.startswith(MIGRATION_PREFIX):
        return _("before an update of the database")
    return {"manual": _("by hand"), "daily": _("daily"), "closing": _("on closing"),
            "before-merge": _("before a merge"), "before-erasure": _("before an erasure"),
            "before-anonymisation": _("before anonymising the files due"),
            "before-restore": _("before a restore"), "before-import": _("before an import"),
            }.get(reason, reason)


def _key(args, path: Path, folder: DataFolder | None):
    from centre_desk.core import restore

    if args.key_file:
        return restore.key_from_sheet(Path(args.key_file))
    return restore.find_key(path, folder)


def run_verify_backup(args) -> int:
    from centre_desk.core import restore

    path = Path(args.file)
    found = restore.preview(path, _key(args, path, DataFolder(resolve_home(args.home))))
    print(_("Sound backup: {centre}, {date}, schema {version}: {contents}.").format(
        centre=found.centre, date=format_date(found.created.date()),
        version=found.schema_version, contents=restore.contents_text(found)))
    try:
        restore.check_not_too_new(found)
    except UserError as too_new:  # sound, but not for this version to restore
        print(too_new.message)
    return 0


def _administrator_replacing(args, target: DataFolder) -> str | None:
    """Replacing a centre that still opens is an administrator's decision, logged in like any
    other verb; a damaged centre (the reason to restore) cannot be logged into, and its file is
    set aside whole by the restore."""
    from centre_desk.core import db
    from centre_desk.core.security import Permission, require
    from centre_desk.core.storage import DatabaseDamaged

    with InstanceLock(target.lock):
        try:
            opened = db.open_database(target)
        except DatabaseDamaged:
            return None
        try:
            actor = login(args)
            require(actor, Permission.EDIT_CENTRE)
            return actor.username
        finally:
            opened.close()


def _remove_empty(folder: DataFolder) -> None:
    """The folder this restore made, when nothing but its empty skeleton is in it."""
    try:
        folder.lock.unlink(missing_ok=True)
        for part in (folder.logs, folder.backups, folder.root):
            if part.is_dir() and not any(part.iterdir()):
                part.rmdir()
    except OSError:
        pass


def run_restore(args) -> int:
    from centre_desk.core import restore

    path = Path(args.file)
    home = DataFolder(resolve_home(args.home))
    target = DataFolder(Path(args.into).expanduser().resolve()) if args.into else home
    if target.root.exists() and not target.root.is_dir():
        raise UserError(_("{path} is a file, not a folder.").format(path=target.root))
    username = None
    if not args.into and target.has_centre():
        username = _administrator_replacing(args, target)
    found = restore.preview(path, _key(args, path, home))
    restore.check_not_too_new(found)  # before a folder is made
    made = not target.root.exists()
    target.root.mkdir(parents=True, exist_ok=True)
    try:
        with InstanceLock(target.lock):
            restore.restore(found, target, into_new=bool(args.into))
            restore.record_restore(target, found, username)  # migrates an older schema now too
    except BaseException:
        if made:  # a restore that failed leaves no empty folder behind
            _remove_empty(target)
        raise
    print(_("Restored into {folder}: {centre}, backup of {date}.").format(
        folder=target.root, centre=found.centre, date=format_date(found.created.date())))
    return 0
