"""Acceptance of issue 9 as a careless user would try it on the command line: a backup file that
is empty or damaged in its middle, a centre damaged in its middle (backing it up, restoring over
it), a newer backup refused, a recovery sheet that is not there. Each: one translated line,
exit 2, nothing created, no byte of the original changed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from centre_desk.core import backups, db
from tests.core.test_cli import run, run_admin
from tests.core.test_storage_faults import mount, one_sentence  # noqa: F401 (mount)

SQLITE_WORDS = ("btree", "Tree ", "***", "malformed", "not a database", "No such file")


def plain(result) -> None:
    """One sentence in the user's language: none of SQLite's or the OS's own English."""
    assert not any(words in result.stderr for words in SQLITE_WORDS), result.stderr


def damaged_in_the_middle(centre, children: int = 40) -> tuple[Path, slice]:
    """The centre's database with one byte flipped in the children's table: opening it and
    logging in do not read that page, so the damage is found only later. Returns the file and
    where its damaged page lies."""
    from tests.child_helpers import register

    opened, admin = centre
    for number in range(children):
        register(admin, first=f"Enfant{number}")
    return opened.folder.db, damage_the_childrens_table(opened)


def damage_the_childrens_table(opened) -> slice:
    """One byte flipped in the middle of the children's table's first page (the centre is
    closed first); where that page lies in the file."""
    opened.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = int(opened.db.execute_sql("PRAGMA page_size").fetchone()[0])
    root = opened.db.execute_sql("SELECT rootpage FROM sqlite_master WHERE name = 'child'"
                                 ).fetchone()[0]
    opened.close()
    data = bytearray(opened.folder.db.read_bytes())
    data[(root - 1) * page_size + page_size // 2] ^= 0xFF
    opened.folder.db.write_bytes(bytes(data))
    return slice((root - 1) * page_size, root * page_size)


def a_backup(centre) -> backups.Backup:
    opened, _admin = centre
    return backups.make_backup(opened.db, opened.folder, opened.key, "manual")


@pytest.mark.parametrize("language, words", [("fr", "pas une sauvegarde"),
                                             ("ar", "ليس نسخة احتياطية")])
def test_an_empty_file_is_not_a_sound_backup_and_restores_nothing(centre, tmp_path, language,
                                                                   words):
    made = a_backup(centre)
    empty = tmp_path / "usb" / made.path.name
    empty.parent.mkdir()
    empty.write_bytes(b"")
    shutil.copy(made.manifest, backups.manifest_of(empty))  # as copied beside it
    home = str(centre[0].folder.root)
    centre[0].close()
    checked = run("--lang", language, "verify-backup", str(empty), "--home", home)
    one_sentence(checked, words)
    assert (f"\u202a{empty}\u202c" in checked.stderr) == (language == "ar")  # the path whole
    into = tmp_path / "into"
    restored = run("--lang", language, "restore", str(empty), "--into", str(into), "--home", home)
    one_sentence(restored, words)
    assert not into.exists()
    assert empty.read_bytes() == b""


def test_a_backup_damaged_in_its_middle_is_one_plain_sentence(centre, tmp_path):
    from tests.child_helpers import register

    opened, admin = centre
    for number in range(40):
        register(admin, first=f"Enfant{number}")
    made = a_backup(centre)
    opened.close()
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2 + 1000] ^= 0xFF
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    for verb in (("verify-backup", str(damaged)), ("restore", str(damaged), "--into",
                                                   str(tmp_path / "into"))):
        result = run(*verb, "--home", str(opened.folder.root))
        one_sentence(result, "endommagée")
        plain(result)
    assert not (tmp_path / "into").exists()


def test_backing_up_a_centre_damaged_in_its_middle_says_its_database_is_damaged(centre):
    database, _page = damaged_in_the_middle(centre)
    folder = database.parent
    result = run_admin("backup", "--home", str(folder))
    one_sentence(result, "endommagé")
    plain(result)
    assert str(database) in result.stderr  # the centre's file, not the backup's
    assert list((folder / "backups").iterdir()) == []  # nothing partial, nothing listed


def test_restoring_over_a_centre_damaged_in_its_middle_keeps_it_aside_and_restores(
        centre, tmp_path):
    made = a_backup(centre)
    database, page = damaged_in_the_middle(centre)
    damaged = database.read_bytes()[page]
    result = run_admin("restore", str(made.path), "--home", str(database.parent))
    assert result.returncode == 0, result.stderr
    assert run("check", "--home", str(database.parent)).returncode == 0
    aside = list((database.parent / "backups").glob("damaged-*/centre.db"))
    # Kept (with the administrator's login written into it), never deleted.
    assert len(aside) == 1 and aside[0].read_bytes()[page] == damaged


def test_a_newer_backup_is_refused_before_anything_is_made(centre, tmp_path):
    opened, _admin = centre
    made = a_backup(centre)
    newer = tmp_path / "newer.db"
    shutil.copy(made.path, newer)
    connection = backups.open_copy(newer, opened.key, read_only=False)
    connection.execute("PRAGMA user_version = 99")
    connection.close()
    before_counts = db.table_counts(opened.db)
    opened.close()
    home = opened.folder.root
    into = tmp_path / "into"
    one_sentence(run("restore", str(newer), "--into", str(into), "--home", str(home)),
                 "plus récente")
    assert not into.exists()
    one_sentence(run_admin("restore", str(newer), "--home", str(home)), "plus récente")
    checked = run("verify-backup", str(newer), "--home", str(home))  # sound, but not for us
    assert checked.returncode == 0 and "Sauvegarde saine" in checked.stdout
    assert "plus récente" in checked.stdout and "Installez" in checked.stdout
    reopened = db.open_database(opened.folder)
    try:  # only the administrator's login was written (the login comes first)
        after = db.table_counts(reopened.db)
    finally:
        reopened.close()
    assert after.pop("audit_event") == before_counts.pop("audit_event") + 1
    assert after == before_counts
    assert [b.reason for b in backups.list_backups(opened.folder.backups)] == ["manual"]


