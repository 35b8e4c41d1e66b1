"""Dated entries of a child's file (school, civil registration, health) and of a family's
follow-up timeline: a list, Add…, and Delete for an entry made by mistake."""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, format_date
from centre_desk.core.security import Actor, Permission
from centre_desk.core.services import audit_search, records
from centre_desk.core.services.records import EntryData, FollowUpData
from centre_desk.core.vocabulary import FOLLOW_UP_KIND, Choices, label
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.widgets.common import label as text_label
from centre_desk.ui.widgets.fields import choice_combo, date_edit, date_of, multi_line

# What the free fields mean in each section.
SECTION_TEXTS = {
    "school": {"label": lambda: _("Year and term"), "person": lambda: _("Teacher"),
               "note": lambda: _("Result or notes")},
    "civil": {"label": lambda: _("Document or court"), "person": lambda: _("Accompanied by"),
              "note": lambda: _("Notes")},
    "health": {"label": lambda: _("Doctor or place"), "person": lambda: _("Accompanied by"),
               "note": lambda: _("Notes")},
}


class EntryDialog(FormDialog):
    def __init__(self, section: str, kinds: Choices, save: Callable[[EntryData], object],
                 parent=None):
        super().__init__(_("New entry"), _("Add"), parent)
        texts = SECTION_TEXTS[section]
        self.on_date = self.form.add("on_date", _("Date"), date_edit())
        self.kind = self.form.add("kind", _("Kind"), choice_combo(kinds))
        self.label = self.form.add("label", texts["label"](), QLineEdit())
        self.person = self.form.add("person", texts["person"](), QLineEdit())
        self.note = self.form.add("note", texts["note"](), multi_line())
        self.save = lambda: save(self.data())

    def data(self) -> EntryData:
        return EntryData(date_of(self.on_date), self.kind.currentData(), self.label.text(),
                         self.person.text(), self.note.toPlainText())


