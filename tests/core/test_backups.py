"""Verified backups, their rotation and second destination, restore (also on a new computer),
and a key that follows the data folder wherever it moves."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from centre_desk.core import backup_policy, backups, db, keystore, restore
from centre_desk.core.documents import recovery_sheet
from centre_desk.core.errors import DatabaseTooNew
from centre_desk.core.paths import DataFolder
from centre_desk.core.services import file_admin
from tests.child_helpers import mother, register


def digest(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def all_rows(database) -> dict[str, list]:
    tables = [row[0] for row in database.execute_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name").fetchall()]
    return {table: sorted(map(repr, database.execute_sql(f'SELECT * FROM "{table}"').fetchall()))
            for table in tables}


def test_backup_round_trip_is_equal_table_by_table(centre, tmp_path):
    opened, admin = centre
    register(admin, guardian=mother())
    register(admin, first="Youssef", sex="m")
    before = all_rows(opened.db)
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    assert made.counts["child"] == 2
    assert backups.list_backups(opened.folder.backups) == [backups.read_manifest(made.path)]
    found = restore.preview(made.path, opened.key)
    target = DataFolder(tmp_path / "elsewhere")
    restore.restore(found, target, into_new=True)
    copy = db.open_database(target)
    try:
        assert all_rows(copy.db) == before
    finally:
        copy.close()


def test_a_backup_holds_no_plaintext_and_leaves_no_journal_beside_it(centre):
    opened, admin = centre
    register(admin, first="Zineb", last="Ouazzani")
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    raw = made.path.read_bytes()
    assert b"Zineb" not in raw and b"Ouazzani" not in raw
    assert not raw.startswith(b"SQLite format 3")
    assert b"Zineb" not in made.manifest.read_bytes()
    assert sorted(p.name for p in opened.folder.backups.iterdir()) == sorted(
        [made.path.name, made.manifest.name])  # no -wal, -shm nor temporary file


def test_a_backup_that_does_not_verify_is_not_listed_and_says_why(centre, monkeypatch):
    opened, _admin = centre
    real = backups.verify_file

    def one_row_missing(path, key, expected=None, read_only=True):
        expected = dict(expected or {}, child=(expected or {}).get("child", 0) + 1)
        return real(path, key, expected, read_only)

    monkeypatch.setattr(backups, "verify_file", one_row_missing)
    with pytest.raises(backups.BackupFailed) as error:
        backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    assert "vérifiée" in error.value.message and "child" in error.value.message
    assert backups.list_backups(opened.folder.backups) == []
    assert list(opened.folder.backups.iterdir()) == []


KILLER = """
import sys, time
from centre_desk.core import backups, db
from centre_desk.core.paths import DataFolder
opened = db.open_database(DataFolder(sys.argv[1]))
import shutil
real = shutil.copyfile
def slow(source, target, *args, **kwargs):
    real(source, target)
    print("copying", flush=True)
    time.sleep(60)
