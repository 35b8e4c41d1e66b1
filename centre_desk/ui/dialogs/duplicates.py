"""The files that may be the child being registered, with enough detail to decide."""
from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout

from centre_desk.core.i18n import _, join_list, ltr
from centre_desk.core.services.children import birth_text
from centre_desk.core.services.registration import Candidate
from centre_desk.core.vocabulary import SEX, label
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, select_row
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label as text_label
from centre_desk.ui.widgets.sizing import fit_window

REASONS = {"name": lambda: _("similar name"), "birth": lambda: _("born within a year"),
           "phone": lambda: _("same guardian's phone")}
# "née" for a girl, "ازداد" for a boy: the sex of the file is known.
BORN = {"f": lambda: _("girl born within a year"), "m": lambda: _("boy born within a year")}


def _alike(candidate: Candidate) -> str:
    return " · ".join(BORN[candidate.sex]() if reason == "birth" and candidate.sex in BORN
                      else REASONS[reason]() for reason in candidate.reasons)


def _status(candidate: Candidate) -> str:
    if candidate.archived:
        return _("Archived")
    return _("Active") if candidate.status == "active" else _("Left")


COLUMNS = [
    Column(lambda: _("File no."), lambda c: c.file_number),
    Column(lambda: _("Name"), lambda c: c.name_latin, identifying=True),
    Column(lambda: _("Name in Arabic"), lambda c: c.name_arabic, identifying=True),
    Column(lambda: _("Sex"), lambda c: label(SEX, c.sex)),
    Column(lambda: _("Birth"), lambda c: birth_text(c.birth_precision, None, c.birth_year)),
    Column(lambda: _("Household"), lambda c: c.household_name),
    Column(lambda: _("Guardian's phone"), lambda c: join_list(ltr(p) for p in c.guardian_phones)),
    Column(lambda: _("Status"), _status),
    Column(lambda: _("Alike by"), _alike, identifying=True),
]


class DuplicatesDialog(QDialog):
    open_child = Signal(int)
    register_anyway = Signal()

    def __init__(self, candidates: list[Candidate], parent=None):
        super().__init__(parent)
        self.setWindowTitle(_("Is this child already registered?"))
        column = QVBoxLayout(self)
        column.addWidget(text_label(_("These files look like the child you are registering. "
                                      "Open the right one, or register a new file if it is "
                                      "another child."), wrap=True))
        self.model = RowsModel(COLUMNS, self)
        self.model.set_rows(candidates)
        self.table = read_only_table(self.model)
        select_row(self.table, 0)
        column.addWidget(self.table)
        self.buttons = QDialogButtonBox()
        self.open_button = self.buttons.addButton(_("Open this file"),
                                                  QDialogButtonBox.ButtonRole.AcceptRole)
        styled(self.open_button, "Primary")
        self.new_button = self.buttons.addButton(_("It is another child: register"),
                                                 QDialogButtonBox.ButtonRole.ActionRole)
        self.back_button = self.buttons.addButton(_("Back to the form"),
                                                  QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.clicked.connect(self._open)
        self.new_button.clicked.connect(self._register)
        self.back_button.clicked.connect(self.reject)
        self.table.doubleClicked.connect(self._open)
        column.addWidget(self.buttons)
        self.open_button.setDefault(True)  # Enter opens the current file
        fit_window(self, 1000, 320)

    def _open(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if rows:
            self.accept()
            self.open_child.emit(self.model.row_at(rows[0].row()).id)

    def _register(self) -> None:
        self.accept()
        self.register_anyway.emit()
