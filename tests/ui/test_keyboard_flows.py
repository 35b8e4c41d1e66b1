"""Every keyboard flow, in French and in Arabic (right to left): the roll call, the children list,
the duplicate warning and every list where a child or a guardian is chosen. In Arabic,
QTableView.selectRow() used to leave no current row, so these flows died after the first key."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QListWidget, QTableView

from centre_desk.core.models import Attendance, Child, ChildGuardian
from centre_desk.core.services import sessions
from centre_desk.ui.dialogs.activity_dialogs import EnrolDialog
from centre_desk.ui.dialogs.certificate_dialogs import IssueDialog
from centre_desk.ui.dialogs.file_actions import HouseholdChoiceDialog, MergeDialog
from centre_desk.ui.models.table import select_row
from tests.attendance_helpers import MONDAY, tutoring_group
from tests.child_helpers import mother, register

LANGUAGES = ["fr", "ar"]
# The key each mark is typed with: Latin initials, and the Arabic keyboard's letters.
LATIN = {"P": Qt.Key.Key_P, "A": Qt.Key.Key_A, "L": Qt.Key.Key_R, "E": Qt.Key.Key_E}
ARABIC = {"P": "ح", "A": "غ", "L": "ت", "E": "ع"}


@pytest.fixture(params=LANGUAGES)
def language(request):
    return request.param


@pytest.fixture
def window(flow, centre, language):
    flow.languages.apply(language)
    flow.opened = centre[0]
    shown = flow.show_main(centre[1])
    assert shown.isRightToLeft() == (language == "ar")
    return shown


def press_letter(widget, letter: str) -> None:
    """What an Arabic keyboard sends: the letter itself (qtbot.keyClicks types ASCII only)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                 letter))


@pytest.mark.parametrize("table_class", [QTableView, QListWidget])
def test_select_row_leaves_a_current_row_in_both_directions(qtbot, languages, language,
                                                             table_class):
    from PySide6.QtGui import QStandardItem, QStandardItemModel

    languages.apply(language)
    view = table_class()
    qtbot.addWidget(view)
    if table_class is QTableView:
        model = QStandardItemModel(4, 3)
        for row in range(4):
            for column in range(3):
                model.setItem(row, column, QStandardItem(f"{row}/{column}"))
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    else:
        view.addItems(["a", "b", "c", "d"])
    assert view.isRightToLeft() == (language == "ar")
    assert select_row(view, 2)
    assert view.currentIndex().row() == 2
    assert [index.row() for index in view.selectionModel().selectedRows()] == [2]
    assert not select_row(view, 4) and view.currentIndex().row() == 2


@pytest.mark.parametrize("keys", ["latin", "arabic"])
def test_roll_call_over_five_children_with_the_keyboard_only(qtbot, window, keys):
    admin = window.session.actor
    _activity, children = tutoring_group(admin, 5)
    roll = window.files.open_roll(sessions.sessions_on(admin, MONDAY)[0].id)
    table = roll.table
    table.setFocus()
    assert table.currentIndex().row() == 0
    marks = ["A", "P", "L", "E", "A"]
    for number, mark in enumerate(marks):
        assert table.currentIndex().row() == number  # the cursor moved down after each mark
        if keys == "latin":
            qtbot.keyClick(table, LATIN[mark])
        else:
            press_letter(table, ARABIC[mark])
        assert Attendance.get(Attendance.child == children[number]).mark == mark
    assert table.currentIndex().row() == 4  # the last child stays current
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_P)
    assert Attendance.get(Attendance.child == children[2]).mark == "P"
    assert table.currentIndex().row() == 3


def test_children_list_type_down_enter_opens_the_file(qtbot, window):
    admin = window.session.actor
    register(admin, first="Amine", last="Tazi", sex="m")
    salma = register(admin, first="Salma", last="Benali")
    register(admin, first="Salim", last="Benani", sex="m")
    page = window.show_page("children")
    page.search.setFocus()
    qtbot.keyClicks(page.search, "Salma")
    qtbot.waitUntil(lambda: page.model.ids == [salma])
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus()
    assert page.table.currentIndex().row() == 0 and page.selected_id() == salma
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.files.open_dialogs[-1].child_id == salma


def test_children_list_arrows_walk_the_list_after_a_refresh(qtbot, window):
    admin = window.session.actor
    ids = [register(admin, first=f"Enfant{number}", last="Test") for number in range(3)]
    page = window.show_page("children")
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    assert page.selected_id() == page.model.ids[1]
    page.refresh()  # a file changed elsewhere: the same child stays current
    assert page.table.currentIndex().row() == 1
    qtbot.keyClick(page.table, Qt.Key.Key_Down)
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.files.open_dialogs[-1].child_id == page.model.ids[2]
    assert sorted(page.model.ids) == sorted(ids)


