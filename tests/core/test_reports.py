"""Reports on a small centre whose figures are computed by hand: four children of each sex and
age band, one who left mid-month, a cancelled session, an excused absence."""
from __future__ import annotations

import csv
import datetime as dt

import pytest
from pypdf import PdfReader

from centre_desk.core import reports
from centre_desk.core.errors import PermissionDenied, ValidationError
from centre_desk.core.models import Child
from centre_desk.core.security import Role
from centre_desk.core.services import activities, attendance, figures, projects, sessions
from centre_desk.core.services.activities import ActivityData, Slot
from centre_desk.core.services.figures import month_period
from tests.child_helpers import identity, mother, register

SEPTEMBER = month_period(2026, 9)
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def small(centre):
    """Salma (girl, born 15/10/2020: 5 at the end of September, 6 at the end of October), Omar
    (boy, 2016), Nour (girl, 2012), Karim (boy, 2010, left on 16 September for school).
    One group on Mondays 09:00–11:00: the 14th held (Omar absent, Nour excused), the 21st
    cancelled (a closure), the 28th never taken."""
    _opened, admin = centre
    salma = register(admin, identity("Salma", "Alaoui", "سلمى", "العلوي", "f", 2020,
                                     birth_precision="exact", birth_date=dt.date(2020, 10, 15)),
                     guardian=mother(phone="0661000001"))
    omar = register(admin, identity("Omar", "Bennani", sex="m", year=2016))
    nour = register(admin, identity("Nour", "Chraibi", sex="f", year=2012))
    karim = register(admin, identity("Karim", "Daoudi", sex="m", year=2010))
    group = activities.create_activity(admin, ActivityData(
        kind="tutoring", name="Soutien CE4", start_date=dt.date(2026, 9, 1),
        slots=[Slot(0, "09:00", "11:00")]))
    for child in (salma, omar, nour, karim):
        activities.enrol(admin, group, child_id=child, start_date=dt.date(2026, 9, 1))
    rows = sessions.sessions_between(admin, dt.date(2026, 9, 14), dt.date(2026, 9, 28))
    activities.add_closure(admin, dt.date(2026, 9, 21), dt.date(2026, 9, 21), "Fête")
    held = next(row for row in rows if row.on_date == dt.date(2026, 9, 14))
    attendance.open_roll(admin, held.id)  # everyone pre-marked present
    attendance.set_mark(admin, held.id, ("c", omar), "A")
    attendance.set_mark(admin, held.id, ("c", nour), "E", "rendez-vous médical")
    Child.update(status="left", exit_date=dt.date(2026, 9, 16),
                 exit_reason="back_to_school").where(Child.id == karim).execute()
    return admin, group, dict(salma=salma, omar=omar, nour=nour, karim=karim)


def test_figures_of_the_month_computed_by_hand(small):
    admin, group, _children = small
    september = figures.compute(admin, SEPTEMBER)
    assert september.active == {("f", "0-5"): 1, ("m", "6-11"): 1, ("f", "12-14"): 1,
                                ("m", "15-17"): 1}
    assert september.exits == {"back_to_school": 1} and september.new_total == 0
    [activity] = september.activities
    assert (activity.held, activity.cancelled, activity.hours) == (1, 1, 2.0)
    assert (activity.tally.present, activity.tally.absent, activity.tally.excused) == (2, 1, 1)
    assert round(activity.tally.rate, 1) == 66.7  # excused left out: 2 of 3
    assert activity.children == 2  # present at least once
    assert september.below_threshold == 1  # Omar, 0 % (Nour's only mark is excused)
    october = figures.compute(admin, month_period(2026, 10))
    assert october.active == {("f", "6-11"): 1, ("m", "6-11"): 1, ("f", "12-14"): 1}
    assert october.held == 0


