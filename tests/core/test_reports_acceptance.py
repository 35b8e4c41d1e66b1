"""What an acceptance audit of the reports found, as a coordinator and an educator use them:
each test failed before its fix."""
from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from centre_desk.core import reports
from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import ltr
from centre_desk.core.models import Activity, Child, Guardian
from tests.core.test_reports import SEPTEMBER, TODAY, small  # noqa: F401 (the fixture centre)


def test_an_arabic_emergency_list_keeps_phone_numbers_in_their_order(small, tmp_path):  # noqa: F811
    """Right to left, "0661 00 00 01" read as four numbers came out "01 00 00 0661": on the
    screen, on paper and in Excel, an educator would have dialled a wrong number."""
    admin, group, children = small
    Guardian.update(phone="0661 00 00 01").execute()
    Child.update(emergency_phone="0662 11 22 33").where(Child.id == children["salma"]).execute()
    report = reports.build(admin, "list-group", SEPTEMBER, "ar", group, today=TODAY)
    salma = next(row for row in report.tables[0].rows if "سلمى" in row[1])
    assert salma[3] == ltr("0662 11 22 33")
    assert ltr("0661 00 00 01") in salma[4]
    french = reports.build(admin, "list-group", SEPTEMBER, "fr", group, today=TODAY)
    assert "0662 11 22 33" in [row[3] for row in french.tables[0].rows]  # no marks in French
    text = PdfReader(reports.write(admin, report, tmp_path / "urgence.pdf")).pages[0] \
        .extract_text()
    assert "0661 00 00 01" in text and "01 00 00 0661" not in text
    assert "0662 11 22 33" in text


def test_an_arabic_emergency_list_names_the_group_in_arabic(small):  # noqa: F811
    admin, group, _children = small
    Activity.update(name_ar="الدعم المدرسي CE4").where(Activity.id == group).execute()
    table = reports.build(admin, "list-group", SEPTEMBER, "ar", group, today=TODAY).tables[0]
    assert table.title.endswith("الدعم المدرسي CE4")
    table = reports.build(admin, "list-group", SEPTEMBER, "fr", group, today=TODAY).tables[0]
    assert table.title.endswith("Soutien CE4")
    for language, name in (("ar", "الدعم المدرسي CE4"), ("fr", "Soutien CE4")):
        absences = reports.build(admin, "list-absences", SEPTEMBER, language,
                                 today=dt.date(2026, 9, 16)).tables[0]
        assert {row[2] for row in absences.rows} == {name}


def test_the_annual_report_gives_every_monthly_key_figure_month_by_month(small):  # noqa: F811
    """"The same, month by month": the year grid lacked girls and boys, the children under the
    follow-up rate, single mothers and the parents' groups' attendance."""
    admin, _group, _children = small
    year = reports.build(admin, "annual", reports.parse_period("2026-2027"), "fr",
                         today=TODAY).tables[0]
    by_label = {row[0]: row for row in year.rows}
    for month_column, month in ((1, SEPTEMBER), (2, reports.parse_period("2026-10"))):
        key = reports.build(admin, "monthly", month, "fr", today=TODAY).tables[0]
        for row in key.rows:
            assert row[0] in by_label, row[0]
            assert by_label[row[0]][month_column] == row[1], row[0]


def test_french_thousands_keep_their_space_on_paper(tmp_path):
    """French groups thousands with a narrow no-break space, which the PDF's font lacks: "1 561"
    was drawn "1561"."""
    import re

    from centre_desk.core.documents import report_pdf
    from centre_desk.core.reports.model import Letterhead, Report, Table

    report = Report("monthly", "fr", "Rapport", "octobre 2026", Letterhead("Centre", "Salé", ""),
                    (Table("activities", "Activités", ("Activité", "Présents"),
                           (("Chorale", 1561), ("Total", 12345))),), footer="page {page}")
    report_pdf.render(report, tmp_path / "r.pdf")
    text = PdfReader(tmp_path / "r.pdf").pages[0].extract_text()
    assert re.search(r"1\s561", text) and re.search(r"12\s345", text), text


