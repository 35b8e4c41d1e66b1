"""Dialogs for the actions on a whole file: choosing another child (to merge) or a household
(to move to), changing the file number, and confirming an erasure by typing the file number."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QRadioButton

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill
from centre_desk.core.security import Actor
from centre_desk.core.services import child_search, families
from centre_desk.core.services.child_search import ChildFilter
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.models.child_list import child_labels
from centre_desk.ui.models.table import select_row
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.fields import date_edit, date_of
from centre_desk.ui.widgets.picker import arrows_move_choice


class MergeDialog(FormDialog):
    """Find the duplicate file whose records move into the file being viewed."""

    def __init__(self, actor: Actor, keep_id: int, keep_number: str,
                 merge: Callable[[int], object], parent=None):
        super().__init__(fill(_("Merge a duplicate into {number}"), number=keep_number),
                         _("Merge"), parent)
        self.actor, self.keep_id = actor, keep_id
        self.form.rows.addRow(label(fill(_("The duplicate's sessions, certificates, entries and "
                                           "family links move into {number}; the duplicate then "
                                           "only points to it. This cannot be undone."),
                                         number=keep_number), "Warning", wrap=True))
        self.search = self.form.add("search", _("Find the duplicate"), QLineEdit())
        self.found = self.form.add("duplicate", "", QListWidget())
        self.found.setMinimumHeight(160)
        self.search.textChanged.connect(self._find)
        arrows_move_choice(self.search, self.found)
        self.save = lambda: merge(self.chosen())
        self.form.at_least(520)

    def _find(self, text: str) -> None:
        self.found.clear()
        if not text.strip():
            return
        ids = [id_ for id_ in child_search.search_ids(
            self.actor, ChildFilter(text=text, status=None)) if id_ != self.keep_id][:40]
        for id_, row, text_ in child_labels(self.actor, ids):
            item = QListWidgetItem(f"{text_}  ({row.birth_year or '?'})")
            item.setData(Qt.ItemDataRole.UserRole, id_)
            self.found.addItem(item)
        if self.found.count():
            select_row(self.found, 0)

    def chosen(self) -> int:
        item = self.found.currentItem()
        if item is None:
            raise UserError(_("Find the duplicate file and choose it in the list."), "duplicate")
        return item.data(Qt.ItemDataRole.UserRole)


class FileNumberDialog(FormDialog):
    def __init__(self, number: str, save: Callable[[str], object], parent=None):
        super().__init__(_("Change the file number"), _("Change"), parent)
        self.number = self.form.add("file_number", _("File number"), QLineEdit(number))
        self.save = lambda: save(self.number.text())


class EraseDialog(FormDialog):
    """Erasing is final: the user types the file number to confirm."""

    def __init__(self, number: str, erase: Callable[[], object], parent=None):
        super().__init__(fill(_("Erase the personal data of {number}"), number=number),
                         _("Erase for good"), parent)
        self.expected = number
        self.form.rows.addRow(label(_(
            "On the family's request (law 09-08), names, photo, phone numbers, places and notes "
            "are removed for good. The file stays as an anonymous record so that the centre's "
            "counts and attendance statistics remain true. The household is erased too when no "
            "other child of the centre lives in it."), "Warning", wrap=True))
        self.confirm = self.form.add("confirm", fill(_("Type {number} to confirm"),
            number=number), QLineEdit())
        styled(self.ok_button, "Danger")

        def save():
            if self.confirm.text().strip().upper() != self.expected.upper():
                raise UserError(_("Type the file number exactly to confirm."), "confirm")
            erase()
        self.save = save


class HouseholdChoiceDialog(FormDialog):
    """Where the child lives from now on: a known household or a new one."""

    def __init__(self, actor: Actor, current: int | None,
                 move: Callable[[int, object], object],
                 move_to_new: Callable[[families.HouseholdData, object], object], parent=None):
        super().__init__(_("Change household"), _("Move"), parent)
        self.actor, self.current = actor, current
        self.existing = QRadioButton(_("A household already known"))
        self.new = QRadioButton(_("A new household"))
        self.existing.setChecked(True)
        self.form.rows.addRow(self.existing)
        self.search = self.form.add("search", _("Find the household"), QLineEdit(),
                                    _("Family name, guardian's name or phone number."))
        self.found = self.form.add("household", "", QListWidget())
        self.found.setMinimumHeight(120)
        self.form.rows.addRow(self.new)
        self.name = self.form.add("name", _("Household name"), QLineEdit())
        self.address = self.form.add("address", _("Address"), QLineEdit())
        self.on_date = self.form.add("on_date", _("Since"), date_edit())
        self.search.textChanged.connect(self._find)
        arrows_move_choice(self.search, self.found)
        self.existing.toggled.connect(self._switch)
        self._switch()

        def save():
            if self.new.isChecked():
                move_to_new(families.HouseholdData(name=self.name.text(),
                                                   address=self.address.text()),
                            date_of(self.on_date))
            else:
                move(self._chosen(), date_of(self.on_date))
        self.save = save

    def _switch(self) -> None:
        existing = self.existing.isChecked()
        for widget in (self.search, self.found):
            widget.setEnabled(existing)
        for widget in (self.name, self.address):
            widget.setEnabled(not existing)

    def _find(self, text: str) -> None:
        self.found.clear()
        for row in families.find_households(self.actor, text, limit=30) if text.strip() else []:
            if row.id == self.current:
                continue
            item = QListWidgetItem(f"{row.name} — {row.neighbourhood} {row.phones}".strip(" —"))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.found.addItem(item)
        if self.found.count():
            select_row(self.found, 0)

    def _chosen(self) -> int:
        item = self.found.currentItem()
        if item is None:
            raise UserError(_("Find the household and choose it in the list."), "household")
        return item.data(Qt.ItemDataRole.UserRole)
