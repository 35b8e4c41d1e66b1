"""Past attendance from a grid, into one activity's sessions: the names found, those not found
with the closest files (one may be chosen), then the import."""
from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QVBoxLayout,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill
from centre_desk.core.importing import attendance, readers
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, selected_row
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import busy_bar, label
from centre_desk.ui.worker import run_on_the_centre


class AttendanceImportDialog(QDialog):
    def __init__(self, actor, activity_id: int, activity_name: str, parent=None):
        super().__init__(parent)
        self.actor, self.activity_id = actor, activity_id
        self.grid: attendance.Grid | None = None
        self.setWindowTitle(fill(_("Past attendance: {activity}"), activity=activity_name))
        self.resize(900, 560)
        self.choose_button = QPushButton(_("Choose a file…"))
        self.choose_button.clicked.connect(self._choose)
        self.summary = label(_("A grid: children in rows, dates in columns, cells P, A, R, E, "
                               "1, 0, x or ✓."), wrap=True)
        self.model = RowsModel([
            Column(lambda: _("Row"), lambda row: row.line, align_end=True),
            Column(lambda: _("Name"), lambda row: row.name),
            Column(lambda: _("File found"), self._found),
            Column(lambda: _("Marks"), lambda row: len(row.marks), align_end=True),
        ])
        self.table = read_only_table(self.model)
        header = self.table.horizontalHeader()
        for index in (0, 1, 3):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        self.use_closest_button = QPushButton(_("Use the closest file"))
        self.use_closest_button.clicked.connect(self.use_closest)
        self.message = label("", "FormError", wrap=True)
        self.doing = label("", "Hint")  # what the busy bar stands for; errors go to message
        self.busy = busy_bar()  # moves while the file is read or checked
        self.running = False
        self.import_button = styled(QPushButton(_("Import")), "Primary")
        self.import_button.clicked.connect(self.run_import)
        self.import_button.setEnabled(False)
        self.close_button = close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.summary, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.use_closest_button)
        buttons.addWidget(self.busy)
        buttons.addWidget(self.doing)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    @staticmethod
    def _found(row: attendance.GridRow) -> str:
        if row.child_id:
            return _("yes")
        return fill(_("not found; closest: {files}"), files=" ; ".join(row.closest) or "-")

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the register"), "", _("Spreadsheets") + " (*.xlsx *.xls *.ods *.csv)")
        if path:
            self.load_file(path)

    def load_file(self, path) -> None:
        """Read and matched off the UI thread: the buttons wait, a busy bar moves."""
        actor, activity_id = self.actor, self.activity_id

        def work():
            return attendance.read_grid(actor, readers.read_workbook(path)[0], activity_id)

        self._set_running(True)
        self.message.setText("")
        self.doing.setText(_("Reading the file…"))
        run_on_the_centre(work, self._loaded, self._load_failed)

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.busy.setVisible(running)
        self.doing.setVisible(running)
        for button in (self.choose_button, self.use_closest_button, self.close_button):
            button.setEnabled(not running)
        self.import_button.setEnabled(not running and self.grid is not None and any(
            row.child_id for row in self.grid.rows))

    def _load_failed(self, error: UserError) -> None:
        self._set_running(False)
        self.message.setText(error.message)

    def _loaded(self, grid: attendance.Grid) -> None:
        self.grid = grid
        self._set_running(False)
        self.message.setText("")
        self._show()

    def reject(self) -> None:
        if not self.running:
            super().reject()

    def _show(self) -> None:
        rows = self.grid.rows
        found = sum(1 for row in rows if row.child_id)
        self.summary.setText(fill(_("{rows} children in the grid ({found} found), {dates} "
                                    "dates. Nothing has been written yet."),
                                  rows=len(rows), found=found, dates=len(self.grid.dates)))
        self.model.set_rows(rows)
        self.import_button.setEnabled(found > 0)

    def use_closest(self) -> None:
        row = selected_row(self.table)
        if row is not None and not row.child_id and row.closest_ids:
            row.child_id = row.closest_ids[0]
            self._show()

    def run_import(self) -> None:
        """Written off the UI thread (a backup comes first): the buttons wait meanwhile."""
        actor, grid = self.actor, self.grid

        def work():
            return attendance.import_grid(actor, grid)

        self._set_running(True)
        self.message.setText("")
        self.doing.setText(_("A backup is being made, then the marks are written…"))
        run_on_the_centre(work, self._imported, self._import_failed)

    def _imported(self, written: int) -> None:
        self._set_running(False)
        self.summary.setText(fill(_("{marks} marks written into {dates} sessions."),
                                  marks=written, dates=len(self.grid.dates)))
        self.import_button.setEnabled(False)

    def _import_failed(self, error: UserError) -> None:
        self._set_running(False)
        self.message.setText(error.message)
