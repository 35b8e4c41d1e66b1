"""Reports: pick a report and its period, see its figures and charts, print it or save it as
PDF, Excel or CSV. The figures come from core.reports (one place computes them); files are
written off the UI thread."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHeaderView,
    QHBoxLayout,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core import reports
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, current_language, fill
from centre_desk.core.reports import lists
from centre_desk.core.reports.model import Report, cell_text, month_label
from centre_desk.core.security import Permission
from centre_desk.core.services import activities
from centre_desk.core.services.figures import Period, month_period, shift_months
from centre_desk.ui.icons import with_icon
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.chart import ChartView
from centre_desk.ui.widgets.common import label, note
from centre_desk.ui.worker import run_in_background

YEARLY = ("annual", "indicators")
FITTED_ROWS = 60  # rows measured to fit a column


def naming_column(table) -> int:
    """The column that names a row (a child, an activity, a figure), which takes the spare
    width: not the emergency list's "No.", which took it all and pushed the phones out of view."""
    for index in range(len(table.columns)):
        if any(isinstance(row[index], str) and len(row[index]) > 5 for row in table.rows[:60]):
            return index
    return 0


class ReportsPage(Page):
    def __init__(self, session: Session, today: dt.date | None = None):
        super().__init__(session, _("Reports"))
        self.today = today or dt.date.today()
        self.report: Report | None = None
        actor = session.actor
        row = QHBoxLayout()
        self.kind = QComboBox()
        for code in reports.available(actor):
            self.kind.addItem(_(reports.REPORTS[code]), code)
        self.period = QComboBox()
        # Months, then years: sized for the items it holds, not the first report's (a school
        # year was cut in Arabic).
        self.period.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.group = QComboBox()
        mine = lists.own_groups(actor)
        for item in activities.list_activities(actor):
            if mine is None or item.id in mine:
                self.group.addItem(item.name, item.id)
        self.language = QComboBox()
        self.language.addItem("Français", "fr")
        self.language.addItem("العربية", "ar")
        self.language.setCurrentIndex(1 if current_language() == "ar" else 0)
        self.group_label = label(_("Group"))
        for text, widget in ((label(_("Report")), self.kind), (label(_("Period")), self.period),
                             (self.group_label, self.group),
                             (label(_("Language")), self.language)):
            row.addWidget(text)
            row.addWidget(widget)
        row.addStretch(1)
        self.column.addLayout(row)
        buttons = QHBoxLayout()
        self.print_button = with_icon(QPushButton(_("Print…")), "printer")
        self.pdf_button = with_icon(QPushButton(_("PDF…")), "file-export")
        self.excel_button = with_icon(QPushButton(_("Excel…")), "file-export")
        self.projects_button = QPushButton(_("Projects and indicators…"))
        self.projects_button.setVisible(actor.can(Permission.MANAGE_ACTIVITIES))
        for button in (self.print_button, self.pdf_button, self.excel_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.projects_button)
        self.column.addLayout(buttons)
        self.message = note()  # hidden while empty: no blank band above the charts
        self.column.addWidget(self.message)
        content = QWidget()
        self.content = QVBoxLayout(content)
        self.content.setContentsMargins(0, 0, 0, 0)
        charts = QHBoxLayout()
        self.charts = [ChartView() for _index in range(3)]
        for chart in self.charts:
            charts.addWidget(chart)
        self.content.addLayout(charts)
        self.highlights = QPlainTextEdit()
        self.highlights.setPlaceholderText(_("Highlights of the period (faits marquants): "
                                             "events, visits, difficulties…"))
        self.highlights.setMaximumHeight(70)
        self.save_highlights = QPushButton(_("Save the highlights"))
        notes = QHBoxLayout()
        notes.addWidget(self.highlights, 1)
        notes.addWidget(self.save_highlights)
        self.content.addLayout(notes)
        self.tabs = QTabWidget()
        self.tabs.setMinimumHeight(260)
        self.table_note = note()  # what the shown table counts ("excused absences left out")
        self.content.addWidget(self.table_note)
        self.content.addWidget(self.tabs, 1)
        self.tab_notes: list[str] = []
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        self.column.addWidget(scroll, 1)
        self.models: list[RowsModel] = []
        self.fitted: set[int] = set()
        self.tabs.currentChanged.connect(self._fit_columns)
        self.tabs.currentChanged.connect(self._show_table_note)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.period.currentIndexChanged.connect(self.refresh)
        self.group.currentIndexChanged.connect(self.refresh)
        self.language.currentIndexChanged.connect(self.refresh)
        self.save_highlights.clicked.connect(self.keep_highlights)
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(lambda: self.choose_path("pdf"))
        self.excel_button.clicked.connect(lambda: self.choose_path("xlsx"))
        self.projects_button.clicked.connect(self.edit_projects)
        self.open_file = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self._fill_periods()

    # --- choosing -------------------------------------------------------------------------------

    def _fill_periods(self) -> None:
        self.period.blockSignals(True)
        self.period.clear()
        language = current_language()
        code = self.kind.currentData()
        self.year_kind = reports.year_kind()
        if code in YEARLY:
            kind = self.year_kind
            current = reports.year_containing(self.today, kind)
            for back in range(8):
                start = current.start.replace(year=current.start.year - back)
                period = Period(start, current.end.replace(year=current.end.year - back))
                text = (str(start.year) if kind == "calendar"
                        else f"{start.year}–{period.end.year}")
                self.period.addItem(text, period)
        else:
            this = month_period(self.today.year, self.today.month)
            for back in range(36):
                month = shift_months(this, -back)
                self.period.addItem(month_label(language if language in ("fr", "ar") else "fr",
                                                month.start), month)
            if code == "monthly" and self.today.day < 15:
                self.period.setCurrentIndex(1)  # early in a month, last month's report
        self.period.blockSignals(False)
        self.group.setVisible(code == "list-group")
        self.group_label.setVisible(code == "list-group")
        writes_notes = code in ("monthly", "annual")
        self.highlights.setVisible(writes_notes)
        self.save_highlights.setVisible(writes_notes)

    def _kind_changed(self) -> None:
        self._fill_periods()
        self.refresh()

    def chosen_period(self) -> Period:
        return self.period.currentData()

    # --- showing --------------------------------------------------------------------------------

    def refresh(self) -> None:
        self.message.setText("")
        if self.kind.currentData() in YEARLY and reports.year_kind() != self.year_kind:
            self._fill_periods()  # the year was changed in the settings
        try:
            self.report = reports.build(self.session.actor, self.kind.currentData(),
                                        self.chosen_period(), self.language.currentData(),
                                        self.group.currentData(), self.today)
        except UserError as error:
            self.report = None
            self.message.setText(error.message)
            self._clear_tabs()
            return
        self.show_report(self.report)

    def show_report(self, report: Report) -> None:
        for index, view in enumerate(self.charts):
            view.set_chart(report.charts[index] if index < len(report.charts) else None)
            view.setVisible(index < len(report.charts))
        self.highlights.setPlainText(report.highlights)
        current = self.tabs.currentIndex()
        self.tabs.blockSignals(True)  # the tables are fitted once the current one is known
        self._clear_tabs()
        self.models = []
        self.tab_notes = []
        language = report.language
        for table in report.tables:
            if not table.rows and table.note:  # "no indicator yet": the sentence, not a header
                self.tabs.addTab(label(table.note, "Hint", wrap=True), table.title)
                self.tab_notes.append("")
                continue
            self.tab_notes.append(table.note)
            named = naming_column(table)
            columns = [Column(lambda title=title: title,
                              lambda row, index=index: cell_text(row[index], language),
                              align_end=any(not isinstance(row[index], str)
                                            for row in table.rows if row[index] is not None),
                              identifying=index == named)
                       for index, title in enumerate(table.columns)]
            model = RowsModel(columns)
            model.set_rows(table.rows)
            view = read_only_table(model)
            model.setParent(view)
            view.setWordWrap(False)
            header = view.horizontalHeader()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            header.setStretchLastSection(True)
            header.setResizeContentsPrecision(FITTED_ROWS)
            self.models.append(model)
            self.tabs.addTab(view, table.title)
        if not report.tables:
            self.tabs.addTab(label(_("Nothing to show for this period."), "Hint"), "—")
        self.fitted = set()
        self.tabs.setCurrentIndex(max(0, min(current, self.tabs.count() - 1)))
        self.tabs.blockSignals(False)
        self._fit_columns(self.tabs.currentIndex())
        self._show_table_note(self.tabs.currentIndex())

    def _show_table_note(self, index: int) -> None:
        self.table_note.setText(self.tab_notes[index] if 0 <= index < len(self.tab_notes)
                                else "")

    def _clear_tabs(self) -> None:
        old = [self.tabs.widget(index) for index in range(self.tabs.count())]
        self.tabs.clear()  # removes the pages without deleting them
        for view in old:
            view.deleteLater()  # with its model
        self.models = []
        self.tab_notes = []
        self.table_note.setText("")

    def _fit_columns(self, index: int) -> None:
        """Columns fitted to their first rows when their tab is first shown: fitting every
        table of a report at each change of period took longer than computing it."""
        view = self.tabs.widget(index)
        if isinstance(view, QTableView) and index not in self.fitted:
            self.fitted.add(index)
            view.resizeColumnsToContents()

    def keep_highlights(self) -> None:
        try:
            reports.save_highlights(self.session.actor, self.kind.currentData(),
                                    self.chosen_period(), self.highlights.toPlainText())
        except UserError as error:
            self.message.setText(error.message)
            return
        self.message.setText(_("Highlights saved."))
        self.refresh()

    # --- files ----------------------------------------------------------------------------------

    def choose_path(self, file_format: str) -> None:
        if self.report is None:
            return
        name = f"{self.report.title} {self.report.period_label}.{file_format}".replace("/", "-")
        filters = ("PDF (*.pdf)" if file_format == "pdf"
                   else "Excel (*.xlsx);;CSV (*.csv)")
        path, chosen = QFileDialog.getSaveFileName(self, self.report.title,
                                                   str(Path.home() / name), filters)
        if path:
            if chosen.startswith("CSV") and not path.lower().endswith(".csv"):
                path += ".csv"
            self.export(Path(path))

    def export(self, path: Path, then=None) -> None:
        """Write the report shown to ``path`` (its format from the name), off the UI thread."""
        report, actor = self.report, self.session.actor
        if report is None:
            return
        try:
            file_format = reports.file_format_of(path)
        except UserError as error:
            self.message.setText(error.message)
            return
        self.message.setText(fill(_("Writing {path}…"), path=path))
        self._set_busy(True)

        def done(written: Path) -> None:
            self._set_busy(False)
            reports.record_export(actor, report, file_format)
            self.message.setText(fill(_("Written to {path}"), path=written))
            if then is not None:
                then(written)

        def failed(error: UserError) -> None:
            self._set_busy(False)
            self.message.setText(error.message)

        run_in_background(lambda: reports.render_file(report, path, file_format), done, failed)

    def print_report(self) -> None:
        """The PDF opened in the system's viewer, which prints it (no Qt print module)."""
        if self.report is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="centre-desk-print-"))
        self.export(folder / f"{self.report.kind}.pdf", self.open_file)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.print_button, self.pdf_button, self.excel_button):
            button.setEnabled(not busy)

    def edit_projects(self):
        from centre_desk.ui.dialogs.projects import ProjectsDialog

        self.dialog = ProjectsDialog(self.session.actor, self)
        self.dialog.finished.connect(lambda _result: self.refresh())
        self.dialog.open()
        return self.dialog
