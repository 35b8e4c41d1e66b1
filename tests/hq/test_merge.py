"""HQ's consolidation: checked packages, the latest export kept, one valid Data Package and a
workbook, the same output for the same packages, and clear refusals."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from centre_desk.core.errors import UserError
from tests.export_helpers import build_demo_template, open_copy, valid_data_package

CODES = ("CASA01", "RABAT02", "FES03")


@pytest.fixture(scope="session")
def packages(tmp_path_factory):
    """From three demo centres (other seeds, other codes): an aggregate package of October and
    a pseudonymised one of the fourth quarter with every mark; CASA01 exports October twice."""
    from centre_desk.core import export
    from centre_desk.core.reports import parse_period

    root = tmp_path_factory.mktemp("centres")
    out = root / "packages"
    out.mkdir()
    made = {}
    for seed, code in enumerate(CODES, start=11):
        template = build_demo_template(root / f"template-{code}", seed=seed, children=30)
        folder, opened, admin = open_copy(template, root / code, code)
        try:
            for period, level, marks in (("2026-10", "aggregate", False),
                                         ("2026-Q4", "pseudonymised", True)):
                sent = export.export(admin, folder, export.ExportRequest(
                    parse_period(period), level, marks), out)
                made[(code, level)] = out / sent.file_name
            if code == "CASA01":
                sent = export.export(admin, folder, export.ExportRequest(
                    parse_period("2026-10")), out)
                made[(code, "later")] = out / sent.file_name
            encrypted = export.export(admin, folder, export.ExportRequest(
                parse_period("2026-09")), root, password="pass-word1")
            made[(code, "encrypted")] = root / encrypted.file_name
        finally:
            opened.close()
    return made


def key_file(tmp_path):
    from centre_desk.core.export import keys

    path = tmp_path / "KEY"
    path.write_text(keys.DEMO_KEY + "\n")
    return keys.DEMO_KEY


def plain(packages):
    return [path for (code, kind), path in packages.items() if kind != "encrypted"]


def test_three_centres_consolidated_twice_give_the_same_valid_output(packages, tmp_path):
    from openpyxl import load_workbook

    from centre_desk.hq.merge import consolidate

    key = key_file(tmp_path)
    first = consolidate(plain(packages), tmp_path / "a", key)
    second = consolidate(list(reversed(plain(packages))), tmp_path / "b", key)
    assert first.authenticated and not first.failed
    assert len(first.used) == 6
    assert [p.name for p, _why in first.replaced] == [packages[("CASA01", "aggregate")].name]
    valid_data_package(tmp_path / "a" / "datapackage.json")
    for name in sorted(p.name for p in (tmp_path / "a").iterdir()):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    descriptor = json.loads((tmp_path / "a" / "datapackage.json").read_text())
    for resource in descriptor["resources"]:
        assert resource["schema"]["fields"][0]["name"] == "centre"
    summary = (tmp_path / "a" / "summary.csv").read_text(encoding="utf-8-sig").splitlines()
    assert sorted(line.split(";")[0] for line in summary[1:]) == sorted(CODES)
    books = [load_workbook(tmp_path / d / "consolidation.xlsx") for d in ("a", "b")]
    assert books[0].sheetnames == books[1].sheetnames
    assert books[0].sheetnames[0] == "summary"
    for name in books[0].sheetnames:
        rows = [list(sheet.iter_rows(values_only=True)) for sheet in (b[name] for b in books)]
        assert rows[0] == rows[1]
    sheet = books[0]["summary"]
    assert sheet.freeze_panes == "A2"
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["centre", "period", "month"]
    active = sheet.cell(2, header.index("active_children") + 1)
    assert isinstance(active.value, int) and active.number_format == "#,##0"
    assert sheet.cell(1, 1).font.b
    rate = sheet.cell(2, header.index("attendance_rate") + 1)
    assert isinstance(rate.value, float) and rate.number_format == "0.0"


def test_arabic_workbook_reads_right_to_left(packages, tmp_path):
    from openpyxl import load_workbook

    from centre_desk.hq.merge import consolidate

    consolidate(plain(packages), tmp_path / "ar", None, language="ar")
    book = load_workbook(tmp_path / "ar" / "consolidation.xlsx")
    assert "المؤشرات" in book.sheetnames
    assert all(sheet.sheet_view.rightToLeft for sheet in book.worksheets)


def test_without_a_key_the_report_says_origin_not_authenticated(packages, tmp_path):
    from centre_desk.hq.merge import consolidate

    result = consolidate(plain(packages), tmp_path / "out", None)
    assert not result.authenticated
    assert "NON authentifiée" in result.report_text()


def test_the_same_package_twice_counts_once(packages, tmp_path):
    from centre_desk.hq.merge import consolidate

    path = packages[("FES03", "aggregate")]
    copy = tmp_path / "copy.zip"
    copy.write_bytes(path.read_bytes())
    result = consolidate([path, copy], tmp_path / "out", None)
    assert len(result.used) == 1 and len(result.replaced) == 1
    assert "le même export" in result.replaced[0][1]


def rewrite(source, target, change):
    """A copy of a package where ``change(name, data)`` returns each entry's new bytes."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, change(info.filename, old.read(info)))
    return target


