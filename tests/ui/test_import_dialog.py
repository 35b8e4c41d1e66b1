"""Importer…: the four steps through the real widgets, in French and Arabic."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from centre_desk.core.models import Child
from centre_desk.core.security import Role
from centre_desk.ui.dialogs.import_dialog import ImportDialog
from tests.import_helpers import left_rows, messy_rows, write_protected_xls, write_xlsx

SHOTS = "/tmp/h10_shots"


@pytest.fixture
def window(flow, centre):
    flow.opened = centre[0]
    return flow.show_main(centre[1])


def _click(qtbot, button):
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _load(qtbot, dialog, path, shot=None):
    """The file is read off the UI thread: meanwhile the buttons wait and a busy bar moves."""
    dialog.load_file(path)
    assert dialog.running and dialog.busy.isVisibleTo(dialog)
    assert dialog.doing.isVisibleTo(dialog) and dialog.doing.text()  # a hint, not an error
    assert dialog.message.text() == ""
    if shot:
        _shot(dialog, shot)
    assert not dialog.next_button.isEnabled() and not dialog.choose_button.isEnabled()
    assert not dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert not dialog.busy.isVisibleTo(dialog) and not dialog.doing.isVisibleTo(dialog)


def _open_import(qtbot, flow, centre, languages, language):
    """The "Importer…" wizard, opened from the children page by the administrator."""
    languages.apply(language)
    flow.opened = centre[0]
    return _wizard(qtbot, flow.show_main(centre[1]))


def _wizard(qtbot, window):
    """"Importer…" clicked on the children page."""
    page = window.show_page("children")
    _click(qtbot, page.import_button)
    return page.findChild(ImportDialog)


def _dry_run(qtbot, window, register):
    """The wizard with ``register`` read, its guessed mapping kept and its dry run shown."""
    dialog = _wizard(qtbot, window)
    _load(qtbot, dialog, register)
    _click(qtbot, dialog.next_button)
    _click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 2, timeout=30_000)
    return dialog


def _open_past_attendance(qtbot, flow, centre, languages, language):
    """"Présences passées…" for a tutoring group, opened from the activities page."""
    import datetime as dt

    from centre_desk.core.models import Activity
    from centre_desk.ui.dialogs.attendance_import import AttendanceImportDialog

    Activity.create(kind="tutoring", name="Soutien", start_date=dt.date(2024, 9, 1))
    languages.apply(language)
    flow.opened = centre[0]
    window = flow.show_main(centre[1])
    page = window.show_page("activities")
    page.table.setCurrentIndex(page.model.index(0, 0))
    assert page.selected() is not None
    _click(qtbot, page.past_button)
    return page.findChild(AttendanceImportDialog)


def _shot(widget, name):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    widget.grab().save(f"{SHOTS}/{name}.png")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_import_wizard_dry_run_import_report_and_undo(qtbot, flow, centre, languages, tmp_path,
                                                      language):
    dialog = _open_import(qtbot, flow, centre, languages, language)
    assert dialog.width() <= 1366 and dialog.height() <= 728
    register = write_xlsx(tmp_path / "registre.xlsx", {"Enfants": messy_rows(),
                                                        "Sortis": left_rows()})
    _load(qtbot, dialog, register, f"0-reading-{language}")
    assert dialog.sheet_combo.count() == 2 and dialog.header_spin.value() == 3
    _shot(dialog, f"1-file-{language}")
    _click(qtbot, dialog.next_button)
    assert dialog.mapping[:5] == ["file_number", "full_name", "full_name_arabic", "birth_date",
                                  "sex"]
    _shot(dialog, f"2-mapping-{language}")
    _click(qtbot, dialog.next_button)
    qtbot.waitUntil(lambda: dialog.steps.currentIndex() == 2, timeout=30_000)
    assert Child.select().count() == 0  # a dry run writes nothing
    assert dialog.rows_model.rowCount() == 10
    dialog.filter.setCurrentIndex(dialog.filter.findData("duplicate"))
    assert dialog.rows_model.rowCount() == 1
    _shot(dialog, f"3-dry-run-{language}")
    dialog.filter.setCurrentIndex(0)
    _click(qtbot, dialog.next_button)  # Import
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=30_000)
    assert Child.select().count() == 4
    _shot(dialog, f"4-import-{language}")
    report = tmp_path / "rapport.csv"
    dialog.save_report(report)
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")
    _click(qtbot, dialog.undo_button)  # off the UI thread: the buttons wait meanwhile
    assert dialog.running and not dialog.close_button.isEnabled()
    assert not dialog.undo_button.isEnabled() and not dialog.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert Child.select().count() == 0
    assert not dialog.undo_button.isEnabled() and dialog.close_button.isEnabled()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_unreadable_file_is_a_message_in_the_dialog(qtbot, flow, centre, languages, tmp_path,
                                                       language):
    dialog = _open_import(qtbot, flow, centre, languages, language)
    broken = tmp_path / "registre.xlsx"
    broken.write_bytes(b"PK\x03\x04 cut short")
    _load(qtbot, dialog, broken)
    assert {"fr": "endommagé", "ar": "تالف"}[language] in dialog.message.text()
    assert not dialog.next_button.isEnabled() and dialog.choose_button.isEnabled()
    _load(qtbot, dialog, write_protected_xls(tmp_path / "ancien.xls"))
    assert {"fr": "mot de passe", "ar": "كلمة مرور"}[language] in dialog.message.text()
    _load(qtbot, dialog, write_xlsx(tmp_path / "bon.xlsx", {"Enfants": messy_rows()}))
    assert dialog.message.text() == "" and dialog.next_button.isEnabled()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_past_attendance_from_an_unreadable_file_is_a_message(qtbot, flow, centre, languages,
                                                              tmp_path, language):
    dialog = _open_past_attendance(qtbot, flow, centre, languages, language)
    broken = tmp_path / "presences.ods"
    broken.write_bytes(b"not a spreadsheet at all")
    dialog.load_file(broken)
    assert dialog.running and not dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert {"fr": "endommagé", "ar": "تالف"}[language] in dialog.message.text()
    assert dialog.close_button.isEnabled() and not dialog.import_button.isEnabled()


def test_an_educator_has_no_import_button(qtbot, flow, centre, make_user):
    educator = make_user("educ", Role.EDUCATOR)
    flow.opened = centre[0]
    window = flow.show_main(educator)
    page = window.show_page("children")
    assert not hasattr(page, "import_button")


def test_a_possible_duplicate_can_be_opened_or_marked_not_the_same(qtbot, window, centre,
                                                                   tmp_path):
    from centre_desk.core.importing import apply, mapping, plan, readers

    register = write_xlsx(tmp_path / "registre.xlsx", {"Enfants": messy_rows()})
    sheet = readers.read_workbook(register)[0]
    first = plan.dry_run(centre[1], sheet, 2, mapping.guess_mapping(sheet.rows[2]))
    apply.run_import(centre[1], first, centre[0])
    dialog = _dry_run(qtbot, window, register)
    dialog.filter.setCurrentIndex(dialog.filter.findData("duplicate"))
    assert dialog.rows_model.rowCount() == 5
    dialog.table.selectRow(0)
    opened_before = len(window.files.open_dialogs)
    _click(qtbot, dialog.open_button)
    assert len(window.files.open_dialogs) == opened_before + 1
    _click(qtbot, dialog.not_same_button)
    index = dialog.rows_model.index(0, 1)
    assert dialog.rows_model.data(index) == "À créer"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_past_attendance_grid_from_the_activities_page(qtbot, flow, centre, languages, tmp_path,
                                                        language):
    from centre_desk.core.importing import apply, mapping, plan, readers
    from centre_desk.core.models import Attendance
    from tests.import_helpers import write_csv

    register = write_xlsx(tmp_path / "registre.xlsx", {"Enfants": messy_rows()})
    sheet = readers.read_workbook(register)[0]
    apply.run_import(centre[1], plan.dry_run(centre[1], sheet, 2,
                                             mapping.guess_mapping(sheet.rows[2])), centre[0])
    dialog = _open_past_attendance(qtbot, flow, centre, languages, language)
    grid = write_csv(tmp_path / "presences.csv", [
        ["Nom", "01/10/2024", "02/10/2024"], ["OUARDI Aya", "P", "A"], ["Benaly Salma", "x", "✓"]])
    dialog.load_file(grid)
    assert dialog.running and not dialog.choose_button.isEnabled()
    assert not dialog.import_button.isEnabled() and dialog.busy.isVisibleTo(dialog)
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.model.rowCount() == 2 and not dialog.busy.isVisibleTo(dialog)
    assert "Benali Salma" in dialog.model.data(dialog.model.index(1, 2))
    _shot(dialog, f"5-past-attendance-{language}")
    dialog.table.setCurrentIndex(dialog.model.index(1, 0))
    _click(qtbot, dialog.use_closest_button)
    _click(qtbot, dialog.import_button)  # off the UI thread: the buttons wait meanwhile
    assert dialog.running and not dialog.close_button.isEnabled()
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert Attendance.select().count() == 4
    assert not dialog.import_button.isEnabled() and dialog.close_button.isEnabled()


def test_cancelling_the_import_leaves_nothing(qtbot, window, tmp_path):
    from tests.import_helpers import write_csv

    rows = [["Nom", "Prénom", "Sexe", "Date de naissance"]] + [
        [f"Nom{n}", f"Prenom{n}", "F", "2015"] for n in range(3000)]
    register = write_csv(tmp_path / "grand.csv", rows)
    dialog = _dry_run(qtbot, window, register)
    _click(qtbot, dialog.next_button)  # Import: the backup is made first, then the chunks
    _click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: not dialog.running, timeout=30_000)
    assert dialog.result is None and "rien n'a été écrit" in dialog.progress_text.text()
    assert Child.select().count() == 0
    assert dialog.close_button.isEnabled() and dialog.back_button.isEnabled()
