"""The tabs of a child's file. Each reloads from the core and saves through it; an archived,
merged or erased file shows everything read-only."""
from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import (
    _,
    fill,
    format_date,
    format_month,
    isolated,
    join_list,
    ltr,
    paragraph,
)
from centre_desk.core.security import Actor
from centre_desk.core.services import children, families, records
from centre_desk.core.services.children import ChildFile
from centre_desk.core.vocabulary import (
    CIVIL_STATUS,
    CIVIL_STEP,
    HEALTH_COVERAGE,
    HEALTH_VISIT,
    MEMBER_RELATION,
    RELATION,
    SCHOOL_ENTRY,
    SCHOOL_STATUS,
    SEX,
    label,
)
from centre_desk.ui.dialogs.entries import EntriesPanel, confidential_note
from centre_desk.ui.models.table import Column, RowsModel, read_only_table
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label as text_label
from centre_desk.ui.widgets.fields import choice_combo, multi_line, set_choice, set_read_only
from centre_desk.ui.widgets.form import Form, save_form
from centre_desk.ui.widgets.identity_form import IdentityForm


def scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


class SavingTab(QWidget):
    """A tab with a form and a Save button; saving reports errors beside the fields."""

    def __init__(self, actor: Actor, child_id: int, on_saved: Callable[[], None]):
        super().__init__()
        self.actor, self.child_id, self.on_saved = actor, child_id, on_saved
        self.column = QVBoxLayout(self)
        self.save_row = QHBoxLayout()
        self.saved = text_label("", "Hint")
        self.save_button = QPushButton(_("Save"))
        styled(self.save_button, "Primary")
        self.save_row.addWidget(self.saved, 1)
        self.save_row.addWidget(self.save_button)
        self.save_button.clicked.connect(self.save)

    def save(self) -> None:
        if save_form(self, self.saved, self.write):
            self.on_saved()

    def write(self) -> None:
        raise NotImplementedError

    def show_error(self, error: UserError) -> None:
        self.form.show_error(error)

    def clear_errors(self) -> None:
        self.form.clear_errors()


class IdentityTab(SavingTab):
    def __init__(self, actor, child_id, on_saved):
        super().__init__(actor, child_id, on_saved)
        self.identity = IdentityForm()
        self.column.addWidget(scrolled(self.identity), 1)
        self.column.addLayout(self.save_row)

    def load(self, file: ChildFile) -> None:
        self.identity.set_identity(file.identity)
        self.saved.clear()
        self.identity.set_read_only(file.read_only)
        self.save_button.setEnabled(not file.read_only)

    def write(self) -> None:
        children.update_identity(self.actor, self.child_id, self.identity.identity())

    def show_error(self, error: UserError) -> None:
        self.identity.show_error(error)

    def clear_errors(self) -> None:
        self.identity.clear_errors()


class SchoolTab(SavingTab):
    def __init__(self, actor, child_id, on_saved):
        super().__init__(actor, child_id, on_saved)
        self.form = Form()
        self.form.setMaximumWidth(720)
        self.status = self.form.add("school_status", _("School situation"),
                                    choice_combo(SCHOOL_STATUS))
        self.school = self.form.add("school_name", _("School"), QLineEdit())
        self.level = self.form.add("school_level", _("Level"), QLineEdit())
        self.column.addWidget(self.form)
        self.column.addLayout(self.save_row)
        self.entries = EntriesPanel(actor, child_id, "school", SCHOOL_ENTRY,
                                    _("Results and meetings with teachers"))
        self.column.addWidget(self.entries, 1)

    def load(self, file: ChildFile) -> None:
        set_choice(self.status, file.school_status)
        self.school.setText(file.school_name)
        self.level.setText(file.school_level)
        set_read_only(self.form, file.read_only)
        self.save_button.setEnabled(not file.read_only)
        self.entries.set_read_only(file.read_only)
        self.entries.refresh()

    def write(self) -> None:
        records.update_school(self.actor, self.child_id, self.status.currentData(),
                              self.school.text(), self.level.text())


