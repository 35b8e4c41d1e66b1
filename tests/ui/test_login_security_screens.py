"""Login under attack on screen: the core's lockout, the first-login password, unlocking."""
from __future__ import annotations

import os
import shutil

import pytest
from PySide6.QtCore import Qt

from centre_desk.core.models import User
from centre_desk.core.security import Role
from centre_desk.core.services import users
from centre_desk.ui.dialogs.login import FirstPasswordDialog, LoginDialog
from centre_desk.ui.main_window import MainWindow
from tests.conftest import ADMIN_PASSWORD
from tests.ui.conftest import log_in

SHOTS = os.environ.get("CENTRE_DESK_SHOTS")  # a folder: save screenshots there to look at


def shoot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name + ".png"))


def start_at_login(flow, centre_template, folder, language="fr") -> LoginDialog:
    shutil.copytree(centre_template.root, folder.root, dirs_exist_ok=True)
    flow.start()
    flow.languages.apply(language)
    return flow.window


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_five_failures_lock_the_name_until_the_wait_is_over(flow, qtbot, centre_template,
                                                             folder, language):
    dialog = start_at_login(flow, centre_template, folder)
    flow.languages.apply(language)
    for _attempt in range(5):
        log_in(qtbot, dialog, "admin", "wrong-pass-2026")
    assert not dialog.login_button.isEnabled()
    expected = {"fr": "Réessayez dans 30 secondes", "ar": "أعد المحاولة بعد 30 ثانية"}[language]
    assert expected in dialog.form.error_label("password").text()
    shoot(dialog, f"login_locked_{language}")
    dialog._resume()  # the timer would do it after 30 s; the core still refuses the name
    log_in(qtbot, dialog, "admin", ADMIN_PASSWORD)
    assert flow.window is dialog and not dialog.login_button.isEnabled()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_password_set_by_an_administrator_is_changed_at_first_login(
        flow, qtbot, centre, make_user, language):
    opened, _admin = centre
    make_user("salma", Role.SECRETARY)
    flow.opened = opened
    dialog = flow.open_and_login(opened.folder)
    flow.languages.apply(language)  # the login window took the centre's language
    log_in(qtbot, dialog, "salma", "Tamra-2026-test")
    first = flow.window
    assert isinstance(first, FirstPasswordDialog)
    hint = first.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728
    assert first.isRightToLeft() == (language == "ar")
    qtbot.keyClicks(first.password, "qwertyuiop123")
    qtbot.keyClicks(first.confirm, "qwertyuiop123")
    qtbot.mouseClick(first.ok_button, Qt.MouseButton.LeftButton)
    assert flow.window is first and first.form.error_label("password").text()
    shoot(first, f"first_password_{language}")
    first.password.clear()
    first.confirm.clear()
    qtbot.keyClicks(first.password, "Jardin-bleu-2027")
    qtbot.keyClicks(first.confirm, "Jardin-bleu-2027")
    qtbot.mouseClick(first.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, MainWindow))
    assert not User.get(User.username == "salma").must_change_password


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_administrator_unlocks_a_locked_user_on_the_users_page(flow, qtbot, centre,
                                                                  make_user, language):
    opened, admin = centre
    make_user("salma", Role.SECRETARY)
    for _attempt in range(5):
        with pytest.raises(Exception):
            users.authenticate("salma", "wrong-pass-2026")
    flow.opened = opened
    flow.languages.apply(language)
    window = flow.show_main(admin)
    page = window.show_page("users")
    salma = next(row for row in page.model.rows if row.username == "salma")
    page.select_user(salma.id)
    assert page.unlock_button.isEnabled()
    assert page.model.data(page.model.index(page.model.rows.index(salma), 3)) == {
        "fr": "bloqué", "ar": "مقفل"}[language]
    shoot(window, f"users_locked_{language}")
    qtbot.mouseClick(page.unlock_button, Qt.MouseButton.LeftButton)
    assert not page.unlock_button.isEnabled()
    assert users.authenticate("salma", "Tamra-2026-test").username == "salma"
