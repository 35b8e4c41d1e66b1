"""The backup verbs of the command line, run as a separate process."""
from __future__ import annotations

from centre_desk.core import backups
from tests.core.test_cli import run, run_admin


def test_backup_list_verify_and_restore_on_a_new_computer(centre, tmp_path):
    opened, _admin = centre
    home = str(opened.folder.root)
    opened.close()
    made = run_admin("backup", "--home", home)
    assert made.returncode == 0, made.stderr
    assert "vérifiée" in made.stdout
    listed = run_admin("backups", "--home", home)
    assert listed.returncode == 0 and "vérifiée" in listed.stdout and "à la main" in listed.stdout
    backup = backups.list_backups(opened.folder.backups)[0].path
    checked = run("verify-backup", str(backup), "--home", home)
    assert checked.returncode == 0 and "Centre Amane Test" in checked.stdout
    sheet = tmp_path / "sheet.pdf"
    assert run_admin("recovery-key", str(sheet), "--home", home).returncode == 0
    from pypdf import PdfReader  # the printable sheet, as the window writes it

    sheet_text = PdfReader(str(sheet)).pages[0].extract_text()
    assert "Centre Amane Test" in sheet_text and opened.key.hex[:4] in sheet_text
    new_pc = tmp_path / "new-pc"
    without_key = run("restore", str(backup), "--home", str(new_pc))
    assert without_key.returncode == 2 and "clé" in without_key.stderr
    assert not (new_pc / "centre.db").exists()
    restored = run("restore", str(backup), "--key-file", str(sheet), "--home", str(new_pc))
    assert restored.returncode == 0, restored.stderr
    assert run("check", "--home", str(new_pc)).returncode == 0


def test_backup_to_another_folder_and_restore_into_a_new_one(centre, tmp_path):
    opened, _admin = centre
    home = str(opened.folder.root)
    opened.close()
    usb = tmp_path / "usb"
    assert run_admin("backup", "--to", str(usb), "--home", home).returncode == 0
    backup = backups.list_backups(usb)[0].path
    refused = run("restore", str(backup), "--into", home, "--home", home)
    assert refused.returncode == 2 and "contient déjà un centre" in refused.stderr
    into = tmp_path / "copy"
    restored = run("restore", str(backup), "--into", str(into), "--home", home)
    assert restored.returncode == 0, restored.stderr
    assert run("check", "--home", str(into)).returncode == 0


def test_verify_backup_of_a_damaged_file_is_exit_2_with_a_sentence(centre, tmp_path):
    opened, _admin = centre
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    opened.close()
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(bytes(data))
    result = run("verify-backup", str(damaged), "--home", str(opened.folder.root))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "endommagée" in result.stderr
