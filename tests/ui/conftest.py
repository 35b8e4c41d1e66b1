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


def wizard_at_the_administrator(flow, qtbot, language: str, name: str, city: str):
    """The set-up wizard from the welcome screen in ``language``, its centre page filled with
    ``name`` and ``city`` and left: the wizard, on the first administrator's page."""
    from PySide6.QtWidgets import QWizard

    flow.languages.apply(language)
    flow.start()
    qtbot.mouseClick(flow.window.create_button, Qt.MouseButton.LeftButton)
    wizard = flow.window.findChild(QWizard)
    qtbot.keyClicks(wizard.centre_page.name, name)
    qtbot.keyClicks(wizard.centre_page.city, city)
    wizard.next()
    return wizard


def restore_from_the_damaged_box(qtbot, flow, box, folder) -> None:
    """Click "Restore the latest verified backup" in the damaged database's box: the login
    comes back on the restored centre, the damaged file kept aside, never deleted."""
    from PySide6.QtWidgets import QMessageBox

    from centre_desk.ui.dialogs.login import LoginDialog

    restore_button = [b for b in box.buttons()
                      if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole][0]
    qtbot.mouseClick(restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(flow.window, LoginDialog))
    assert list(folder.backups.glob("damaged-*/centre.db"))


@pytest.fixture
def window_in(flow, centre):
    """The main window in a language, for the centre's administrator or ``actor``."""
    def show(language: str, actor=None):
        flow.languages.apply(language)
        flow.opened = centre[0]
        return flow.show_main(actor or centre[1])
    return show