shutil.copyfile = slow
backups.make_backup(opened.db, opened.folder, opened.key, "manual")
"""


def test_kill_9_during_a_backup_leaves_earlier_backups_intact_and_nothing_partial_listed(
        centre, tmp_path):
    opened, admin = centre
    register(admin)
    earlier = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    sums = {path.name: digest(path) for path in opened.folder.backups.iterdir()}
    opened.close()
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    process = subprocess.Popen([sys.executable, str(script), str(opened.folder.root)],
                               stdout=subprocess.PIPE, text=True,
                               cwd=Path(__file__).resolve().parents[2])
    try:
        assert process.stdout.readline().strip() == "copying"
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    leftovers = [p.name for p in opened.folder.backups.iterdir() if p.name.endswith(".partial")]
    assert leftovers  # the copy really was cut short
    assert [b.path for b in backups.list_backups(opened.folder.backups)] == [earlier.path]
    assert {name: digest(opened.folder.backups / name) for name in sums} == sums
    reopened = db.open_database(opened.folder)
    try:
        later = backups.make_backup(reopened.db, reopened.folder, reopened.key, "manual")
    finally:
        reopened.close()
    names = {p.name for p in opened.folder.backups.iterdir()}
    assert not any(name.endswith(".partial") for name in names)  # cleaned by the next backup
    assert later.path.name in names and earlier.path.name in names


def fake(when: dt.datetime, reason: str = "daily") -> backups.Backup:
    return backups.Backup(Path(f"centre-{when:%Y%m%d-%H%M%S}-{reason}.db"), when, reason, 4)


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_every_pre_migration_backup():
    now = dt.datetime(2026, 11, 25, 18, 0)
    found = [fake(now - dt.timedelta(days=day, hours=hour))
             for day in range(400) for hour in (0, 5)]
    old_migration = fake(now - dt.timedelta(days=700), "before-v4")
    found.append(old_migration)
    keep = backup_policy.kept(found, backup_policy.BackupPolicy(), now)
    by_path = {backup.path: backup for backup in found}
    kept_days = sorted({by_path[path].created.date() for path in keep}, reverse=True)
    assert old_migration.path in keep
    assert kept_days[:7] == [(now - dt.timedelta(days=day)).date() for day in range(7)]
    assert all(by_path[path].created.hour == 18 for path in keep if path != old_migration.path)
    months = {(by_path[p].created.year, by_path[p].created.month) for p in keep}
    assert len(months) == 12 + 1  # twelve months, and the pre-migration backup's month
    assert len(keep) <= 7 + 4 + 12 + 1
    fewer = backup_policy.kept(found, backup_policy.BackupPolicy(daily=2, weekly=1, monthly=1),
                               now)
    assert len(fewer) == 3  # today, yesterday and the pre-migration one (the rest overlap)


def test_rotation_removes_files_with_a_fixed_clock_and_keeps_recent_manual_backups(centre):
    opened, _admin = centre
    start = dt.datetime(2026, 1, 1, 17, 0)
    for day in range(20):
        backups.make_backup(opened.db, opened.folder, opened.key, "daily",
                            destination=opened.folder.backups,
                            now=start + dt.timedelta(days=day))
    now = start + dt.timedelta(days=19, hours=1)
    manual = backups.make_backup(opened.db, opened.folder, opened.key, "manual",
                                 destination=opened.folder.backups, now=now)
    removed = backup_policy.rotate(opened.folder.backups, backup_policy.BackupPolicy(
        daily=3, weekly=1, monthly=1), now)
    left = backups.list_backups(opened.folder.backups)
    assert manual.path in [backup.path for backup in left]
    assert len(left) == 20 + 1 - len(removed)
    assert {b.created.date() for b in left} == {(start + dt.timedelta(days=d)).date()
                                                for d in (17, 18, 19)}
    for path in removed:
        assert not path.exists() and not backups.manifest_of(path).exists()


def test_second_destination_gets_a_copy_when_present_and_status_warns_when_it_is_old(
        centre, tmp_path):
    from centre_desk.core.models import Setting

    opened, admin = centre
    usb = tmp_path / "usb"
    backup_policy.save_policy(admin, backup_policy.BackupPolicy(second_destination=str(usb)))
    backups.make_backup(opened.db, opened.folder, opened.key, "manual")  # stick absent
    state = backup_policy.status(opened.folder, backup_policy.read_policy())
    assert state.latest is not None and not state.second_present and state.second_stale
    usb.mkdir()
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    copy = usb / made.path.name
    assert digest(copy) == digest(made.path)
    assert backups.list_backups(usb)[0].path == copy
    state = backup_policy.status(opened.folder, backup_policy.read_policy())
    assert state.second_present and not state.second_stale
    assert Setting.get_by_id("backup_second_destination").value == str(usb)


def test_merge_and_erasure_are_preceded_by_a_backup(centre):
    opened, admin = centre
    first = register(admin, guardian=mother())
    second = register(admin)
    file_admin.merge_children(admin, first, second)
    file_admin.erase_child(admin, first)
    reasons = sorted(b.reason for b in backups.list_backups(opened.folder.backups))
    assert reasons == ["before-erasure", "before-merge"]
    merged = [b for b in backups.list_backups(opened.folder.backups)
              if b.reason == "before-merge"][0]
    assert merged.counts["child"] == 2


def test_closing_backs_up_only_after_a_change_and_the_next_start_verifies_it(centre):
    opened, admin = centre
    first = backup_policy.backup_on_closing(opened)
    assert first is not None and not first.verified  # never backed up yet: a quick copy
    assert backups.list_backups(opened.folder.backups) == []  # listed once verified
    assert backup_policy.backup_on_closing(opened) is None  # nothing changed since
    register(admin)
    second = backup_policy.backup_on_closing(opened)
    assert second.counts["child"] == 1
    assert backup_policy.daily_due(opened)
    made = backup_policy.at_start(opened)  # the next start: verify, then no daily needed
    assert made is None
    listed = backups.list_backups(opened.folder.backups)
    assert [b.path for b in listed] == [second.path]  # the rotation keeps one a day
    assert all(b.verified and b.reason == "closing" for b in listed)
    assert not backup_policy.daily_due(opened)
    assert backup_policy.daily_due(opened, dt.datetime.now() + dt.timedelta(days=1))


def test_a_closing_copy_that_fails_its_check_is_removed_at_the_next_start(centre):
    opened, admin = centre
    register(admin)
    copy = backup_policy.backup_on_closing(opened)
    data = bytearray(copy.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    copy.path.write_bytes(bytes(data))
    assert backups.verify_pending(opened.db, opened.folder, opened.key) == []
    assert not copy.path.exists() and not copy.manifest.exists()


def test_moved_data_folder_still_opens_its_key(folder, tmp_path, memory_keyring):
    db.create_database(folder).close()
    moved = DataFolder(tmp_path / "other drive" / "renamed")
    moved.root.parent.mkdir()
    shutil.move(str(folder.root), moved.root)
    db.open_database(moved).close()
    assert not moved.key_file.exists()  # the key is still only in the credential store


def test_an_older_folder_keyed_by_its_path_is_adopted_then_survives_a_move(
        folder, tmp_path, memory_keyring):
    opened = db.create_database(folder)
    opened.close()
    folder.key_id_file.unlink()  # as before key ids: one credential named after the path
    memory_keyring.clear()
    memory_keyring.set_password(keystore.SERVICE, keystore.legacy_keyring_account(folder),
                                opened.key.hex)
    db.open_database(folder).close()
    assert folder.key_id_file.exists()
    moved = DataFolder(tmp_path / "moved")
    shutil.move(str(folder.root), moved.root)
    assert db.open_database(moved).key.hex == opened.key.hex


def test_restore_on_a_new_computer_with_the_recovery_sheet(centre, tmp_path, memory_keyring):
    opened, admin = centre
    register(admin)
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    sheet = tmp_path / "sheet.pdf"
    recovery_sheet.render(sheet, "Centre Amane Test", opened.folder.root, opened.key.hex)
    assert oct(sheet.stat().st_mode & 0o777) == "0o600"
    usb = tmp_path / "usb"
    usb.mkdir()
    shutil.copy(made.path, usb)
    shutil.copy(made.manifest, usb)
    opened.close()
    # The new computer: another folder, nothing in its credential store, no key file.
    memory_keyring.clear()
    new_pc = DataFolder(tmp_path / "new-pc")
    backup = usb / made.path.name
    assert restore.find_key(backup, new_pc) is None
    with pytest.raises(restore.KeyNeeded):
        restore.preview(backup, None)
    found = restore.preview(backup, restore.key_from_sheet(sheet))
    assert (found.centre, found.children) == ("Centre Amane Test", 1)
    restore.restore(found, new_pc)
    reopened = db.open_database(new_pc)
    try:
        assert reopened.db.execute_sql("SELECT count(*) FROM child").fetchone()[0] == 1
    finally:
        reopened.close()
    typed = restore.key_from_text(recovery_sheet.grouped(opened.key.hex).upper())
    assert typed.hex == opened.key.hex


def test_restoring_here_backs_up_the_current_data_first(centre):
    opened, admin = centre
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    register(admin)  # made after the backup: restoring loses it, but not for good
    found = restore.preview(made.path, opened.key)
    opened.close()
    restore.restore(found, opened.folder)
    reopened = db.open_database(opened.folder)
    try:
        assert reopened.db.execute_sql("SELECT count(*) FROM child").fetchone()[0] == 0
    finally:
        reopened.close()
    before = [b for b in backups.list_backups(opened.folder.backups)
              if b.reason == "before-restore"]
    assert len(before) == 1 and before[0].counts["child"] == 1


def test_a_backup_from_a_newer_version_is_refused_and_nothing_changes(centre, tmp_path):
    opened, _admin = centre
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    newer = tmp_path / "newer.db"
    shutil.copy(made.path, newer)
    connection = backups.open_copy(newer, opened.key, read_only=False)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    found = restore.preview(newer, opened.key)
    opened.close()
    before = digest(opened.folder.db)
    with pytest.raises(DatabaseTooNew) as error:
        restore.restore(found, opened.folder)
    assert "99" in error.value.message
    assert digest(opened.folder.db) == before


def test_an_older_backup_is_migrated_when_restored(folder, tmp_path):
    from centre_desk.core import migrations

    old = db.create_database(folder, steps=migrations.MIGRATIONS[:2])
    made = backups.make_backup(old.db, folder, old.key, "manual")
    old.close()
    target = DataFolder(tmp_path / "restored")
    restore.restore(restore.preview(made.path, old.key), target, into_new=True)
    reopened = db.open_database(target)
    try:
        assert reopened.schema_version == migrations.latest_version()
    finally:
        reopened.close()
    assert [b.reason for b in backups.list_backups(target.backups)] == [
        f"before-v{migrations.latest_version()}"]


def test_the_key_file_fallback_and_the_recovery_text_file_are_owner_only(folder, tmp_path):
    keyring.set_keyring(fail.Keyring())
    opened = db.create_database(folder)
    from centre_desk.core.recovery import write_recovery_sheet

    path = tmp_path / "key.txt"
    write_recovery_sheet(folder, opened.key, path)
    opened.close()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(folder.key_file.stat().st_mode & 0o777) == "0o600"
    assert recovery_sheet.read_key(path) == opened.key.hex


def test_a_slow_clock_never_makes_two_backups_share_a_name(centre):
    opened, _admin = centre
    now = dt.datetime(2026, 3, 3, 10, 0, 0)
    first = backups.make_backup(opened.db, opened.folder, opened.key, "manual",
                                destination=opened.folder.backups, now=now)
    second = backups.make_backup(opened.db, opened.folder, opened.key, "manual",
                                 destination=opened.folder.backups, now=now)
    assert first.path != second.path and first.path.exists() and second.path.exists()


def test_with_a_reader_holding_the_journal_the_backup_is_still_encrypted_and_whole(
        centre, monkeypatch):
    """A checkpoint cannot finish while another connection reads: VACUUM INTO copies instead,
    with the same key."""
    opened, admin = centre

    def not_this_way(*_args, **_kwargs):
        raise AssertionError("the file copy cannot be whole while the journal is held")

    monkeypatch.setattr(backups.shutil, "copyfile", not_this_way)
    reader = backups.open_copy(opened.folder.db, opened.key)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM child").fetchone()
        register(admin, first="Zineb", last="Ouazzani")  # in the WAL, behind the reader
        made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    finally:
        reader.close()
    raw = made.path.read_bytes()
    assert b"Zineb" not in raw and not raw.startswith(b"SQLite format 3")
    assert made.counts["child"] == 1
    assert backups.verify_file(made.path, opened.key, made.counts) == []


def test_a_backup_never_makes_a_writer_wait_and_copies_its_own_moment(centre, monkeypatch):
    """While the file is copied another connection writes at once (no waiting allowed), and
    the backup holds the centre as it was when the copy began."""
    opened, admin = centre
    register(admin)
    real = shutil.copyfile
    writes = []

    def copy_while_someone_writes(source, target, *args, **kwargs):
        writer = backups.open_copy(opened.folder.db, opened.key, read_only=False)
        try:
            writer.execute("PRAGMA busy_timeout = 0")
            writer.execute("INSERT INTO setting (key, value) VALUES ('during', 'backup')")
            writes.append(True)
        finally:
            writer.close()
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(backups.shutil, "copyfile", copy_while_someone_writes)
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    assert writes == [True]
    assert made.counts["setting"] == 0 and made.counts["child"] == 1
    assert opened.db.execute_sql("SELECT count(*) FROM setting").fetchone()[0] == 1
    copy = backups.open_copy(made.path, opened.key)
    try:
        assert copy.execute("SELECT count(*) FROM setting").fetchone()[0] == 0
    finally:
        copy.close()


def test_the_days_backup_and_one_asked_for_by_hand_do_not_undo_each_other(
        centre, tmp_path, monkeypatch, caplog):
    """The day's backup runs in a worker thread at start-up; a secretary who clicks "back up
    now" meanwhile gets both copies, on the disk and on the USB stick, and no failure."""
    import threading
    import time

    opened, admin = centre
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_policy.save_policy(admin, backup_policy.BackupPolicy(second_destination=str(usb)))
    real = shutil.copyfile

    def slow_copy(source, target, *args, **kwargs):
        time.sleep(0.3)  # a slow USB stick: the other thread runs meanwhile
        return real(source, target, *args, **kwargs)

    monkeypatch.setattr(backups.shutil, "copyfile", slow_copy)
    made = {}

    def back_up(reason):
        try:
            made[reason] = backups.make_backup(opened.db, opened.folder, opened.key, reason)
        finally:
            opened.db.close()  # the thread's own connection

    threads = [threading.Thread(target=back_up, args=(reason,)) for reason in ("daily", "manual")]
    for thread in threads:
        thread.start()
        time.sleep(0.05)
    for thread in threads:
        thread.join()
    assert "second backup destination failed" not in caplog.text
    assert set(made) == {"daily", "manual"}
    on_stick = {backup.path.name for backup in backups.list_backups(usb)}
    assert made["manual"].path.name in on_stick
    assert made["manual"].path in {b.path for b in backups.list_backups(opened.folder.backups)}


def test_a_backup_by_hand_is_audited_unless_the_centre_is_read_only(centre, tmp_path):
    """On a full or read-only disk the copy elsewhere is the rescue: it must not fail on
    writing its audit event."""
    import dataclasses

    from centre_desk.core import backup_policy
    from centre_desk.core.models import AuditEvent

    opened, admin = centre
    usb = tmp_path / "usb"
    usb.mkdir()
    backup_policy.back_up_by_hand(admin, opened, usb)
    assert AuditEvent.select().where(AuditEvent.action == "backup").count() == 1
    stuck = dataclasses.replace(opened, read_only=True)
    made = backup_policy.back_up_by_hand(admin, stuck, usb)
    assert made.path.exists()
    assert AuditEvent.select().where(AuditEvent.action == "backup").count() == 1