@pytest.mark.parametrize("language, words", [("fr", "n'existe pas"), ("ar", "غير موجود")])
def test_a_recovery_sheet_that_is_not_there_is_said_in_the_language(centre, tmp_path, language,
                                                                     words):
    made = a_backup(centre)
    centre[0].close()
    result = run("--lang", language, "restore", str(made.path), "--key-file",
                 str(tmp_path / "fiche.pdf"), "--home", str(tmp_path / "new-pc"))
    one_sentence(result, words)
    plain(result)
    assert not (tmp_path / "new-pc").exists()


def test_restore_on_a_new_computer_says_only_its_result(centre, tmp_path):
    """No credential store on the new computer: the key goes to the key file, quietly (the log
    says so, not the terminal in English)."""
    from centre_desk.core.documents import recovery_sheet

    opened, _admin = centre
    made = a_backup(centre)
    sheet = tmp_path / "sheet.pdf"
    recovery_sheet.render(sheet, "Centre Amane Test", opened.folder.root, opened.key.hex)
    opened.close()
    new_pc = tmp_path / "new-pc"
    result = run("restore", str(made.path), "--key-file", str(sheet), "--home", str(new_pc))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert "Restauré" in result.stdout



@pytest.mark.parametrize("language, size, title", [
    ("fr", "39,8 Mo", "Dossier des données : "), ("ar", "39.8 ميغابايت", "مجلد البيانات: ")])
def test_the_backup_list_writes_sizes_and_titles_as_the_language_does(centre, language, size,
                                                                       title):
    from centre_desk.cli.backups import size_text
    from centre_desk.core import i18n

    a_backup(centre)
    centre[0].close()
    i18n.set_language(language)
    assert size_text(39_800_000) == size
    listed = run_admin("--lang", language, "backups", "--home", str(centre[0].folder.root))
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.startswith(title)


@pytest.mark.parametrize("language, read_only_words, full_words", [
    ("fr", "lecture seule", "plein"), ("ar", "للقراءة فقط", "ممتلئ")])
@pytest.mark.parametrize("sheet", ["sheet.pdf", "sheet.txt"])
def test_the_recovery_sheet_on_a_read_only_or_full_stick_is_the_storage_sentence(
        centre, mount, language, read_only_words, full_words, sheet):
    from tests.core.test_storage_faults import fill, read_only

    home = str(centre[0].folder.root)
    centre[0].close()
    locked = mount("1m")
    read_only(locked)
    result = run_admin("--lang", language, "recovery-key", str(locked / sheet), "--home", home)
    one_sentence(result, read_only_words)
    assert "Read-only file system" not in result.stderr
    full = mount("1m")
    fill(full)
    result = run_admin("--lang", language, "recovery-key", str(full / sheet), "--home", home)
    one_sentence(result, full_words)
    assert "No space left" not in result.stderr
    assert sorted(path.name for path in full.iterdir()) == ["filler", "filler-tail"]
    result = run_admin("--lang", language, "recovery-key", str(full / "gone" / sheet),
                       "--home", home)
    one_sentence(result, {"fr": "introuvable", "ar": "غير موجود"}[language])
    plain(result)


def test_restoring_into_a_new_folder_on_a_full_disk_names_that_disk_and_leaves_nothing(
        centre, mount):
    made = a_backup(centre)
    centre[0].close()
    full = mount("200k")  # room for the folder, not for the copy
    into = full / "into"
    result = run("restore", str(made.path), "--into", str(into), "--home",
                 str(centre[0].folder.root))
    one_sentence(result, "plein")
    assert str(into) in result.stderr and str(made.path) not in result.stderr
    assert list(full.iterdir()) == []
    assert backups.list_backups(made.path.parent) == [made]  # the backup itself untouched


def test_a_file_where_a_folder_belongs_or_a_folder_where_a_file_belongs_is_a_sentence(centre):
    a_backup(centre)
    folder = centre[0].folder
    centre[0].close()
    backup_folder = folder.backups
    for path in backup_folder.iterdir():
        path.unlink()
    backup_folder.rmdir()
    backup_folder.write_text("not a folder")
    result = run_admin("backup", "--home", str(folder.root))
    one_sentence(result, "est un fichier, pas un dossier")
    assert "File exists" not in result.stderr and backup_folder.read_text() == "not a folder"
    backup_folder.unlink()
    folder.lock.unlink(missing_ok=True)
    folder.lock.mkdir()
    result = run("check", "--home", str(folder.root))
    one_sentence(result, "est un dossier")
    assert "Is a directory" not in result.stderr and folder.lock.is_dir()


def test_a_lock_file_on_a_read_only_drive_still_keeps_a_second_instance_out(mount):
    from centre_desk.core.errors import InstanceLocked
    from centre_desk.core.lock import InstanceLock
    from tests.core.test_storage_faults import read_only

    point = mount("1m")
    (point / "centre-desk.lock").touch()
    read_only(point)
    first = InstanceLock(point / "centre-desk.lock").acquire()
    try:
        with pytest.raises(InstanceLocked):
            InstanceLock(point / "centre-desk.lock").acquire()
    finally:
        first.release()
