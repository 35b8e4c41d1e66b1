"""UI fixtures: the real application flow on a temporary data folder."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from centre_desk.ui.flow import AppFlow
from centre_desk.ui.language import LanguageSwitcher
from centre_desk.ui.theme import apply_theme


@pytest.fixture
def languages(qapp):
    apply_theme(qapp)
    switcher = LanguageSwitcher(qapp)
    switcher.apply("fr")
    yield switcher
    switcher.apply("fr")
    qapp.setLayoutDirection(Qt.LayoutDirection.LeftToRight)


@pytest.fixture
def flow(folder, languages, qtbot, monkeypatch):
    """The program as started by main(), without the event loop it gets from app.exec()."""
    app_flow = AppFlow(folder.ensure(), languages)
    monkeypatch.setattr(app_flow, "quit", lambda: setattr(app_flow, "quitted", True))
    yield app_flow
    app_flow.close_centre()
    close_all_windows()


def close_all_windows() -> None:
    """Delete every window now, in Qt's order, so no test inherits another's widgets."""
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()


def log_in(qtbot, dialog, username: str, password: str) -> None:
    dialog.username.clear()
    qtbot.keyClicks(dialog.username, username)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


@pytest.fixture
def window_in(flow, centre):
    """The main window in a language, for the centre's administrator or ``actor``."""
    def show(language: str, actor=None):
        flow.languages.apply(language)
        flow.opened = centre[0]
        return flow.show_main(actor or centre[1])
    return show