class CivilTab(SavingTab):
    def __init__(self, actor, child_id, on_saved):
        super().__init__(actor, child_id, on_saved)
        self.form = Form()
        self.form.setMaximumWidth(720)
        self.status = self.form.add("civil_status", _("Civil registration"),
                                    choice_combo(CIVIL_STATUS))
        self.column.addWidget(self.form)
        self.column.addLayout(self.save_row)
        self.entries = EntriesPanel(actor, child_id, "civil", CIVIL_STEP,
                                    _("Steps of the procedure and documents obtained"))
        self.column.addWidget(self.entries, 1)

    def load(self, file: ChildFile) -> None:
        set_choice(self.status, file.civil_status)
        set_read_only(self.form, file.read_only)
        self.save_button.setEnabled(not file.read_only)
        self.entries.set_read_only(file.read_only)
        self.entries.refresh()

    def write(self) -> None:
        records.update_civil_status(self.actor, self.child_id, self.status.currentData())


class HealthTab(SavingTab):
    """Only built for roles that may read health (the core refuses the others anyway)."""

    def __init__(self, actor, child_id, on_saved):
        super().__init__(actor, child_id, on_saved)
        self.column.addWidget(confidential_note())
        self.form = Form()
        self.form.setMaximumWidth(720)
        self.coverage = self.form.add("health_coverage", _("Health coverage"),
                                      choice_combo(HEALTH_COVERAGE))
        self.notes = self.form.add("health_notes", _("Notes"), multi_line(lines=3))
        self.column.addWidget(self.form)
        self.column.addLayout(self.save_row)
        self.entries = EntriesPanel(actor, child_id, "health", HEALTH_VISIT,
                                    _("Visits to a doctor or a hospital"))
        self.column.addWidget(self.entries, 1)

    def load(self, file: ChildFile) -> None:
        set_choice(self.coverage, file.health_coverage)
        self.notes.setPlainText(file.health_notes or "")
        set_read_only(self.form, file.read_only)
        self.save_button.setEnabled(not file.read_only)
        self.entries.set_read_only(file.read_only)
        self.entries.refresh()

    def write(self) -> None:
        records.update_health(self.actor, self.child_id, self.coverage.currentData(),
                              self.notes.toPlainText())


class FamilyTab(QWidget):
    """The household at a glance: guardians, brothers and sisters, where the child lived."""

    def __init__(self, actor: Actor, child_id: int, open_household: Callable[[int], None],
                 attach: Callable[[], None]):
        super().__init__()
        self.actor, self.child_id = actor, child_id
        self.household_id: int | None = None
        column = QVBoxLayout(self)
        top = QHBoxLayout()
        self.summary = text_label("", "SectionTitle", wrap=True)
        top.addWidget(self.summary, 1)
        self.open_button = QPushButton(_("Open the family file…"))
        self.attach_button = QPushButton(_("Change household…"))
        top.addWidget(self.open_button)
        top.addWidget(self.attach_button)
        column.addLayout(top)
        self.open_button.clicked.connect(lambda: open_household(self.household_id))
        self.attach_button.clicked.connect(attach)
        self.badge = text_label(_("Single-mother household"), "Warning")
        column.addWidget(self.badge)
        column.addWidget(text_label(_("Guardians"), "SectionTitle"))
        self.guardians = RowsModel([
            Column(lambda: _("Name"), lambda g: g.name, identifying=True),
            Column(lambda: _("Relation"), lambda g: label(RELATION, g.relation)),
            Column(lambda: _("Phone"), lambda g: ltr(g.phone) if g.phone else ""),
        ], self)
        table = read_only_table(self.guardians)
        table.setMaximumHeight(130)
        column.addWidget(table)
        column.addWidget(text_label(_("Brothers and sisters"), "SectionTitle"))
        self.siblings = RowsModel([
            Column(lambda: _("Name"), lambda s: s[0], identifying=True),
            Column(lambda: _("Sex"), lambda s: s[1]),
            Column(lambda: _("Born"), lambda s: s[2]),
            Column(lambda: _("At the centre"), lambda s: s[3]),
        ], self)
        column.addWidget(read_only_table(self.siblings), 1)
        column.addWidget(text_label(_("Households over time"), "SectionTitle"))
        self.history = text_label("", wrap=True)
        column.addWidget(self.history)

    def load(self, file: ChildFile) -> None:
        self.household_id = file.household_id
        self.open_button.setEnabled(file.household_id is not None)
        self.attach_button.setEnabled(not file.read_only)
        self.badge.setVisible(file.single_mother)
        self.guardians.set_rows(file.guardians)
        if file.household_id is None:
            self.summary.setText(_("No household yet."))
            self.siblings.set_rows([])
            self.history.clear()
            return
        household = families.get_household(self.actor, file.household_id)
        place = join_list(isolated(part) for part in (household.data.address,
                                                      household.data.neighbourhood) if part)
        self.summary.setText(paragraph(fill(_("Household {name}"), name=household.data.name)
                                       + (f" — {place}" if place else "")))
        rows = [(child.name, label(SEX, child.sex), str(child.birth_year or ""),
                 child.file_number) for child in household.children
                if child.id != self.child_id and child.current]
        rows += [(member.name, label(SEX, member.sex), str(member.birth_year or ""),
                  label(MEMBER_RELATION, member.relation) + " · " + _("not at the centre"))
                 for _id, member in household.members]
        self.siblings.set_rows(rows)
        self.history.setText("\n".join(
            paragraph(_stay_text(name, start, end))
            for _id, name, start, end in families.stays(self.actor, self.child_id)))


