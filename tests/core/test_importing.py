"""Importing a centre's own register: readers, mapping, dry run, import, undo, report."""
from __future__ import annotations

import datetime as dt
import zipfile

import pytest

from centre_desk.core.importing import apply, mapping, plan, readers
from centre_desk.core.models import Child, Guardian, Household
from tests.import_helpers import (
    left_rows,
    messy_rows,
    compound_file,
    write_csv,
    write_ods,
    write_protected_xls,
    write_protected_xlsx,
    write_xls,
    write_xlsx,
)

TODAY = dt.date(2026, 11, 25)
SHEETS = {"Enfants": messy_rows(), "Sortis": left_rows()}
WRITERS = {
    "xlsx": lambda path: write_xlsx(path, SHEETS),
    "ods": lambda path: write_ods(path, SHEETS),
    "xls": lambda path: write_xls(path, SHEETS),
    "csv": lambda path: write_csv(path, messy_rows()),
    "csv-cp1252-comma": lambda path: write_csv(path, [row[:2] + row[3:] for row in messy_rows()],
                                               "cp1252", ","),
}


def _plan(actor, path, sheet_index=0):
    sheet = readers.read_workbook(path)[sheet_index]
    header = mapping.find_header_row(sheet.rows)
    return plan.dry_run(actor, sheet, header, mapping.guess_mapping(sheet.rows[header]),
                        today=TODAY)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_every_format_gives_the_same_statuses(centre, tmp_path, kind):
    _opened, admin = centre
    path = WRITERS[kind](tmp_path / f"register.{kind.split('-')[0]}")
    result = _plan(admin, path)
    statuses = {row.line: row.status for row in result.rows}
    assert statuses[4] in ("warning", "create")  # Mohamed
    assert statuses[5] == ("create" if kind == "xlsx" else "warning")  # serial, or 05-06-16
    assert statuses[6] == "warning"  # a year alone: approximate
    assert statuses[7] == "ignored" and statuses[13] == "ignored"  # blank, TOTAL
    assert statuses[9] == "error" and statuses[10] == "error" and statuses[11] == "error"
    assert statuses[12] == "duplicate"  # Mohammed, the same child within the file
    row = next(row for row in result.rows if row.line == 8)
    assert row.identity.last_name_latin == "Ouardi" and row.identity.first_name_latin == "Aya"
    if kind != "csv-cp1252-comma":  # Windows-1252 has no Arabic-Indic digits
        assert row.identity.birth_date == dt.date(2013, 6, 5)
    assert row.school_level == "3AC"
    salma = next(row for row in result.rows if row.line == 6)
    assert salma.identity.first_name_latin == "Salma"  # NBSP and spaces trimmed
    if kind != "csv-cp1252-comma":
        assert salma.identity.first_name_arabic == "بنعلي" or salma.identity.last_name_arabic
        assert "ـ" not in salma.identity.last_name_arabic + salma.identity.first_name_arabic


def test_values_in_every_form():
    from centre_desk.core.importing import values

    assert values.parse_date("05-06-16", TODAY)[0] == dt.date(2016, 6, 5)
    assert values.parse_date(42526, TODAY)[0] == dt.date(2016, 6, 5)
    assert values.parse_date("2014", TODAY)[1] == "year"
    assert values.parse_date("٠٥/٠٦/٢٠١٣", TODAY)[0] == dt.date(2013, 6, 5)
    with pytest.raises(values.BadValue):
        values.parse_date("31/02/2016", TODAY)
    assert values.parse_phone(661234567) == ("06 61 23 45 67", "phone_repaired")
    assert values.parse_phone("00212661234567") == ("06 61 23 45 67", None)
    assert [values.parse_sex(word) for word in ("M", "G", "Garçon", "ذكر")] == ["m"] * 4
    assert [values.parse_sex(word) for word in ("F", "Fille", "أنثى")] == ["f"] * 3
    assert values.split_full_name("Mohamed EL AMRANI")[:2] == ("El Amrani", "Mohamed")
    assert values.split_full_name("EL AMRANI Mohamed")[:2] == ("El Amrani", "Mohamed")


