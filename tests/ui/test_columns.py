"""How every table sizes its columns: what identifies a row is never cut and takes the spare
room, short values get just their width, free text gives way first and a cut cell shows its
whole text as a tooltip — in both directions."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.widgets.columns import is_cut


@dataclass(frozen=True)
class Row:
    number: str
    activity: str
    room: str
    note: str


ROWS = [Row("DEM-ATT-2026-00001", "Soutien scolaire — matin (CP–CE3) — groupe 1", "Salle 2",
            "Arrive souvent en retard le lundi, sa mère travaille tôt au marché. " * 3),
        Row("DEM-ATT-2026-00002", "الدعم المدرسي — مجموعة المساء", "Salle polyvalente", "")]
COLUMNS = [Column(lambda: "Numéro", lambda r: r.number, identifying=True),
           Column(lambda: "Activité", lambda r: r.activity, identifying=True),
           Column(lambda: "Salle", lambda r: r.room),
           Column(lambda: "Note", lambda r: r.note, free_text=True)]


@pytest.fixture(params=["fr", "ar"])
def table(request, languages, qtbot):
    languages.apply(request.param)
    model = RowsModel(COLUMNS)
    model.set_rows(ROWS)
    view = read_only_table(model)
    model.setParent(view)
    qtbot.addWidget(view)
    view.resize(900, 300)
    view.show()
    qtbot.waitExposed(view)
    assert view.isRightToLeft() == (request.param == "ar")
    return view


def test_identifying_columns_are_whole_and_free_text_gives_way(table):
    for row in range(2):
        for column in (0, 1, 2):
            assert not is_cut(table, row, column)
    assert is_cut(table, 0, 3)  # the long note is what gives way
    total = sum(table.columnWidth(column) for column in range(4))
    assert total <= table.viewport().width()
    assert not table.horizontalScrollBar().isVisible()


def test_spare_room_goes_to_the_identifying_columns(table):
    table.model().set_rows([Row("A-1", "Chorale", "Salle 2", "")])
    room_before = table.columnWidth(2)
    table.resize(1300, 300)
    QApplication.processEvents()
    assert table.columnWidth(2) == room_before  # a short value keeps just its width
    spare = table.viewport().width() - sum(table.columnWidth(c) for c in range(4))
    assert spare <= 4
    assert table.columnWidth(1) > table.fontMetrics().horizontalAdvance("Soutien scolaire — "
                                                                        "matin (CP–CE3)")


def test_a_cut_cell_shows_its_whole_text_as_tooltip_and_a_whole_one_none(table):
    viewport = table.viewport()
    cut = table.visualRect(table.model().index(0, 3)).center()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, cut,
                                                viewport.mapToGlobal(cut)))
    assert QToolTip.isVisible() and QToolTip.text() == ROWS[0].note
    whole = table.visualRect(table.model().index(1, 1)).center()
    QApplication.sendEvent(viewport, QHelpEvent(QEvent.Type.ToolTip, whole,
                                                viewport.mapToGlobal(whole)))
    assert not QToolTip.isVisible() or QToolTip.text() != ROWS[1].activity
    QToolTip.hideText()


def children_with_one_long_name(flow, centre, language, others):
    """The children page listing ``others`` short names and then a very long one; the page
    and the index of its name column."""
    from tests.child_helpers import register

    flow.languages.apply(language)
    flow.opened = centre[0]
    window = flow.show_main(centre[1])
    admin = window.session.actor
    for number in range(others):
        register(admin, first=f"Enfant{number:02d}", last="Alami")
    register(admin, first="Zineb Fatima Zahra Oum Keltoum Lalla Khadija",
             last="Zerhouni El Idrissi El Alaoui El Hassani El Fassi")
    page = window.show_page("children")
    QApplication.processEvents()
    return page, page.model.columns.index(
        next(c for c in page.model.columns if c[0] == "name"))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_children_list_widens_a_name_column_for_rows_scrolled_into_view(qtbot, flow, centre,
                                                                            language):
    page, name = children_with_one_long_name(flow, centre, language, others=60)
    last = page.model.rowCount() - 1
    assert is_cut(page.table, last, name)  # not in view yet: not measured
    page.table.scrollToBottom()
    qtbot.waitUntil(lambda: not is_cut(page.table, last, name), timeout=2000)
    width = page.table.columnWidth(name)
    page.table.scrollToTop()
    QApplication.processEvents()
    qtbot.wait(200)
    assert page.table.columnWidth(name) == width  # grown, and staying so while scrolling


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_searching_the_children_list_widens_a_name_column_and_never_narrows_it(qtbot, flow,
                                                                               centre, language):
    page, name = children_with_one_long_name(flow, centre, language, others=40)
    narrow = page.table.columnWidth(name)
    qtbot.keyClicks(page.search, "Zineb")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=2000)
    assert not is_cut(page.table, 0, name)
    long_name = page.table.sizeHintForIndex(page.model.index(0, name)).width()
    assert page.table.columnWidth(name) > narrow
    page.search.clear()
    qtbot.keyClicks(page.search, "Enfant0")
    qtbot.waitUntil(lambda: page.model.rowCount() == 10, timeout=2000)
    # The column keeps the room of the long name (it may still take more of the spare room
    # when a scroll bar comes or goes): it does not jump back at each keystroke.
    assert page.table.columnWidth(name) >= long_name > narrow
    assert not any(is_cut(page.table, row, name) for row in range(10))
