"""Every page and dialog on a 1366×768 laptop (1366×728 left by the taskbar), in French and in
Arabic, with the demonstration centre's data: each window opens within that room, and no
identifying text — names, serials, activities, timetables, reasons, dates, headers, tabs,
buttons, labels — is cut (measured with the font metrics Qt paints with)."""
from __future__ import annotations

import keyring
import pytest
from keyring.backends import fail
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QListView,
    QTabBar,
    QTableView,
    QWidget,
)

from centre_desk.core import db
from centre_desk.core.paths import DataFolder
from centre_desk.ui import gallery
from centre_desk.ui.widgets.columns import ColumnFitter, is_cut
from centre_desk.ui.widgets.sizing import CLIENT

LANGUAGES = ["fr", "ar"]
ROWS_CHECKED = 60


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory) -> DataFolder:
    """One demonstration centre for the module (its key in a key file, so any keyring opens
    it), with a few certificates issued as a centre would."""
    from centre_desk.core.demo import build_demo

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        folder = DataFolder(tmp_path_factory.mktemp("laptop") / "home").demo
        build_demo(folder.ensure())
    finally:
        keyring.set_keyring(previous)
    return folder


@pytest.fixture
def demo_window(demo_folder, languages, qtbot):
    from centre_desk.core.demo import DEMO_ADMIN, DEMO_PASSWORD
    from centre_desk.core.models import Certificate
    from centre_desk.core.services import users
    from tests.ui.conftest import close_all_windows

    opened = db.open_database(demo_folder)
    window = None
    try:
        actor = users.authenticate(DEMO_ADMIN, DEMO_PASSWORD)

        def build(language: str):
            nonlocal window
            languages.apply(language)
            window = gallery.build_window(opened, actor)
            if not Certificate.select().exists():
                gallery.issue_demo_certificates(window)
            return window
        yield build
    finally:
        close_all_windows()
        opened.close()


def cut_texts(root: QWidget) -> list[str]:
    """What the screen shows cut: identifying cells, column headers, tabs, buttons and
    one-line labels narrower than their text."""
    problems = []
    for table in root.findChildren(QTableView):
        if not table.isVisible() or table.findChild(ColumnFitter) is None:
            continue
        model, header = table.model(), table.horizontalHeader()
        for column in range(model.columnCount()):
            if table.isColumnHidden(column):
                continue
            if header.sectionSizeFromContents(column).width() > header.sectionSize(column):
                problems.append(f"header {model.headerData(column, header.orientation())!r}")
        for column in table.property("identifying_columns") or []:
            for row in range(min(model.rowCount(), ROWS_CHECKED)):
                if is_cut(table, row, column):
                    problems.append(f"cell {model.index(row, column).data()!r}")
    for view in root.findChildren(QListView):  # lists of children or households to choose from
        if view.isVisible() and view.objectName() != "Navigation":
            room = view.viewport().width()
            for row in range(min(view.model().rowCount(), ROWS_CHECKED)):
                index = view.model().index(row, 0)
                if view.sizeHintForIndex(index).width() > room:
                    problems.append(f"item {index.data()!r}")
    for bar in root.findChildren(QTabBar):
        if bar.isVisible():
            for tab in range(bar.count()):
                if bar.tabRect(tab).width() < bar.tabSizeHint(tab).width() or \
                        not bar.rect().contains(bar.tabRect(tab)):
                    problems.append(f"tab {bar.tabText(tab)!r}")
    for button in root.findChildren(QAbstractButton):
        if button.isVisible() and button.text() and \
                button.width() < button.minimumSizeHint().width():
            problems.append(f"button {button.text()!r}")
    for label in root.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap() and \
                label.width() < label.fontMetrics().horizontalAdvance(label.text()):
            problems.append(f"label {label.text()!r}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_fits_a_laptop_and_cuts_no_identifying_text(qtbot, demo_window,
                                                                  language):
    window = demo_window(language)
    assert window.size().width() <= CLIENT.width() and window.size().height() <= CLIENT.height()
    failures = {}
    for screen in gallery.SCREENS:
        widget = gallery.open_screen(window, screen)
        assert widget.isRightToLeft() == (language == "ar"), screen.name
        top = widget.window()
        problems = []
        if top.width() > CLIENT.width() or top.height() > CLIENT.height():
            problems.append(f"opens at {top.width()}×{top.height()}")
        hint = top.minimumSizeHint()
        if hint.width() > CLIENT.width() or hint.height() > CLIENT.height():
            problems.append(f"cannot be smaller than {hint.width()}×{hint.height()}")
        if top.width() < hint.width() or top.height() < hint.height():
            problems.append(f"squeezed to {top.width()}×{top.height()} under {hint.width()}×"
                            f"{hint.height()}")
        problems += cut_texts(top)
        if problems:
            failures[screen.name] = problems
        gallery.close_dialogs(window)
    assert not failures, failures
    assert len(QApplication.topLevelWidgets()) >= 1


@pytest.mark.parametrize("language", LANGUAGES)
def test_reports_show_twelve_months_and_the_year_without_scrolling(qtbot, demo_window,
                                                                    language):
    from PySide6.QtWidgets import QTableView

    window = demo_window(language)
    page = window.show_page("reports")
    page.kind.setCurrentIndex(page.kind.findData("annual"))
    QApplication.processEvents()
    table = page.tabs.widget(0)
    assert isinstance(table, QTableView)
    assert table.model().columnCount() == 14  # the figure, twelve months, the whole year
    assert not table.horizontalScrollBar().isVisible()
    last = table.model().columnCount() - 1
    assert table.horizontalHeader().sectionViewportPosition(0) >= 0
    assert table.horizontalHeader().sectionViewportPosition(last) + table.columnWidth(last) \
        <= table.viewport().width()
    assert cut_texts(page) == []
