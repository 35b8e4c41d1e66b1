"""When backups are made and how many are kept: the rotation (7 daily, 4 weekly, 12 monthly by
default, plus every backup taken before a migration), the second destination, the automatic
backups (once a day, on closing after a change) and the backup status the home screen shows."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path

from centre_desk.core import backups
from centre_desk.core.schema import has_table
from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.security import Actor, Permission, require

log = logging.getLogger(__name__)

SECOND_COPY_STALE_DAYS = 7
AUTOMATIC = ("daily", "closing")
KEYS = ("backup_keep_daily", "backup_keep_weekly", "backup_keep_monthly",
        "backup_second_destination")
RECOVERY_SHEET_SAVED = "recovery_sheet_saved_on"
RECOVERY_SHEET_LATER = "recovery_sheet_later"


@dataclass(frozen=True)
class BackupPolicy:
    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    second_destination: str = ""


def _settings(database) -> dict[str, str]:
    """Read with the given database (any thread), not through the bound models."""
    if not has_table(database, "setting"):  # an old schema, before its migration
        return {}
    rows = database.execute_sql("SELECT key, value FROM setting WHERE key LIKE 'backup_%' "
                                "OR key LIKE 'recovery_sheet_%'").fetchall()
    return dict(rows)


def read_policy(database=None) -> BackupPolicy:
    if database is None:
        from centre_desk.core.models import Setting

        database = Setting._meta.database
    values, default = _settings(database), BackupPolicy()

    def number(key: str, fallback: int) -> int:
        try:
            return int(values.get(key, fallback))
        except ValueError:
            return fallback

    return BackupPolicy(number("backup_keep_daily", default.daily),
                        number("backup_keep_weekly", default.weekly),
                        number("backup_keep_monthly", default.monthly),
                        values.get("backup_second_destination", ""))


def save_policy(actor: Actor, policy: BackupPolicy) -> BackupPolicy:
    from centre_desk.core.models import Setting, transaction
    from centre_desk.core.services import audit

    require(actor, Permission.EDIT_CENTRE)
    for name, value, upper in (("backup_keep_daily", policy.daily, 60),
                               ("backup_keep_weekly", policy.weekly, 52),
                               ("backup_keep_monthly", policy.monthly, 120)):
        if not 1 <= value <= upper:
            raise ValidationError(_("Keep between 1 and {n}.").format(n=upper), name)
    destination = policy.second_destination.strip()
    if destination and not Path(destination).is_absolute():
        raise ValidationError(_("Choose a whole folder path, e.g. E:\\Sauvegardes."),
                              "backup_second_destination")
    values = dict(zip(KEYS, (str(policy.daily), str(policy.weekly), str(policy.monthly),
                             destination)))
    with transaction():
        for key, value in values.items():
            Setting.insert(key=key, value=value).on_conflict_replace().execute()
        audit.record(actor, "update", "settings", None, "backup_policy")
    return read_policy()


def kept(found: list[backups.Backup], policy: BackupPolicy, now: dt.datetime) -> set[Path]:
    """What the rotation keeps: the newest backup of each of the last ``daily`` days, ``weekly``
    weeks and ``monthly`` months that have one; every pre-migration backup; and, for ``daily``
    days, every backup made by hand or before a merge, an erasure, a restore or an import."""
    newest_first = sorted(found, key=lambda backup: backup.created, reverse=True)
    keep = {backup.path for backup in newest_first if backup.pinned}
    periods = ((policy.daily, lambda day: day.date()),
               (policy.weekly, lambda day: tuple(day.isocalendar())[:2]),
               (policy.monthly, lambda day: (day.year, day.month)))
    for count, period in periods:
        seen: list = []
        for backup in newest_first:
            key = period(backup.created)
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.append(key)
            keep.add(backup.path)
    recent = now - dt.timedelta(days=policy.daily)
    keep |= {backup.path for backup in newest_first
             if backup.reason not in AUTOMATIC and backup.created >= recent}
    return keep


def rotate(directory: Path, policy: BackupPolicy, now: dt.datetime) -> list[Path]:
    """Remove the backups the rotation does not keep; returns what was removed."""
    found = backups.list_backups(directory)
    keep = kept(found, policy, now)
    removed = []
    for backup in found:
        if backup.path not in keep:
            try:
                backups.remove(backup)
            except OSError as exc:
                log.warning("old backup not removed: errno %s", exc.errno)
                continue
            removed.append(backup.path)
    if removed:
        log.info("rotation removed %s backup(s) from %s", len(removed), directory.name)
    return removed


# --- automatic backups ---------------------------------------------------------------------
def daily_due(opened, now: dt.datetime | None = None) -> bool:
    """No backup yet today: the first start of the day makes one."""
    now = now or dt.datetime.now()
    latest = backups.latest_backup(opened.folder.backups)
    return latest is None or latest.created.date() < now.date()


def changed_since_backup(opened) -> bool:
    """Changes since the latest backup, verified or written on closing and not checked yet."""
    last = max([backup.last_change for backup in _all_backups(opened.folder.backups)],
               default=None)
    return last is None or backups.last_change_id(opened.db) > last


def _all_backups(directory: Path) -> list[backups.Backup]:
    found = [backups.read_manifest(path, verified_only=False)
             for path in directory.glob(f"{backups.PREFIX}*{backups.SUFFIX}")]
    return [backup for backup in found if backup is not None]


def back_up_by_hand(actor: Actor, opened, destination: Path | None = None) -> backups.Backup:
    """A backup someone asks for (Settings, the command line): a whole copy of the centre that
    may leave on a USB stick, so an administrator's act, and audited as theirs."""
    from centre_desk.core.models import transaction
    from centre_desk.core.services import audit

    require(actor, Permission.EDIT_CENTRE)
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual", destination)
    if not opened.read_only:  # a full or read-only disk: the copy elsewhere is the rescue
        with transaction():
            audit.record(actor, "backup", "centre", 1,
                         "to=elsewhere" if destination is not None else "to=backups")
    return made


