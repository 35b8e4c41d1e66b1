"""import-children and import-attendance, run as a user runs them: a separate process."""
from __future__ import annotations

import json
import shutil

import pytest

from tests.core.test_cli import run_admin as run  # as the administrator, like a script would
from tests.import_helpers import (
    left_rows,
    messy_rows,
    write_csv,
    write_protected_xls,
    write_protected_xlsx,
    write_xlsx,
)


def counts_of(home) -> dict[str, int]:
    from centre_desk.core import db
    from centre_desk.core.paths import DataFolder

    opened = db.open_database(DataFolder(home))
    try:
        return db.table_counts(opened.db)
    finally:
        opened.close()


@pytest.fixture
def home(centre_template, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(centre_template.root, home)
    return home


def test_dry_run_then_import_then_again_with_json_and_report(home, tmp_path):
    register = write_xlsx(tmp_path / "registre.xlsx", {"Enfants": messy_rows(),
                                                        "Sortis": left_rows()})
    before = counts_of(home)
    dry = run("import-children", str(register), "--dry-run", "--json", "--home", str(home))
    assert dry.returncode == 0, dry.stderr
    counts = json.loads(dry.stdout)
    assert counts == {"rows": 10, "created": 0, "duplicates": 1, "warnings": 2, "errors": 3,
                      "ignored": 2}
    # Nothing written but the administrator's login (the core's dry run test compares bytes).
    after = counts_of(home)
    assert after.pop("audit_event") == before.pop("audit_event") + 1 and after == before
    report = tmp_path / "rapport.csv"
    done = run("import-children", str(register), "--json", "--report", str(report),
               "--home", str(home))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] == 4
    assert report.read_bytes().startswith(b"\xef\xbb\xbf")
    left = run("import-children", str(register), "--sheet", "Sortis", "--home", str(home))
    assert left.returncode == 0 and "1 lignes : 1 dossiers créés" in left.stdout
    again = run("import-children", str(register), "--json", "--home", str(home))
    assert json.loads(again.stdout)["created"] == 0
    undone = run("undo-import", str(json.loads(done.stdout)["batch"]), "--home", str(home))
    assert undone.returncode == 0 and "4 " in undone.stdout, undone.stderr
    twice = run("undo-import", str(json.loads(done.stdout)["batch"]), "--home", str(home))
    assert twice.returncode == 2 and "déjà" in twice.stderr


def test_a_mapping_file_is_used(home, tmp_path):
    register = write_csv(tmp_path / "r.csv", [["A", "B", "C", "D"],
                                              ["Tazi", "Nora", "F", "2014"]])
    chosen = tmp_path / "map.json"
    chosen.write_text(json.dumps({"A": "last_name", "B": "first_name", "C": "sex",
                                  "D": "birth_date"}), encoding="utf-8")
    done = run("import-children", str(register), "--mapping", str(chosen), "--json",
               "--home", str(home))
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["created"] == 1


@pytest.mark.parametrize("content, word", [
    (b"", "vide"), (b"PK\x03\x04 cut", "endommag"), (None, "mot de passe"),
])
def test_an_unreadable_file_is_one_line_and_exit_2(home, tmp_path, content, word):
    path = tmp_path / "registre.xlsx"
    if content is None:
        write_protected_xlsx(path)
    else:
        path.write_bytes(content)
    result = run("import-children", str(path), "--home", str(home))
    assert result.returncode == 2
    assert word in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("language, word", [("fr", "mot de passe"), ("ar", "كلمة مرور")])
def test_a_password_protected_xls_is_one_line_and_exit_2(home, tmp_path, language, word):
    path = write_protected_xls(tmp_path / "registre.xls")
    result = run("--lang", language, "import-children", str(path), "--home", str(home))
    assert result.returncode == 2, result.stderr
    assert word in result.stderr and "Traceback" not in result.stderr
    assert "endommag" not in result.stderr and "تالف" not in result.stderr


def test_not_a_spreadsheet_in_arabic(home, tmp_path):
    path = tmp_path / "notes.pdf"
    path.write_bytes(b"%PDF-1.4")
    result = run("--lang", "ar", "import-children", str(path), "--home", str(home))
    assert result.returncode == 2 and "ليس جدولًا" in result.stderr


def test_import_attendance_lists_the_names_not_found(home, tmp_path):
    import datetime as dt

    from centre_desk.core import db
    from centre_desk.core.models import Activity
    from centre_desk.core.paths import DataFolder

    register = write_csv(tmp_path / "r.csv", messy_rows())
    assert run("import-children", str(register), "--home", str(home)).returncode == 0
    opened = db.open_database(DataFolder(home))
    activity = Activity.create(kind="tutoring", name="Soutien", start_date=dt.date(2024, 9, 1))
    opened.close()
    grid = write_csv(tmp_path / "presences.csv", [
        ["Nom", "01/10/2024", "02/10/2024"], ["OUARDI Aya", "P", "A"], ["Ouardy Aia", "x", ""]])
    dry = run("import-attendance", str(grid), "--activity", str(activity.id), "--dry-run",
              "--json", "--home", str(home))
    assert dry.returncode == 0, dry.stderr
    assert json.loads(dry.stdout) == {"rows": 2, "matched": 1, "unmatched": 1, "sessions": 2,
                                      "marks": 0}
    done = run("import-attendance", str(grid), "--activity", "Soutien", "--home", str(home))
    assert done.returncode == 0, done.stderr
    assert "2 présences écrites" in done.stdout and "Ouardi Aya" in done.stdout
