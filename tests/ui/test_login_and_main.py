"""Logging in, the main window, roles on screen, languages, users, the crash handler."""
from __future__ import annotations

import shutil
import sys

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from centre_desk.core.models import AuditEvent, User
from centre_desk.core.security import Role
from centre_desk.core.services import users
from centre_desk.ui.crash import CrashHandler
from centre_desk.ui.dialogs.login import LoginDialog
from centre_desk.ui.main_window import MainWindow
from centre_desk.ui.models.table import Column, RowsModel
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import log_in


def start_at_login(flow, centre_template, folder) -> LoginDialog:
    shutil.copytree(centre_template.root, folder.root, dirs_exist_ok=True)
    flow.start()
    assert isinstance(flow.window, LoginDialog)
    return flow.window


def test_wrong_password_is_refused_and_right_one_opens_the_main_window(
        flow, qtbot, centre_template, folder):
    dialog = start_at_login(flow, centre_template, folder)
    log_in(qtbot, dialog, "admin", "wrong-pass1")
    assert flow.window is dialog
    assert dialog.form.error_label("password").text() == "Nom d'utilisateur ou mot de passe incorrect."
    assert dialog.password.text() == "" and dialog.username.text() == "admin"
    log_in(qtbot, dialog, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: isinstance(flow.window, MainWindow))
    window = flow.window
    assert "Nadia Admin" in window.status_user.text()
    assert str(folder.root) in window.status_folder.text()


def test_five_failures_pause_the_login_button(flow, qtbot, centre_template, folder):
    dialog = start_at_login(flow, centre_template, folder)
    for _attempt in range(5):
        log_in(qtbot, dialog, "admin", "wrong-pass1")
    assert not dialog.login_button.isEnabled()


def test_educator_sees_no_users_or_audit_screen(flow, qtbot, centre, make_user):
    make_user("youssef", Role.EDUCATOR)
    flow.opened = centre[0]
    window = flow.show_main(users.authenticate("youssef", "Tamra-2026-test"))
    # Reports: only the emergency list of their groups and the birthdays (test_report_acceptance)
    assert set(window.pages) == {"home", "children", "reports", "settings"}
    assert not hasattr(window.pages["settings"], "centre_form")  # identity: administrators only


def test_admin_creates_a_user_through_the_dialog(flow, qtbot, centre):
    opened, admin = centre
    flow.opened = opened
    window = flow.show_main(admin)
    page = window.show_page("users")
    dialog = page.new_user()
    qtbot.keyClicks(dialog.full_name, "Youssef Alaoui")
    qtbot.keyClicks(dialog.username, "admin")  # taken
    dialog.role.setCurrentIndex(dialog.role.findData(Role.EDUCATOR))
    qtbot.keyClicks(dialog.password, "Tamra-2026-test")
    qtbot.keyClicks(dialog.confirm, "Tamra-2026-test")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert "déjà pris" in dialog.form.error_label("username").text()
    assert dialog.full_name.text() == "Youssef Alaoui"

    dialog.username.clear()
    qtbot.keyClicks(dialog.username, "youssef")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert User.get(User.username == "youssef").role == "educator"
    assert page.selected().username == "youssef"
    assert [row.username for row in page.model.rows] == ["admin", "youssef"]


def test_switching_to_arabic_rebuilds_the_window_right_to_left(flow, qtbot, qapp, centre):
    opened, admin = centre
    flow.opened = opened
    window = flow.show_main(admin)
    settings = window.show_page("settings")
    settings.language.setCurrentIndex(settings.language.findData("ar"))
    qtbot.mouseClick(_apply_button(settings), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: flow.window is not window)
    arabic = flow.window
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert arabic.isRightToLeft()
    assert arabic.nav.item(0).text() == "الرئيسية"
    # the centre's Latin name still starts on the right, the reading side
    assert arabic.nav_centre.alignment() & Qt.AlignmentFlag.AlignRight
    assert User.get_by_id(admin.user_id).language == "ar"


def _apply_button(settings):
    from PySide6.QtWidgets import QPushButton

    return next(button for button in settings.findChildren(QPushButton)
                if button.text() == "Appliquer")


def test_saving_the_centre_with_an_empty_city_keeps_what_was_typed(flow, qtbot, centre):
    opened, admin = centre
    flow.opened = opened
    window = flow.show_main(admin)
    settings = window.show_page("settings")
    settings.centre_name.clear()
    qtbot.keyClicks(settings.centre_name, "Centre Amane Nord")
    settings.city.clear()
    qtbot.mouseClick(settings.save_centre_button, Qt.MouseButton.LeftButton)
    assert settings.centre_form.error_label("city").isVisible()
    assert settings.centre_name.text() == "Centre Amane Nord"
    qtbot.keyClicks(settings.city, "Tanger")
    qtbot.mouseClick(settings.save_centre_button, Qt.MouseButton.LeftButton)
    assert "Centre Amane Nord" in window.windowTitle()
    assert AuditEvent.select().where(AuditEvent.entity == "centre",
                                     AuditEvent.action == "update").count() == 1


def test_recovery_key_is_saved_from_settings(flow, qtbot, centre, tmp_path):
    opened, admin = centre
    flow.opened = opened
    settings = flow.show_main(admin).show_page("settings")
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().accept())
    settings.write_recovery_key(tmp_path / "key.txt")
    assert opened.key.hex in (tmp_path / "key.txt").read_text(encoding="utf-8")


def test_logout_returns_to_the_login(flow, qtbot, centre):
    opened, admin = centre
    flow.opened = opened
    window = flow.show_main(admin)
    qtbot.mouseClick(window.logout_button, Qt.MouseButton.LeftButton)
    assert isinstance(flow.window, LoginDialog)


def test_crash_handler_writes_a_log_and_shows_the_details(qapp, tmp_path, qtbot):
    handler = CrashHandler(tmp_path / "logs")
    seen = {}

    def close_dialog():
        dialog = handler.last_dialog
        seen["details"] = dialog.detailedText()
        seen["info"] = dialog.informativeText()
        dialog.done(0)

    QTimer.singleShot(50, close_dialog)
    try:
        raise RuntimeError("unexpected thing")
    except RuntimeError:
        handler.handle(*sys.exc_info())
    logs = list((tmp_path / "logs").glob("crash-*.log"))
    assert len(logs) == 1
    assert "RuntimeError: unexpected thing" in seen["details"]
    assert logs[0].name in seen["info"]


def test_rows_model_passes_the_model_tester(qtmodeltester):
    model = RowsModel([Column(lambda: "Nom", lambda row: row[0]),
                       Column(lambda: "Âge", lambda row: row[1], align_end=True)])
    model.set_rows([("Aya", 9), ("Omar", 11)])
    qtmodeltester.check(model)
    assert model.data(model.index(1, 0)) == "Omar"
