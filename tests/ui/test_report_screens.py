"""The Reports page through its widgets, in French and Arabic: choosing a report and a period,
figures and charts on screen, highlights kept, a workbook written; the projects editor."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from centre_desk.core.services import projects
from tests.core.test_reports import small  # noqa: F401 (the fixture centre)
from tests.ui.keys import type_text

HIGHLIGHTS = {"fr": "Visite du délégué le 18.", "ar": "زيارة المندوب يوم 18."}


@pytest.fixture
def open_page(flow, small, centre, languages):  # noqa: F811
    """The Reports page of the main window opened in ``language`` (the whole program in it)."""
    from centre_desk.ui.pages.reports import ReportsPage

    def open_in(language: str = "fr") -> ReportsPage:
        languages.apply(language)
        flow.opened = centre[0]
        window = flow.show_main(small[0])
        reports_page = window.show_page("reports")
        assert isinstance(reports_page, ReportsPage)
        reports_page.today = dt.date(2026, 11, 20)
        reports_page._fill_periods()
        return reports_page

    return open_in


@pytest.fixture
def page(open_page):
    return open_page("fr")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_monthly_report_on_screen_and_as_workbook(qtbot, open_page, language, tmp_path):
    from openpyxl import load_workbook

    page = open_page(language)
    assert page.language.currentData() == language  # reports in the program's language
    page.kind.setCurrentIndex(page.kind.findData("monthly"))
    september = next(i for i in range(page.period.count())
                     if page.period.itemData(i).start == dt.date(2026, 9, 1))
    page.period.setCurrentIndex(september)
    assert page.report is not None and page.tabs.count() >= 4
    key = page.models[0]
    assert key.data(key.index(0, 1)) == "4"
    assert [view.chart.kind for view in page.charts] == ["bar", "line", "stacked"]
    page.grab().save(str(tmp_path / f"reports-{language}.png"))
    page.highlights.clear()
    type_text(qtbot, page.highlights, HIGHLIGHTS[language])
    qtbot.mouseClick(page.save_highlights, Qt.MouseButton.LeftButton)
    assert page.report.highlights == HIGHLIGHTS[language]
    assert page.highlights.toPlainText() == HIGHLIGHTS[language]  # shown again after saving
    written = []
    page.export(tmp_path / "m.xlsx", written.append)
    qtbot.waitUntil(lambda: bool(written), timeout=10000)
    assert load_workbook(written[0]).sheetnames[0] in ("Faits marquants", "Highlights",
                                                        "الأحداث البارزة")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_a_project_with_indicators_through_the_editor(qtbot, open_page, language):
    page = open_page(language)
    dialog = page.edit_projects()
    editor = dialog.edit(None)
    type_text(qtbot, editor.name, "Tous à l'école")
    type_text(qtbot, editor.donor, "Fondation Amal — أمل")
    row = editor.add_indicator()
    for column, name in ((0, "Enfants sensibilisés"), (1, "أطفال تمت توعيتهم")):
        editor.indicators.setCurrentCell(row, column)
        editor.indicators.editItem(editor.indicators.item(row, column))
        [cell] = [child for child in editor.indicators.viewport().findChildren(
            QLineEdit, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if child.isVisible()]  # the cell's editor (the previous one is hidden, not yet gone)
        type_text(qtbot, cell, name)
        qtbot.keyClick(cell, Qt.Key.Key_Return)  # the delegate commits on the next loop
        qtbot.waitUntil(lambda: editor.indicators.item(row, column).text() == name)
    measure = editor.indicators.cellWidget(row, 2)
    measure.setCurrentIndex(measure.findData("outreach_children"))
    editor.indicators.cellWidget(row, 4).setValue(200)
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1
    [saved] = projects.list_projects(page.session.actor)
    assert (saved.name, saved.donor, saved.indicators) == ("Tous à l'école",
                                                           "Fondation Amal — أمل", 1)
    indicator = projects.project_data(page.session.actor, saved.id).indicators[0]
    assert (indicator.name_fr, indicator.name_ar) == ("Enfants sensibilisés",
                                                      "أطفال تمت توعيتهم")
    dialog.reject()
    page.kind.setCurrentIndex(page.kind.findData("indicators"))
    assert page.report.tables[0].rows[0][0] == {"fr": "Enfants sensibilisés",
                                                 "ar": "أطفال تمت توعيتهم"}[language]


def test_an_empty_project_name_is_a_message_not_a_traceback(qtbot, page):
    dialog = page.edit_projects()
    editor = dialog.edit(None)
    qtbot.mouseClick(editor.ok_button, Qt.MouseButton.LeftButton)
    assert editor.isVisible() and "nom" in editor.form.error_label("name").text()


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_annual_report_year_is_chosen_in_the_settings(qtbot, open_page, language,
                                                          tmp_path):
    from centre_desk.core import reports

    page = open_page(language)
    window = page.window()
    settings = window.show_page("settings")
    section = settings.report_year
    assert section.kind.currentData() == "school"
    section.kind.setFocus()
    qtbot.keyClick(section.kind, Qt.Key.Key_Down)  # the next choice: the calendar year
    assert section.kind.currentData() == "calendar"
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    assert reports.year_kind() == "calendar" and section.saved.text()
    settings.grab().save(str(tmp_path / f"settings-{language}.png"))
    window.show_page("reports")
    page.kind.setCurrentIndex(page.kind.findData("annual"))
    assert page.period.currentText() == "2026"
    assert page.chosen_period() == reports.parse_period("2026")
    window.show_page("settings")
    qtbot.keyClick(section.kind, Qt.Key.Key_Up)
    qtbot.mouseClick(section.save_button, Qt.MouseButton.LeftButton)
    window.show_page("reports")  # the annual report still chosen: its years follow
    assert page.period.currentText() == "2026–2027"
    assert page.report.period_key == reports.parse_period("2026-2027").key


@pytest.mark.parametrize("direction", [Qt.LayoutDirection.LeftToRight,
                                       Qt.LayoutDirection.RightToLeft])
def test_a_chart_never_cuts_a_group_name_and_names_each_bar_when_pointed_at(qtbot, direction):
    """Fifteen groups do not all fit under a laptop's bars: a label is whole or left out, and
    pointing at any bar (mirrored in Arabic) names its group and its rate."""
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    from centre_desk.core.reports.model import Chart
    from centre_desk.ui.widgets.chart import ChartView, label_width

    names = tuple(f"Rencontre des parents {n}" for n in range(14)) + ("Chorale",)
    rates = tuple(50.0 + n for n in range(15))
    view = ChartView(Chart("groups", "Taux", "bar", names, (("Taux", rates),), percent=True))
    view.setLayoutDirection(direction)
    qtbot.addWidget(view)
    view.resize(330, 220)
    view.grab()  # painted: the bars' places are known
    metrics = QFontMetrics(view.font())
    room = label_width(metrics, names[0], 2)
    assert room < metrics.horizontalAdvance(names[0])  # wrapped on two lines…
    flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap)
    one_line = metrics.boundingRect(QRect(0, 0, 1000, 1000), flags, names[0]).height()
    assert metrics.boundingRect(QRect(0, 0, room, 1000), flags, names[0]).height() <= \
        2 * one_line  # …and whole
    left, slot, _order = view._slots
    first_drawn = view.category_at(left + slot / 2)
    last_drawn = view.category_at(left + slot * 14.5)
    rtl = direction == Qt.LayoutDirection.RightToLeft
    assert (first_drawn, last_drawn) == ((14, 0) if rtl else (0, 14))
    assert view.describe(14).startswith("Chorale — ") and "64" in view.describe(14)
    assert view.category_at(left - 5) is None
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication, QToolTip

    view.show()
    at = QPoint(int(left + slot * 14.5), 100)  # pointing at the last bar drawn
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, at, view.mapToGlobal(at)))
    assert QToolTip.text() == view.describe(0 if rtl else 14)
    QToolTip.hideText()
    hours = ChartView(Chart("hours", "Heures", "bar", ("Chorale",), (("Heures", (28.5,)),)))
    assert hours.describe(0) == "Chorale — 28,5"  # as the reports write numbers
