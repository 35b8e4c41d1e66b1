"""The coordinator's projects: each with its donor, dates, the groups it funds and its
indicators (name in French and Arabic, measure, breakdown, yearly target); and the headcounts
of an awareness session or outreach event."""
from __future__ import annotations

import datetime as dt
from functools import partial

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill, format_date
from centre_desk.core.security import Actor
from centre_desk.core.services import activities, projects
from centre_desk.core.services.projects import IndicatorData, OutreachData, ProjectData
from centre_desk.core.vocabulary import AGE_BANDS
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.fields import (
    checkable_list,
    checked_ids,
    choice_combo,
    date_edit,
    date_of,
)


class ProjectsDialog(QDialog):
    """The list of projects, with new, edit, delete and the outreach headcounts."""

    def __init__(self, actor: Actor, parent=None):
        super().__init__(parent)
        self.actor = actor
        self.setWindowTitle(_("Projects and indicators"))
        self.resize(760, 600)
        column = QVBoxLayout(self)
        self.model = RowsModel([
            Column(lambda: _("Project"), lambda r: r.name),
            Column(lambda: _("Donor"), lambda r: r.donor),
            Column(lambda: _("From"), lambda r: format_date(r.start_date)),
            Column(lambda: _("To"), lambda r: format_date(r.end_date)),
            Column(lambda: _("Indicators"), lambda r: r.indicators, align_end=True),
        ], self)
        self.table = read_only_table(self.model)
        column.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.new_button = QPushButton(_("New project…"))
        self.edit_button = QPushButton(_("Edit…"))
        self.delete_button = QPushButton(_("Delete"))
        self.outreach_button = QPushButton(_("Record an awareness session…"))
        for button in (self.new_button, self.edit_button, self.delete_button):
            row.addWidget(button)
        row.addStretch(1)
        column.addLayout(row)
        # The sessions recorded: a wrong headcount is deleted, then the session recorded again.
        column.addWidget(label(_("Awareness sessions and outreach"), "SectionTitle"))
        self.sessions = RowsModel([
            Column(lambda: _("Date"), lambda r: format_date(r.on_date)),
            Column(lambda: _("Title"), lambda r: r.title, identifying=True),
            Column(lambda: _("Project"), lambda r: r.project),
            Column(lambda: _("People"), lambda r: r.people, align_end=True),
        ], self)
        self.sessions_table = read_only_table(self.sessions)
        column.addWidget(self.sessions_table, 1)
        sessions_row = QHBoxLayout()
        self.delete_session_button = QPushButton(_("Delete the session"))
        sessions_row.addWidget(self.outreach_button)
        sessions_row.addWidget(self.delete_session_button)
        sessions_row.addStretch(1)
        column.addLayout(sessions_row)
        self.message = label("", "Hint", wrap=True)
        column.addWidget(self.message)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column.addWidget(buttons)
        self.new_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(lambda: self.edit(self.selected()))
        self.table.doubleClicked.connect(lambda _index: self.edit(self.selected()))
        self.delete_button.clicked.connect(self.delete)
        self.outreach_button.clicked.connect(self.outreach)
        self.delete_session_button.clicked.connect(self.delete_session)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(projects.list_projects(self.actor))
        self.sessions.set_rows(projects.list_outreach(self.actor))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def edit(self, row) -> "ProjectDialog | None":
        if row is False:
            return None
        data = projects.project_data(self.actor, row.id) if row else None
        choices = [(a.id, a.name) for a in activities.list_activities(self.actor)]
        save = partial(projects.save_project, self.actor, project_id=row.id if row else None)
        self.dialog = ProjectDialog(data, choices, save, self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
        return self.dialog

    def delete(self) -> QMessageBox | None:
        """Asks first: one click took a project and all its indicators away."""
        row = self.selected()
        if row is None:
            return None
        return self._confirm(fill(_("Delete the project {name} and its indicators?"),
                                  name=row.name),
                             partial(projects.delete_project, self.actor, row.id))

    def delete_session(self) -> QMessageBox | None:
        rows = self.sessions_table.selectionModel().selectedRows()
        if not rows:
            return None
        row = self.sessions.row_at(rows[0].row())
        return self._confirm(fill(_("Delete the session {title} of {date} and its "
                                    "headcounts?"), title=row.title,
                                  date=format_date(row.on_date)),
                             partial(projects.delete_outreach, self.actor, row.id))

    def _confirm(self, question: str, delete) -> QMessageBox:
        self.confirm = QMessageBox(QMessageBox.Icon.Warning, _("Delete"), question,
                                   QMessageBox.StandardButton.Yes
                                   | QMessageBox.StandardButton.Cancel, self)
        self.confirm.button(QMessageBox.StandardButton.Yes).setText(_("Delete"))

        def confirmed() -> None:
            try:
                delete()
            except UserError as error:
                self.message.setText(error.message)
            self.refresh()

        self.confirm.accepted.connect(confirmed)
        self.confirm.open()
        return self.confirm

    def outreach(self) -> "OutreachDialog":
        choices = [(row.id, row.name) for row in projects.list_projects(self.actor)]
        self.dialog = OutreachDialog(choices, partial(projects.record_outreach, self.actor),
                                     self)
        self.dialog.accepted.connect(lambda: self.message.setText(_("Session recorded.")))
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
        return self.dialog


class ProjectDialog(FormDialog):
    def __init__(self, data: ProjectData | None, activity_choices: list[tuple[int, str]],
                 save, parent=None):
        super().__init__(_("Project") if data else _("New project"), _("Save"), parent)
        self.setMinimumWidth(900)
        today = dt.date.today()
        data = data or ProjectData("", "", dt.date(today.year, 1, 1))
        add = self.form.add
        self.name = add("name", _("Name"), QLineEdit(data.name))
        self.donor = add("donor", _("Donor"), QLineEdit(data.donor))
        dates = QWidget()
        row = QHBoxLayout(dates)
        row.setContentsMargins(0, 0, 0, 0)
        self.start = date_edit(data.start_date)
        self.end = date_edit(data.end_date or dt.date(data.start_date.year, 12, 31))
        row.addWidget(self.start)
        row.addWidget(label(_("to")))
        row.addWidget(self.end)
        row.addStretch(1)
        add("end_date", _("From"), dates)
        self.activities = add("activities", _("Groups funded"),
                              checkable_list(activity_choices, data.activity_ids, 90))
        editor = QWidget()
        column = QVBoxLayout(editor)
        column.setContentsMargins(0, 0, 0, 0)
        self.indicators = QTableWidget(0, 5)
        self.indicators.setHorizontalHeaderLabels([
            _("Name (French)"), _("Name (Arabic)"), _("Measure"), _("Breakdown"),
            _("Yearly target")])
        self.indicators.horizontalHeader().setStretchLastSection(True)
        self.indicators.setMinimumHeight(160)
        column.addWidget(self.indicators)
        buttons = QHBoxLayout()
        self.add_button = QPushButton(_("Add an indicator"))
        self.remove_button = QPushButton(_("Remove"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        add("indicators", _("Indicators"), editor)
        for indicator in data.indicators:
            self.add_indicator(indicator)
        self.add_button.clicked.connect(lambda: self.add_indicator())
        self.remove_button.clicked.connect(
            lambda: self.indicators.removeRow(self.indicators.currentRow()))
        self.save = lambda: save(self.value())

    def add_indicator(self, data: IndicatorData | None = None) -> int:
        data = data or IndicatorData("", "", "active_children")
        row = self.indicators.rowCount()
        self.indicators.insertRow(row)
        self.indicators.setItem(row, 0, QTableWidgetItem(data.name_fr))
        self.indicators.setItem(row, 1, QTableWidgetItem(data.name_ar))
        measure = QComboBox()
        for code in projects.MEASURES:
            measure.addItem(projects.measure_label(code), code)
        measure.setCurrentIndex(max(0, measure.findData(data.measure)))
        split = QComboBox()
        self.indicators.setCellWidget(row, 2, measure)
        self.indicators.setCellWidget(row, 3, split)

        def fill_split() -> None:
            chosen = split.currentData()
            split.clear()
            for code in projects.disaggregations(measure.currentData()):
                split.addItem(_(projects.DISAGGREGATION[code]), code)
            split.setCurrentIndex(max(0, split.findData(chosen)))

        measure.currentIndexChanged.connect(fill_split)
        fill_split()
        split.setCurrentIndex(max(0, split.findData(data.disaggregation)))
        target = QSpinBox()
        target.setRange(0, 1_000_000)
        target.setSpecialValueText(_("none"))
        target.setValue(int(data.yearly_target or 0))
        self.indicators.setCellWidget(row, 4, target)
        self.indicators.resizeColumnsToContents()
        return row

    def value(self) -> ProjectData:
        indicators = []
        for row in range(self.indicators.rowCount()):
            texts = [(self.indicators.item(row, column) or QTableWidgetItem("")).text()
                     for column in (0, 1)]
            target = self.indicators.cellWidget(row, 4).value()
            indicators.append(IndicatorData(
                texts[0], texts[1], self.indicators.cellWidget(row, 2).currentData(),
                self.indicators.cellWidget(row, 3).currentData() or "", target or None))
        chosen = checked_ids(self.activities)
        return ProjectData(self.name.text(), self.donor.text(), date_of(self.start),
                           date_of(self.end), chosen, indicators)


class OutreachDialog(FormDialog):
    """An awareness session: who came, counted by sex and age band, not by name."""

    def __init__(self, project_choices: list[tuple[int, str]], save, parent=None):
        super().__init__(_("Awareness session or outreach event"), _("Save"), parent)
        add = self.form.add
        self.on_date = add("on_date", _("Date"), date_edit(dt.date.today()))
        self.kind = add("kind", _("Kind"), choice_combo(projects.OUTREACH_KIND))
        self.title = add("title", _("Title"), QLineEdit())
        self.place = add("place", _("Place"), QLineEdit())
        self.project = add("project", _("Project"), QComboBox())
        self.project.addItem(_("No project"), None)
        for project_id, name in project_choices:
            self.project.addItem(name, project_id)
        self.counts = QTableWidget(len(projects.AUDIENCE) * 2, len(AGE_BANDS))
        self.counts.setHorizontalHeaderLabels([_(text) for text, _low, _high
                                               in AGE_BANDS.values()])
        rows = []
        for audience, text in projects.AUDIENCE.items():
            for sex, sex_text in (("f", _("women and girls")), ("m", _("men and boys"))):
                rows.append((audience, sex, f"{_(text)} — {sex_text}"))
        self.count_keys = [(audience, sex) for audience, sex, _text in rows]
        self.counts.setVerticalHeaderLabels([text for _a, _s, text in rows])
        for row in range(len(rows)):
            for column in range(len(AGE_BANDS)):
                spin = QSpinBox()
                spin.setRange(0, 100_000)
                self.counts.setCellWidget(row, column, spin)
        self.counts.resizeColumnsToContents()
        self.counts.setMinimumHeight(220)
        self.counts.setMinimumWidth(560)
        add("counts", _("People counted"), self.counts)
        self.save = lambda: save(self.value())

    def value(self) -> OutreachData:
        counts = {}
        for row, (audience, sex) in enumerate(self.count_keys):
            for column, band in enumerate(AGE_BANDS):
                value = self.counts.cellWidget(row, column).value()
                if value:
                    counts[(audience, sex, band)] = value
        return OutreachData(date_of(self.on_date), self.kind.currentData(), self.title.text(),
                            self.place.text(), self.project.currentData(), counts)


__all__ = ["ProjectsDialog", "ProjectDialog", "OutreachDialog", "UserError"]
