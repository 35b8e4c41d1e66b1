"""Importer…: the centre's register in four steps — sheet and header, mapping, dry run,
import with progress — then the report. Every decision is the core's (core/importing)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHeaderView,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill, isolated
from centre_desk.core.importing import apply, mapping, plan, readers
from centre_desk.core.importing.values import clean_text
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, selected_row
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import busy_bar, label
from centre_desk.ui.worker import run_in_background, run_on_the_centre


class _Progress(QObject):
    moved = Signal(int, int)  # emitted on the worker's thread, received on the UI thread


class ImportDialog(QDialog):
    def __init__(self, session, parent=None, open_child=None):
        super().__init__(parent)
        self.session = session
        self.open_child = open_child  # callable(child_id): a possible duplicate's file
        self.setWindowTitle(_("Import a register"))
        self.resize(1000, 620)
        self.sheets: list[readers.Sheet] = []
        self.plan: plan.Plan | None = None
        self.result: apply.ImportResult | None = None
        self.cancel_asked = False
        self.running = self.undoing = False
        self.steps = QStackedWidget()
        self.steps.addWidget(self._file_step())
        self.steps.addWidget(self._mapping_step())
        self.steps.addWidget(self._dry_run_step())
        self.steps.addWidget(self._import_step())
        self.message = label("", "FormError", wrap=True)
        self.doing = label("", "Hint")  # what the busy bar stands for; errors go to message
        self.busy = busy_bar()  # moves while the file is read or checked
        self.back_button = QPushButton(_("Back"))
        self.next_button = styled(QPushButton(_("Next")), "Primary")
        self.close_button = QPushButton(_("Close"))
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.busy)
        buttons.addWidget(self.doing)
        buttons.addWidget(self.message, 1)
        for button in (self.back_button, self.next_button, self.close_button):
            buttons.addWidget(button)
        layout = QVBoxLayout(self)
        self.title = label("", "SectionTitle")
        layout.addWidget(self.title)
        layout.addWidget(self.steps, 1)
        layout.addLayout(buttons)
        self._show_step(0)

    # --- step 1: file, sheet, header ---------------------------------------------------------
    def _file_step(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.choose_button = QPushButton(_("Choose a file…"))
        self.choose_button.clicked.connect(self._choose)
        self.path_label = label(_("No file chosen yet (.xlsx, .xls, .ods or .csv)."), wrap=True)
        self.path_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sheet_combo = QComboBox()
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, 1)
        self.header_preview = label("", wrap=True)
        self.header_spin.valueChanged.connect(self._header_changed)
        form.addRow(self.choose_button, self.path_label)
        form.addRow(_("Sheet"), self.sheet_combo)
        form.addRow(_("Header row"), self.header_spin)
        form.addRow("", self.header_preview)
        return page

    def _choose(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the register"), "",
            _("Spreadsheets") + " (*.xlsx *.xls *.ods *.csv)")
        if path:
            self.load_file(path)

    def load_file(self, path) -> None:
        """Read off the UI thread (a long register takes seconds): the buttons wait, a busy bar
        moves, then the sheets are listed or the reason shown."""
        self.running = True
        self.message.setText("")
        self.doing.setText(_("Reading the file…"))
        self._update_buttons()
        run_in_background(lambda: readers.read_workbook(path),
                          lambda sheets: self._loaded(path, sheets), self._load_failed)

    def _load_failed(self, error: UserError) -> None:
        self.running = False
        self.message.setText(error.message)
        self._update_buttons()

    def _loaded(self, path, sheets: list[readers.Sheet]) -> None:
        self.running, self.sheets = False, sheets
        self.message.setText("")
        self.path_label.setText("\u200e" + str(path))  # the path's first slash stays first
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        for sheet in self.sheets:
            self.sheet_combo.addItem(fill(_("{name} ({count} rows)"), name=sheet.name,
                                          count=sheet.row_count))
        self.sheet_combo.blockSignals(False)
        self._sheet_changed(0)

    @property
    def sheet(self) -> readers.Sheet | None:
        index = self.sheet_combo.currentIndex()
        return self.sheets[index] if 0 <= index < len(self.sheets) else None

    def _sheet_changed(self, _index) -> None:
        sheet = self.sheet
        if sheet is None:
            return
        self.header_spin.setRange(1, max(1, len(sheet.rows)))
        self.header_spin.setValue(mapping.find_header_row(sheet.rows) + 1)
        self._header_changed()
        self._show_step(0)

    @property
    def header_row(self) -> int:
        return self.header_spin.value() - 1

    @property
    def headers(self) -> list:
        sheet = self.sheet
        return list(sheet.rows[self.header_row]) if sheet and sheet.rows else []

    def _header_changed(self, *_args) -> None:
        texts = [clean_text(cell) for cell in self.headers if clean_text(cell)]
        self.header_preview.setText(" | ".join(isolated(text) for text in texts))

    # --- step 2: mapping ---------------------------------------------------------------------
    def _mapping_step(self) -> QWidget:
        self.mapping_area = QScrollArea()
        self.mapping_area.setWidgetResizable(True)
        self.combos: list[QComboBox] = []
        return self.mapping_area

    def _fill_mapping(self) -> None:
        headers = self.headers
        chosen = mapping.saved_mapping(headers) or mapping.guess_mapping(headers)
        inner = QWidget()
        form = QFormLayout(inner)
        self.combos = []
        sample = self.sheet.rows[self.header_row + 1:self.header_row + 4]
        for column, header in enumerate(headers):
            combo = QComboBox()
            for code, text in mapping.FIELDS.items():
                combo.addItem(_(text), code)
            combo.setCurrentIndex(combo.findData(chosen[column]))
            examples = [clean_text(row[column]) for row in sample
                        if column < len(row) and clean_text(row[column])]
            title = clean_text(header) or fill(_("Column {number}"), number=column + 1)
            combo.setToolTip(" ; ".join(examples))
            shown = " ; ".join(isolated(example) for example in examples[:2])
            form.addRow(f"{isolated(title)}  ({shown})" if examples else isolated(title), combo)
            self.combos.append(combo)
        self.mapping_area.setWidget(inner)

    @property
    def mapping(self) -> list[str]:
        return [combo.currentData() for combo in self.combos]

    # --- step 3: dry run ---------------------------------------------------------------------
    def _dry_run_step(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        top = QHBoxLayout()
        self.totals = label("", wrap=True)
        self.filter = QComboBox()
        self.filter.addItem(_("All rows"), None)
        for code, text in plan.STATUS_LABELS.items():
            self.filter.addItem(_(text), code)
        self.filter.currentIndexChanged.connect(self._filter_rows)
        top.addWidget(self.totals, 1)
        top.addWidget(QLabel(_("Show")))
        top.addWidget(self.filter)
        column.addLayout(top)
        self.rows_model = RowsModel([
            Column(lambda: _("Row"), lambda row: row.line, align_end=True),
            Column(lambda: _("Status"), self._status_text),
            Column(lambda: _("Name"), lambda row: row.name),
            Column(lambda: _("Details"), lambda row: " ; ".join(row.reasons)),
        ])
        self.table = read_only_table(self.rows_model)
        header = self.table.horizontalHeader()
        for index in (0, 1, 2):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        column.addWidget(self.table, 1)
        self.not_same_button = QPushButton(_("Not the same child: create it"))
        self.not_same_button.clicked.connect(self._not_same)
        self.open_button = QPushButton(_("Open the existing file"))
        self.open_button.clicked.connect(self._open_existing)
        self.open_button.setVisible(self.open_child is not None)
        row = QHBoxLayout()
        row.addWidget(self.not_same_button)
        row.addWidget(self.open_button)
        row.addStretch(1)
        column.addLayout(row)
        return page

    @staticmethod
    def _status_text(row: plan.PlannedRow) -> str:
        if row.status == plan.DUPLICATE and row.not_duplicate:
            return _("To create")
        return _(plan.STATUS_LABELS[row.status])

    def run_dry_run(self) -> None:
        """Off the UI thread (a long register takes seconds); step 3 shows when it is done."""
        actor, sheet, header, chosen = (self.session.actor, self.sheet, self.header_row,
                                        self.mapping)

        def work():
            return plan.dry_run(actor, sheet, header, chosen)

        self.running = True
        self.message.setText("")
        self.doing.setText(_("Checking every row…"))
        self._update_buttons()
        run_on_the_centre(work, self._checked, self._check_failed)

    def _checked(self, result: plan.Plan) -> None:
        self.running, self.plan = False, result
        self.message.setText("")
        self._show_plan()
        self._show_step(2)

    def _check_failed(self, error: UserError) -> None:
        self.running = False
        self.message.setText(error.message)
        self._update_buttons()

    def _show_plan(self) -> None:
        counts = self.plan.counts()
        self.totals.setText(fill(_("{rows} rows: {create} to create, {duplicates} possible "
                                   "duplicates, {warnings} warnings, {errors} errors, {ignored} "
                                   "ignored. Nothing has been written yet."), **counts))
        self._filter_rows()

    def _filter_rows(self, *_args) -> None:
        status = self.filter.currentData()
        rows = self.plan.rows if self.plan else []
        self.rows_model.set_rows([row for row in rows if status is None or row.status == status])

    def _open_existing(self) -> None:
        row = selected_row(self.table)
        found = [candidate.child_id for candidate in (row.candidates if row else [])
                 if candidate.child_id is not None]
        if found and self.open_child is not None:
            self.open_child(found[0])

    def _not_same(self) -> None:
        row = selected_row(self.table)
        if row is not None and row.status == plan.DUPLICATE:
            row.not_duplicate = True
            self.rows_model.layoutChanged.emit()

    # --- step 4: import ----------------------------------------------------------------------
    def _import_step(self) -> QWidget:
        page = QWidget()
        column = QVBoxLayout(page)
        self.progress = QProgressBar()
        self.progress_text = label("", wrap=True)
        self.cancel_button = QPushButton(_("Cancel the import"))
        self.cancel_button.clicked.connect(self.cancel)
        self.report_button = QPushButton(_("Save the report…"))
        self.report_button.clicked.connect(self._choose_report)
        self.undo_button = QPushButton(_("Undo this import"))
        self.undo_button.clicked.connect(self.undo)
        column.addWidget(self.progress)
        column.addWidget(self.progress_text)
        row = QHBoxLayout()
        for button in (self.cancel_button, self.report_button, self.undo_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        return page

    def start_import(self) -> None:
        self.cancel_asked, self.running = False, True
        self.progress.setValue(0)
        self.progress_text.setText(_("A backup is being made, then the files are written…"))
        signals = _Progress(self)
        signals.moved.connect(self._moved)
        actor, current = self.session.actor, self.plan

        def work():
            return apply.run_import(actor, current, progress=signals.moved.emit,
                                    cancelled=lambda: self.cancel_asked)

        run_on_the_centre(work, self._imported, self._failed)
        self._update_buttons()

    def _moved(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)

    def cancel(self) -> None:
        self.cancel_asked = True

    def _imported(self, result: apply.ImportResult) -> None:
        self.running, self.result = False, result
        self.progress.setMaximum(1)
        self.progress.setValue(1)
        done = _("Import {batch} done: {created} files created ({archived} archived), "
                 "{households} households.")
        self.progress_text.setText(fill(done, batch=result.batch, created=result.created,
                                        archived=result.archived,
                                        households=result.households))
        self._update_buttons()

    def _failed(self, error: UserError) -> None:
        self.running = False
        self.progress.setValue(0)
        self.progress_text.setText(error.message)
        self._update_buttons()

    def _choose_report(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"),
                                                    "rapport-import.csv", "CSV (*.csv)")
        if path:
            self.save_report(path)

    def save_report(self, path) -> None:
        try:
            apply.write_report(self.plan, Path(path), self.result)
        except UserError as error:
            QMessageBox.warning(self, self.windowTitle(), error.message)
            return
        self.progress_text.setText(fill(_("Report saved: {path}"), path=path))

    def undo(self) -> None:
        """Off the UI thread too: undoing a large import (its backup first) takes seconds."""
        if self.result is None or self.running:
            return
        actor, batch = self.session.actor, self.result.batch
        self.running = self.undoing = True
        self.progress.setRange(0, 0)  # no end: it moves until the undo is done
        self.progress_text.setText(_("A backup is being made, then the import is undone…"))
        self._update_buttons()

        def work():
            return apply.undo_import(actor, batch)

        run_on_the_centre(work, lambda _counts: self._undone(batch), self._undo_failed)

    def _undone(self, batch) -> None:
        self.running = self.undoing = False
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress_text.setText(fill(_("Import {batch} undone: its files were removed."),
                                        batch=batch))
        self.result = None
        self._update_buttons()

    def _undo_failed(self, error: UserError) -> None:
        self.running = self.undoing = False
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.progress_text.setText(error.message)
        self._update_buttons()

    # --- navigation --------------------------------------------------------------------------
    def _show_step(self, step: int) -> None:
        self.steps.setCurrentIndex(step)
        titles = (_("1. The file, its sheet and its header row"),
                  _("2. Which column holds what"),
                  _("3. Dry run: what the import would do"),
                  _("4. Import"))
        self.title.setText(titles[step])
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.steps.currentIndex()
        self.busy.setVisible(self.running and step < 3)  # step 4 has its own progress bar
        self.doing.setVisible(self.busy.isVisibleTo(self))
        for widget in (self.choose_button, self.sheet_combo, self.header_spin, self.mapping_area):
            widget.setEnabled(not self.running)
        self.back_button.setEnabled(not self.running and (0 < step < 3 or (
            step == 3 and self.result is None)))
        self.next_button.setEnabled(step < 3 and bool(self.sheets) and not self.running)
        self.next_button.setText(_("Import") if step == 2 else _("Next"))
        self.next_button.setMinimumWidth(self.next_button.fontMetrics().horizontalAdvance(
            self.next_button.text()) + 48)
        self.cancel_button.setEnabled(self.running and not self.undoing)
        self.report_button.setEnabled(step == 3 and not self.running and self.plan is not None)
        self.undo_button.setEnabled(step == 3 and not self.running and self.result is not None)
        self.close_button.setEnabled(not self.running)

    def back(self) -> None:
        self._show_step(max(0, self.steps.currentIndex() - 1))

    def next(self) -> None:
        step = self.steps.currentIndex()
        self.message.setText("")
        try:
            if step == 0:
                self._fill_mapping()
            elif step == 1:
                self.run_dry_run()
                return
            elif step == 2:
                self._show_step(3)
                self.start_import()
                return
        except UserError as error:
            self.message.setText(error.message)
            return
        self._show_step(step + 1)

    def reject(self) -> None:
        if not self.running:
            super().reject()

