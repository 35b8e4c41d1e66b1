"""The Settings section that says over which year the annual report runs: the school year
(September–August) or the calendar year. A module of its own: the Settings page only adds it."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QWidget

from centre_desk.core import reports
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.security import Actor
from centre_desk.ui.widgets.common import card, label


class ReportYearSection:
    def __init__(self, actor: Actor):
        self.actor = actor
        self.kind = QComboBox()
        for code, text in reports.YEAR_KINDS.items():
            self.kind.addItem(_(text), code)
        self.kind.setCurrentIndex(self.kind.findData(reports.year_kind()))
        self.save_button = QPushButton(_("Save"))
        self.saved = label("", "Hint")
        row = QHBoxLayout()
        row.addWidget(label(_("The annual report covers")))
        row.addWidget(self.kind)
        row.addWidget(self.save_button)
        row.addWidget(self.saved, 1)
        self.widget: QWidget = card(label(_("Reports"), "SectionTitle"))
        self.widget.layout().addLayout(row)
        self.save_button.clicked.connect(self.save)
        self.kind.currentIndexChanged.connect(lambda _index: self.saved.setText(""))

    def save(self) -> None:
        try:
            reports.set_year_kind(self.actor, self.kind.currentData())
        except UserError as error:
            self.saved.setText(error.message)
            return
        self.saved.setText(_("Saved."))
