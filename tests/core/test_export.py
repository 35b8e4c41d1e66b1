"""The export to headquarters: valid Data Packages, no personal data, the Reports' figures,
totals that agree between levels, consent, the register, re-sending and passwords."""
from __future__ import annotations

import datetime as dt
import json
import os
import re

import pytest

from centre_desk.core.errors import PermissionDenied, UserError
from tests.export_helpers import (build_demo_template, csv_rows, entries, open_copy, unzip,
                                  valid_data_package)

OCTOBER = "2026-10"


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    return build_demo_template(tmp_path_factory.mktemp("demo") / "home")


@pytest.fixture
def demo(demo_template, tmp_path):
    folder, opened, admin = open_copy(demo_template, tmp_path / "centre")
    yield folder, admin
    opened.close()


def run_export(demo, tmp_path, period=OCTOBER, level="aggregate", **options):
    from centre_desk.core import export
    from centre_desk.core.reports import parse_period

    folder, admin = demo
    password = options.pop("password", None)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    sent = export.export(admin, folder, export.ExportRequest(parse_period(period), level,
                                                             **options), out, password)
    return out / sent.file_name, sent


def personal_values() -> set[str]:
    from centre_desk.core.models import Child, Guardian, Household

    values = set()
    for child in Child.select():
        values |= {child.first_name_latin, child.last_name_latin, child.first_name_arabic,
                   child.last_name_arabic, child.file_number, child.emergency_phone}
        if child.birth_date:
            values |= {child.birth_date.isoformat(), child.birth_date.strftime("%d/%m/%Y")}
    for guardian in Guardian.select():
        values |= {guardian.name_latin, guardian.name_arabic, guardian.phone}
    for household in Household.select():
        values |= {household.phone, household.address}
    return {value for value in values if value and len(value) >= 4}


@pytest.mark.parametrize("level,options", [
    ("aggregate", {}), ("aggregate", {"suppress": True}),
    ("pseudonymised", {}), ("pseudonymised", {"marks": True})])
def test_every_level_is_a_valid_data_package_without_personal_data(demo, tmp_path, level,
                                                                    options):
    path, sent = run_export(demo, tmp_path, "2026-Q4", level, **options)
    assert re.fullmatch(rf"DEM-2026-Q4-{level}-0001\.zip", path.name)
    valid_data_package(unzip(path, tmp_path / "x") / "datapackage.json")
    contents = entries(path)
    assert {"manifest.json", "datapackage.json", "LISEZMOI.txt", "اقرأني.txt"} <= set(contents)
    # The read-me files are the program's fixed text (whose Arabic has the word أسماء).
    everything = b"".join(data for name, data in contents.items()
                          if not name.endswith(".txt")).decode("utf-8")
    leaked = [value for value in personal_values() if value in everything]
    assert leaked == []
    for name, data in contents.items():
        if name.endswith(".csv"):
            assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
            assert b"\n" not in data.replace(b"\r\n", b"")


def test_aggregate_figures_are_the_reports_figures(demo, tmp_path):
    from centre_desk.core import reports
    from centre_desk.core.services import figures

    folder, admin = demo
    path, _sent = run_export(demo, tmp_path, "2026-09-01..2026-10-31")
    summary = {row["month"]: row for row in csv_rows(entries(path)["summary.csv"])}
    assert list(summary) == ["2026-09", "2026-10"]
    for month in ("2026-09", "2026-10"):
        period = reports.parse_period(month)
        values = figures.compute(admin, period)
        report = reports.build(admin, "monthly", period, "fr", today=dt.date(2026, 11, 25))
        key = {row[0]: row[1] for row in report.tables[0].rows}
        row = summary[month]
        assert int(row["active_children"]) == key["Enfants actifs"] == values.active_total
        assert int(row["new_children"]) == key["Nouvelles inscriptions"]
        assert int(row["sessions_held"]) == key["Séances tenues"] == values.held
        assert float(row["hours"].replace(",", ".")) == key["Heures dispensées"]
        assert int(row["households_accompanied"]) == key["Familles accompagnées"]
        rate = key["Taux de présence des groupes d'enfants"]
        assert float(row["children_groups_attendance_rate"].replace(",", ".")) == rate
        assert int(row["certificates_issued"]) == key["Attestations délivrées"]
    assert int(summary["2026-10"]["active_children"]) > 0


