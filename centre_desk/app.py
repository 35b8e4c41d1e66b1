"""Start-up, in this order: command line or window; logging; crash handler; the instance lock;
then Qt. Heavy modules (reportlab) are imported only where they are used."""
from __future__ import annotations

import argparse
import os
import sys
import time

from centre_desk import APP_ID, APP_NAME

CLI_OPTIONS_WITH_VALUE = {"--home", "--lang"}


def wants_command_line(argv: list[str]) -> bool:
    """A verb, --version or --help means the command line; otherwise the windows."""
    skip = False
    for word in argv:
        if skip:
            skip = False
        elif word in CLI_OPTIONS_WITH_VALUE:
            skip = True
        elif word in ("--version", "-h", "--help") or not word.startswith("-"):
            return True
    return False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--self-test" in argv:  # before any window: checks the installed program's pieces
        _attach_console()
        from centre_desk import selftest

        return selftest.main(argv)
    if wants_command_line(argv):
        _attach_console()
        from centre_desk import cli

        return cli.main(argv)
    return run_gui(argv)


def has_display(environ=os.environ, platform: str | None = None) -> bool:
    """Whether a window can open: always on Windows and macOS; on Linux an X or Wayland
    session, or a Qt platform chosen on purpose (QT_QPA_PLATFORM=offscreen for tests)."""
    if not (platform or sys.platform).startswith("linux"):
        return True
    return any(environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def _attach_console() -> None:
    """The frozen Windows program has no console of its own: print in the one it was started
    from (cmd, PowerShell), so the command line and --self-test show their output there."""
    if sys.platform != "win32" or sys.stdout is not None:
        return
    import ctypes

    if ctypes.windll.kernel32.AttachConsole(-1):  # ATTACH_PARENT_PROCESS
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        sys.stderr = sys.stdout


def _gui_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="centre-desk", add_help=False)
    parser.add_argument("--home")
    parser.add_argument("--lang")
    args, _unknown = parser.parse_known_args(argv)  # Qt's own options (-style …) pass through
    return args


def run_gui(argv: list[str]) -> int:
    from centre_desk.core import storage
    from centre_desk.core.errors import UserError
    from centre_desk.core.i18n import DEFAULT_LANGUAGE, LANGUAGES, set_language
    from centre_desk.core.lock import InstanceLock
    from centre_desk.core.paths import DataFolder, resolve_home

    args = _gui_arguments(argv)
    language = args.lang if args.lang in LANGUAGES else DEFAULT_LANGUAGE
    set_language(language)
    if not has_display():  # else Qt says "xcb-cursor0 is needed", which misleads
        from centre_desk.core.i18n import _

        print(_("{app}: no display here, so no window can open. Run it on a desktop, or use "
                "the command line (--help).").format(app=APP_NAME), file=sys.stderr)
        return 2
    folder = DataFolder(resolve_home(args.home))
    try:  # a read-only folder, a file given as --home: a sentence, not a traceback
        if folder.root.exists() and not folder.root.is_dir():
            raise storage.not_a_folder_fault(folder.root)
        folder.ensure()
        _log_if_writable(folder, language)
    except (OSError, UserError) as exc:
        return _refuse(storage.as_user_error(exc, folder), argv)

    from PySide6.QtWidgets import QApplication

    from centre_desk.ui.crash import CrashHandler

    crash_handler = CrashHandler(folder.logs).install()
    try:
        lock = InstanceLock(folder.lock).acquire()
    except (OSError, UserError) as exc:
        return _refuse(storage.as_user_error(exc, folder), argv)

    from centre_desk.ui.flow import AppFlow
    from centre_desk.ui.language import LanguageSwitcher
    from centre_desk.ui.theme import apply_theme

    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(APP_ID)
    if sys.platform == "win32":  # the taskbar groups and shows our icon, not Python's
        import ctypes
        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(f"{APP_ID}.{APP_NAME}")
    app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    apply_theme(app)
    languages = LanguageSwitcher(app)
    languages.apply(language)
    _warn_about_folder(folder.root)
    flow = AppFlow(folder, languages)
    crash_handler.on_damaged = flow.damaged_in_use  # a page found damaged in use
    app.aboutToQuit.connect(flow.close_centre)  # also when the last window is closed
    if os.environ.get("CENTRE_DESK_EXIT_AFTER_PAINT"):
        _exit_after_first_paint(flow)
    flow.start()
    try:
        return app.exec()
    finally:
        lock.release()


def _log_if_writable(folder, language: str) -> None:
    """The log file; a centre on a read-only drive opens for reading without one (the login
    says why nothing can be saved). A folder without a centre must be writable."""
    from centre_desk.core import storage
    from centre_desk.core.logs import log_startup, setup_logging

    try:
        setup_logging(folder.logs)
    except OSError as exc:
        if exc.errno not in storage.READ_ONLY_ERRNOS or not folder.has_centre():
            raise
        import logging

        logging.getLogger().addHandler(logging.NullHandler())  # not on a console instead
        return
    log_startup(folder.root, language)


def _warn_about_folder(root) -> None:
    """A data folder inside OneDrive or on a too long path: said once, before the centre opens."""
    import logging

    from PySide6.QtWidgets import QMessageBox

    from centre_desk.core.folder_checks import folder_warnings

    for warning in folder_warnings(root):
        logging.getLogger(__name__).warning("data folder warning shown (synced or long path)")
        QMessageBox.warning(None, APP_NAME, warning)


def _refuse(error, argv: list[str]) -> int:
    """Before any window: the reason in a message box, exit 2."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    _app = QApplication.instance() or QApplication([sys.argv[0], *argv])
    QMessageBox.warning(None, APP_NAME, error.message)
    return 2


def _exit_after_first_paint(flow) -> None:
    """For bench/: print the seconds from process start to the first window painted, and quit."""
    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication

    class PaintWatcher(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint and watched is flow.window:
                print(f"painted {type(watched).__name__} {time.time():.6f}",
                      flush=True)
                QTimer.singleShot(0, QApplication.instance().quit)
            return False

    watcher = PaintWatcher(flow)
    flow.window_shown.connect(lambda window: window.installEventFilter(watcher))
