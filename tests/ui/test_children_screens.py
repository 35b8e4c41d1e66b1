"""The children list, registering, the duplicate warning, a child's file, merging, erasing and
what each role sees, driven through the real widgets."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt

from centre_desk.core.models import Child, Guardian
from centre_desk.core.security import Role
from centre_desk.core.services import users
from centre_desk.ui.dialogs.child_file import ChildCardDialog, ChildFileDialog
from centre_desk.ui.dialogs.new_child import NewChildDialog
from centre_desk.ui.models.child_list import ChildListModel
from tests.child_helpers import identity, mother, register


@pytest.fixture
def window(flow, centre):
    flow.opened = centre[0]
    return flow.show_main(centre[1])


def window_for(flow, centre, make_user, role):
    make_user("someone", role)
    flow.opened = centre[0]
    return flow.show_main(users.authenticate("someone", "Tamra-2026-test"))


def new_child_dialog(qtbot, window) -> NewChildDialog:
    page = window.show_page("children")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    dialog = window.files.open_dialogs[-1]
    assert isinstance(dialog, NewChildDialog)
    return dialog


def fill_identity(qtbot, dialog, last="Benali", first="Salma", sex="f", year=2014):
    form = dialog.identity
    qtbot.keyClicks(form.last_name_latin, last)
    qtbot.keyClicks(form.first_name_latin, first)
    form.sex.setCurrentIndex(form.sex.findData(sex))
    form.birth.precision.setCurrentIndex(form.birth.precision.findData("about"))
    form.birth.year.setValue(year)


def test_registering_a_child_creates_file_and_household_and_opens_the_file(qtbot, window):
    dialog = new_child_dialog(qtbot, window)
    fill_identity(qtbot, dialog)
    dialog.identity.first_name_arabic.setText("سلمى")
    dialog.identity.last_name_arabic.setText("بنعلي")
    qtbot.keyClicks(dialog.family.guardian_name, "Fatima Benali")
    qtbot.keyClicks(dialog.family.guardian_phone, "0661234567")
    dialog.family.marital_status.setCurrentIndex(dialog.family.marital_status.findData("widowed"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    child = Child.get()
    assert (child.first_name_arabic, child.birth_precision, child.birth_year) == (
        "سلمى", "about", 2014)
    assert Guardian.get().household_id == child.household_id
    opened = window.files.open_dialogs[-1]
    assert isinstance(opened, ChildFileDialog) and opened.child_id == child.id
    assert not opened.family.badge.isHidden()  # a widow alone: single-mother household
    assert window.pages["children"].model.rowCount() == 1


def test_a_future_birth_date_is_refused_beside_its_field_and_nothing_typed_is_lost(qtbot,
                                                                                  window):
    dialog = new_child_dialog(qtbot, window)
    fill_identity(qtbot, dialog)
    birth = dialog.identity.birth
    birth.precision.setCurrentIndex(birth.precision.findData("exact"))
    birth.date.setDate(QDate.currentDate().addDays(10))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = dialog.identity.person.error_label("birth")
    assert error.text() == "La date de naissance est dans le futur."
    assert dialog.isVisible() and dialog.identity.last_name_latin.text() == "Benali"
    assert Child.select().count() == 0
    birth.date.setDate(QDate(2014, 3, 2))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.family.left.error_label("guardian_name").text() == (
        "Saisissez le nom du tuteur en lettres latines ou en arabe.")
    dialog.family.later.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert Child.get().birth_date == dt.date(2014, 3, 2)


def test_an_exact_birth_left_blank_is_asked_for(qtbot, window):
    dialog = new_child_dialog(qtbot, window)
    fill_identity(qtbot, dialog)
    dialog.identity.birth.precision.setCurrentIndex(0)  # exact, date not typed
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.identity.person.error_label("birth").text() == "Saisissez la date de naissance."


def test_search_as_you_type_in_both_scripts_and_open_with_the_keyboard(qtbot, window):
    admin = window.session.actor
    salma = register(admin, identity(first="Salma", last="Aït Taleb", first_ar="سلمى",
                                     last_ar="آيت طالب"))
    register(admin, identity(first="Amine", last="Tazi", sex="m"))
    page = window.show_page("children")
    assert page.model.rowCount() == 2
    qtbot.keyClicks(page.search, "ait t")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.ids == [salma]
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() or page.table.currentIndex().row() == 0
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    assert window.files.open_dialogs[-1].child_id == salma
    page.search.setText("سلمي")  # alef maksura typed as yaa
    qtbot.waitUntil(lambda: page.model.ids == [salma])
    page.search.setText("zzz")
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    assert page.count.text() == "0 enfant"


def register_a_likely_duplicate(qtbot, window):
    """Mohamed El Amrani is on file; "Mhamed Elamrani", born the same year, is being
    registered: the existing file's id and the registration dialog, its warning shown."""
    existing = register(window.session.actor, first="Mohamed", last="El Amrani", sex="m",
                        year=2013)
    dialog = new_child_dialog(qtbot, window)
    fill_identity(qtbot, dialog, last="Elamrani", first="Mhamed", sex="m", year=2013)
    dialog.family.later.setChecked(True)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    return existing, dialog


