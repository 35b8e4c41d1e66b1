"""Export vers le siège: the period and level, a preview of every table that will leave the
centre and one sentence saying what it is, then the package written with a
progress bar; the register of what was sent, with "show the file"."""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTabWidget,
)

from centre_desk.core import export, reports
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, format_date
from centre_desk.core.models import Centre
from centre_desk.core.security import Permission
from centre_desk.core.services.figures import month_period, shift_months
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, selected_row
from centre_desk.ui.icons import with_icon
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.common import label, note
from centre_desk.ui.worker import run_in_background


class ExportSignals(QObject):
    """Emitted on the worker's thread, received on the UI thread."""

    moved = Signal(int, int)
    broke = Signal()  # a bug: the crash handler reports it, the page is usable again


class HqExportPage(Page):
    def __init__(self, session: Session, today: dt.date | None = None):
        super().__init__(session, _("Export to headquarters"))
        self.today = today or dt.date.today()
        form = QFormLayout()
        last_month = shift_months(month_period(self.today.year, self.today.month), -1)
        self.period = QLineEdit(f"{last_month.start:%Y-%m}")
        self.period.setPlaceholderText(_("2026-10, 2026-Q4, 2025-2026, 2026, "
                                         "2026-01-01..2026-03-31"))
        self.level = QComboBox()
        for code, text in export.LEVELS.items():
            self.level.addItem(_(text), code)
        self.marks = QCheckBox(_("Every attendance mark too"))
        self.suppress = QCheckBox(_("Write counts from 1 to 4 as \"<5\""))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(_("optional: for e-mail or WhatsApp"))
        options = QHBoxLayout()
        options.addWidget(self.marks)
        options.addWidget(self.suppress)
        options.addStretch(1)
        form.addRow(_("Period"), self.period)
        form.addRow(_("Level"), self.level)
        form.addRow("", options)
        form.addRow(_("Zip password"), self.password)
        self.column.addLayout(form)
        from centre_desk.core.services.privacy_settings import transfer_warning

        self.transfer = label(transfer_warning() or "", "FieldError", wrap=True)
        self.transfer.setVisible(bool(self.transfer.text()))  # law 09-08: abroad needs the CNDP
        self.column.addWidget(self.transfer)
        buttons = QHBoxLayout()
        self.preview_button = QPushButton(_("Preview"))
        self.export_button = with_icon(QPushButton(_("Export…")), "file-export")
        self.key_button = QPushButton(_("Association key…"))
        self.key_button.setVisible(session.actor.can(Permission.EDIT_CENTRE))
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.export_button)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        buttons.addWidget(self.progress, 1)
        buttons.addStretch(1)  # the buttons keep their size while the bar is hidden
        self.cancel_button = QPushButton(_("Cancel the export"))
        self.cancel_button.setVisible(False)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.key_button)
        self.column.addLayout(buttons)
        self.sentence = note()  # hidden while empty: no blank band above the preview
        self.column.addWidget(self.sentence)
        self.message = note()
        self.column.addWidget(self.message)
        self.tabs = QTabWidget()
        self.tabs.setMinimumHeight(120)  # fits a laptop's 688 px with the rest of the page
        self.column.addWidget(self.tabs, 2)
        self.column.addWidget(label(_("Exports sent"), "SectionTitle"))
        self.history_model = RowsModel([
            Column(lambda: _("No."), lambda e: str(e.sequence)),
            Column(lambda: _("Period"), lambda e: e.period.key),
            Column(lambda: _("Level"), lambda e: _(export.LEVELS[e.level])),
            Column(lambda: _("File"), lambda e: e.file_name, identifying=True),
            Column(lambda: _("By"), lambda e: e.created_by),
            Column(lambda: _("On"), lambda e: format_date(e.created_at.date())),
        ], self)
        self.history = read_only_table(self.history_model)
        self.history.setMinimumHeight(90)
        self.column.addWidget(self.history, 1)
        self.show_button = QPushButton(_("Show the file"))
        history_buttons = QHBoxLayout()
        history_buttons.addStretch(1)
        history_buttons.addWidget(self.show_button)
        self.column.addLayout(history_buttons)
        self.models: list[RowsModel] = []
        # Not a child of the page: the worker may still emit after the page was rebuilt.
        self.signals = ExportSignals()
        self.signals.moved.connect(self._moved)
        self.signals.broke.connect(self._broke)
        self.cancelled = threading.Event()
        self.running = False
        self.cancel_button.clicked.connect(self.cancel)
        self.preview_button.clicked.connect(lambda: self.show_preview())
        self.export_button.clicked.connect(self.choose_folder)
        self.show_button.clicked.connect(self.show_file)
        self.key_button.clicked.connect(self.edit_key)
        self.level.currentIndexChanged.connect(self._level_changed)
        self.open_folder = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self._level_changed()

    def refresh(self) -> None:
        from centre_desk.core.services.privacy_settings import transfer_warning

        self.transfer.setText(transfer_warning() or "")  # set abroad since the page was built
        self.transfer.setVisible(bool(self.transfer.text()))
        try:
            self.history_model.set_rows(export.history(self.session.actor))
        except UserError as error:
            self.message.setText(error.message)

    def _level_changed(self) -> None:
        pseudonymised = self.level.currentData() == "pseudonymised"
        self.marks.setEnabled(pseudonymised)
        self.marks.setChecked(self.marks.isChecked() and pseudonymised)
        self.suppress.setEnabled(not pseudonymised)
        self.suppress.setChecked(self.suppress.isChecked() and not pseudonymised)

    def request(self) -> export.ExportRequest:
        return export.ExportRequest(reports.parse_period(self.period.text()),
                                    self.level.currentData(), self.marks.isChecked(),
                                    self.suppress.isChecked())

    def show_preview(self, then=None) -> None:
        """Reads every table off the UI thread (counting every mark of ten years takes
        seconds), on that thread's own connection; ``then()`` runs once the tabs are shown."""
        self.message.setText("")
        try:
            request = self.request()
        except UserError as error:
            self._preview_failed(error)
            return
        actor, data_folder = self.session.actor, self.session.folder
        self.message.setText(_("Reading the tables…"))
        self._busy(True, cancel=False)

        def done(preview) -> None:
            self._busy(False)
            self.message.setText("")
            self._show_tables(preview)
            if then is not None:
                then()

        def failed(error: UserError) -> None:
            self._busy(False)
            self._preview_failed(error)

        self._off_the_ui_thread(lambda: export.preview(actor, data_folder, request), done,
                                failed)

    def _off_the_ui_thread(self, call, done, failed) -> None:
        """``call()`` on a pool thread, with that thread's own connection to the database
        (closed at the end); ``done(result)`` or ``failed(error)`` on the UI thread, unless
        the page was rebuilt meanwhile (a new language). A bug goes to the crash handler and
        the page is usable again."""
        signals, database = self.signals, Centre._meta.database

        def work():
            try:
                return call()
            except UserError:
                raise
            except Exception:
                signals.broke.emit()
                raise
            finally:
                database.close()  # this thread's own connection
                Centre._meta.database.close()  # rebound meanwhile (logged out and in)

        def alive(callback):
            return lambda value: callback(value) if shiboken6.isValid(self) else None

        run_in_background(work, alive(done), alive(failed))

    def _preview_failed(self, error: UserError) -> None:
        self.message.setText(error.message)
        self.tabs.clear()
        self.sentence.setText("")

    def _show_tables(self, preview: export.Preview) -> None:
        self.sentence.setText(preview.sentence)
        self.tabs.clear()
        self.models = []
        for table in preview.tables:
            model = RowsModel([Column(lambda name=name: name, lambda row, i=i: row[i])
                               for i, name in enumerate(table.columns)], self)
            model.set_rows(table.first_rows)
            self.models.append(model)
            view = read_only_table(model)
            view.resizeColumnsToContents()
            self.tabs.addTab(view, _("{table} ({rows})").format(table=table.name,
                                                                rows=table.rows))

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Export to headquarters"),
                                                  str(Path.home()))
        if folder:
            self.export_to(Path(folder))

    def export_to(self, folder: Path, then=None) -> None:
        """Writes the package off the UI thread, on that thread's own connection to the
        database (closed at the end); the bar moves between tables through a queued signal,
        and "Cancel the export" stops it between tables or chunks of marks, leaving nothing.
        ``then(sent)`` runs on the UI thread once the package is written and registered."""
        try:
            request = self.request()
        except UserError as error:
            self.message.setText(error.message)
            return
        actor, data_folder = self.session.actor, self.session.folder
        password, moved = self.password.text() or None, self.signals.moved
        cancelled = self.cancelled = threading.Event()
        self.message.setText(_("Writing the package…"))
        self._busy(True)

        def done(sent) -> None:
            self._busy(False)
            self.message.setText(_("Export {n} written to {path}").format(
                n=sent.sequence, path=folder / sent.file_name))
            self.refresh()
            if then is not None:
                then(sent)

        def failed(error: UserError) -> None:
            self._busy(False)
            self.message.setText(error.message)

        self._off_the_ui_thread(lambda: export.export(
            actor, data_folder, request, folder, password, moved.emit, cancelled.is_set),
            done, failed)

    def cancel(self) -> None:
        self.cancelled.set()
        self.cancel_button.setEnabled(False)
        self.message.setText(_("Cancelling…"))

    def _broke(self) -> None:
        self._busy(False)
        self.message.setText("")

    def _moved(self, done: int, total: int) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)

    def _busy(self, busy: bool, cancel: bool = True) -> None:
        """While a package is written (or the preview read): the bar, Cancel for a package,
        and the buttons that would start another wait."""
        self.running = busy
        self.progress.setVisible(busy)
        if busy:
            self.progress.setRange(0, 1 if cancel else 0)  # the preview: a busy bar
        self.progress.setValue(0)
        self.cancel_button.setVisible(busy and cancel)
        self.cancel_button.setEnabled(busy and cancel)
        for button in (self.preview_button, self.export_button):
            button.setEnabled(not busy)

    def show_file(self) -> None:
        """The folder where the selected export was written, if it is still there."""
        sent = selected_row(self.history)
        if sent is None:
            self.message.setText(_("Choose an export in the list."))
            return
        path = Path(sent.written_to) if sent.written_to else None
        if path is not None and path.exists():
            self.open_folder(path.parent)
            return
        self.message.setText(_("{file} is no longer where it was written; write it again with "
                               "the export command (--resend {n}).").format(
            file=sent.file_name, n=sent.sequence))

    def edit_key(self):
        from centre_desk.ui.dialogs.association_key import AssociationKeyDialog

        self.key_dialog = AssociationKeyDialog(self.session, self)
        self.key_dialog.open()
        return self.key_dialog