def test_header_and_mapping_guessed_in_three_languages():
    assert mapping.guess_mapping(["NOM et Prénom", "الاسم العائلي", "تاريخ الازدياد", "Sexe",
                                  "Tél tuteur", "Niveau", "Date d'inscription", "Prénom",
                                  "First name"]) == [
        "full_name", "last_name_arabic", "birth_date", "sex", "guardian_phone", "school_level",
        "entry_date", "first_name", "ignore"]
    assert mapping.find_header_row(messy_rows()) == 2


def _snapshot(folder):
    return folder.db.read_bytes()


def test_a_dry_run_writes_nothing(centre, tmp_path):
    opened, admin = centre
    path = write_xlsx(tmp_path / "register.xlsx", SHEETS)
    opened.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    before = _snapshot(opened.folder), (opened.folder.root / "centre.db-wal").exists() and (
        opened.folder.root / "centre.db-wal").read_bytes()
    _plan(admin, path)
    after = _snapshot(opened.folder), (opened.folder.root / "centre.db-wal").exists() and (
        opened.folder.root / "centre.db-wal").read_bytes()
    assert before == after


def test_import_then_again_creates_nothing_the_second_time(centre, tmp_path):
    opened, admin = centre
    path = write_xlsx(tmp_path / "register.xlsx", SHEETS)
    first = _plan(admin, path)
    result = apply.run_import(admin, first, opened, today=TODAY)
    assert result.created == 4  # Mohamed, Youssef, Salma, Aya
    fatima = Guardian.select().where(Guardian.name_latin == "Fatima")
    assert fatima.count() == 1  # one household for the same phone: brothers
    brothers = Child.select().where(Child.household == fatima.get().household)
    assert brothers.count() == 2
    assert list((opened.folder.backups).glob("*before-import*"))
    second = _plan(admin, path)
    assert [row.line for row in second.rows
            if row.status not in ("duplicate", "error", "ignored")] == []
    assert apply.run_import(admin, second, opened, today=TODAY).created == 0
    assert Child.select().count() == 4
    assert mapping.saved_mapping(first.headers) == first.mapping
    from centre_desk.core.models import AuditEvent
    from centre_desk.core.services.audit_words import describe

    events = list(AuditEvent.select().where(AuditEvent.action == "import"))
    assert [event.entity_id for event in events] == [1, 2]  # one audited action per batch
    assert describe("import", "import_batch", events[0].detail) == \
        "enfants 4 · foyers 3 · responsables 3 · archivé 0"


def test_a_left_sheet_gives_archived_files_with_their_reason(centre, tmp_path):
    opened, admin = centre
    path = write_xlsx(tmp_path / "register.xlsx", SHEETS, real_dates=False)
    left = _plan(admin, path, 1)
    apply.run_import(admin, left, opened, today=TODAY)
    child = Child.get()
    assert child.status == "left" and child.archived_at is not None
    assert child.exit_reason == "vocational_training" and child.exit_date == dt.date(2024, 6, 30)


def test_cancel_mid_import_leaves_the_database_as_before(centre, tmp_path):
    opened, admin = centre
    rows = [["Nom", "Prénom", "Sexe", "Date de naissance"]] + [
        [f"Nom{n}", f"Prenom{n}", "F", "2015"] for n in range(600)]
    sheet = readers.Sheet("s", rows)
    result = plan.dry_run(admin, sheet, 0, mapping.guess_mapping(rows[0]), today=TODAY)
    calls = []
    with pytest.raises(apply.ImportCancelled):
        apply.run_import(admin, result, opened, today=TODAY,
                         progress=lambda done, total: calls.append(done),
                         cancelled=lambda: bool(calls))
    assert calls == [250]
    assert Child.select().count() == 0 and Household.select().count() == 0


def test_the_backup_before_an_import_is_verified_and_listed(centre, tmp_path):
    from centre_desk.core import backups

    opened, admin = centre
    apply.run_import(admin, _plan(admin, write_csv(tmp_path / "r.csv", messy_rows())), opened,
                     today=TODAY)
    listed = [backup for backup in backups.list_backups(opened.folder.backups)
              if backup.reason == "before-import"]
    assert len(listed) == 1 and listed[0].verified
    assert listed[0].counts["child"] == 0  # taken before anything was written
    assert not backups.verify_file(listed[0].path, opened.db.centre_key)