def _october_with_a_closure(admin, children):
    """A closure on Monday 5 October set before its session was drawn, a session held on the
    12th (Salma present, Omar late, Nour absent)."""
    activities.add_closure(admin, dt.date(2026, 10, 5), dt.date(2026, 10, 5), "Grève")
    rows = sessions.sessions_between(admin, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    assert dt.date(2026, 10, 5) not in [row.on_date for row in rows]
    held = next(row for row in rows if row.on_date == dt.date(2026, 10, 12))
    attendance.open_roll(admin, held.id)
    attendance.set_mark(admin, held.id, ("c", children["omar"]), "L")
    attendance.set_mark(admin, held.id, ("c", children["nour"]), "A")


def test_sessions_a_closure_removed_from_the_timetable_count_as_cancelled(small):
    admin, _group, children = small
    _october_with_a_closure(admin, children)
    october = figures.compute(admin, month_period(2026, 10))
    [activity] = october.activities
    assert (activity.held, activity.cancelled) == (1, 1)  # the 12th; the 5th (closure)
    september = figures.compute(admin, SEPTEMBER)
    assert september.cancelled == 1  # the 21st: drawn, then cancelled, counted once
    activities.remove_closure(admin, 2)
    assert figures.compute(admin, month_period(2026, 10)).cancelled == 0


def test_by_month_equals_compute_on_each_month_and_whole_on_the_period(small):
    admin, _group, children = small
    _october_with_a_closure(admin, children)
    autumn = reports.parse_period("2026-08-01..2026-11-30")
    months = figures.by_month(admin, autumn)
    assert [values.period for values in months] == autumn.months()
    for values in months:
        assert values == figures.compute(admin, values.period)
    each, whole = figures.by_month_and_whole(admin, autumn)
    assert each == months
    assert whole == figures.compute(admin, autumn)
    # Counted once over the period, not summed: Salma and Karim (pre-marked present) came in
    # September and October, Omar in October (late).
    assert [values.children_participants for values in months] == [0, 2, 3, 0]
    assert whole.children_participants == 3 and whole.activities[0].children == 3
    assert (whole.held, whole.cancelled) == (2, 2)
    # Under the follow-up rate: Omar in September (absent), Nour in October (absent; her
    # September mark is excused); over the period both (Omar 1 of 2, Nour 0 of 1).
    assert [values.below_threshold for values in months] == [0, 1, 1, 0]
    assert whole.below_threshold == 2
    assert figures.compute_each(admin, [month_period(2026, 10), SEPTEMBER]) == [
        figures.compute(admin, month_period(2026, 10)), figures.compute(admin, SEPTEMBER)]
    rates = figures.monthly_rates(admin, autumn)
    assert [tally for _day, tally in rates] == [values.tally for values in months]


def test_a_held_session_is_defined_once():
    assert figures.held_session_sql("x") == "(x.cancelled = 0 AND x.taken_at IS NOT NULL)"


def test_monthly_report_tables_and_charts(small):
    admin, _group, _children = small
    report = reports.build(admin, "monthly", SEPTEMBER, "fr", today=TODAY)
    key = {row[0]: row[1:] for row in report.tables[0].rows}
    assert key["Enfants actifs"] == (4, 4, 4)  # September, August, September 2025 (entered
    assert key["Séances tenues"] == (1, 0, 0)  # on 15 September 2025)
    assert key["dont filles"][0] == 2 and key["Sorties"][0] == 1
    assert key["Séances tenues"][0] == 1 and key["Séances annulées"][0] == 1
    assert round(key["Taux de présence des groupes d'enfants"][0]) == 67
    kinds = [chart.kind for chart in report.charts]
    assert kinds == ["bar", "line", "stacked"]
    stacked = report.charts[2]
    assert stacked.series[0][1][0] == 1  # one girl under 6


def test_monthly_pdf_holds_the_figures_and_a_chart_in_french_and_arabic(small, tmp_path):
    admin, _group, _children = small
    reports.save_highlights(admin, "monthly", SEPTEMBER, "Visite du délégué le 18.")
    for language, words in (("fr", ["Rapport mensuel d'activité", "septembre 2026",
                                     "Visite du délégué", "67 %"]),
                            ("ar", ["67%", "2026"])):
        report = reports.build(admin, "monthly", SEPTEMBER, language, today=TODAY)
        path = reports.write(admin, report, tmp_path / f"mensuel-{language}.pdf")
        reader = PdfReader(path)
        text = "".join(page.extract_text() for page in reader.pages)
        for word in words:
            assert word in text, (language, word)
        # The charts are vector drawings: filled rectangles of the bars' colour.
        content = reader.pages[0].get_contents().get_data().decode("latin-1")
        assert ".184314 .435294 .560784 rg" in content  # #2f6f8f
    arabic = reports.build(admin, "monthly", SEPTEMBER, "ar", today=TODAY)
    assert arabic.title == "التقرير الشهري للأنشطة"
    assert arabic.tables[0].rows[0][0] == "الأطفال النشيطون"


def test_workbook_reopens_with_the_expected_cells(small, tmp_path):
    from openpyxl import load_workbook

    admin, _group, _children = small
    for language in ("fr", "ar"):
        report = reports.build(admin, "monthly", SEPTEMBER, language, today=TODAY)
        path = reports.write(admin, report, tmp_path / f"m-{language}.xlsx")
        book = load_workbook(path)
        sheet = book[book.sheetnames[1]]
        assert sheet.freeze_panes == "A2"
        assert sheet.sheet_view.rightToLeft == (language == "ar")
        assert sheet["B2"].value == 4
    book = load_workbook(tmp_path / "m-fr.xlsx")
    assert book.sheetnames[0] == "Faits marquants"
    key = book["Chiffres clés"]
    rates = [row for row in key.iter_rows(values_only=True)
             if row[0] == "Taux de présence des groupes d'enfants"]
    assert rates[0][1] == pytest.approx(0.667)
    rate_cell = next(cell for cell in key["B"] if cell.value == rates[0][1])
    assert rate_cell.number_format == "0%"


def test_csv_follows_the_house_conventions(small, tmp_path):
    admin, _group, _children = small
    report = reports.build(admin, "monthly", SEPTEMBER, "fr", today=TODAY)
    raw = reports.write(admin, report, tmp_path / "m.csv").read_bytes()
    assert raw.startswith("\ufeff".encode()) and b"\r\n" in raw
    rows = list(csv.reader(raw.decode("utf-8-sig").split("\r\n"), delimiter=";"))
    hours = next(row for row in rows if row and row[0] == "Heures dispensées")
    assert hours[1] == "2,0"
    rate = next(row for row in rows if row and row[0].startswith("Taux de présence des gr"))
    assert rate[1] == "66,7 %"


def test_annual_report_month_by_month(small, tmp_path):
    admin, _group, _children = small
    year = reports.parse_period("2026-2027")
    report = reports.build(admin, "annual", year, "fr", today=TODAY)
    by_month = report.tables[0]
    assert len(by_month.columns) == 14 and by_month.columns[1:3] == ("sept.", "oct.")
    assert by_month.columns[-1] == "Toute la période"
    held = next(row for row in by_month.rows if row[0] == "Séances tenues")
    assert held[1] == 1  # sessions held in September
    path = reports.write(admin, report, tmp_path / "annuel.pdf")
    assert "Rapport annuel d'activité" in PdfReader(path).pages[0].extract_text()


def test_periods_are_read_and_bad_ones_refused():
    assert reports.parse_period("2026-Q4") == figures.Period(dt.date(2026, 10, 1),
                                                             dt.date(2026, 12, 31))
    assert reports.parse_period("2025-2026").start == dt.date(2025, 9, 1)
    with pytest.raises(ValidationError):
        reports.parse_period("2026-13")


def test_indicators_with_outreach_headcounts_and_targets(small):
    admin, group, _children = small
    project = projects.save_project(admin, projects.ProjectData(
        "Tous à l'école", "Fondation X", dt.date(2026, 1, 1), dt.date(2026, 12, 31), [group],
        [projects.IndicatorData("Enfants au soutien", "أطفال الدعم", "children_in_activities",
                                "sex", 4),
         projects.IndicatorData("Enfants sensibilisés", "", "outreach_children",
                                "sex_age_band", 200),
         projects.IndicatorData("Parents sensibilisés", "", "outreach_parents", "", 100)]))
    projects.record_outreach(admin, projects.OutreachData(
        dt.date(2026, 9, 25), "school", "Droits de l'enfant", "École Ibn Sina", project,
        {("children", "f", "6-11"): 70, ("children", "m", "6-11"): 67,
         ("parents", "f", "18+"): 84}))
    report = reports.build(admin, "indicators", SEPTEMBER, "fr", today=TODAY)
    [table] = report.tables
    assert table.title == "Tous à l'école — Fondation X"
    school, children, parents = table.rows
    assert school[2] == 2 and round(school[4]) == 50 and school[5:7] == (1, 1)
    assert children[2] == 137 and children[5:7] == (70, 67) and children[8] == 137
    assert parents[2] == 84 and round(parents[4]) == 84
    with pytest.raises(ValidationError):
        projects.save_project(admin, projects.ProjectData(
            "X", "", dt.date(2026, 1, 1), None, [],
            [projects.IndicatorData("Taux", "", "attendance_rate", "sex", 80)]))


def test_emergency_list_follows_the_roles(small, make_user):
    admin, group, _children = small
    full = reports.build(admin, "list-group", SEPTEMBER, "fr", group, today=TODAY).tables[0]
    assert len(full.columns) == 6 and full.columns[-1] == "Notes de santé (confidentiel)"
    salma = next(row for row in full.rows if row[1].startswith("Salma"))
    assert "0661000001" in salma[4]
    secretary = make_user("secretaire", Role.SECRETARY)
    table = reports.build(secretary, "list-group", SEPTEMBER, "fr", group,
                          today=TODAY).tables[0]
    assert len(table.columns) == 5 and "Notes de santé (confidentiel)" not in table.columns
    educator = make_user("educ", Role.EDUCATOR)
    with pytest.raises(PermissionDenied):  # not one of the educator's groups
        reports.build(educator, "list-group", SEPTEMBER, "fr", group, today=TODAY)
    activities.update_activity(admin, group, ActivityData(
        kind="tutoring", name="Soutien CE4", start_date=dt.date(2026, 9, 1),
        slots=[Slot(0, "09:00", "11:00")], educator_ids=[educator.user_id]))
    table = reports.build(educator, "list-group", SEPTEMBER, "fr", group,
                          today=TODAY).tables[0]
    assert len(table.columns) == 4  # no guardians, no health notes
    assert all("0661000001" not in str(cell) for row in table.rows for cell in row)


def test_working_lists(small):
    admin, _group, _children = small
    october = month_period(2026, 10)
    birthdays = reports.build(admin, "list-birthdays", october, "fr", today=TODAY).tables[0]
    assert [row[0] for row in birthdays.rows] == ["15/10"] and birthdays.rows[0][3] == 6
    absences = reports.build(admin, "list-absences", SEPTEMBER, "fr",
                             today=dt.date(2026, 9, 16)).tables[0]
    assert sorted(row[5] for row in absences.rows) == ["Absent", "Excusé"]
    school = reports.build(admin, "list-school", SEPTEMBER, "fr", today=TODAY).tables[0]
    assert {row[0].split()[0] for row in school.rows} == {"Omar", "Nour"}
    documents = reports.build(admin, "list-documents", SEPTEMBER, "fr", today=TODAY).tables[0]
    assert documents.rows and documents.rows[0][2] == 8  # nothing received yet


def test_report_command_writes_pdf_xlsx_and_csv(small, folder, tmp_path, monkeypatch):
    from centre_desk.cli import main
    from tests.conftest import ADMIN_PASSWORD

    monkeypatch.setenv("CENTRE_DESK_PASSWORD", ADMIN_PASSWORD)

    for file_format in ("pdf", "xlsx", "csv"):
        out = tmp_path / f"r.{file_format}"
        assert main(["report", "monthly", "--home", str(folder.root), "--period", "2026-09",
                     "--lang", "ar", "--user", "admin", "--out", str(out)]) == 0
        assert out.stat().st_size > 0
    assert main(["report", "monthly", "--home", str(folder.root), "--period", "2026",
                 "--user", "admin", "--out", str(tmp_path / "x.pdf")]) == 2
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_decimal_hours_follow_the_language_on_paper_and_stay_numbers_in_excel(
        small, tmp_path, language):
    from openpyxl import load_workbook

    from centre_desk.core.reports.model import cell_text

    admin, _group, children = small
    music = activities.create_activity(admin, ActivityData(
        kind="workshop", name="Chorale", start_date=dt.date(2026, 9, 1),
        slots=[Slot(1, "09:00", "10:30")]))  # Tuesdays, an hour and a half
    activities.enrol(admin, music, child_id=children["salma"], start_date=dt.date(2026, 9, 1))
    [held] = sessions.sessions_between(admin, dt.date(2026, 9, 15), dt.date(2026, 9, 15))
    attendance.set_mark(admin, held.id, ("c", children["salma"]), "P")
    report = reports.build(admin, "monthly", SEPTEMBER, language, today=TODAY)
    hours = report.tables[0].rows[[row[0] for row in report.tables[0].rows].index(
        reports.model.translator(language)("Hours delivered"))][1]
    assert hours == 3.5 and cell_text(hours, language) == "3,5"
    assert cell_text(2.0, language) == "2" and cell_text(1234.5, language).endswith("234,5")
    text = "".join(page.extract_text() for page in PdfReader(reports.write(
        admin, report, tmp_path / "m.pdf")).pages)
    assert "3,5" in text and "3.5" not in text
    book = load_workbook(reports.write(admin, report, tmp_path / "m.xlsx"))
    cells = [row for row in book[book.sheetnames[1]].iter_rows(values_only=True)
             if row[0] == reports.model.translator(language)("Hours delivered")]
    assert cells[0][1] == 3.5  # a real number in the workbook
