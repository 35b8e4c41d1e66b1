"""The way through the program: welcome or login, then the main window; logout and language
changes come back here. Holds the open centre; the screens get only what they need."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from centre_desk import APP_NAME
from centre_desk.core import db as database
from centre_desk.core.demo import DEMO_ADMIN, DEMO_PASSWORD, STAFF, build_demo
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill, join_list, warm_up
from centre_desk.core.lock import InstanceLock
from centre_desk.core.paths import DataFolder
from centre_desk.core.security import Actor
from centre_desk.core.services import users
from centre_desk.core.services.centre import CentreIdentity, get_identity, setup_centre
from centre_desk.ui.dialogs.login import FirstPasswordDialog, LoginDialog
from centre_desk.ui.dialogs.setup_wizard import SetupWizard
from centre_desk.ui.idle_lock import IdleLock
from centre_desk.ui.language import LanguageSwitcher
from centre_desk.ui.session import Session
from centre_desk.ui.welcome import WelcomeWindow
from centre_desk.ui.worker import run_in_background

if TYPE_CHECKING:
    from centre_desk.ui.main_window import MainWindow

log = logging.getLogger(__name__)
WARM_UP_AFTER_MS = 500  # after the login window is painted, not before


class AppFlow(QObject):
    """Shows one top-level window at a time; ``window_shown`` tells tests and benchmarks."""

    window_shown = Signal(QWidget)

    def __init__(self, folder: DataFolder, languages: LanguageSwitcher):
        super().__init__()
        self.folder = folder
        self.languages = languages
        self.opened: database.OpenCentre | None = None
        self.demo_lock: InstanceLock | None = None
        self.window: QWidget | None = None
        self.error_box: QMessageBox | None = None
        self._new_admin: Actor | None = None

    # --- the first window ----------------------------------------------------------------------
    def start(self) -> None:
        if self.folder.has_centre():
            self.open_and_login(self.folder)
        else:
            self.show_welcome()

    def _show(self, window: QWidget) -> QWidget:
        previous, self.window = self.window, window
        window.show()
        if previous is not None and previous is not window:
            previous.close()
            previous.deleteLater()
        self.window_shown.emit(window)
        return window

    def show_welcome(self) -> WelcomeWindow:
        welcome = WelcomeWindow(self.folder)
        welcome.create_requested.connect(self.create_centre)
        welcome.demo_requested.connect(self.explore_demo)
        welcome.language_changed.connect(self._welcome_language)
        return self._show(welcome)

    def _welcome_language(self, language: str) -> None:
        self.languages.apply(language)
        self.show_welcome()

    # --- creating a centre ---------------------------------------------------------------------
    def create_centre(self) -> SetupWizard:
        wizard = SetupWizard(self._setup, parent=self.window)
        wizard.accepted.connect(lambda: self.show_main(self._new_admin))
        wizard.open()
        return wizard

    def _setup(self, identity: CentreIdentity, admin: users.NewUser) -> None:
        self.opened, self._new_admin = setup_centre(self.folder, identity, admin)
        self.languages.apply(identity.default_language)
        log.info("centre created; administrator is user %s", self._new_admin.user_id)

    # --- the demonstration centre ------------------------------------------------------------
    def explore_demo(self) -> None:
        demo = self.folder.demo
        try:
            self.demo_lock = InstanceLock(demo.ensure().lock).acquire()
        except UserError as error:
            self.show_error(error)
            return
        if demo.has_centre():
            self.open_and_login(demo)
            return
        self.window.set_busy(_("Preparing the demonstration centre…"))
        run_in_background(lambda: build_demo(demo), lambda _summary: self.open_and_login(demo),
                          self._demo_failed)

    def _demo_failed(self, error: UserError) -> None:
        self.window.set_busy("")
        self.show_error(error)

    # --- opening and logging in -------------------------------------------------------------
    def open_and_login(self, folder: DataFolder) -> LoginDialog | None:
        try:
            self.opened = database.open_database(folder)
        except UserError as error:
            self.show_error(error, fatal=True)
            return None
        identity = get_identity()
        self.languages.apply(identity.default_language)
        hint = demo_hint() if folder.is_demo else ""
        dialog = LoginDialog(identity.name, identity.logo_png, users.authenticate, hint)
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        dialog.rejected.connect(self.quit)
        QTimer.singleShot(WARM_UP_AFTER_MS, warm_up)  # dates' data, while a password is typed
        return self._show(dialog)

    def _logged_in(self, dialog: LoginDialog) -> None:
        actor = dialog.actor
        if not actor.must_change_password:
            self.show_main(actor)
            return
        typed = dialog.password.text()
        first = FirstPasswordDialog(
            actor, lambda new: users.change_own_password(actor, typed, new))
        first.accepted.connect(lambda: self.show_main(first.actor))
        first.rejected.connect(self.logout)
        self._show(first)

    def show_main(self, actor: Actor, page: str = "home") -> "MainWindow":
        if actor.language:
            self.languages.apply(actor.language)
        # Imported here: the screens behind the login window (and reportlab behind them) are
        # not needed to show the login window, which comes up faster without them.
        from centre_desk.ui.main_window import MainWindow

        window = MainWindow(Session(self.opened, actor))
        window.idle_lock = IdleLock(window, window.session)
        window.logout_requested.connect(self.logout)
        window.language_change_requested.connect(lambda _language: self._rebuild(window))
        window.show_page(page)
        return self._show(window)

    def _rebuild(self, window: "MainWindow") -> None:
        """A new language: every widget is built again in it (the data is all in the database).
        Deferred, so the button that asked for it is not deleted while it is being clicked."""
        actor = window.session.actor
        QTimer.singleShot(0, lambda: self.show_main(actor, page="settings"))

    def logout(self) -> None:
        log.info("logout")
        self.opened.close()
        self.open_and_login(self.opened.folder)

    # --- ending ------------------------------------------------------------------------------
    def show_error(self, error: UserError, fatal: bool = False) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, error.message,
                          QMessageBox.StandardButton.Ok, self.window)
        box.setObjectName("UserErrorBox")
        if fatal:
            box.finished.connect(self.quit)
        self.error_box = box  # without a parent window, only this reference keeps it alive
        box.open()

    def close_centre(self) -> None:
        """Close the database and free the demo's lock; safe to call more than once."""
        if self.opened is not None:
            self.opened.close()
        if self.demo_lock is not None:
            self.demo_lock.release()

    def quit(self) -> None:
        self.close_centre()
        QApplication.instance().quit()


def demo_hint() -> str:
    """The demonstration centre's accounts, under the login fields."""
    return fill(_("Demonstration centre: log in as {user} with the password {password} "
                  "(other accounts, same password: {others})."),
                user=DEMO_ADMIN, password=DEMO_PASSWORD,
                others=join_list(name for name, _role, _sex in STAFF))
