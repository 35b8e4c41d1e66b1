"""The crash handler: every unexpected error is logged to a file and shown with its details."""
from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtWidgets import QApplication, QMessageBox

from centre_desk import APP_NAME
from centre_desk.core.i18n import _, fill, ltr
from centre_desk.core.logs import write_crash_log


class CrashHandler:
    def __init__(self, logs_folder: Path):
        self.logs_folder = logs_folder
        self.last_dialog: QMessageBox | None = None
        self._showing = False
        # Given a damaged database, offers the restore of a verified backup; False: it cannot.
        self.on_damaged: Callable[[BaseException], bool] | None = None

    def install(self) -> "CrashHandler":
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value,
                                                        args.exc_traceback)
        return self

    def handle(self, exc_type, exc_value, exc_traceback) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc_value, exc_traceback)
            return
        if self.handle_storage_fault(exc_value):
            return
        try:
            path = write_crash_log(self.logs_folder, exc_type, exc_value, exc_traceback)
        except OSError:
            path = None
        details = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
        print(details, file=sys.stderr)
        if QApplication.instance() is None or self._showing:
            return
        if threading.current_thread() is not threading.main_thread():
            return  # the log is written; a dialog can only be shown from the UI thread
        self._showing = True
        try:
            self.show_dialog(details, path)
        finally:
            self._showing = False

    def handle_storage_fault(self, error: BaseException) -> bool:
        """A full disk, a read-only folder, a pulled USB stick: its sentence, no traceback."""
        from centre_desk.core.paths import DataFolder
        from centre_desk.core.storage import DatabaseDamaged, as_user_error

        fault = as_user_error(error, DataFolder(self.logs_folder.parent))
        if fault is None:
            return False
        logging.getLogger(__name__).warning("storage fault: %s", type(error).__name__)
        on_main_thread = threading.current_thread() is threading.main_thread()
        if isinstance(fault, DatabaseDamaged) and self.on_damaged is not None and \
                on_main_thread and self.on_damaged(fault):
            return True
        if QApplication.instance() is not None and not self._showing and \
                threading.current_thread() is threading.main_thread():
            self._showing = True
            try:
                box = QMessageBox(QMessageBox.Icon.Warning, APP_NAME, fault.message,
                                  QMessageBox.StandardButton.Ok, QApplication.activeWindow())
                box.setObjectName("StorageFaultBox")
                self.last_dialog = box
                box.exec()
            finally:
                self._showing = False
        return True

    def show_dialog(self, details: str, path: Path | None) -> None:
        dialog = QMessageBox(QApplication.activeWindow())
        dialog.setIcon(QMessageBox.Icon.Critical)
        dialog.setWindowTitle(fill(_("{app} — unexpected error"), app=APP_NAME))
        dialog.setText(_("Something went wrong that Centre Desk did not expect. Your data saved "
                         "so far is safe. Please send the error report to your support contact."))
        where = str(path) if path else _("(the log could not be written)")
        dialog.setInformativeText(fill(_("Error report: {path}"), path=ltr(where)))
        dialog.setDetailedText(details)
        dialog.setObjectName("CrashDialog")
        self.last_dialog = dialog
        dialog.exec()