def test_indicators_say_when_there_is_nothing_to_report(small, tmp_path):  # noqa: F811
    """No project over the period, a project with no indicator yet: a sentence saying so on
    paper and in the workbook, not a lone dash or a bare header; a whole target is 100, not
    100,0, and a target of 0 gives no percentage."""
    import csv
    import io

    from centre_desk.core.services import projects

    admin, group, _children = small
    for language, words in (("fr", "Aucun projet"), ("ar", "لا يوجد أي مشروع")):
        empty = reports.build(admin, "indicators", SEPTEMBER, language, today=TODAY)
        text = PdfReader(reports.write(admin, empty, tmp_path / f"vide-{language}.pdf")) \
            .pages[0].extract_text()
        assert words in text
    projects.save_project(admin, projects.ProjectData(
        "Projet A", "Bailleur", dt.date(2026, 1, 1), None, [group],
        [projects.IndicatorData("Enfants suivis", "", "active_children", "", 100),
         projects.IndicatorData("Parents", "", "outreach_parents", "", 0)]))
    projects.save_project(admin, projects.ProjectData(
        "Projet B", "", dt.date(2026, 1, 1), None, [], []))
    report = reports.build(admin, "indicators", SEPTEMBER, "fr", today=TODAY)
    first, second = report.tables
    assert first.rows[0][3] == 100 and isinstance(first.rows[0][3], int)
    assert first.rows[1][3] == 0 and first.rows[1][4] is None
    assert not second.rows and "aucun indicateur" in second.note.lower()
    text = PdfReader(reports.write(admin, report, tmp_path / "b.pdf")).pages[0].extract_text()
    assert "aucun indicateur" in text.lower()
    rows = list(csv.reader(io.StringIO(
        reports.write(admin, report, tmp_path / "b.csv").read_text("utf-8-sig")),
        delimiter=";"))
    assert next(row for row in rows if row and row[0] == "Enfants suivis")[3] == "100"


def test_an_empty_working_list_says_so(small, tmp_path):  # noqa: F811
    """The emergency list of a group with no child enrolled (a parents' group) was a bare
    header: a sentence says the list is empty, on paper and on screen."""
    from centre_desk.core.services import activities
    from centre_desk.core.services.activities import ActivityData

    admin, _group, _children = small
    parents = activities.create_activity(admin, ActivityData(
        kind="parents_group", name="Rencontre des parents", start_date=dt.date(2026, 9, 1)))
    for language, words in (("fr", "Personne"), ("ar", "لا أحد")):
        report = reports.build(admin, "list-group", SEPTEMBER, language, parents, today=TODAY)
        assert not report.tables[0].rows and words in report.tables[0].note
        text = PdfReader(reports.write(admin, report, tmp_path / f"v-{language}.pdf")).pages[0] \
            .extract_text()
        assert words in text


def test_arabic_lists_use_the_arabic_comma(small):  # noqa: F811
    admin, group, _children = small
    documents = reports.build(admin, "list-documents", SEPTEMBER, "ar", today=TODAY).tables[0]
    assert "، " in documents.rows[0][3] and ", " not in documents.rows[0][3]
    french = reports.build(admin, "list-documents", SEPTEMBER, "fr", today=TODAY).tables[0]
    assert ", " in french.rows[0][3]


