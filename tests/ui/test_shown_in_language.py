"""What the screens show follows the interface's language: activities' Arabic names."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from centre_desk.core.services import activities, sessions
from centre_desk.core.services.activities import ActivityData, Slot
from centre_desk.ui.dialogs.certificate_dialogs import IssueDialog
from tests.child_helpers import register

MONDAY = dt.date(2026, 9, 14)
SHOWN = {"fr": "Chorale", "ar": "الكورال"}


def choir(actor) -> tuple[int, int]:
    activity_id = activities.create_activity(actor, ActivityData(
        kind="workshop", name="Chorale", name_arabic="الكورال", start_date=dt.date(2026, 9, 1),
        slots=[Slot(0, "17:00", "18:00")]))
    activities.create_activity(actor, ActivityData(  # no Arabic name: its name is shown
        kind="workshop", name="Karaté", start_date=dt.date(2026, 9, 1)))
    child_id = register(actor, first="Karim", last="Tazi", sex="m")
    activities.enrol(actor, activity_id, child_id=child_id, start_date=dt.date(2026, 9, 1))
    return activity_id, child_id


def texts(model, column: int) -> list[str]:
    return [model.data(model.index(row, column), Qt.ItemDataRole.DisplayRole)
            for row in range(model.rowCount())]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_activity_names_follow_the_language_on_every_screen(qtbot, window_in, language):
    window = window_in(language)
    admin = window.session.actor
    activity_id, child_id = choir(admin)
    page = window.show_page("activities")
    names = texts(page.model, 0)
    assert SHOWN[language] in names and "Karaté" in names
    assert SHOWN["ar" if language == "fr" else "fr"] not in names
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    assert sessions.sessions_on(admin, MONDAY)[0].activity == SHOWN[language]
    roll = window.files.open_roll(session_id)
    assert SHOWN[language] in roll.title.text() and SHOWN[language] in roll.windowTitle()
    roll.close()
    from centre_desk.core.services import children
    assert children.groups_of_child(child_id, MONDAY) == (SHOWN[language],)
    dialog = IssueDialog(admin, lambda _path: None, page)
    shown = [dialog.activity.itemText(index) for index in range(dialog.activity.count())]
    assert SHOWN[language] in shown and "Karaté" in shown
    dialog.close()


AGE = {"fr": ("env. 8 ans", "8 ans"), "ar": ("حوالي 8 سنوات", "8 سنوات")}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_estimated_age_says_about_in_words(qtbot, window_in, language):
    window = window_in(language)
    admin = window.session.actor
    year = dt.date.today().year - 8
    estimated = register(admin, first="Amine", last="Zeroual", year=year, birth_precision="about")
    known = register(admin, first="Nora", last="Zeroual", year=year)
    page = window.show_page("children")
    column = [key for key, *_rest in page.model.columns].index("age")
    ages = {id_: text.replace("\u2068", "").replace("\u2069", "")  # fill()'s isolates
            for id_, text in zip(page.model.ids, texts(page.model, column))}
    assert ages[estimated] == AGE[language][0] and "~" not in ages[estimated]
    assert ages[known] == AGE[language][1]


MARITAL = {"fr": ("Divorcée", "Marié"), "ar": ("مطلقة", "متزوج")}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_guardians_marital_status_agrees_with_their_sex(qtbot, window_in, language):
    from centre_desk.core.models import Child
    from centre_desk.core.services import families
    from centre_desk.core.vocabulary import MARITAL_STATUS, label
    from tests.child_helpers import mother

    window = window_in(language)
    admin = window.session.actor
    child_id = register(admin, guardian=mother(status="divorced"))
    household_id = Child.get_by_id(child_id).household_id
    families.add_guardian(admin, household_id, families.GuardianData(
        name_latin="Hassan Benali", sex="m", marital_status="married"), {child_id: "father"})
    family = window.files.open_household(household_id)
    headers = [family.guardians.headerData(c, Qt.Orientation.Horizontal)
               for c in range(family.guardians.columnCount())]
    column = headers.index({"fr": "Situation familiale", "ar": "الحالة العائلية"}[language])
    assert sorted(texts(family.guardians, column)) == sorted(MARITAL[language])
    assert "(" in label(MARITAL_STATUS, "married")  # the (e) form stays for an unknown sex


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_saving_an_edited_wording_keeps_its_no_break_spaces(qtbot, window_in, language):
    from PySide6.QtGui import QTextCursor

    from centre_desk.core.services import wording

    window = window_in(language)
    page = window.show_page("certificates")
    dialog = page.edit_wording()
    dialog.kind.setCurrentIndex(dialog.kind.findData("attendance"))
    dialog.language.setCurrentIndex(dialog.language.findData("fr"))
    default = wording.default("attendance", "fr")
    assert "n°\u00a0{dossier}" in default and dialog.typed_text() == default
    dialog.text.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(dialog.text, " Voir « Chorale » et le n° 5.")  # typed with plain spaces
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    saved = wording.get("attendance", "fr")
    assert saved.startswith(default)  # its no-break spaces and its line break kept
    assert saved.endswith("Voir «\u00a0Chorale\u00a0» et le n°\u00a05.")