def test_a_backup_that_fails_its_verification_writes_nothing(centre, tmp_path, monkeypatch):
    from centre_desk.core import backups

    opened, admin = centre
    monkeypatch.setattr(backups, "verify_file", lambda *args, **kwargs: ["damaged copy"])
    with pytest.raises(backups.BackupFailed) as failed:
        apply.run_import(admin, _plan(admin, write_csv(tmp_path / "r.csv", messy_rows())),
                         opened, today=TODAY)
    assert "damaged copy" in failed.value.message
    assert Child.select().count() == 0 and Household.select().count() == 0
    assert not list(opened.folder.backups.glob("*before-import*"))  # the bad copy is removed


def test_undo_restores_the_counts_and_refuses_after_a_change(centre, tmp_path):
    opened, admin = centre
    from centre_desk.core.services import records

    path = write_csv(tmp_path / "register.csv", messy_rows())
    result = apply.run_import(admin, _plan(admin, path), opened, today=TODAY)
    assert Child.select().count() == 4
    assert apply.batches(admin) == [(result.batch, 4)]
    assert apply.undo_import(admin, result.batch, opened) == 4
    assert (Child.select().count(), Household.select().count(), Guardian.select().count()) == (
        0, 0, 0)
    again = apply.run_import(admin, _plan(admin, path), opened, today=TODAY)
    child = Child.select().first()
    records.update_school(admin, child.id, "in_school", "Ecole X", "1AP")
    with pytest.raises(apply.UserError):
        apply.undo_import(admin, again.batch, opened)
    assert Child.select().count() == 4


def test_the_report_lists_every_row_for_excel(centre, tmp_path):
    opened, admin = centre
    path = write_csv(tmp_path / "register.csv", messy_rows())
    result_plan = _plan(admin, path)
    result = apply.run_import(admin, result_plan, opened, today=TODAY)
    report = apply.write_report(result_plan, tmp_path / "report.csv", result)
    data = report.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and b"\r\r\n" not in data
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[0].split(";")[:3] == ["Feuille", "Ligne", "Situation"]
    assert len([line for line in lines if line]) == 1 + len(result_plan.rows)


def test_secretary_may_import_an_educator_may_not(centre, make_user, tmp_path):
    from centre_desk.core.errors import PermissionDenied
    from centre_desk.core.security import Role

    path = write_csv(tmp_path / "register.csv", messy_rows())
    _plan(make_user("sec", Role.SECRETARY), path)
    with pytest.raises(PermissionDenied):
        _plan(make_user("edu", Role.EDUCATOR), path)


def test_password_protected_truncated_and_other_files_give_a_message(tmp_path):
    good = write_xlsx(tmp_path / "good.xlsx", SHEETS)
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    protected = write_protected_xlsx(tmp_path / "protected.xlsx")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    text = tmp_path / "notes.docx"
    text.write_bytes(b"PK\x03\x04 not a spreadsheet")
    blank = write_csv(tmp_path / "blank.csv", [[None, None]])
    messages = {}
    for path in (truncated, protected, empty, text, blank, tmp_path / "missing.xlsx"):
        with pytest.raises(readers.UnreadableFile) as caught:
            readers.read_workbook(path)
        messages[path.name] = caught.value.message
    assert "mot de passe" in messages["protected.xlsx"]
    assert "endommagé" in messages["truncated.xlsx"]
    assert zipfile.is_zipfile(good)


@pytest.mark.parametrize("small", [False, True], ids=["workbook-in-sectors", "mini-stream"])
def test_a_password_protected_xls_is_told_from_a_damaged_one(tmp_path, small):
    protected = write_protected_xls(tmp_path / "protected.xls", small)
    with pytest.raises(readers.UnreadableFile) as caught:
        readers.read_workbook(protected)
    assert "mot de passe" in caught.value.message and "endommagé" not in caught.value.message
    # An encrypted .xlsx renamed .xls is protected too.
    renamed = tmp_path / "renamed.xls"
    renamed.write_bytes(write_protected_xlsx(tmp_path / "p.xlsx").read_bytes())
    with pytest.raises(readers.UnreadableFile) as caught:
        readers.read_workbook(renamed)
    assert "mot de passe" in caught.value.message


