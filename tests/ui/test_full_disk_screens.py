"""Issue 9: on a full disk "let people log in and read". A real centre (a group with a timetable,
so the home screen has today's sessions to draw) on a real full filesystem, started through the
welcome flow: the login works, the main window opens, every page can be read, and no byte of the
data folder changes."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from centre_desk.core.paths import DataFolder
from centre_desk.core.services import activities
from centre_desk.core.services.activities import ActivityData, Slot
from centre_desk.ui.dialogs.login import LoginDialog
from centre_desk.ui.main_window import MainWindow
from tests.child_helpers import register
from tests.conftest import ADMIN_PASSWORD
from tests.core.test_storage_faults import digests, fill, mount  # noqa: F401 (mount: fixture)


def a_group_every_day(admin) -> int:
    today = dt.date.today()
    activity_id = activities.create_activity(admin, ActivityData(
        kind="tutoring", name="Soutien scolaire", room="Salle 2",
        start_date=today - dt.timedelta(days=30),
        slots=[Slot(day, "09:00", "11:00") for day in range(7)]))
    child_id = register(admin)
    activities.enrol(admin, activity_id, child_id=child_id,
                     start_date=today - dt.timedelta(days=30))
    return child_id


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_on_a_full_disk_the_window_opens_and_every_page_reads(qtbot, flow, centre, mount,
                                                              language):
    from dataclasses import replace

    from centre_desk.core.services.centre import get_identity, update_identity
    from centre_desk.core.services.users import set_own_language

    opened, admin = centre
    child_id = a_group_every_day(admin)
    set_own_language(admin, language)  # the window comes up in the administrator's language
    update_identity(admin, replace(get_identity(), default_language=language))  # the login too
    opened.close()
    point = mount("4m")
    folder = DataFolder(point / "home")
    shutil.copytree(opened.folder.root, folder.root)
    fill(point)
    before = digests(folder.root)
    flow.folder = folder
    flow.languages.apply(language)
    flow.open_and_login(folder)
    login = flow.window
    assert isinstance(login, LoginDialog)
    said = " ".join(widget.text() for widget in login.findChildren(QLabel))
    assert {"fr": "lecture seule", "ar": "للقراءة فقط"}[language] in said
    login.grab().save(f"/tmp/full-disk-login-{language}.png")
    qtbot.keyClicks(login.username, "admin")
    qtbot.keyClicks(login.password, ADMIN_PASSWORD)
    qtbot.mouseClick(login.login_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, MainWindow))
    window = flow.window
    assert window.isRightToLeft() == (language == "ar")
    for key in list(window.pages):
        window.show_page(key)
    window.show_page("home")
    child_file = window.files.open_child(child_id)  # a child's file, every tab of it
    child_file.show()
    from PySide6.QtWidgets import QTabWidget

    for tabs in child_file.findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
    child_file.close()
    boxes = [widget.objectName() for widget in QApplication.topLevelWidgets()
             if widget.isVisible() and widget.objectName().endswith("Box")]
    assert boxes == []
    window.grab().save(f"/tmp/full-disk-home-{language}.png")
    flow.close_centre()
    assert digests(folder.root) == before
