"""The Reports page as the roles other than the coordinator's use it (found by an acceptance
audit): an educator prints the emergency list of their own groups from the window."""
from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from centre_desk.core.security import Role
from centre_desk.core.services import activities, users
from centre_desk.core.services.activities import ActivityData, Slot
from tests.core.test_reports import small  # noqa: F401 (the fixture centre)


def _reports_page(flow, centre, languages, language, actor, kind="", month=None):
    """The whole program at 1366x728 in ``language``, on the Reports page; the report ``kind``
    and, for a monthly one, the month beginning on ``month``."""
    languages.apply(language)
    flow.opened = centre[0]
    window = flow.show_main(actor)
    window.resize(1366, 728)
    page = window.show_page("reports")
    if kind:
        page.kind.setCurrentIndex(page.kind.findData(kind))
    if month is not None:
        page.period.setCurrentIndex(next(i for i in range(page.period.count())
                                         if page.period.itemData(i).start == month))
    return window, page


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_an_educator_prints_the_emergency_list_of_their_group(
        qtbot, flow, small, centre, make_user, languages, language, tmp_path):  # noqa: F811
    admin, group, _children = small
    educator = make_user("educ", Role.EDUCATOR)
    activities.update_activity(admin, group, ActivityData(
        kind="tutoring", name="Soutien CE4", start_date=dt.date(2026, 9, 1),
        slots=[Slot(0, "09:00", "11:00")], educator_ids=[educator.user_id]))
    other = activities.create_activity(admin, ActivityData(
        kind="workshop", name="Théâtre", start_date=dt.date(2026, 9, 1)))
    languages.apply(language)
    flow.opened = centre[0]
    window = flow.show_main(users.authenticate("educ", "Tamra-2026-test"))
    window.resize(1366, 728)
    assert "reports" in window.pages
    page = window.show_page("reports")
    kinds = [page.kind.itemData(i) for i in range(page.kind.count())]
    assert kinds == ["list-group", "list-birthdays"]  # no centre figures, no family lists
    groups = [page.group.itemData(i) for i in range(page.group.count())]
    assert groups == [group] and other not in groups
    assert page.report is not None and page.message.text() == ""
    table = page.report.tables[0]
    assert len(table.columns) == 4  # no guardians, no health notes
    assert page.models[0].rowCount() == 4
    view = page.tabs.widget(0)
    phone = view.horizontalHeader()
    assert view.columnWidth(0) < 80  # the row's number does not take the spare width
    assert phone.sectionViewportPosition(3) >= 0
    assert phone.sectionViewportPosition(3) + view.columnWidth(3) <= view.viewport().width()
    window.grab().save(str(tmp_path / f"educator-{language}.png"))
    written = []
    page.export(tmp_path / "urgence.pdf", written.append)
    qtbot.waitUntil(lambda: bool(written), timeout=10000)
    assert "Omar" in PdfReader(written[0]).pages[0].extract_text()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_indicators_without_a_project_say_so_on_screen(
        qtbot, flow, small, centre, languages, language, tmp_path):  # noqa: F811
    from PySide6.QtWidgets import QLabel

    window, page = _reports_page(flow, centre, languages, language, small[0], "indicators")
    hint = page.tabs.widget(0)
    assert isinstance(hint, QLabel)
    assert {"fr": "Aucun projet financé", "ar": "لا يوجد أي مشروع"}[language] in hint.text()
    assert hint.wordWrap() or hint.sizeHint().width() <= page.tabs.width()
    window.grab().save(str(tmp_path / f"no-project-{language}.png"))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_period_is_never_cut_when_the_report_changes(
        qtbot, flow, small, centre, languages, language):  # noqa: F811
    """The period box was sized for the months of the first report: in Arabic, a school year
    ("2026–2027") was then cut."""
    from PySide6.QtWidgets import QComboBox

    _window, page = _reports_page(flow, centre, languages, language, small[0])
    for kind in ("monthly", "annual", "list-absences", "indicators"):
        page.kind.setCurrentIndex(page.kind.findData(kind))
        qtbot.wait(1)
        probe = QComboBox()
        probe.addItems([page.period.itemText(i) for i in range(page.period.count())])
        probe.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        probe.setFont(page.period.font())
        assert page.period.width() >= probe.sizeHint().width(), kind


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_shown_table_says_what_it_counts(qtbot, flow, small, centre, languages, language,
                                             tmp_path):  # noqa: F811
    """The tables' notes (how the attendance rate is counted, at what day ages are taken) were
    printed but never shown on screen."""
    window, page = _reports_page(flow, centre, languages, language, small[0], "monthly",
                                 dt.date(2026, 9, 1))
    titles = [table.title for table in page.report.tables]
    activities_tab = titles.index({"fr": "Activités", "ar": "الأنشطة"}[language])
    page.tabs.setCurrentIndex(activities_tab)
    assert page.table_note.isVisibleTo(page)
    assert page.table_note.text() == page.report.tables[activities_tab].note != ""
    qtbot.wait(1)
    shown = page.table_note.mapTo(window, page.table_note.rect().bottomRight())
    assert shown.y() <= window.height()  # in view, not below the table
    window.grab().save(str(tmp_path / f"note-{language}.png"))
    page.kind.setCurrentIndex(page.kind.findData("list-birthdays"))
    assert not page.table_note.isVisibleTo(page)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_wrong_headcount_is_deleted_and_a_project_only_after_a_question(
        qtbot, flow, small, centre, languages, language, tmp_path):  # noqa: F811
    """Awareness sessions could be recorded, never corrected; a project and its indicators went
    with one click on Delete."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    from centre_desk.core.services import projects
    from centre_desk.ui.models.table import select_row

    admin = small[0]
    projects.save_project(admin, projects.ProjectData(
        "Projet A", "Bailleur", dt.date(2026, 1, 1), None, [],
        [projects.IndicatorData("Parents", "", "outreach_parents", "", 100)]))
    projects.record_outreach(admin, projects.OutreachData(
        dt.date(2026, 9, 20), "parents", "Réunion", counts={("parents", "f", "18+"): 700}))
    languages.apply(language)
    flow.opened = centre[0]
    window = flow.show_main(admin)
    page = window.show_page("reports")
    dialog = page.edit_projects()
    assert dialog.sessions.rowCount() == 1
    dialog.grab().save(str(tmp_path / f"projects-{language}.png"))
    assert dialog.height() <= 728
    select_row(dialog.table, 0)
    box = dialog.delete()
    assert isinstance(box, QMessageBox) and "Projet A" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)
    assert len(projects.list_projects(admin)) == 1  # kept: the question was answered no
    select_row(dialog.sessions_table, 0)
    box = dialog.delete_session()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert dialog.sessions.rowCount() == 0 and projects.list_outreach(admin) == []


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_month_without_data_says_so_in_its_charts(qtbot, flow, small, centre, languages,
                                                    language, tmp_path):  # noqa: F811
    window, page = _reports_page(flow, centre, languages, language, small[0], "monthly",
                                 dt.date(2026, 1, 1))
    words = {"fr": "Aucune présence", "ar": "لم يسجل أي حضور"}[language]
    assert words in page.charts[0].chart.empty
    window.grab().save(str(tmp_path / f"empty-month-{language}.png"))