class EntriesPanel(QWidget):
    """The entries of one section of one child's file."""

    def __init__(self, actor: Actor, child_id: int, section: str, kinds: Choices, title: str):
        super().__init__()
        self.actor, self.child_id, self.section, self.kinds = actor, child_id, section, kinds
        self.read_only = False
        texts = SECTION_TEXTS[section]
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        row = QHBoxLayout()
        row.addWidget(text_label(title, "SectionTitle"), 1)
        self.add_button = QPushButton(_("Add…"))
        self.delete_button = QPushButton(_("Delete"))
        row.addWidget(self.add_button)
        row.addWidget(self.delete_button)
        column.addLayout(row)
        self.model = RowsModel([
            Column(lambda: _("Date"), lambda r: format_date(r.data.on_date)),
            Column(lambda: _("Kind"), lambda r: label(kinds, r.data.kind)),
            Column(texts["label"], lambda r: r.data.label),
            Column(texts["person"], lambda r: r.data.person),
            Column(texts["note"], lambda r: r.data.note.replace("\n", " "), free_text=True),
            Column(lambda: _("Written by"), lambda r: r.author),
        ], self)
        self.table = read_only_table(self.model)
        self.table.setMinimumHeight(140)
        column.addWidget(self.table)
        self.error = text_label("", "FieldError", wrap=True)
        self.error.hide()
        column.addWidget(self.error)
        self.add_button.clicked.connect(self.add)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)

    def refresh(self) -> None:
        self.model.set_rows(records.list_entries(self.actor, self.child_id, self.section))
        self._update_buttons()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.add_button.setEnabled(not self.read_only)
        self.delete_button.setEnabled(not self.read_only
                                      and bool(self.table.selectionModel().selectedRows()))

    def add(self) -> EntryDialog:
        dialog = EntryDialog(self.section, self.kinds, lambda data: records.add_entry(
            self.actor, self.child_id, self.section, data), self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        try:
            records.delete_entry(self.actor, self.model.row_at(rows[0].row()).id)
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        self.error.hide()
        self.refresh()


class FollowUpDialog(FormDialog):
    def __init__(self, actor: Actor, save: Callable[[FollowUpData], object],
                 children: list[tuple[int, str]], child_id: int | None = None, parent=None):
        super().__init__(_("New follow-up entry"), _("Add"), parent)
        self.on_date = self.form.add("on_date", _("Date"), date_edit())
        self.kind = self.form.add("kind", _("Kind"), choice_combo(FOLLOW_UP_KIND, "home_visit"))
        self.child = self.form.add("child", _("About"), choice_combo({}, empty=_("The whole family")))
        for id_, name in children:
            self.child.addItem(name, id_)
        self.child.setCurrentIndex(max(0, self.child.findData(child_id)))
        self.note = self.form.add("note", _("What happened"), multi_line(lines=5))
        self.confidential = self.form.add("confidential", _("Confidential"), QCheckBox(
            _("Only the coordinator, the social worker and administrators may read it")))
        self.confidential.setVisible(actor.can(Permission.VIEW_CONFIDENTIAL))
        self.save = lambda: save(self.data())

    def data(self) -> FollowUpData:
        return FollowUpData(date_of(self.on_date), self.kind.currentData(),
                            self.note.toPlainText(), self.confidential.isChecked(),
                            self.child.currentData())


class TimelinePanel(QWidget):
    """A family's follow-up timeline; confidential entries are left out by the core for those
    who may not read them."""

    def __init__(self, actor: Actor, household_id: int | None,
                 children: Callable[[], list[tuple[int, str]]], child_id: int | None = None):
        super().__init__()
        self.actor, self.household_id, self.children = actor, household_id, children
        self.child_id = child_id
        self.read_only = False
        self.confidential_read: set[int] = set()  # households whose entries were audited
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 8, 0, 0)
        row = QHBoxLayout()
        row.addWidget(text_label(_("Follow-up timeline of the family"), "SectionTitle"), 1)
        self.add_button = QPushButton(_("Add…"))
        row.addWidget(self.add_button)
        column.addLayout(row)
        self.empty = text_label(_("This child has no household yet: attach one in the Family "
                                  "tab to keep a timeline."), "Hint", wrap=True)
        column.addWidget(self.empty)
        self.model = RowsModel([
            Column(lambda: _("Date"), lambda r: format_date(r.data.on_date)),
            Column(lambda: _("Kind"), lambda r: label(FOLLOW_UP_KIND, r.data.kind)),
            Column(lambda: _("About"), lambda r: r.child_name or _("The whole family"),
                   identifying=True),
            Column(lambda: _("What happened"), lambda r: r.data.note.replace("\n", " "),
                   free_text=True),
            Column(lambda: _("Confidential"), lambda r: _("yes") if r.data.confidential else ""),
            Column(lambda: _("Written by"), lambda r: r.author),
        ], self)
        self.table = read_only_table(self.model)
        self.table.setWordWrap(True)
        column.addWidget(self.table, 1)
        self.add_button.clicked.connect(self.add)

    def set_household(self, household_id: int | None) -> None:
        self.household_id = household_id
        self.refresh()

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.add_button.setEnabled(not read_only and self.household_id is not None)

    def refresh(self) -> None:
        has_household = self.household_id is not None
        self.empty.setVisible(not has_household)
        self.table.setVisible(has_household)
        self.add_button.setEnabled(has_household and not self.read_only)
        rows = records.list_follow_ups(self.actor, self.household_id) if has_household else []
        if (any(row.data.confidential for row in rows)
                and self.household_id not in self.confidential_read):
            audit_search.record_confidential_read(self.actor, "household", self.household_id,
                                                  "follow_up")  # shown: audited as a read
            self.confidential_read.add(self.household_id)
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()

    def add(self) -> FollowUpDialog:
        dialog = FollowUpDialog(self.actor, lambda data: records.add_follow_up(
            self.actor, self.household_id, data), self.children(), self.child_id, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog


def confidential_note() -> QWidget:
    note = text_label(_("Confidential: only the coordinator, the social worker and "
                        "administrators see this section."), "Hint", wrap=True)
    note.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
    return note