def test_the_duplicate_warning_opens_the_existing_file_instead(qtbot, window):
    existing, dialog = register_a_likely_duplicate(qtbot, window)
    warning = dialog.duplicates
    assert warning is not None and warning.model.rowCount() == 1
    assert warning.model.row_at(0).reasons == ("name", "birth")
    qtbot.mouseClick(warning.open_button, Qt.MouseButton.LeftButton)
    assert Child.select().count() == 1
    assert window.files.open_dialogs[-1].child_id == existing


def test_confirming_another_child_registers_it(qtbot, window):
    _existing, dialog = register_a_likely_duplicate(qtbot, window)
    qtbot.mouseClick(dialog.duplicates.new_button, Qt.MouseButton.LeftButton)
    assert Child.select().count() == 2


def test_admin_merges_a_duplicate_from_the_file(qtbot, window):
    admin = window.session.actor
    keep = register(admin, first="Youssef", last="Benali", sex="m", guardian=mother())
    duplicate = register(admin, first="Youcef", last="Ben Ali", sex="m")
    page = window.show_page("children")
    file = window.files.open_child(keep)
    qtbot.mouseClick(file.merge_button, Qt.MouseButton.LeftButton)
    merge = file.dialog
    qtbot.keyClicks(merge.search, "youcef")
    assert merge.found.count() == 1
    qtbot.mouseClick(merge.ok_button, Qt.MouseButton.LeftButton)
    assert Child.get_by_id(duplicate).merged_into_id == keep
    assert page.model.ids == [keep]


def test_admin_erases_personal_data_after_typing_the_file_number(qtbot, window):
    child_id = register(window.session.actor, guardian=mother())
    file = window.files.open_child(child_id)
    qtbot.mouseClick(file.erase_button, Qt.MouseButton.LeftButton)
    erase = file.dialog
    qtbot.keyClicks(erase.confirm, "wrong")
    qtbot.mouseClick(erase.ok_button, Qt.MouseButton.LeftButton)
    assert erase.form.error_label("confirm").isVisibleTo(erase)
    assert Child.get_by_id(child_id).erased_at is None
    erase.confirm.setText(Child.get_by_id(child_id).file_number)
    qtbot.mouseClick(erase.ok_button, Qt.MouseButton.LeftButton)
    assert Child.get_by_id(child_id).first_name_latin == ""
    assert file.title.text().startswith("Dossier ") and "effacé" in file.title.text()
    assert not file.identity.save_button.isEnabled()


def test_archiving_makes_the_file_read_only_on_screen(qtbot, window):
    child_id = register(window.session.actor, identity(
        status="left", exit_date=dt.date(2026, 6, 30), exit_reason="back_to_school"))
    file = window.files.open_child(child_id)
    qtbot.mouseClick(file.archive_button, Qt.MouseButton.LeftButton)
    assert Child.get_by_id(child_id).archived_at is not None
    assert file.banner.isVisibleTo(file)
    assert file.identity.identity.last_name_latin.isReadOnly()
    assert not file.school.entries.add_button.isEnabled()
    assert file.reopen_button.isVisibleTo(file)