def _stay_text(name: str, start, end) -> str:
    if end is None:
        return fill(_("{name}: since {start}"), name=name, start=format_date(start))
    return fill(_("{name}: from {start} to {end}"), name=name, start=format_date(start),
                end=format_date(end))


class AttendanceTab(QWidget):
    """The child's attendance: rates per activity and per month, and the latest sessions."""

    def __init__(self, actor: Actor, child_id: int):
        super().__init__()
        from centre_desk.core.services import attendance_stats
        from centre_desk.core.vocabulary import MARK

        self.actor, self.child_id, self.stats = actor, child_id, attendance_stats
        column = QVBoxLayout(self)
        self.groups = text_label("", wrap=True)
        column.addWidget(self.groups)
        tallies = QHBoxLayout()
        self.by_activity = RowsModel([Column(lambda: _("Activity"), lambda r: r[0])]
                                     + _tally_columns(lambda r: r[1]), self)
        self.by_month = RowsModel([Column(lambda: _("Month"), lambda r: format_month(r[0]))]
                                  + _tally_columns(lambda r: r[1]), self)
        for title, model in ((_("By activity"), self.by_activity),
                             (_("By month"), self.by_month)):
            box = QVBoxLayout()
            box.addWidget(text_label(title, "SectionTitle"))
            box.addWidget(read_only_table(model))
            tallies.addLayout(box)
        column.addLayout(tallies, 1)
        column.addWidget(text_label(_("Latest sessions"), "SectionTitle"))
        self.recent = RowsModel([
            Column(lambda: _("Date"), lambda r: format_date(r[0])),
            Column(lambda: _("Time"), lambda r: r[1]),
            Column(lambda: _("Activity"), lambda r: r[2], identifying=True),
            Column(lambda: _("Mark"), lambda r: label(MARK, r[3])),
            Column(lambda: _("Note"), lambda r: r[4], free_text=True),
        ], self)
        column.addWidget(read_only_table(self.recent), 1)

    def load(self, file: ChildFile) -> None:
        from centre_desk.core.services.children import groups_of_child

        history = self.stats.child_attendance(self.actor, self.child_id)
        groups = groups_of_child(self.child_id)
        self.groups.setText(paragraph(fill(_("Groups: {groups}"),
            groups=join_list(groups) or _("none yet"))))
        self.by_activity.set_rows(history.by_activity)
        self.by_month.set_rows(history.by_month)
        self.recent.set_rows(history.recent)


def _tally_columns(tally_of) -> list[Column]:
    from centre_desk.core.services.attendance_stats import rate_text

    return [
        Column(lambda: _("Sessions"), lambda r: tally_of(r).sessions, align_end=True),
        Column(lambda: _("Absent"), lambda r: tally_of(r).absent, align_end=True),
        Column(lambda: _("Excused"), lambda r: tally_of(r).excused, align_end=True),
        Column(lambda: _("Rate"), lambda r: rate_text(tally_of(r)), align_end=True),
    ]

