"""F1 and the Help menu open the user guide, at the chapter of the screen in view."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from centre_desk.ui import help as help_module


@pytest.fixture
def opened_files(monkeypatch):
    files = []
    monkeypatch.setattr(help_module, "open_document", lambda path: files.append(path))
    return files


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_f1_opens_the_chapter_of_the_screen_and_the_menu_the_whole_guide(
        flow, qtbot, centre, languages, opened_files, language):
    opened, admin = centre
    flow.opened = opened
    languages.apply(language)
    window = flow.show_main(admin)
    qtbot.waitExposed(window)
    window.show_page("certificates")
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F1)
    assert opened_files[-1].name == f"guide-{language}-certificates.pdf"
    assert opened_files[-1].read_bytes().startswith(b"%PDF-")
    menu = window.help_menu
    assert menu.title() == {"fr": "&Aide", "ar": "&مساعدة"}[language]
    whole = menu.actions()[1]
    whole.trigger()
    assert opened_files[-1].name == f"guide-{language}.pdf"