def test_a_mistyped_awareness_session_is_deleted_and_the_indicators_follow(
        small, make_user):  # noqa: F811
    """A headcount typed 700 instead of 70 could not be corrected: the session is listed and
    deleted (then recorded again), by those who manage activities only."""
    import pytest

    from centre_desk.core.errors import PermissionDenied
    from centre_desk.core.models import AuditEvent
    from centre_desk.core.security import Role
    from centre_desk.core.services import projects

    admin, _group, _children = small
    kept = projects.record_outreach(admin, projects.OutreachData(
        dt.date(2026, 9, 10), "school", "École Ibn Sina", counts={("children", "f", "6-11"): 30}))
    wrong = projects.record_outreach(admin, projects.OutreachData(
        dt.date(2026, 9, 20), "parents", "Réunion", counts={("parents", "f", "18+"): 700}))
    rows = projects.list_outreach(admin)
    assert [(row.id, row.people) for row in rows] == [(wrong, 700), (kept, 30)]
    assert projects.list_outreach(admin)[0].title == "Réunion"
    social = make_user("social", Role.SOCIAL_WORKER)
    assert [row.id for row in projects.list_outreach(social)] == [wrong, kept]
    with pytest.raises(PermissionDenied):
        projects.delete_outreach(social, wrong)
    projects.delete_outreach(admin, wrong)
    assert [row.id for row in projects.list_outreach(admin)] == [kept]
    key = {row[0]: row[1] for row in reports.build(admin, "monthly", SEPTEMBER, "fr",
                                                   today=TODAY).tables[0].rows}
    assert key["Personnes touchées par la sensibilisation"] == 30
    assert AuditEvent.select().where((AuditEvent.entity == "outreach_event")
                                     & (AuditEvent.action == "delete")).count() == 1


def test_the_report_command_names_the_missing_group_option(small, folder, tmp_path,  # noqa: F811
                                                           monkeypatch, capsys):
    """"Choose the group." told a terminal user nothing about --group."""
    from centre_desk.cli import main
    from tests.conftest import ADMIN_PASSWORD

    monkeypatch.setenv("CENTRE_DESK_PASSWORD", ADMIN_PASSWORD)
    assert main(["report", "list-group", "--home", str(folder.root), "--user", "admin",
                 "--out", str(tmp_path / "l.pdf")]) == 2
    assert "--group" in capsys.readouterr().err
    assert not (tmp_path / "l.pdf").exists()


def test_a_month_before_the_centre_existed_says_there_is_nothing_to_draw(small, tmp_path):  # noqa: F811,E501
    """Charts with no data were blank frames with a dash: they say why."""
    admin, _group, _children = small
    for language, words in (("fr", "Aucune présence enregistrée"),
                            ("ar", "لم يسجل أي حضور")):
        report = reports.build(admin, "monthly", reports.parse_period("2020-01"), language,
                               today=TODAY)
        assert all(chart.empty for chart in report.charts)
        text = PdfReader(reports.write(admin, report, tmp_path / f"m-{language}.pdf")) \
            .pages[0].extract_text()
        assert words in text


def test_the_months_to_come_stay_blank_in_the_annual_report(small):  # noqa: F811
    """Mid-year, December to August showed today's children as active in months not yet
    lived."""
    admin, _group, _children = small
    grid = reports.build(admin, "annual", reports.parse_period("2026-2027"), "fr",
                         today=TODAY).tables[0]
    columns = list(grid.columns)
    november, december = columns.index("nov."), columns.index("déc.")
    active = next(row for row in grid.rows if row[0] == "Enfants actifs")
    assert active[november] == 3 and all(cell is None for cell in active[december:-1])
    assert active[-1] is not None


def test_the_key_figures_start_on_page_one_whatever_the_highlights(small, tmp_path):  # noqa: F811,E501
    """Two lines of highlights pushed the whole key figures table to page 2, leaving half of
    page 1 blank: a long table now starts where there is room and goes on under its header."""
    admin, _group, _children = small
    reports.save_highlights(admin, "monthly", SEPTEMBER, "Visite du délégué le 18.\n"
                            "Fête de fin de trimestre avec les familles.\n"
                            "Deux éducatrices en formation la dernière semaine.")
    for language, title in (("fr", "Chiffres clés"), ("ar", "الأرقام الرئيسية")):
        report = reports.build(admin, "monthly", SEPTEMBER, language, today=TODAY)
        pages = PdfReader(reports.write(admin, report, tmp_path / f"m-{language}.pdf")).pages
        assert title in pages[0].extract_text(), language


def test_a_month_not_begun_has_no_monthly_report(small):  # noqa: F811
    """A month to come counted today's children as active in it: the report is refused."""
    admin, _group, _children = small
    with pytest.raises(ValidationError, match="pas encore commencé"):
        reports.build(admin, "monthly", reports.parse_period("2026-12"), "fr", today=TODAY)
    assert reports.build(admin, "monthly", reports.parse_period("2026-11"), "fr", today=TODAY)
