"""Reports: a year of attendance by activity and month, and its CSV export."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QSpinBox

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill, month_name
from centre_desk.core.services import reports
from centre_desk.core.services.attendance_stats import rate_text
from centre_desk.ui.icons import with_icon
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.common import label


class ReportsPage(Page):
    def __init__(self, session: Session):
        super().__init__(session, _("Reports"))
        row = QHBoxLayout()
        row.addWidget(label(_("Attendance rate by activity and month, year")))
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setGroupSeparatorShown(False)
        self.year.setValue(dt.date.today().year)
        self.export_button = with_icon(QPushButton(_("Export CSV…")), "file-export")
        row.addWidget(self.year)
        row.addStretch(1)
        row.addWidget(self.export_button)
        self.column.addLayout(row)
        columns = [Column(lambda: _("Activity"), lambda r: r.activity)]
        for month in range(1, 13):
            columns.append(Column(lambda month=month: month_name(month, abbreviated=True),
                                  lambda r, month=month: rate_text(r.months.get(month)),
                                  align_end=True))
        columns.append(Column(lambda: _("Year"), lambda r: rate_text(r.total), align_end=True))
        self.model = RowsModel(columns, self)
        self.table = read_only_table(self.model, same_width=range(1, 14))  # months and year
        self.table.setWordWrap(False)
        self.column.addWidget(self.table, 1)
        self.column.addWidget(label(_("Present or late out of sessions held, excused absences "
                                      "left out."), "Hint"))
        self.message = label("", "Hint", wrap=True)
        self.column.addWidget(self.message)
        self.year.valueChanged.connect(self.refresh)
        self.export_button.clicked.connect(self.choose_path)

    def refresh(self) -> None:
        self.model.set_rows(reports.year_rows(self.session.actor, self.year.value()))

    def choose_path(self) -> None:
        name = _("attendance") + f"-{self.year.value()}.csv"
        path, _filter = QFileDialog.getSaveFileName(self, _("Export CSV"),
                                                    str(Path.home() / name), "CSV (*.csv)")
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> Path | None:
        try:
            reports.write_year_csv(self.session.actor, self.year.value(), path)
        except UserError as error:
            self.message.setText(error.message)
            return None
        self.message.setText(fill(_("Written to {path}"), path=path))
        return path
