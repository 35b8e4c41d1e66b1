"""Every storage fault is one translated sentence, exit 2, no traceback, and no byte of the
original changed. Real read-only and full filesystems (small tmpfs mounts) where this machine
allows mounting; otherwise those tests are skipped, and an error injected at the file layer
stands for a drive that disappears."""
from __future__ import annotations

import datetime as dt
import errno
import hashlib
import shutil
import subprocess
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from centre_desk.core import backups, db, storage
from centre_desk.core.paths import DataFolder
from tests.core.test_cli import run, run_admin


def digests(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(Path(root).rglob("*")) if path.is_file()}


def one_sentence(result, words: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert words in result.stderr, result.stderr


@pytest.fixture
def mount(tmp_path):
    """mount(size) -> a fresh tmpfs of that size; remount(path, 'ro') later if wanted."""
    mounted = []

    def make(size: str) -> Path:
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                                 str(point)], capture_output=True)
        if result.returncode != 0:
            pytest.skip("this machine does not allow mounting a test filesystem")
        mounted.append(point)
        return point

    yield make
    for point in reversed(mounted):
        subprocess.run(["umount", "-l", str(point)], capture_output=True)


def read_only(point: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)


def fill(point: Path) -> None:
    """Fill the filesystem to the last byte."""
    import os

    for name, chunk in (("filler", 65536), ("filler-tail", 1)):
        descriptor = os.open(point / name, os.O_WRONLY | os.O_CREAT)
        try:
            while True:
                os.write(descriptor, b"\0" * chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(descriptor)


def place_centre(centre_template, root: Path) -> DataFolder:
    shutil.copytree(centre_template.root, root)
    return DataFolder(root)


def test_read_only_data_folder_is_read_and_a_write_there_is_a_sentence(centre_template, mount,
                                                                        tmp_path):
    """Issue 9: a read-only data folder is read (the lock file locks even opened for reading);
    what would write there is one sentence; no byte changes."""
    point = mount("16m")
    folder = place_centre(centre_template, point / "home")
    folder.lock.touch()  # as any folder a centre ever ran in has it
    read_only(point)
    before = digests(point)
    checked = run("check", "--home", str(folder.root))
    assert checked.returncode == 0 and "Intégrité : ok" in checked.stdout, checked.stderr
    assert run_admin("backups", "--home", str(folder.root)).returncode == 0
    one_sentence(run_admin("backup", "--home", str(folder.root)), "lecture seule")
    elsewhere = run_admin("backup", "--to", str(tmp_path / "usb"), "--home", str(folder.root))
    assert elsewhere.returncode == 0, elsewhere.stderr
    assert digests(point) == before


def test_backup_to_a_read_only_folder_is_a_sentence(centre, mount):
    opened, _admin = centre
    target = mount("4m")
    read_only(target)
    counts = db.table_counts(opened.db)
    opened.close()
    before = digests(opened.folder.root)
    one_sentence(run_admin("backup", "--to", str(target), "--home", str(opened.folder.root)),
                 "lecture seule")
    assert list(target.iterdir()) == []
    kept = ("centre.key", "centre.keyid")
    assert {name: digests(opened.folder.root)[name] for name in kept} == {
        name: before[name] for name in kept}
    # The database changed only by the administrator's login (its audit event), nothing else.
    reopened = db.open_database(opened.folder)
    try:
        after = db.table_counts(reopened.db)
        assert not db.integrity_check(reopened.db)
    finally:
        reopened.close()
    assert after.pop("audit_event") == counts.pop("audit_event") + 1
    assert after == counts
    assert list(opened.folder.backups.iterdir()) == []


def test_backup_on_a_full_disk_says_so_and_leaves_nothing_half_written(centre_template, mount):
    point = mount("3m")
    folder = place_centre(centre_template, point / "home")
    fill(point)
    database = digests(folder.root)
    result = run_admin("backup", "--home", str(folder.root))
    one_sentence(result, "plein")
    assert list(folder.backups.iterdir()) == []
    kept = ("centre.db", "centre.key", "centre.keyid")
    assert {name: digests(folder.root)[name] for name in kept} == {
        name: database[name] for name in kept}
    (point / "filler").unlink()  # space freed: everything is as it was
    assert run("check", "--home", str(folder.root)).returncode == 0


def test_on_a_full_disk_people_still_log_in_and_read(centre_template, mount):
    from centre_desk.core.models import Child
    from centre_desk.core.services import users
    from tests.conftest import ADMIN_PASSWORD

    point = mount("3m")
    folder = place_centre(centre_template, point / "home")
    opened = db.open_database(folder)
    try:
        fill(point)
        actor = users.authenticate("admin", ADMIN_PASSWORD)
        assert actor.username == "admin"
        assert Child.select().count() == 0
        from tests.child_helpers import register

        with pytest.raises(Exception) as raised:
            register(actor)
        fault = storage.as_user_error(raised.value, folder)
        assert fault is not None and "plein" in fault.message
    finally:
        opened.close()


def test_started_on_a_full_disk_the_centre_opens_read_only_and_says_why_on_writing(
        centre_template, mount):
    from centre_desk.core.models import Child
    from centre_desk.core.services import users
    from tests.child_helpers import register
    from tests.conftest import ADMIN_PASSWORD

    point = mount("3m")
    folder = place_centre(centre_template, point / "home")
    fill(point)
    before = digests(folder.root)
    opened = db.open_database(folder)
    try:
        assert opened.read_only
        actor = users.authenticate("admin", ADMIN_PASSWORD)
        assert Child.select().count() == 0
        with pytest.raises(Exception) as raised:
            register(actor)
        assert "plein" in storage.as_user_error(raised.value, folder).message
    finally:
        opened.close()
    assert digests(folder.root) == before


def test_an_empty_database_file_never_gets_a_schema_written_into_it(folder):
    keyring.set_keyring(fail.Keyring())  # a key file, as the command line finds it
    db.create_database(folder).close()
    folder.db.write_bytes(b"")
    for suffix in ("-wal", "-shm"):
        Path(str(folder.db) + suffix).unlink(missing_ok=True)
    with pytest.raises(storage.DatabaseDamaged) as error:
        db.open_database(folder)
    assert "endommagé" in error.value.message
    assert folder.db.stat().st_size == 0
    one_sentence(run("check", "--home", str(folder.root)), "endommagé")
    assert folder.db.stat().st_size == 0


@pytest.mark.parametrize("damage", ["truncated", "one byte flipped", "first page flipped"])
def test_a_damaged_database_says_the_file_is_damaged_and_changes_nothing(centre, damage):
    from tests.child_helpers import register

    opened, admin = centre
    for number in range(40):
        register(admin, first=f"Enfant{number}")
    opened.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    opened.close()
    data = bytearray(opened.folder.db.read_bytes())
    if damage == "truncated":
        data = data[:len(data) // 2]
    else:
        where = 100 if damage == "first page flipped" else len(data) // 2 + 1000
        data[where] ^= 0xFF
    opened.folder.db.write_bytes(bytes(data))
    before = digests(opened.folder.root)
    result = run("check", "--home", str(opened.folder.root))
    one_sentence(result, "endommagé")
    after = digests(opened.folder.root)
    assert after["centre.db"] == before["centre.db"]


def test_a_key_file_that_is_not_text_or_is_a_folder_is_a_sentence(centre):
    opened, _admin = centre
    opened.close()
    key_file = opened.folder.key_file
    key_file.write_bytes(b"\xff\xfe\x00binary")
    one_sentence(run("check", "--home", str(opened.folder.root)), "fichier de clé")
    key_file.unlink()
    key_file.mkdir()
    one_sentence(run("check", "--home", str(opened.folder.root)), "fichier de clé")


def test_home_pointing_at_a_file_is_a_sentence(tmp_path):
    a_file = tmp_path / "centre.txt"
    a_file.write_text("not a folder")
    one_sentence(run("check", "--home", str(a_file)), "est un fichier")
    assert a_file.read_text() == "not a folder"


def test_a_drive_that_disappears_during_a_backup_is_a_sentence(centre, monkeypatch):
    """No real device can be pulled out in a test: the copy fails as Windows and Linux report
    a vanished USB stick (EIO)."""
    opened, _admin = centre
    earlier = backups.make_backup(opened.db, opened.folder, opened.key, "manual")

    def pulled_out(source, target, *args, **kwargs):
        Path(target).write_bytes(b"half")
        raise OSError(errno.EIO, "Input/output error", str(target))

    monkeypatch.setattr(backups.shutil, "copyfile", pulled_out)
    with pytest.raises(backups.BackupFailed) as error:
        backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    assert "ne peut plus être lu" in error.value.message
    assert [b.path for b in backups.list_backups(opened.folder.backups)] == [earlier.path]
    assert not [p for p in opened.folder.backups.iterdir() if p.name.startswith(".")]


def test_on_a_full_disk_a_group_s_emergency_list_still_shows_the_health_notes(
        centre_template, mount):
    """Showing health notes records a read; a disk that cannot take it must not stop the
    emergency list."""
    from centre_desk.core import reports
    from centre_desk.core.services import records, users
    from tests.attendance_helpers import tutoring_group
    from tests.conftest import ADMIN_PASSWORD

    point = mount("3m")
    folder = place_centre(centre_template, point / "home")
    opened = db.open_database(folder)
    try:
        admin = users.authenticate("admin", ADMIN_PASSWORD)
        group, [child] = tutoring_group(admin, 1)
        records.update_health(admin, child, "amo", "Allergie aux arachides")
    finally:
        opened.close()
    fill(point)
    opened = db.open_database(folder)
    try:
        assert opened.read_only
        admin = users.authenticate("admin", ADMIN_PASSWORD)
        table = reports.build(admin, "list-group", reports.parse_period("2026-09"), "fr", group,
                              today=dt.date(2026, 9, 15)).tables[0]
        assert any("arachides" in str(cell) for row in table.rows for cell in row)
    finally:
        opened.close()


@pytest.mark.parametrize("language, folder_words, missing_words, refused_words", [
    ("fr", "est un dossier : choisissez un fichier", "introuvable", "Votre compte ne peut pas"),
    ("ar", "مجلد: اختر ملفًا", "غير موجود", "لا يمكن لحسابك قراءة"),
])
def test_a_file_the_user_chose_that_cannot_be_read_is_a_sentence(tmp_path, language,
                                                                 folder_words, missing_words,
                                                                 refused_words):
    """A password file, a key, a certificate's PDF or a logo: no 'Is a directory' or
    'Permission denied' in the user's face."""
    from centre_desk.core.i18n import set_language

    set_language(language)
    try:
        cases = ((errno.EISDIR, folder_words), (errno.ENOENT, missing_words),
                 (errno.EACCES, refused_words))
        for number, words in cases:
            error = OSError(number, "the system's English", str(tmp_path / "x.pdf"))
            message = storage.read_fault(error, tmp_path / "x.pdf").message
            assert words in message and "English" not in message, message
    finally:
        set_language("fr")
    for args in (("verify-certificate", "--file", str(tmp_path)),
                 ("hq-merge", str(tmp_path / "nothing.zip"), "--key-file", str(tmp_path),
                  "--out", str(tmp_path / "out"))):
        result = run("--lang", language, *args)
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert "Is a directory" not in result.stderr and "Errno" not in result.stderr


def test_the_recovery_sheet_is_saved_elsewhere_when_the_centre_s_disk_is_full(
        centre_template, mount, tmp_path):
    """The sheet goes to a USB stick: a full data disk must not make it look failed (it was
    written; only its record waits, in the log, and the reminder stays)."""
    point = mount("3m")
    folder = place_centre(centre_template, point / "home")
    fill(point)
    database = digests(folder.root)["centre.db"]
    sheet = tmp_path / "stick" / "fiche.pdf"
    sheet.parent.mkdir()
    result = run_admin("recovery-key", str(sheet), "--home", str(folder.root))
    assert result.returncode == 0, result.stderr
    assert sheet.read_bytes().startswith(b"%PDF") and digests(folder.root)["centre.db"] == database
