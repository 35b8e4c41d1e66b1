"""The way through the program: welcome or login, then the main window; logout and language
changes come back here. Holds the open centre; the screens get only what they need."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from centre_desk import APP_NAME
from centre_desk.core import db as database
from centre_desk.core import storage
from centre_desk.core.errors import DatabaseKeyMissing, UserError
from centre_desk.core.i18n import _, fill, format_date, join_list, ltr, warm_up
from centre_desk.core.lock import InstanceLock
from centre_desk.core.paths import DataFolder
from centre_desk.core.services.centre import get_identity, shown_name
from centre_desk.ui.dialogs.login import LoginDialog
from centre_desk.ui.language import LanguageSwitcher
from centre_desk.ui.session import Session

# Imported where they are used: the demo, the backups, the wizard and the screens behind the
# login window are not needed to show it, which comes up faster without them.
if TYPE_CHECKING:
    from centre_desk.core.security import Actor
    from centre_desk.core.services import users
    from centre_desk.core.services.centre import CentreIdentity
    from centre_desk.ui.dialogs.setup_wizard import SetupWizard
    from centre_desk.ui.main_window import MainWindow
    from centre_desk.ui.welcome import WelcomeWindow

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
        self._damage_offered = False

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
        from centre_desk.ui.welcome import WelcomeWindow

        welcome = WelcomeWindow(self.folder)
        welcome.create_requested.connect(self.create_centre)
        welcome.demo_requested.connect(self.explore_demo)
        welcome.restore_requested.connect(self.restore_backup)
        welcome.language_changed.connect(self._welcome_language)
        return self._show(welcome)

    def _welcome_language(self, language: str) -> None:
        self.languages.apply(language)
        self.show_welcome()

    # --- creating a centre ---------------------------------------------------------------------
    def create_centre(self) -> SetupWizard:
        from centre_desk.core import backup_policy
        from centre_desk.ui.dialogs.setup_wizard import SetupWizard

        wizard = SetupWizard(self._setup, parent=self.window, save_sheet=self._save_sheet,
                             later=lambda: backup_policy.mark_recovery_sheet(saved=False))
        wizard.accepted.connect(lambda: self.show_main(self._new_admin))
        # Cancelled on the recovery sheet's step: the centre exists, the home screen reminds.
        wizard.rejected.connect(lambda: self._new_admin and self.show_main(self._new_admin))
        wizard.open()
        return wizard

    def _setup(self, identity: CentreIdentity, admin: users.NewUser) -> None:
        from centre_desk.core.services.centre import setup_centre

        self.opened, self._new_admin = setup_centre(self.folder, identity, admin)
        self.languages.apply(identity.default_language)
        log.info("centre created; administrator is user %s", self._new_admin.user_id)

    def _save_sheet(self, path) -> bool:
        from centre_desk.ui.widgets.backup_status import write_recovery_sheet

        return write_recovery_sheet(self.window, Session(self.opened, self._new_admin), path)

    # --- restoring a backup ------------------------------------------------------------------
    def restore_backup(self):
        """From the welcome screen: no centre here yet (a new computer)."""
        from centre_desk.ui.dialogs.restore_dialog import RestoreDialog

        dialog = RestoreDialog(self.folder, parent=self.window)
        dialog.accepted.connect(lambda: self._restored(dialog.restored_into))
        dialog.open()
        return dialog

    def _restored(self, target: DataFolder) -> None:
        if target.root.resolve() == self.folder.root.resolve():
            self.open_and_login(self.folder)
            return
        QMessageBox.information(self.window, APP_NAME, _(
            "The backup was restored into {folder}. To work with it, start Centre Desk with "
            "that folder: centre-desk --home \"{folder}\".").format(folder=ltr(target.root)))

    def _offer_restore(self, folder: DataFolder, error: storage.DatabaseDamaged) -> None:
        """A damaged database: offer the latest verified backup (the damaged file is kept)."""
        from centre_desk.core import backups, restore

        latest = backups.latest_backup(folder.backups)
        key = restore.find_key(latest.path, folder) if latest else None
        if latest is None or key is None:
            self.show_error(error, fatal=True)
            return
        box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, error.message,
                          QMessageBox.StandardButton.NoButton, self.window)
        box.setObjectName("DamagedBox")
        box.setInformativeText(_("The latest verified backup is of {date} {time}.").format(
            date=format_date(latest.created.date()), time=latest.created.strftime("%H:%M")))
        restore_button = box.addButton(_("Restore the latest verified backup"),
                                       QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.finished.connect(lambda _result: self._after_damage(box, restore_button, folder,
                                                                latest, key))
        self.error_box = box
        box.open()

    def damaged_in_use(self, error: storage.DatabaseDamaged) -> bool:
        """A page found damaged in use (opening reads only the first ones): when a verified
        backup can replace the file, the centre is closed and the offer made as at the start.
        False when there is nothing to offer (the sentence is then shown, the rest reads)."""
        from centre_desk.core import backups, restore

        opened = self.opened
        if self._damage_offered:
            return True
        if opened is None:
            return False
        latest = backups.latest_backup(opened.folder.backups)
        if latest is None or restore.find_key(latest.path, opened.folder) is None:
            return False
        self._damage_offered = True
        log.warning("the database was found damaged in use: restore offered")
        QTimer.singleShot(0, lambda: self._close_damaged(opened))
        return True

    def _close_damaged(self, opened: database.OpenCentre) -> None:
        QThreadPool.globalInstance().waitForDone(30_000)  # a daily backup still reading it
        opened.close()  # and no closing backup of a damaged file
        if self.opened is opened:
            self.opened = None
        self._offer_restore(opened.folder, storage.damaged_error(opened.folder.db))

    def _after_damage(self, box, restore_button, folder, latest, key) -> None:
        from centre_desk.core import restore

        self._damage_offered = False
        if box.clickedButton() is not restore_button:
            self.quit()
            return
        try:
            restore.restore(restore.preview(latest.path, key), folder)
        except UserError as error:
            self.show_error(error, fatal=True)
            return
        self.open_and_login(folder)

    # --- the demonstration centre ------------------------------------------------------------
    def explore_demo(self) -> None:
        from centre_desk.ui.worker import run_in_background

        demo = self.folder.demo
        try:
            self.demo_lock = InstanceLock(demo.ensure().lock).acquire()
        except UserError as error:
            self.show_error(error)
            return
        if demo.has_centre():
            self.open_and_login(demo)
            return
        from centre_desk.core.demo import build_demo  # not before the login window: 0.1 s

        self.window.set_busy(_("Preparing the demonstration centre…"))
        run_in_background(lambda: build_demo(demo), lambda _summary: self.open_and_login(demo),
                          self._demo_failed)

    def _demo_failed(self, error: UserError) -> None:
        self.window.set_busy("")
        self.show_error(error)

    # --- opening and logging in -------------------------------------------------------------
    def open_and_login(self, folder: DataFolder) -> LoginDialog | None:
        from centre_desk.core.services import users  # loaded with the centre's identity anyway

        try:
            self.opened = database.open_database(folder)
        except storage.DatabaseDamaged as error:
            self._offer_restore(folder, error)
            return None
        except DatabaseKeyMissing as error:  # a reinstalled Windows: the recovery sheet
            self._ask_for_key(folder, error)
            return None
        except UserError as error:
            self.show_error(error, fatal=True)
            return None
        identity = get_identity()
        self.languages.apply(identity.default_language)
        hint = demo_hint() if folder.is_demo else ""
        if self.opened.read_only:  # a full disk or a read-only drive: said before logging in
            hint = "\n\n".join(filter(None, [storage.read_only_notice(folder.root), hint]))
        dialog = LoginDialog(shown_name(), identity.logo_png, users.authenticate, hint)
        dialog.accepted.connect(lambda: self._logged_in(dialog))
        dialog.rejected.connect(self.quit)
        QTimer.singleShot(WARM_UP_AFTER_MS, warm_up)  # dates' data, while a password is typed
        return self._show(dialog)

    def _ask_for_key(self, folder: DataFolder, error: UserError) -> None:
        from centre_desk.ui.dialogs.recovery_key_dialog import RecoveryKeyDialog

        dialog = RecoveryKeyDialog(folder, error.message)
        dialog.accepted.connect(lambda: self.open_and_login(folder))
        dialog.rejected.connect(self.quit)
        self._show(dialog)

    def _logged_in(self, dialog: LoginDialog) -> None:
        from centre_desk.core.services import users
        from centre_desk.ui.dialogs.login import FirstPasswordDialog

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
        from centre_desk.ui.idle_lock import IdleLock
        from centre_desk.ui.main_window import MainWindow

        window = MainWindow(Session(self.opened, actor))
        window.idle_lock = IdleLock(window, window.session)
        window.logout_requested.connect(self.logout)
        window.language_change_requested.connect(lambda _language: self._rebuild(window))
        window.show_page(page)
        shown = self._show(window)
        self._daily_backup()
        return shown

    def _daily_backup(self) -> None:
        """Off the UI thread: check the copy made on closing, and once a day a backup."""
        from centre_desk.core import backup_policy
        from centre_desk.ui.worker import run_in_background

        opened = self.opened
        if opened is None or opened.folder.is_demo:
            return

        def work():
            try:
                return backup_policy.at_start(opened)
            finally:
                opened.db.close()  # this thread's own connection

        run_in_background(work, lambda _made: None, self._daily_backup_failed)

    def _daily_backup_failed(self, error: BaseException) -> None:
        log.warning("daily backup failed: %s", type(error).__name__)
        if isinstance(error, storage.DatabaseDamaged):  # it read a damaged page
            self.damaged_in_use(error)

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
        """Back up when something changed, close the database and free the demo's lock; safe
        to call more than once."""
        QThreadPool.globalInstance().waitForDone(30_000)  # a daily backup still running
        if self.opened is not None:
            from centre_desk.core import backup_policy

            backup_policy.backup_on_closing(self.opened)
            self.opened.close()
        if self.demo_lock is not None:
            self.demo_lock.release()

    def quit(self) -> None:
        self.close_centre()
        QApplication.instance().quit()


def demo_hint() -> str:
    """The demonstration centre's accounts, under the login fields."""
    from centre_desk.core.demo import DEMO_ADMIN, DEMO_PASSWORD, STAFF

    return fill(_("Demonstration centre: log in as {user} with the password {password} "
                  "(other accounts, same password: {others})."),
                user=DEMO_ADMIN, password=DEMO_PASSWORD,
                others=join_list(name for name, _role, _sex in STAFF))