def backup_if(opened, reason: str, due: bool, verify: bool = True) -> backups.Backup | None:
    if opened.folder.is_demo or opened.read_only or not due:
        return None
    return backups.make_backup(opened.db, opened.folder, opened.key, reason, verify=verify)


def at_start(opened, now: dt.datetime | None = None) -> backups.Backup | None:
    """What the first start of a day does, off the UI thread: check the copy written on
    closing, then make the day's backup if there is none yet."""
    if opened.folder.is_demo or opened.read_only:
        return None
    backups.verify_pending(opened.db, opened.folder, opened.key)
    return backup_if(opened, "daily", daily_due(opened, now))


def backup_on_closing(opened) -> backups.Backup | None:
    """On closing, when something changed since the latest backup: the copy only (closing
    stays under a second on the large centre); it is verified at the next start. Never
    raises: closing goes on, and a failure is in the log (the home screen shows the age)."""
    try:
        if opened.db.is_closed():
            return None
        return backup_if(opened, "closing", changed_since_backup(opened), verify=False)
    except Exception as exc:  # noqa: BLE001 - closing must finish whatever the disk says
        log.warning("closing backup failed: %s", type(exc).__name__)
        return None


# --- status -------------------------------------------------------------------------------
@dataclass(frozen=True)
class BackupStatus:
    latest: dt.datetime | None
    second_destination: str
    second_present: bool
    second_latest: dt.datetime | None

    @property
    def second_stale(self) -> bool:
        if not self.second_destination:
            return False
        return self.second_latest is None or (
            dt.datetime.now() - self.second_latest > dt.timedelta(days=SECOND_COPY_STALE_DAYS))


def status(folder, policy: BackupPolicy) -> BackupStatus:
    latest = backups.latest_backup(folder.backups)
    second = None
    present = bool(policy.second_destination) and Path(policy.second_destination).is_dir()
    if present:
        second = backups.latest_backup(Path(policy.second_destination))
    return BackupStatus(latest.created if latest else None, policy.second_destination, present,
                        second.created if second else None)


# --- the recovery sheet reminder ------------------------------------------------------------
def recovery_sheet_pending() -> bool:
    """True until an administrator saved or printed the recovery sheet."""
    from centre_desk.core.models import Setting

    return Setting.get_or_none(Setting.key == RECOVERY_SHEET_SAVED) is None


def mark_recovery_sheet(saved: bool) -> None:
    """Saved (the reminder stops) or "later" (the home screen reminds the administrators)."""
    from centre_desk.core.models import Setting, transaction

    key = RECOVERY_SHEET_SAVED if saved else RECOVERY_SHEET_LATER
    with transaction():
        Setting.insert(key=key, value=dt.date.today().isoformat()).on_conflict_replace().execute()