def test_an_xls_without_filepass_or_cut_short_is_not_called_protected(tmp_path):
    from centre_desk.core.importing import ole

    good = write_xls(tmp_path / "good.xls", SHEETS)
    assert not ole.password_protected(good.read_bytes())
    assert readers.read_workbook(good)[0].row_count
    truncated = tmp_path / "truncated.xls"
    truncated.write_bytes(good.read_bytes()[:1536])
    # Records after the BOF that are not a FILEPASS: a workbook, not a protected one.
    plain = tmp_path / "plain.xls"
    plain.write_bytes(compound_file({"Workbook": b"\x09\x08\x10\x00" + bytes(16)
                                     + b"\x31\x00\x02\x00ab" + b"\x0a\x00\x00\x00"}))
    not_a_workbook = tmp_path / "other.xls"
    not_a_workbook.write_bytes(compound_file({"WordDocument": b"\x2f\x00\x00\x00" * 8}))
    for path in (truncated, plain, not_a_workbook):
        assert not ole.password_protected(path.read_bytes())
        with pytest.raises(readers.UnreadableFile) as caught:
            readers.read_workbook(path)
        assert "mot de passe" not in caught.value.message, path.name
    with pytest.raises(readers.UnreadableFile) as caught:
        readers.read_workbook(truncated)
    assert "endommagé" in caught.value.message


def test_names_without_consonants_are_checked_for_duplicates_in_both_scripts(centre):
    from tests.child_helpers import register

    _opened, admin = centre
    existing = register(admin, first="Aya", last="Benali", year=2015)
    rows = [["Nom", "Prénom", "الاسم العائلي", "الاسم", "Sexe", "Date de naissance"],
            ["BENALI", "Aya", "", "", "F", "2015"],  # the centre's Aya, as written
            ["", "", "بن علي", "آية", "F", "2015"],  # the same, in Arabic script
            ["OUARDI", "Eya", "", "", "F", "2014"],
            ["Ouardi", "Aïa", "", "", "F", "2014"],  # the row above, another spelling
            ["BENALI", "Awa", "", "", "F", "2015"],  # another child
            ["BENALI", "Ali", "", "", "M", "2015"]]  # another child
    sheet = readers.Sheet("Enfants", rows)
    result = plan.dry_run(admin, sheet, 0, mapping.guess_mapping(rows[0]), today=TODAY)
    status = {row.line: row for row in result.rows}
    new = ("create", "warning")  # warnings here: a year alone, no date of registration
    assert [status[line].status == "duplicate" for line in (2, 3, 4, 5, 6, 7)] == [
        True, True, False, True, False, False]
    assert all(status[line].status in new for line in (4, 6, 7))
    assert [candidate.child_id for candidate in status[3].candidates] == [existing, None]
    assert [candidate.line for candidate in status[5].candidates] == [4]


def test_the_migration_gives_old_files_without_consonants_their_keys(centre):
    from centre_desk.core import migrations
    from tests.child_helpers import register

    opened, admin = centre
    aya = register(admin, first="Aya", last="Benali", first_ar="آية", last_ar="بن علي",
                   year=2015)
    salma = register(admin, first="Salma", last="Alaoui", year=2015)
    Child.update(name_key_latin="", name_key_arabic="").where(Child.id == aya).execute()
    Child.update(name_key_latin="").where(Child.id == salma).execute()  # "Al" taken away
    migrations.v10_name_keys_without_consonants(opened.db.connection())
    assert Child.get_by_id(aya).name_key_latin == Child.get_by_id(aya).name_key_arabic == "y|bnl"
    assert Child.get_by_id(salma).name_key_latin == "slm|l"
    assert Child.get_by_id(salma).name_key_arabic == ""  # no Arabic name: no key


