"""The roll call with the keyboard, undo, the closed session's reason, paper sheets, the home
screen's sessions and follow-up tasks, and the activities screen."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from centre_desk.core.models import Activity, Attendance, Enrolment, FollowUpTask, SessionChange
from centre_desk.core.security import Role
from centre_desk.core.services import attendance, sessions, users
from centre_desk.ui.dialogs.roll_call import RollCallDialog
from tests.attendance_helpers import tutoring_group


@pytest.fixture
def window(flow, centre):
    flow.opened = centre[0]
    return flow.show_main(centre[1])


def todays_session(actor) -> int:
    today = dt.date.today()
    if today.weekday() >= 5:  # the group meets Monday to Friday
        pytest.skip("needs a weekday")
    return sessions.sessions_on(actor, today)[0].id


def test_25_children_with_3_absentees_keyboard_only_each_mark_saved_at_once(qtbot, window):
    admin = window.session.actor
    _activity, children = tutoring_group(admin, 25)
    session_id = sessions.sessions_on(admin, dt.date(2026, 9, 14))[0].id
    roll = window.files.open_roll(session_id)
    assert isinstance(roll, RollCallDialog)
    assert [line.mark for line in roll.model.lines] == ["P"] * 25  # presumed, nothing saved
    assert Attendance.select().count() == 0
    table = roll.table
    table.setFocus()
    for _step in range(3):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_A)  # 4th child absent, moves to the 5th
    assert Attendance.get(Attendance.child == children[3]).mark == "A"  # committed already
    for _step in range(5):
        qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_A)
    qtbot.keyClick(table, Qt.Key.Key_R)  # the next one came late
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # last row
    qtbot.keyClick(table, Qt.Key.Key_A)
    marks = {a.child_id: a.mark for a in Attendance.select()}
    assert [children.index(c) for c, m in marks.items() if m == "A"] == [3, 9, 24]
    assert marks[children[10]] == "L"
    assert "22 présents sur 25" in roll.subtitle.text()  # late counts as present


def test_arabic_keys_mark_too(qtbot, window):
    admin = window.session.actor
    _activity, children = tutoring_group(admin, 2)
    roll = window.files.open_roll(sessions.sessions_on(admin, dt.date(2026, 9, 14))[0].id)
    roll.table.setFocus()
    # An Arabic keyboard sends the letter itself (qtbot.keyClicks only types ASCII).
    QApplication.sendEvent(roll.table, QKeyEvent(QEvent.Type.KeyPress, 0x063A,
                                                 Qt.KeyboardModifier.NoModifier, "غ"))
    assert Attendance.get(Attendance.child == children[0]).mark == "A"


def test_undo_puts_back_the_last_mark(qtbot, window):
    admin = window.session.actor
    _activity, children = tutoring_group(admin, 3)
    roll = window.files.open_roll(sessions.sessions_on(admin, dt.date(2026, 9, 14))[0].id)
    roll.table.setFocus()
    qtbot.keyClick(roll.table, Qt.Key.Key_E)
    assert Attendance.get(Attendance.child == children[0]).mark == "E"
    assert roll.undo_button.isEnabled()
    qtbot.keyClick(roll.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Attendance.select().count() == 0  # back to a roll nobody confirmed
    assert roll.model.presumed and roll.status.isVisibleTo(roll)
    assert roll.model.data(roll.model.index(0, 4)) == "Présent (présumé)"
    assert not roll.undo_button.isEnabled()


def test_changing_a_closed_session_asks_a_reason_first(qtbot, window):
    admin = window.session.actor
    _activity, children = tutoring_group(admin, 2)
    session_id = sessions.sessions_on(admin, dt.date(2026, 9, 14))[0].id
    roll = window.files.open_roll(session_id)
    qtbot.mouseClick(roll.close_session_button, Qt.MouseButton.LeftButton)
    assert not roll.close_session_button.isEnabled()  # what the screen shows, not roll.roll
    assert roll.status.isVisibleTo(roll) and "clôturée" in roll.status.text()
    roll.table.setFocus()
    qtbot.keyClick(roll.table, Qt.Key.Key_E)
    assert Attendance.get(Attendance.child == children[0]).mark == "P"  # not yet
    reason = roll.dialog
    qtbot.mouseClick(reason.ok_button, Qt.MouseButton.LeftButton)
    assert reason.form.error_label("reason").isVisibleTo(reason)
    qtbot.keyClicks(reason.reason, "Certificat medical")
    qtbot.mouseClick(reason.ok_button, Qt.MouseButton.LeftButton)
    assert Attendance.get(Attendance.child == children[0]).mark == "E"
    assert SessionChange.get().reason == "Certificat medical"


def test_all_present_and_a_note(qtbot, window):
    admin = window.session.actor
    _activity, children = tutoring_group(admin, 3)
    session_id = sessions.sessions_on(admin, dt.date(2026, 9, 14))[0].id
    attendance.absent_by_numbers(admin, session_id, [1, 2, 3])
    roll = window.files.open_roll(session_id)
    qtbot.mouseClick(roll.all_present_button, Qt.MouseButton.LeftButton)
    assert {a.mark for a in Attendance.select()} == {"P"}
    roll.table.setFocus()
    qtbot.keyClick(roll.table, Qt.Key.Key_N)
    note = roll.dialog
    qtbot.keyClicks(note.note, "Arrive avec sa soeur")
    qtbot.mouseClick(note.ok_button, Qt.MouseButton.LeftButton)
    assert Attendance.get(Attendance.child == children[0]).note == "Arrive avec sa soeur"


def test_paper_sheet_is_printed_and_typed_back(qtbot, window, tmp_path):
    from pypdf import PdfReader

    admin = window.session.actor
    _activity, children = tutoring_group(admin, 6)
    roll = window.files.open_roll(sessions.sessions_on(admin, dt.date(2026, 9, 14))[0].id)
    path = roll.save_sheet(tmp_path / "feuille.pdf")
    text = PdfReader(str(path)).pages[0].extract_text()
    assert "Feuille de présence" in text and "Enfant5 Famille5" in text
    week = roll.save_sheet(tmp_path / "semaine.pdf", week=True)
    assert "Semaine du 14 septembre 2026" in PdfReader(str(week)).pages[0].extract_text()
    paper = roll.enter_paper()
    qtbot.keyClicks(paper.numbers, "2 x")
    qtbot.mouseClick(paper.ok_button, Qt.MouseButton.LeftButton)
    assert paper.form.error_label("numbers").isVisibleTo(paper)
    paper.numbers.setText("2 5")
    qtbot.mouseClick(paper.ok_button, Qt.MouseButton.LeftButton)
    marks = {a.child_id: a.mark for a in Attendance.select()}
    assert [marks[c] for c in children] == ["P", "A", "P", "P", "A", "P"]


def test_an_unwritable_sheet_path_is_a_clear_message(qtbot, window, tmp_path):
    admin = window.session.actor
    tutoring_group(admin, 2)
    roll = window.files.open_roll(sessions.sessions_on(admin, dt.date(2026, 9, 14))[0].id)
    assert roll.save_sheet(tmp_path / "missing-folder" / "feuille.pdf") is None
    assert "missing-folder" in roll.error.text()
    assert not (tmp_path / "missing-folder").exists()


def test_home_lists_the_educators_sessions_and_opens_the_roll(qtbot, flow, centre, make_user):
    educator = make_user("educ", Role.EDUCATOR)
    tutoring_group(centre[1], 2, educators=[educator.user_id])
    flow.opened = centre[0]
    window = flow.show_main(users.authenticate("educ", "Tamra-2026-test"))
    home = window.pages["home"]
    home.day.setDate(dt.date(2026, 9, 14))
    assert home.mine.isChecked() and home.sessions.rowCount() == 2
    assert home.sessions.row_at(0).taken is False
    home.session_table.selectRow(0)
    qtbot.mouseClick(home.open_button, Qt.MouseButton.LeftButton)
    assert isinstance(window.files.open_dialogs[-1], RollCallDialog)
    assert "tasks_title" not in vars(home)  # an educator has no follow-up list


def test_home_closes_a_follow_up_task_into_the_timeline(qtbot, window):
    from tests.child_helpers import mother, register

    admin = window.session.actor
    child_id = register(admin, guardian=mother())
    activity_id, _children = tutoring_group(admin, 0)
    from centre_desk.core.services import activities
    activities.enrol(admin, activity_id, child_id=child_id, start_date=dt.date(2026, 9, 1))
    for session in sessions.sessions_between(admin, dt.date(2026, 9, 14),
                                             dt.date(2026, 9, 15))[:3]:
        attendance.set_mark(admin, session.id, ("c", child_id), "A")
        attendance.close_session(admin, session.id)
    home = window.show_page("home")
    assert home.tasks.rowCount() == 1
    home.task_table.selectRow(0)
    dialog = home.close_selected_task()
    qtbot.keyClicks(dialog.outcome, "Appel: grippe")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert home.tasks.rowCount() == 0
    assert FollowUpTask.get().outcome == "Appel: grippe"


def test_activities_screen_creates_a_group_with_its_timetable_and_enrols(qtbot, window):
    from tests.child_helpers import register

    child_id = register(window.session.actor, first="Karim", last="Tazi", sex="m")
    page = window.show_page("activities")
    dialog = page.edit(None)
    qtbot.keyClicks(dialog.name, "Karate")
    dialog.kind.setCurrentIndex(dialog.kind.findData("workshop"))
    dialog.timetable.start.setText("17:00")
    dialog.timetable.end.setText("18:00")
    qtbot.mouseClick(dialog.timetable.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    activity = Activity.get()
    assert activity.name == "Karate" and page.model.rowCount() == 1
    page.table.selectRow(0)
    participants = page.participants()
    enrol = participants.add()
    qtbot.keyClicks(enrol.search, "karim")
    qtbot.mouseClick(enrol.ok_button, Qt.MouseButton.LeftButton)
    assert Enrolment.get().child_id == child_id
    assert participants.model.rowCount() == 1


def test_a_bad_timetable_is_refused_beside_it(qtbot, window):
    page = window.show_page("activities")
    dialog = page.edit(None)
    qtbot.keyClicks(dialog.name, "Chorale")
    dialog.timetable.start.setText("9h")
    qtbot.mouseClick(dialog.timetable.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "09:00" in dialog.form.error_label("slots").text()
    assert Activity.select().count() == 0 and dialog.name.text() == "Chorale"


def test_the_childs_file_and_card_show_groups_and_attendance(qtbot, flow, centre, make_user):
    admin = centre[1]
    _activity, children = tutoring_group(admin, 1)
    for index, session in enumerate(sessions.sessions_between(admin, dt.date(2026, 9, 14),
                                                              dt.date(2026, 9, 15))):
        attendance.set_mark(admin, session.id, ("c", children[0]), "PAPA"[index])
    flow.opened = centre[0]
    window = flow.show_main(admin)
    file = window.files.open_child(children[0])
    file.tabs.setCurrentIndex(file.keys.index("attendance"))
    tab = file.attendance
    assert tab.by_activity.rowCount() == 1
    assert tab.by_activity.data(tab.by_activity.index(0, 4)) == "50 %"
    assert "Soutien scolaire CE4" in tab.groups.text()
    make_user("educ", Role.EDUCATOR)
    educator_window = flow.show_main(users.authenticate("educ", "Tamra-2026-test"))
    card = educator_window.files.open_child(children[0])
    assert "Soutien scolaire CE4" in card.findChildren(type(card.phone))[-1].text()


def test_a_pdf_is_written_whole_with_ordinary_permissions(qtbot, window, tmp_path):
    import os
    import stat

    admin = window.session.actor
    tutoring_group(admin, 2)
    roll = window.files.open_roll(sessions.sessions_on(admin, dt.date(2026, 9, 14))[0].id)
    out = tmp_path / "out"
    out.mkdir()
    path = roll.save_sheet(out / "feuille.pdf")
    assert path.read_bytes().startswith(b"%PDF") and path.read_bytes().rstrip().endswith(
        b"%%EOF")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in out.iterdir()] == ["feuille.pdf"]  # no temporary file left
