"""Families: find a household by name, guardian or phone and open its file."""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLineEdit

from centre_desk.core.i18n import _, counted, ltr
from centre_desk.core.services import families
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.pages.base import Page
from centre_desk.ui.session import Session
from centre_desk.ui.widgets.common import label

COLUMNS = [
    Column(lambda: _("Household"), lambda row: row.name),
    Column(lambda: _("Neighbourhood"), lambda row: row.neighbourhood),
    Column(lambda: _("Phone"), lambda row: ltr(row.phones) if row.phones else ""),
    Column(lambda: _("Children at the centre"), lambda row: row.children, align_end=True),
]


class FamiliesPage(Page):
    def __init__(self, session: Session, open_household):
        super().__init__(session, _("Families"))
        self.open_household = open_household
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by family name, guardian's name or phone…"))
        self.search.setClearButtonEnabled(True)
        self.column.addWidget(self.search)
        self.count = label("", "Hint")
        self.column.addWidget(self.count)
        self.model = RowsModel(COLUMNS, self)
        self.table = read_only_table(self.model)
        self.column.addWidget(self.table, 1)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.search.returnPressed.connect(self._open_first)
        self.table.activated.connect(lambda index: self.open_household(
            self.model.row_at(index.row()).id))

    def refresh(self) -> None:
        self.timer.stop()
        rows = families.find_households(self.session.actor, self.search.text(), limit=500)
        self.model.set_rows(rows)
        self.count.setText(counted("{n} household", "{n} households", len(rows))
                           + (_(" (the first 500)") if len(rows) == 500 else ""))

    def _open_first(self) -> None:
        self.refresh()
        if self.model.rows:
            self.open_household(self.model.rows[0].id)