def test_past_attendance_grid_into_sessions_with_unmatched_names(centre, tmp_path):
    opened, admin = centre
    from centre_desk.core.models import Activity, Attendance, Session

    apply.run_import(admin, _plan(admin, write_csv(tmp_path / "r.csv", messy_rows())), opened,
                     today=TODAY)
    activity = Activity.create(kind="tutoring", name="Soutien", start_date=dt.date(2024, 9, 1))
    from centre_desk.core.importing import attendance

    rows = [["Présences octobre"], ["Nom", "01/10/2024", "02/10/2024", dt.date(2024, 10, 3)],
            ["El Amrani Mohamed", "P", "A", "✓"], ["OUARDI Aya", 1, 0, None],
            ["Ouardy Aia", "x", "R", "E"], ["TOTAL", 2, 1, 1]]
    grid = attendance.read_grid(admin, readers.Sheet("s", rows), activity.id, today=TODAY)
    assert grid.dates == [dt.date(2024, 10, 1), dt.date(2024, 10, 2), dt.date(2024, 10, 3)]
    found = {row.name: row for row in grid.rows}
    assert found["El Amrani Mohamed"].child_id and found["OUARDI Aya"].child_id
    assert found["Ouardy Aia"].child_id is None and "Ouardi Aya" in found["Ouardy Aia"].closest[0]
    assert attendance.import_grid(admin, grid, opened) == 5
    assert Session.select().where(Session.activity == activity.id).count() == 3
    marks = sorted(mark for (mark,) in Attendance.select(Attendance.mark).tuples())
    assert marks == ["A", "A", "P", "P", "P"]
    assert attendance.import_grid(admin, grid, opened) == 0  # never twice


def test_formulas_are_read_as_their_values(centre, tmp_path):
    """As Excel saves them: the formula and its last value (openpyxl writes no value, so the
    value is put in the sheet's XML as Excel would)."""
    from openpyxl import Workbook

    _opened, admin = centre
    workbook = Workbook()
    workbook.active.append(["Nom", "Prénom", "Sexe", "Date de naissance"])
    workbook.active.append(["Tazi", "Nora", "F", "=2010+4"])
    plain = tmp_path / "plain.xlsx"
    workbook.save(plain)
    path = tmp_path / "formulas.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode("utf-8")
                assert "<f>2010+4</f><v" in text
                text = text.replace("<f>2010+4</f><v></v>", "<f>2010+4</f><v>2014</v>").replace(
                    "<f>2010+4</f><v />", "<f>2010+4</f><v>2014</v>")
                data = text.encode("utf-8")
            target.writestr(item, data)
    row = _plan(admin, path).rows[0]
    assert (row.identity.birth_year, row.identity.birth_precision) == (2014, "year")


def test_a_file_in_arabic_script_is_found_from_a_latin_row(centre):
    """The cross-script matching of the registration check: محمد العمراني is Mohamed El Amrani."""
    from tests.child_helpers import identity, register

    _opened, admin = centre
    register(admin, identity(first="", last="", first_ar="محمد", last_ar="العمراني", sex="m",
                             year=2015))
    rows = [["Nom", "Prénom", "Sexe", "Date de naissance"],
            ["EL AMRANI", "Mohammed", "G", "2015"], ["Tazi", "Nora", "F", "2016"]]
    result = plan.dry_run(admin, readers.Sheet("s", rows), 0, mapping.guess_mapping(rows[0]),
                          today=TODAY)
    assert [row.status for row in result.rows] == ["duplicate", "warning"]
    assert result.rows[0].candidates[0].child_id is not None


def test_a_guardian_phone_already_in_the_centre_joins_that_household(centre):
    """A brother of a child already registered: same guardian phone, so same household; the
    undo removes the new file and leaves the family as it was."""
    from centre_desk.core.models import ChildGuardian
    from tests.child_helpers import identity, mother, register

    opened, admin = centre
    first = register(admin, identity(first="Salma", last="Benali"), guardian=mother())
    household = Child.get_by_id(first).household_id
    rows = [["Nom", "Prénom", "Sexe", "Date de naissance", "Tél tuteur"],
            ["BENALI", "Karim", "G", "2017", "661234567"]]
    result = plan.dry_run(admin, readers.Sheet("s", rows), 0, mapping.guess_mapping(rows[0]),
                          today=TODAY)
    done = apply.run_import(admin, result, opened, today=TODAY)
    karim = Child.get(Child.first_name_latin == "Karim")
    assert karim.household_id == household and Household.select().count() == 1
    assert ChildGuardian.select().where(ChildGuardian.child == karim.id).count() == 1
    apply.undo_import(admin, done.batch, opened)
    assert Child.select().count() == 1 and Household.select().count() == 1
    assert Guardian.select().count() == 1
