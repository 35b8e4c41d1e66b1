"""The roll call says the truth, in French and in Arabic: opening saves nothing, a presumed roll is
"to confirm" on the home screen until the educator confirms it, days to come show what is planned
and cannot be marked, and an old closed session is locked for an educator."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from centre_desk.core.i18n import _
from centre_desk.core.models import Attendance, Session
from centre_desk.core.security import Role
from centre_desk.core.services import attendance, sessions
from tests.attendance_helpers import MONDAY, tutoring_group

LANGUAGES = ["fr", "ar"]
# What the screens must show, in each language (not read from the catalog the code uses).
TO_CONFIRM = {"fr": "À confirmer", "ar": "للتأكيد"}
TAKEN = {"fr": "Faite", "ar": "تم"}
PLANNED = {"fr": "Prévue", "ar": "مبرمجة"}
PRESUMED = {"fr": "Présent (présumé)", "ar": "حاضر (مفترض)"}
PRESENT = {"fr": "Présent", "ar": "حاضر"}
ABSENT = {"fr": "Absent", "ar": "غائب"}
NOTHING_SAVED = {"fr": "rien n'est encore enregistré", "ar": "لم يُحفظ شيء"}


def _cell(model, row: int, column: int) -> str:
    return model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)


def _home_status(home, row: int) -> str:
    return _cell(home.sessions, row, 2)


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_opened_roll_saves_nothing_and_reads_to_confirm_until_a_first_mark(
        qtbot, window_in, language):
    window = window_in(language)
    admin = window.session.actor
    _activity, children = tutoring_group(admin, 3)
    home = window.show_page("home")
    home.day.setDate(MONDAY)
    roll = window.files.open_roll(sessions.sessions_on(admin, MONDAY)[0].id)
    assert [_cell(roll.model, row, 4) for row in range(3)] == [PRESUMED[language]] * 3
    assert roll.status.isVisibleTo(roll)
    assert NOTHING_SAVED[language] in roll.status.text()
    roll.close()
    home.refresh()
    assert Attendance.select().count() == 0
    assert _home_status(home, 0) == TO_CONFIRM[language]

    roll = window.files.open_roll(sessions.sessions_on(admin, MONDAY)[0].id)
    roll.table.setCurrentIndex(roll.model.index(1, 0))
    qtbot.mouseClick(roll.mark_buttons["A"], Qt.MouseButton.LeftButton)  # the first mark
    marks = {a.child_id: a.mark for a in Attendance.select()}
    assert [marks[c] for c in children] == ["P", "A", "P"]  # the others confirmed present
    assert [_cell(roll.model, row, 4) for row in range(3)] == [
        PRESENT[language], ABSENT[language], PRESENT[language]]
    assert not roll.status.isVisibleTo(roll)
    home.refresh()
    assert _home_status(home, 0) == TAKEN[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_closing_a_presumed_roll_confirms_it(qtbot, window_in, language):
    window = window_in(language)
    admin = window.session.actor
    _activity, children = tutoring_group(admin, 2)
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    roll = window.files.open_roll(session_id)
    qtbot.mouseClick(roll.close_session_button, Qt.MouseButton.LeftButton)
    assert {a.mark for a in Attendance.select()} == {"P"} and Attendance.select().count() == 2
    assert Session.get_by_id(session_id).closed_at is not None
    assert not roll.error.isVisibleTo(roll)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_day_to_come_shows_planned_and_its_roll_cannot_be_marked(qtbot, window_in,
                                                                  language):
    window = window_in(language)
    admin = window.session.actor
    tutoring_group(admin, 2)
    day = dt.date.today() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    home = window.show_page("home")
    home.day.setDate(day)
    assert _home_status(home, 0) == PLANNED[language]
    week, today = home.week, dt.date.today()
    # Each weekday still to come this week shows the timetable's 2 sessions, none to confirm.
    shown = [(week.row_at(row).day.weekday(), _cell(week, row, 1), _cell(week, row, 2),
              _cell(week, row, 3), _cell(week, row, 4))
             for row in range(week.rowCount()) if week.row_at(row).day > today]
    assert shown == [(weekday, "2" if weekday < 5 else "0", "", "", "")
                     for weekday in range(today.weekday() + 1, 7)]
    roll = window.files.open_roll(sessions.sessions_on(admin, day)[0].id)
    assert roll.status.text() == _("This session is on a day to come: its roll call is "
                                   "taken on the day.")
    assert not any(button.isEnabled() for button in roll.mark_buttons.values())
    assert not roll.all_present_button.isEnabled() and not roll.close_session_button.isEnabled()
    roll.table.setCurrentIndex(roll.model.index(0, 0))
    roll.table.setFocus()
    qtbot.keyClick(roll.table, Qt.Key.Key_A)
    assert Attendance.select().count() == 0
    assert [_cell(roll.model, row, 4) for row in range(2)] == ["", ""]


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_educator_cannot_change_a_session_closed_over_a_week_ago(qtbot, flow, centre,
                                                                    make_user, window_in,
                                                                    language):
    educator = make_user("educ", Role.EDUCATOR)
    _activity, children = tutoring_group(centre[1], 2, educators=[educator.user_id])
    session_id = sessions.sessions_on(centre[1], MONDAY)[0].id
    attendance.close_session(centre[1], session_id)
    Session.update(closed_at=dt.datetime(2026, 9, 14, 18, 0)).where(
        Session.id == session_id).execute()
    window = window_in(language, educator)
    roll = window.files.open_roll(session_id)
    assert roll.status.isVisibleTo(roll) and "7" in roll.status.text()
    assert not any(button.isEnabled() for button in roll.mark_buttons.values())
    assert not roll.paper_button.isEnabled()
    roll.table.setCurrentIndex(roll.model.index(0, 0))
    roll.table.setFocus()
    qtbot.keyClick(roll.table, Qt.Key.Key_E)
    assert roll.dialog is None  # not even asked for a reason
    assert {a.mark for a in Attendance.select()} == {"P"}