def refusal(result, path) -> str:
    return dict((p.name, why) for p, why in result.failed)[path.name]


def test_tampered_file_wrong_key_and_wrong_password_are_refused_with_reasons(packages,
                                                                            tmp_path):
    from centre_desk.core.export import keys
    from centre_desk.hq.merge import consolidate

    good = packages[("RABAT02", "aggregate")]
    tampered = rewrite(good, tmp_path / "tampered.zip", lambda name, data: data.replace(
        b"2026-10", b"2026-11") if name == "summary.csv" else data)
    result = consolidate([good, tampered], tmp_path / "out", None)
    assert "summary.csv a été modifié" in refusal(result, tampered)
    assert len(result.used) == 1
    with pytest.raises(UserError, match="signature ne correspond pas"):
        consolidate([good], tmp_path / "out2", keys.new_key())
    assert not (tmp_path / "out2").exists()
    encrypted = packages[("FES03", "encrypted")]
    result = consolidate([good, encrypted], tmp_path / "out3", None, "not-it")
    assert "mot de passe" in refusal(result, encrypted)
    result = consolidate([good, encrypted], tmp_path / "out4", None)
    assert "mot de passe" in refusal(result, encrypted)
    result = consolidate([encrypted], tmp_path / "out5", None, "pass-word1")
    assert len(result.used) == 1


def test_zip_slip_and_zip_bomb_are_refused_before_anything_is_written(packages, tmp_path):
    from centre_desk.hq.merge import consolidate

    slip = tmp_path / "slip.zip"
    with zipfile.ZipFile(packages[("CASA01", "later")]) as old, zipfile.ZipFile(slip, "w") as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info))
        new.writestr("../../evil.csv", b"x")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", b"{}")
        with archive.open("summary.csv", "w") as handle:
            chunk = b"\0" * (1 << 20)
            for _ in range(64):
                handle.write(chunk)
    with pytest.raises(UserError) as error:
        consolidate([slip, bomb], tmp_path / "out", None)
    assert "sort du dossier" in error.value.message and "bombe zip" in error.value.message
    assert not (tmp_path / "out").exists() and not (tmp_path / "evil.csv").exists()
    with pytest.raises(UserError, match="--strict"):
        consolidate([packages[("FES03", "aggregate")], slip], tmp_path / "strict", None,
                    strict=True)
    assert not (tmp_path / "strict").exists()


def test_hq_never_imports_the_centre_database():
    code = ("import sys, centre_desk.hq.merge, centre_desk.hq.workbook; "
            "print('centre_desk.core.models' in sys.modules, 'PySide6' in sys.modules)")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True).stdout.split()
    assert output == ["False", "False"]


def test_hq_merge_command_line(packages, tmp_path):
    from centre_desk.cli import main

    (tmp_path / "KEY").write_text(key_file(tmp_path) + "\n")
    args = ["hq-merge", *map(str, plain(packages)), "--key-file", str(tmp_path / "KEY"),
            "--out", str(tmp_path / "out")]
    assert main(args) == 0
    assert (tmp_path / "out" / "consolidation.xlsx").exists()
    assert main(["association-key", "--out", str(tmp_path / "NEW")]) == 0
    assert len((tmp_path / "NEW").read_text().strip()) == 64
    assert main(["association-key", "--out", str(tmp_path / "NEW")]) == 2


def test_columns_unlike_the_datapackage_are_refused(packages, tmp_path):
    """Hashes made again by hand pass without a key; the columns still have to match."""
    import hashlib

    from centre_desk.hq.merge import consolidate

    source = packages[("FES03", "aggregate")]
    with zipfile.ZipFile(source) as archive:
        contents = {name: archive.read(name) for name in archive.namelist()}
    contents["exits.csv"] = contents["exits.csv"].replace(b"reason", b"motif", 1)
    manifest = json.loads(contents["manifest.json"])
    manifest["files"]["exits.csv"]["sha256"] = hashlib.sha256(contents["exits.csv"]).hexdigest()
    contents["manifest.json"] = json.dumps(manifest).encode()
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        for name, data in contents.items():
            archive.writestr(name, data)
    result = consolidate([forged, packages[("RABAT02", "aggregate")]], tmp_path / "out", None)
    assert "colonnes de exits.csv" in refusal(result, forged)
    assert len(result.used) == 1
