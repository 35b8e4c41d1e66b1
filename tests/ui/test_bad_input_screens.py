"""Bad input on screen, in French and in Arabic: a message beside the field, never the crash
dialog, nothing saved."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from centre_desk.core.models import Attendance, Centre
from centre_desk.core.services import sessions
from tests.attendance_helpers import MONDAY, tutoring_group
from tests.image_helpers import png_announcing

LANGUAGES = ["fr", "ar"]
TOO_LARGE = {"fr": "trop grande", "ar": "كبيرة جدًا"}


def type_text(widget, text: str) -> None:
    """Type as a keyboard does, one key at a time (qtbot.keyClicks types ASCII only)."""
    for letter in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0,
                                                 Qt.KeyboardModifier.NoModifier, letter))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_key_left_of_1_or_endless_digits_in_the_paper_box_is_a_message(
        qtbot, window_in, language):
    window = window_in(language)
    tutoring_group(window.session.actor, 3)
    roll = window.files.open_roll(sessions.sessions_on(window.session.actor, MONDAY)[0].id)
    paper = roll.enter_paper()
    for typed in ("²", "2 ²"):
        paper.numbers.clear()
        type_text(paper.numbers, typed)
        assert paper.numbers.text() == typed
        qtbot.mouseClick(paper.ok_button, Qt.MouseButton.LeftButton)
        error = paper.form.error_label("numbers")
        assert error.isVisibleTo(paper) and error.text() and paper.isVisible()
    paper.numbers.setText("7" * 5000)
    qtbot.mouseClick(paper.ok_button, Qt.MouseButton.LeftButton)
    assert paper.form.error_label("numbers").isVisibleTo(paper) and paper.isVisible()
    assert len(paper.form.error_label("numbers").text()) < 200  # the number is not echoed
    assert Attendance.select().count() == 0
    paper.numbers.setText("٢")  # an Arabic keyboard's 2
    qtbot.mouseClick(paper.ok_button, Qt.MouseButton.LeftButton)
    assert not paper.isVisible()
    assert sorted(a.mark for a in Attendance.select()) == ["A", "P", "P"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_20000_pixel_photo_or_logo_is_a_message_and_keeps_the_old_one(qtbot, window_in,
                                                                         tmp_path, language):
    huge = tmp_path / "huge.png"
    huge.write_bytes(png_announcing(20000, 20000))
    window = window_in(language)
    dialog = window.files.new_child()
    form = dialog.identity
    form.photo_consent.setChecked(True)
    form.photo.load_file(huge)
    assert form.photo.png is None
    assert TOO_LARGE[language] in form.forms.forms[1].error_label("photo").text()
    settings = window.show_page("settings")
    before = settings.logo.png
    settings.logo.load_file(huge)
    assert settings.logo.png == before
    error = settings.centre_form.error_label("logo")
    assert error.isVisibleTo(settings) and TOO_LARGE[language] in error.text()
    assert Centre.get().logo_png == before


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_entry_date_cannot_be_typed_in_year_0001(qtbot, window_in, language):
    window = window_in(language)
    dialog = window.files.new_child()
    entry = dialog.identity.entry_date
    entry.setFocus()
    entry.setCurrentSection(entry.Section.YearSection)
    qtbot.keyClicks(entry, "0001")
    qtbot.keyClick(entry, Qt.Key.Key_Tab)
    assert 1990 <= dialog.identity.identity().entry_date.year <= dt.date.today().year + 1
    assert entry.minimumDate().year() == 1990