def share_with_association(admin, ids, given=True):
    """The family's answer recorded in the consent register, as the secretary would."""
    from centre_desk.core.services import consents

    for child_id in ids:
        consents.record_consent(admin, consents.ConsentData(
            consents.SHARE_ASSOCIATION, given, dt.date(2026, 9, 1), paper_place="Dossier"),
            child_id=child_id)


def withdraw_every_sharing(admin):
    from centre_desk.core.models import Consent
    from centre_desk.core.services import consents

    for consent in Consent.select().where((Consent.purpose == consents.SHARE_ASSOCIATION)
                                          & Consent.withdrawn_on.is_null()):
        consents.withdraw_consent(admin, consent.id)


def test_aggregate_totals_equal_the_sums_of_the_pseudonymised_tables(demo, tmp_path):
    from centre_desk.core.models import Child

    _folder, admin = demo
    share_with_association(admin, [c.id for c in Child.select(Child.id).where(
        Child.erased_at.is_null() & Child.merged_into.is_null())])
    aggregate = entries(run_export(demo, tmp_path, OCTOBER)[0])
    records = entries(run_export(demo, tmp_path, OCTOBER, "pseudonymised", marks=True)[0])
    summary = csv_rows(aggregate["summary.csv"])[0]
    children = csv_rows(records["children.csv"])
    assert int(summary["active_children"]) == len(children)
    by_band = {}
    for row in csv_rows(aggregate["children_active.csv"]):
        by_band[(row["sex"], row["age_band"])] = int(row["active"])
    for (sex, band), count in by_band.items():
        assert count == sum(1 for c in children if c["sex"] == sex and c["age_band"] == band)
    monthly = csv_rows(records["attendance_monthly.csv"])
    marks = csv_rows(records["marks.csv"])
    kinds = {row["activity_id"]: row["activity_kind"] for row in
             csv_rows(records["activity_list.csv"])}
    checked = 0
    for row in csv_rows(aggregate["activities.csv"]):
        mine = [m for m in monthly if m["activity_id"] == row["activity_id"]]
        if int(row["adults"]):
            continue  # a group of parents: its marks are the adults', not in the records
        for mark, name in (("P", "present"), ("L", "late"), ("A", "absent"), ("E", "excused")):
            assert int(row[name]) == sum(int(m[name]) for m in mine)
            assert int(row[name]) == sum(1 for m in marks if m["activity_id"] ==
                                         row["activity_id"] and m["mark"] == mark)
        checked += kinds[row["activity_id"]] is not None
    assert checked > 0
    presences = sum(int(m["present"]) + int(m["late"]) for m in monthly)
    adults = sum(int(r["present"]) + int(r["late"]) for r in csv_rows(
        aggregate["activities.csv"]) if int(r["adults"]))
    assert int(summary["presences"]) == presences + adults


def test_only_children_whose_family_agreed_are_sent_and_the_preview_says_how_many_not(
        demo, tmp_path):
    from centre_desk.core import export
    from centre_desk.core.export.consent import sharing_consented_children
    from centre_desk.core.models import Child
    from centre_desk.core.reports import parse_period

    folder, admin = demo
    ids = [c.id for c in Child.select(Child.id).where(
        Child.erased_at.is_null() & Child.merged_into.is_null()).order_by(Child.id)]
    withdraw_every_sharing(admin)
    share_with_association(admin, ids[:10])
    share_with_association(admin, ids[10:12], given=False)
    assert sharing_consented_children() == set(ids[:10])
    request = export.ExportRequest(parse_period(OCTOBER), "pseudonymised")
    preview = export.preview(admin, folder, request)
    children = next(t for t in preview.tables if t.name == "children")
    assert children.rows <= 10 and children.columns[0] == "pseudonym"
    assert len(children.first_rows) == min(5, children.rows)
    assert preview.left_out > 0
    assert f"{preview.left_out} enfants sont écartés" in preview.sentence
    path, _sent = run_export(demo, tmp_path, OCTOBER, "pseudonymised")
    assert len(csv_rows(entries(path)["children.csv"])) == children.rows
    manifest = json.loads(entries(path)["manifest.json"])
    assert manifest["left_out_without_consent"] == preview.left_out


