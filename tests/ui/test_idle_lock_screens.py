"""The idle lock: the window and its dialogs hide after a while without input, the same password
brings them back as they were."""
from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QScrollArea

from centre_desk.core.services import privacy_settings
from centre_desk.ui.idle_lock import LockScreen
from tests.child_helpers import mother, register
from tests.conftest import ADMIN_PASSWORD

SHOTS = os.environ.get("CENTRE_DESK_SHOTS")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_idle_lock_hides_a_child_s_file_and_keeps_an_unsaved_form(qtbot, flow, centre,
                                                                   language):
    opened, admin = centre
    flow.languages.apply(language)
    flow.opened = opened
    window = flow.show_main(admin)
    child_file = window.files.open_child(register(admin, guardian=mother()))
    new_child = window.files.new_child()
    qtbot.keyClicks(new_child.identity.last_name_latin, "Benjelloun")
    lock = window.idle_lock
    lock.timer.setInterval(50)  # instead of minutes
    lock.timer.start()
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)

    assert isinstance(window.centralWidget(), LockScreen)
    assert not child_file.isVisible() and not new_child.isVisible()
    assert not window.stack.isVisible()
    screen = window.centralWidget()
    assert screen.isRightToLeft() == (language == "ar")
    hint = window.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, f"idle_lock_{language}.png"))

    qtbot.keyClicks(screen.password, "not-my-password-1")
    qtbot.mouseClick(screen.unlock_button, Qt.MouseButton.LeftButton)
    assert lock.locked and screen.form.error_label("password").text()

    qtbot.keyClicks(screen.password, ADMIN_PASSWORD)
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not lock.locked
    assert child_file.isVisible() and new_child.isVisible() and window.stack.isVisible()
    assert new_child.identity.last_name_latin.text() == "Benjelloun"


def test_change_user_from_the_lock_screen_goes_back_to_the_login(qtbot, flow, centre):
    from centre_desk.ui.dialogs.login import LoginDialog

    opened, admin = centre
    flow.opened = opened
    window = flow.show_main(admin)
    window.idle_lock.lock()
    qtbot.mouseClick(window.centralWidget().change_user_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, LoginDialog))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_delay_is_set_in_the_settings(qtbot, flow, centre, language):
    opened, admin = centre
    flow.languages.apply(language)
    flow.opened = opened
    window = flow.show_main(admin)
    page = window.show_page("settings")
    section = page.idle_lock_section
    page.findChild(QScrollArea).ensureWidgetVisible(section)
    if SHOTS:
        window.grab().save(os.path.join(SHOTS, f"settings_idle_{language}.png"))
    assert section.minutes.value() == 10
    section.minutes.setValue(3)
    qtbot.mouseClick(section.save, Qt.MouseButton.LeftButton)
    assert privacy_settings.idle_lock_minutes() == 3
    assert section.saved.text()
    assert flow.show_main(admin).idle_lock.timer.interval() == 3 * 60_000


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_laptop_back_from_sleep_opens_locked(qtbot, flow, centre, language):
    """Qt's timers stop counting while the computer sleeps: the wall clock decides, and the
    first mouse movement on waking locks rather than counts as use."""
    opened, admin = centre
    flow.languages.apply(language)
    flow.opened = opened
    window = flow.show_main(admin)
    child_file = window.files.open_child(register(admin, guardian=mother()))
    lock = window.idle_lock
    now = [1_000_000.0]
    lock.clock = lambda: now[0]
    lock.last_input = now[0]
    qtbot.mouseMove(child_file, child_file.rect().center())
    assert not lock.locked
    now[0] += 8 * 3600  # the lid closed for the night; the single-shot timer never fired
    assert lock.timer.isActive()
    qtbot.mouseMove(child_file, child_file.rect().topLeft())
    qtbot.mouseClick(child_file, Qt.MouseButton.LeftButton)
    assert lock.locked and not child_file.isVisible()
    assert isinstance(window.centralWidget(), LockScreen)


def test_waking_without_touching_anything_locks_at_the_next_check(qtbot, flow, centre):
    opened, admin = centre
    flow.opened = opened
    window = flow.show_main(admin)
    lock = window.idle_lock
    now = [1_000_000.0]
    lock.clock = lambda: now[0]
    lock.last_input = now[0]
    lock.wake_check.setInterval(20)  # instead of seconds
    now[0] += 11 * 60
    qtbot.waitUntil(lambda: lock.locked, timeout=3000)
    assert not window.stack.isVisible()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_modal_dialog_half_filled_comes_back_and_still_saves(qtbot, flow, centre, language):
    """A window-modal dialog (a new account) hides with the rest, does not block the lock
    screen, and after the unlock is modal again and its OK still creates the account."""
    from centre_desk.core.models import User
    from centre_desk.core.security import Role

    opened, admin = centre
    flow.languages.apply(language)
    flow.opened = opened
    window = flow.show_main(admin)
    dialog = window.show_page("users").new_user()
    qtbot.keyClicks(dialog.full_name, "Youssef Alaoui")
    qtbot.keyClicks(dialog.username, "youssef")
    dialog.role.setCurrentIndex(dialog.role.findData(Role.EDUCATOR))
    qtbot.keyClicks(dialog.password, "Tamra-2026-test")
    lock = window.idle_lock
    lock.lock()
    assert not dialog.isVisible()
    screen = window.centralWidget()
    qtbot.keyClicks(screen.password, ADMIN_PASSWORD)
    assert screen.password.text() == ADMIN_PASSWORD  # the hidden dialog blocks nothing
    qtbot.keyClick(screen.password, Qt.Key.Key_Return)
    assert not lock.locked and dialog.isVisible() and dialog.isModal()
    assert dialog.full_name.text() == "Youssef Alaoui" and dialog.password.text()
    qtbot.keyClicks(dialog.confirm, "Tamra-2026-test")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert User.get(User.username == "youssef").role == "educator"