def test_duplicate_warning_default_button_opens_the_first_file(qtbot, window):
    from tests.ui.test_children_screens import register_a_likely_duplicate

    existing, dialog = register_a_likely_duplicate(qtbot, window)
    warning = dialog.duplicates
    assert warning.isRightToLeft() == (window.isRightToLeft())
    assert warning.open_button.isDefault()
    assert warning.table.currentIndex().row() == 0
    qtbot.keyClick(warning.table, Qt.Key.Key_Return)  # no row clicked
    assert Child.select().count() == 1
    assert window.files.open_dialogs[-1].child_id == existing


def test_merge_picker_type_arrow_enter(qtbot, window):
    admin = window.session.actor
    keep = register(admin, first="Youssef", last="Benali", sex="m")
    first = register(admin, first="Youcef", last="Ben Ali", sex="m")
    second = register(admin, first="Youcef", last="Benaly", sex="m")
    chosen = []
    dialog = MergeDialog(admin, keep, "DEM-1", chosen.append)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "youcef")
    found = [dialog.found.item(row).data(Qt.ItemDataRole.UserRole)
             for row in range(dialog.found.count())]
    assert sorted(found) == sorted([first, second])
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert chosen == [found[1]] and dialog.result() == dialog.DialogCode.Accepted


@pytest.mark.parametrize("adults", [False, True])
def test_enrol_picker_lists_children_or_guardians_and_works_by_keyboard(qtbot, window,
                                                                          adults):
    admin = window.session.actor
    register(admin, first="Salma", last="Benali", guardian=mother(name="Fatima Benali"))
    register(admin, first="Sara", last="Benali", guardian=mother(name="Fatna Benali",
                                                                 phone="0662000000"))
    enrolled = []
    dialog = EnrolDialog(admin, "parents_group" if adults else "tutoring",
                         lambda child, guardian, start: enrolled.append((child, guardian)))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "Benali")
    assert dialog.found.count() == 2 and dialog.found.currentRow() == 0
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)  # stays on the last one
    assert dialog.found.currentRow() == 1
    qtbot.keyClick(dialog.search, Qt.Key.Key_Up)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    expected = dialog.found.item(1).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    kind, id_ = expected
    assert kind == ("g" if adults else "c")
    assert enrolled == [(None, id_) if adults else (id_, None)]


def test_household_picker_works_by_keyboard(qtbot, window):
    admin = window.session.actor
    child = register(admin, first="Salma", last="Benali", guardian=mother(name="Fatima Alaoui"))
    register(admin, first="Omar", last="Alaoui", sex="m", guardian=mother(
        name="Khadija Alaoui", phone="0662000000"))
    register(admin, first="Reda", last="Alaoui", sex="m", guardian=mother(
        name="Zineb Alaoui", phone="0663000000"))
    moved = []
    dialog = HouseholdChoiceDialog(admin, Child.get_by_id(child).household_id,
                                   lambda household, on: moved.append(household),
                                   lambda data, on: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "Alaoui")
    assert dialog.found.count() == 2  # not the child's own household
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    expected = dialog.found.item(1).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(dialog.search, Qt.Key.Key_Return)
    assert moved == [expected]


def test_new_child_household_picker_works_by_keyboard(qtbot, window):
    from tests.ui.test_children_screens import new_child_dialog

    admin = window.session.actor
    register(admin, first="Omar", last="Alaoui", sex="m", guardian=mother(name="Khadija Alaoui"))
    register(admin, first="Reda", last="Alaoui", sex="m", guardian=mother(
        name="Zineb Alaoui", phone="0663000000"))
    dialog = new_child_dialog(qtbot, window)
    family = dialog.family
    family.existing.setChecked(True)
    family.household_search.setFocus()
    qtbot.keyClicks(family.household_search, "Alaoui")
    assert family.households.count() == 2 and family.households.currentRow() == 0
    qtbot.keyClick(family.household_search, Qt.Key.Key_Down)
    assert family.households.currentRow() == 1
    assert family.choice().household_id == family.households.item(1).data(
        Qt.ItemDataRole.UserRole)
    assert ChildGuardian.select().count() == 2  # nothing registered by choosing


def test_certificate_child_picker_works_by_keyboard(qtbot, window):
    admin = window.session.actor
    register(admin, first="Salma", last="Benali")
    register(admin, first="Sara", last="Benali")
    dialog = IssueDialog(admin, lambda path: None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.search.setFocus()
    qtbot.keyClicks(dialog.search, "Benali")
    assert dialog.children.count() == 2
    qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
    second = dialog.children.item(1)
    assert dialog.chosen() == [second.data(Qt.ItemDataRole.UserRole)]
    file_number = second.text().split("  ")[0]
    assert file_number in dialog.preview.toPlainText()  # the preview follows the choice

