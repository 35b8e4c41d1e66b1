"""Backups through the real widgets, in French and Arabic: the welcome screen's restore on a new
computer with the recovery sheet, the wizard's last step, the Settings section, the home line
and its reminder, and the offer to restore when the database is damaged."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from centre_desk.core import backup_policy, backups
from centre_desk.core.documents import recovery_sheet
from centre_desk.core.models import Child, Setting
from centre_desk.core.paths import DataFolder
from centre_desk.ui.dialogs.login import LoginDialog
from centre_desk.ui.dialogs.restore_dialog import RestoreDialog
from centre_desk.ui.main_window import MainWindow
from tests.child_helpers import register
from tests.ui.conftest import restore_from_the_damaged_box, wizard_at_the_administrator

SHOTS = Path(os.environ.get("CENTRE_DESK_SHOTS", "/tmp/centre-desk-shots"))
LANGUAGES = ["fr", "ar"]


def shot(widget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def fits(widget) -> None:
    hint = widget.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728, (type(widget), hint)


def words(language: str, fr: str, ar: str) -> str:
    return fr if language == "fr" else ar


@pytest.fixture
def backed_up(centre, tmp_path):
    """A centre with one child, its backup on a "USB stick" and its recovery sheet."""
    opened, admin = centre
    register(admin)
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    usb = tmp_path / "usb"
    usb.mkdir()
    for path in (made.path, made.manifest):
        (usb / path.name).write_bytes(path.read_bytes())
    sheet = tmp_path / "sheet.pdf"
    recovery_sheet.render(sheet, "Centre Amane Test", opened.folder.root, opened.key.hex)
    opened.close()
    return usb / made.path.name, sheet, opened.key


@pytest.mark.parametrize("language", LANGUAGES)
def test_restore_on_a_new_computer_from_the_welcome_screen(qtbot, flow, backed_up, tmp_path,
                                                          memory_keyring, monkeypatch,
                                                          language):
    backup, sheet, _key = backed_up
    memory_keyring.clear()  # the new computer's credential store is empty
    new_pc = DataFolder(tmp_path / "new-pc").ensure()
    flow.folder = new_pc
    flow.languages.apply(language)
    flow.start()
    welcome = flow.window
    assert welcome.restore_button.isRightToLeft() == (language == "ar")
    shot(welcome, f"welcome-{language}")
    qtbot.mouseClick(welcome.restore_button, Qt.MouseButton.LeftButton)
    dialog = welcome.findChild(RestoreDialog)
    assert dialog is not None and dialog.isVisible()
    fits(dialog)
    dialog.set_backup(backup)  # what "Choose…" does with the file picked
    assert dialog.form.error_label("key").isVisible()  # no key here: the sheet is asked for
    assert words(language, "clé", "مفتاح") in dialog.form.error_label("key").text()
    qtbot.keyClicks(dialog.key, "not a key")
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    assert words(language, "64 caractères", "64") in dialog.form.error_label("key").text()
    dialog.key.clear()
    dialog.use_sheet(sheet)  # what "Open the recovery sheet…" does with the file picked
    assert "Centre Amane Test" in dialog.preview.text()
    assert words(language, "1 enfant,", "طفل واحد") in dialog.preview.text()
    shot(dialog, f"restore-dialog-{language}")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, LoginDialog))
    assert Child.select().count() == 1
    assert new_pc.db.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_wizard_ends_with_the_recovery_sheet(qtbot, flow, folder, tmp_path, language):
    wizard = wizard_at_the_administrator(flow, qtbot, language, "Centre Amane", "Sale")
    admin = wizard.admin_page
    for field, text in ((admin.full_name, "Nadia Bennani"), (admin.username, "nadia"),
                        (admin.password, "Tamra-2026-test"), (admin.confirm, "Tamra-2026-test")):
        qtbot.keyClicks(field, text)
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    sheet_page = wizard.sheet_page
    assert wizard.currentPage() is sheet_page
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()  # print, save, or say "later": not nothing
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible() or \
        not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    fits(wizard)
    path = tmp_path / "fiche.pdf"
    assert sheet_page.save_to(path)
    assert recovery_sheet.read_key(path) == flow.opened.key.hex
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert finish.isEnabled()
    shot(wizard, f"wizard-sheet-{language}")
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, MainWindow))
    assert not backup_policy.recovery_sheet_pending()
    assert not flow.window.show_page("home").backup_status.reminder.isVisible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_home_line_and_reminder_until_the_sheet_is_saved(qtbot, flow, centre, tmp_path,
                                                         language):
    opened, admin = centre
    backup_policy.save_policy(admin, backup_policy.BackupPolicy(
        second_destination=str(tmp_path / "usb")))
    backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    backup_policy.mark_recovery_sheet(saved=False)
    flow.languages.apply(language)
    flow.opened = opened
    window = flow.show_main(admin)
    window.resize(1366, 728)
    home = window.show_page("home")
    status = home.backup_status
    assert status.isVisible() and status.reminder.isVisible()
    text = status.line.text()
    assert words(language, "Dernière sauvegarde : aujourd'hui", "آخر نسخة احتياطية: اليوم") in text
    assert "✓" in text and "⚠" in text  # the USB stick never got a copy
    assert words(language, "seconde copie : jamais", "النسخة الثانية: أبدًا") in text
    shot(window, f"home-backup-{language}")
    assert status.isRightToLeft() == (language == "ar")
    from centre_desk.ui.widgets.backup_status import write_recovery_sheet

    assert write_recovery_sheet(status, window.session, tmp_path / "sheet.pdf")
    status.refresh()
    assert not status.reminder.isVisible()


def test_an_educator_does_not_see_the_backup_line(qtbot, flow, centre, make_user):
    from centre_desk.core.security import Role

    educator = make_user("samir", Role.EDUCATOR)
    flow.opened = centre[0]
    window = flow.show_main(educator)
    assert not window.show_page("home").backup_status.isVisible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_settings_section_saves_rotation_and_second_destination_and_backs_up(
        qtbot, flow, centre, tmp_path, language):
    opened, admin = centre
    flow.languages.apply(language)
    flow.opened = opened
    window = flow.show_main(admin)
    window.resize(1366, 728)
    settings = window.show_page("settings")
    from centre_desk.ui.widgets.backup_settings import BackupSection

    section = settings.findChild(BackupSection)
    assert section is not None
    section.daily.setValue(5)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.message.text() == words(language, "Enregistré.", "تم الحفظ.")
    section.destination.clear()
    qtbot.keyClicks(section.destination, "relative/folder")
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert section.form.error_label("backup_second_destination").isVisible()
    assert section.message.text() == ""  # not an old "Saved." beside the error
    usb = tmp_path / "usb"
    usb.mkdir()
    section.destination.setText(str(usb))
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert not section.form.error_label("backup_second_destination").isVisible()
    assert Setting.get_by_id("backup_keep_daily").value == "5"
    assert backup_policy.read_policy().second_destination == str(usb)
    qtbot.mouseClick(section.backup_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: section.backup_button.isEnabled(), timeout=20_000)
    assert backups.list_backups(usb) and backups.list_backups(opened.folder.backups)
    assert words(language, "vérifiée", "تُحقِّق") in section.message.text()
    shot(section, f"settings-backups-{language}")
    assert section.isRightToLeft() == (language == "ar")


def test_restore_from_settings_logs_in_again_on_the_restored_data(qtbot, flow, centre):
    opened, admin = centre
    made = backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    register(admin)  # after the backup
    flow.opened = opened
    window = flow.show_main(admin)
    window.logout_requested.connect(flow.logout)  # as show_main's caller wires it
    settings = window.show_page("settings")
    from centre_desk.ui.widgets.backup_settings import BackupSection

    dialog = settings.findChild(BackupSection).open_restore()
    fits(dialog)
    dialog.set_backup(made.path)  # the key is on this computer: no sheet needed
    assert not dialog.form.error_label("key").isVisible()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, LoginDialog))
    assert Child.select().count() == 0
    assert [b.reason for b in backups.list_backups(opened.folder.backups)
            if b.reason == "before-restore"] == ["before-restore"]
    from centre_desk.core.models import AuditEvent

    restored = AuditEvent.get(AuditEvent.action == "restore")  # in the restored trail
    assert restored.user_id == admin.user_id


def test_a_damaged_database_offers_the_latest_verified_backup(qtbot, flow, centre):
    opened, admin = centre
    register(admin)
    backups.make_backup(opened.db, opened.folder, opened.key, "manual")
    opened.close()
    opened.folder.db.write_bytes(b"")  # the worst damage: an empty file
    flow.start()
    box = flow.error_box
    assert box is not None and box.objectName() == "DamagedBox"
    assert "endommagé" in box.text()
    restore_from_the_damaged_box(qtbot, flow, box, opened.folder)
    assert Child.select().count() == 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_pulled_usb_stick_mid_use_is_a_sentence_not_a_crash_dialog(qapp, languages, tmp_path,
                                                                      language):
    """SQLite reports a vanished drive as "disk I/O error": the crash handler says it plainly
    and writes no crash log."""
    import sys

    from peewee import OperationalError
    from PySide6.QtCore import QTimer

    from centre_desk.ui.crash import CrashHandler

    languages.apply(language)
    handler = CrashHandler(tmp_path / "home" / "logs")
    seen = {}

    def close_box():
        box = handler.last_dialog
        seen["name"], seen["text"], seen["details"] = (box.objectName(), box.text(),
                                                       box.detailedText())
        box.done(0)

    QTimer.singleShot(50, close_box)
    try:
        raise OperationalError("disk I/O error")
    except OperationalError:
        handler.handle(*sys.exc_info())
    assert seen["name"] == "StorageFaultBox" and seen["details"] == ""
    assert words(language, "ne peut plus être lu", "لم يعد ممكنًا قراءة") in seen["text"]
    assert not list((tmp_path / "home" / "logs").glob("crash-*.log"))


def _run_gui_and_read_its_message(argv) -> tuple[int, str]:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from centre_desk.app import run_gui

    seen = {}

    def close_box():
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(50, close_box)
            return
        seen["text"] = box.text()
        box.done(0)

    QTimer.singleShot(50, close_box)
    return run_gui(argv), seen.get("text", "")


def test_the_window_refuses_a_file_given_as_data_folder_with_a_sentence(qapp, tmp_path):
    a_file = tmp_path / "centre.txt"
    a_file.write_text("not a folder")
    code, text = _run_gui_and_read_its_message(["--home", str(a_file)])
    assert code == 2 and "est un fichier, pas un dossier" in text
    assert a_file.read_text() == "not a folder"


def test_the_window_on_a_read_only_data_folder_opens_for_reading(flow, centre_template,
                                                                 tmp_path):
    """What run_gui does before the login, step by step (its event loop is not started here:
    a second app.exec() in the test session upsets the later screens' workers)."""
    from PySide6.QtWidgets import QLabel

    from centre_desk.app import _log_if_writable
    from centre_desk.core.lock import InstanceLock
    from tests.core.test_storage_faults import digests

    point = tmp_path / "ro"
    point.mkdir()
    import subprocess

    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(point)],
                      capture_output=True).returncode != 0:
        pytest.skip("this machine does not allow mounting a test filesystem")
    try:
        import shutil

        shutil.copytree(centre_template.root, point / "home")
        (point / "home" / "centre-desk.lock").touch()
        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)
        before = digests(point)
        folder = DataFolder(point / "home")
        folder.ensure()
        _log_if_writable(folder, "fr")  # no log file there: the start goes on
        lock = InstanceLock(folder.lock).acquire()
        try:
            login = flow.open_and_login(folder)
            assert isinstance(login, LoginDialog)
            said = " ".join(label.text() for label in login.findChildren(QLabel))
            assert "lecture seule" in said  # the login says why nothing is saved
            flow.close_centre()
        finally:
            lock.release()
        assert digests(point) == before
    finally:
        subprocess.run(["umount", "-l", str(point)], capture_output=True)