def test_pseudonyms_are_stable_and_depend_on_the_key(demo, tmp_path):
    from centre_desk.core.export import keys

    folder, admin = demo
    first = csv_rows(entries(run_export(demo, tmp_path, OCTOBER, "pseudonymised")[0])
                     ["children.csv"])
    second = csv_rows(entries(run_export(demo, tmp_path, OCTOBER, "pseudonymised")[0])
                      ["children.csv"])
    assert [r["pseudonym"] for r in first] == [r["pseudonym"] for r in second]
    keys.store_key(admin, folder, keys.new_key())
    third = csv_rows(entries(run_export(demo, tmp_path, OCTOBER, "pseudonymised")[0])
                     ["children.csv"])
    assert not {r["pseudonym"] for r in first} & {r["pseudonym"] for r in third}


def test_small_counts_are_suppressed_when_asked(demo, tmp_path):
    path, _sent = run_export(demo, tmp_path, OCTOBER, suppress=True)
    cells = [value for row in csv_rows(entries(path)["children_active.csv"])
             for value in (row["active"], row["new"])]
    assert "<5" in cells and not any(value in ("1", "2", "3", "4") for value in cells)


def test_manifest_hashes_and_signature(demo, tmp_path):
    import hashlib
    import hmac

    from centre_desk.core.export import keys

    path, sent = run_export(demo, tmp_path)
    contents = entries(path)
    manifest = json.loads(contents["manifest.json"])
    assert manifest["centre_code"] == "DEM" and manifest["sequence"] == 1
    assert manifest["level"] == "aggregate" and manifest["created_by"] == "admin"
    for name, entry in manifest["files"].items():
        assert hashlib.sha256(contents[name]).hexdigest() == entry["sha256"]
    body = json.dumps({k: v for k, v in manifest.items() if k != "hmac_sha256"},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert manifest["hmac_sha256"] == hmac.new(bytes.fromhex(keys.DEMO_KEY), body,
                                               hashlib.sha256).hexdigest()
    assert keys.DEMO_KEY.encode() not in b"".join(contents.values())


def test_register_sequence_resend_and_since_last(demo, tmp_path):
    from centre_desk.core import export
    from centre_desk.core.models import AuditEvent

    folder, admin = demo
    first, sent = run_export(demo, tmp_path, "2026-09")
    second, _ = run_export(demo, tmp_path, OCTOBER)
    assert second.name == "DEM-2026-10-aggregate-0002.zip"
    register = export.history(admin)
    assert [e.sequence for e in register] == [2, 1]
    assert register[1].files["summary.csv"] == json.loads(
        entries(first)["manifest.json"])["files"]["summary.csv"]["sha256"]
    again = export.resend(admin, folder, 1, tmp_path / "again.zip")
    assert again.read_bytes() == first.read_bytes()
    period = export.since_last(admin, "aggregate", dt.date(2026, 11, 30))
    assert (period.start, period.end) == (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert AuditEvent.select().where(AuditEvent.entity == "hq_export").count() == 3


def test_password_protected_package(demo, tmp_path):
    import pyzipper

    path, _sent = run_export(demo, tmp_path, password="s3cret-Ø")
    with pyzipper.AESZipFile(path) as archive:
        assert all(info.flag_bits & 0x1 for info in archive.infolist())
        archive.setpassword("s3cret-Ø".encode())
        assert json.loads(archive.read("manifest.json"))["sequence"] == 1


def test_only_coordinators_and_administrators_export(demo, tmp_path):
    from centre_desk.core import export
    from centre_desk.core.reports import parse_period
    from centre_desk.core.security import Role
    from centre_desk.core.services import users

    folder, admin = demo
    users.create_user(admin, users.NewUser("sec2", "Sec Test", Role.SECRETARY, "Tamra-2026-test"))
    secretary = users.authenticate("sec2", "Tamra-2026-test")
    with pytest.raises(PermissionDenied):
        export.export(secretary, folder, export.ExportRequest(parse_period(OCTOBER)),
                      tmp_path)


def test_without_association_key_the_export_says_so(centre, folder, tmp_path):
    from centre_desk.core import export
    from centre_desk.core.reports import parse_period

    _opened, admin = centre
    with pytest.raises(UserError, match="clé d'association"):
        export.export(admin, folder, export.ExportRequest(parse_period(OCTOBER)), tmp_path)
    assert list(tmp_path.glob("*.zip")) == []


def test_association_key_is_kept_and_its_fingerprint_shown(centre, folder, tmp_path):
    from centre_desk.core.export import keys

    _opened, admin = centre
    key = keys.new_key()
    path = keys.write_key_file(tmp_path / "KEY", key)
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    with pytest.raises(UserError):
        keys.write_key_file(path, key)
    fingerprint = keys.store_key(admin, folder, keys.read_key_file(path))
    assert re.fullmatch(r"[0-9A-F]{4}( [0-9A-F]{4}){3}", fingerprint)
    assert keys.load_key(folder) == key
    with pytest.raises(UserError, match="64"):
        keys.parse_key("not a key")


def test_export_command_line(demo, tmp_path, monkeypatch):
    from centre_desk.cli import main
    from centre_desk.core.demo import DEMO_PASSWORD

    folder, _admin = demo
    monkeypatch.setenv("CENTRE_DESK_PASSWORD", DEMO_PASSWORD)
    (tmp_path / "pw").write_text("pass-word1\n")
    os.chmod(tmp_path / "pw", 0o644)  # readable by everyone on this computer: refused
    arguments = ["export", "--home", str(folder.root), "--period", OCTOBER, "--level",
                 "pseudonymised", "--zip-password-file", str(tmp_path / "pw"), "--user",
                 "admin", "--out", str(tmp_path / "open.zip")]
    assert main(arguments) == 2
    assert not (tmp_path / "open.zip").exists()
    os.chmod(tmp_path / "pw", 0o600)
    code = main(["export", "--home", str(folder.root), "--period", OCTOBER, "--level",
                 "pseudonymised", "--marks", "--zip-password-file", str(tmp_path / "pw"),
                 "--user", "admin", "--out", str(tmp_path / "p.zip")])
    assert code == 0
    assert "marks.csv" in entries(tmp_path / "p.zip", "pass-word1")
    assert main(["export", "--home", str(folder.root), "--since-last", "--level",
                 "pseudonymised", "--period", "2026-11", "--user", "admin",
                 "--out", str(tmp_path)]) == 0
    assert (tmp_path / "DEM-2026-11-pseudonymised-0002.zip").exists()
    assert main(["export", "--home", str(folder.root), "--period", "2026-13",
                 "--user", "admin", "--out", str(tmp_path / "bad.zip")]) == 2
    assert not (tmp_path / "bad.zip").exists()


def test_every_mark_written_as_lines_reads_as_the_preview_rows(demo, tmp_path):
    from centre_desk.core import export
    from centre_desk.core.reports import parse_period

    folder, admin = demo
    request = export.ExportRequest(parse_period(OCTOBER), "pseudonymised", marks=True)
    marks = next(t for t in export.preview(admin, folder, request, first=50).tables
                 if t.name == "marks")
    path, _sent = run_export(demo, tmp_path, OCTOBER, "pseudonymised", marks=True)
    written = csv_rows(entries(path)["marks.csv"])
    assert len(written) == marks.rows > 50
    assert [tuple(row.values()) for row in written[:50]] == list(marks.first_rows)


@pytest.mark.parametrize("period", ["2026", "2016-01-01..2026-11-30"])
def test_tables_written_as_lines_are_the_bytes_of_their_rows(demo, period):
    """The fast paths (monthly attendance counted by packed keys, every mark as lines made by
    SQLite) write exactly what the general CSV writer writes from the rows, and the monthly
    counts are those of a plain SQL GROUP BY."""
    import io

    from centre_desk.core import export
    from centre_desk.core.export import csvfile
    from centre_desk.core.export.package import contents
    from centre_desk.core.export.tables import _monthly_counts
    from centre_desk.core.models import Child
    from centre_desk.core.reports import parse_period

    folder, admin = demo
    request = export.ExportRequest(parse_period(period), "pseudonymised", marks=True)
    found = contents(admin, folder, request)
    fast = [table for table in found.tables if table.lines is not None]
    assert [table.name for table in fast] == ["attendance_monthly", "marks"]
    for table in fast:
        header = [name for name, _kind in table.fields]
        by_lines, by_rows = io.BytesIO(), io.BytesIO()
        count = csvfile.write_lines(by_lines, header, table.lines())
        assert count == csvfile.write_rows(by_rows, header, [k for _n, k in table.fields],
                                           table.rows()) > 100
        assert by_lines.getvalue() == by_rows.getvalue()
    grouped = {}
    for child_id, activity_id, month, mark, count in Child._meta.database.execute_sql(
            "SELECT a.child_id, s.activity_id, substr(s.on_date, 1, 7), a.mark, count(*) "
            "FROM session s JOIN attendance a ON a.session_id = s.id WHERE s.on_date BETWEEN "
            "? AND ? AND s.cancelled = 0 AND s.taken_at IS NOT NULL AND a.child_id IS NOT NULL "
            "GROUP BY 1, 2, 3, 4", (request.period.start.isoformat(),
                                    request.period.end.isoformat())):
        counts = grouped.setdefault((child_id, activity_id, month), [0, 0, 0, 0])
        counts["PLAE".index(mark)] = count
    counted = list(_monthly_counts(request.period))
    assert len({row[2] for row in counted}) > 3  # several months packed and unpacked
    assert counted == [(*key, *grouped[key]) for key in sorted(grouped)]


@pytest.mark.parametrize("asked_after,tables_done,password", [
    (0, 0, None), (3, 3, None), (6, 4, None), (7, 6, "pass-word1"), (2, 2, "pass-word1")])
def test_a_cancelled_export_leaves_no_file_and_no_register_row(demo, tmp_path, asked_after,
                                                                tables_done, password):
    """Asked before the first table, between tables, within the marks (asked before each
    chunk) or at the very end (the password's zip not made yet): nothing is left."""
    from centre_desk.core import export
    from centre_desk.core.models import AuditEvent
    from centre_desk.core.reports import parse_period

    folder, admin = demo
    asked, moved = [], []

    def cancelled() -> bool:
        asked.append(True)
        return len(asked) > asked_after

    request = export.ExportRequest(parse_period("2016-01-01..2026-11-30"), "pseudonymised",
                                   marks=True)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(export.ExportCancelled) as error:
        export.export(admin, folder, request, out, password, lambda *step: moved.append(step),
                      cancelled)
    assert "annulé" in error.value.message
    assert len(asked) == asked_after + 1 and len(moved) == tables_done
    assert list(out.iterdir()) == []
    assert export.history(admin) == []
    assert not AuditEvent.select().where(AuditEvent.action == "export").exists()
    sent = export.export(admin, folder, request, out, password, cancelled=lambda: False)
    assert [path.name for path in out.iterdir()] == [sent.file_name]