def test_an_educator_gets_the_card_only(qtbot, flow, centre, make_user):
    child_id = register(centre[1], identity(emergency_phone="0661 23 45 67"))
    window = window_for(flow, centre, make_user, Role.EDUCATOR)
    page = window.show_page("children")
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal)
               for c in range(page.model.columnCount())]
    assert "Sexe" not in headers and "Âge" not in headers
    assert not hasattr(page, "new_button")
    card = window.files.open_child(child_id)
    assert isinstance(card, ChildCardDialog)
    assert "0661 23 45 67" in card.phone.text()


def test_a_secretary_has_no_health_tab(qtbot, flow, centre, make_user):
    child_id = register(centre[1], guardian=mother())
    window = window_for(flow, centre, make_user, Role.SECRETARY)
    file = window.files.open_child(child_id)
    tabs = [file.tabs.tabText(i) for i in range(file.tabs.count())]
    assert "Santé" not in tabs and "Identité" in tabs
    household = window.files.open_household(Child.get_by_id(child_id).household_id)
    assert not household.situation.isVisibleTo(household)


def test_the_family_file_adds_a_guardian_a_document_and_a_timeline_entry(qtbot, window):
    child_id = register(window.session.actor, guardian=mother())
    household_id = Child.get_by_id(child_id).household_id
    family = window.files.open_household(household_id)
    dialog = family.edit_guardian(None)
    qtbot.keyClicks(dialog.name_latin, "Hassan Benali")
    dialog.sex.setCurrentIndex(dialog.sex.findData("m"))
    combo = dialog.relations[child_id]
    combo.setCurrentIndex(combo.findData("father"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert family.guardians.rowCount() == 2
    assert not family.badge.isVisibleTo(family)
    family.tabs.setCurrentWidget(family.documents)
    box, date = family.documents.rows["birth_certificate"]
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert box.isChecked() and date.isVisibleTo(family)  # what the screen shows
    assert families_documents(household_id) == ["birth_certificate"]
    family.reject()
    reopened = window.files.open_household(household_id)
    assert reopened is not family
    reopened.tabs.setCurrentWidget(reopened.documents)
    box, date = reopened.documents.rows["birth_certificate"]
    assert box.isChecked() and date.isVisibleTo(reopened)  # shown again from the database
    assert not reopened.documents.rows["photos"][0].isChecked()
    family = reopened
    entry = family.timeline.add()
    qtbot.keyClicks(entry.note, "Visite: la famille va bien")
    entry.confidential.setChecked(True)
    qtbot.mouseClick(entry.ok_button, Qt.MouseButton.LeftButton)
    assert family.timeline.model.rowCount() == 1


def families_documents(household_id):
    from centre_desk.core.models import HouseholdDocument
    return [d.kind for d in HouseholdDocument.select().where(
        HouseholdDocument.household == household_id)]


def test_child_list_model_is_a_well_behaved_qt_model(qtmodeltester, window):
    for number in range(5):
        register(window.session.actor, first=f"Enfant{number}")
    model = ChildListModel(lambda ids: __import__(
        "centre_desk.core.services.child_search", fromlist=["rows_for"]).rows_for(
        window.session.actor, ids))
    model.set_ids([child.id for child in Child.select()])
    qtmodeltester.check(model)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_file_screens_fit_a_1366_by_768_screen_and_mirror_in_arabic(qtbot, flow, centre,
                                                                        language):
    flow.languages.apply(language)
    flow.opened = centre[0]
    window = flow.show_main(centre[1])
    child_id = register(centre[1], guardian=mother())
    for dialog in (window.files.new_child(), window.files.open_child(child_id),
                   window.files.open_household(Child.get_by_id(child_id).household_id)):
        hint = dialog.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 740, (type(dialog), hint)
        assert dialog.isRightToLeft() == (language == "ar")


def test_families_page_finds_a_household_by_phone_and_opens_it(qtbot, window):
    child_id = register(window.session.actor, guardian=mother(phone="0661 23 45 67"))
    page = window.show_page("families")
    qtbot.keyClicks(page.search, "661234")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    opened = window.files.open_dialogs[-1]
    assert opened.household_id == Child.get_by_id(child_id).household_id
    assert opened.children_model.rowCount() == 1
