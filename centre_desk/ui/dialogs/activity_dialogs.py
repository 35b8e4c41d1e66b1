"""Dialogs of the activities screen: an activity with its educators and timetable, its
participants, closure days, one-off sessions and the centre's attendance rules."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, format_date, ngettext
from centre_desk.core.security import Actor
from centre_desk.core.services import activities, child_search, families, settings
from centre_desk.core.services.activities import ActivityData, Slot
from centre_desk.core.services.child_search import ChildFilter
from centre_desk.core.vocabulary import ACTIVITY_KIND, ADULT_KINDS, WEEKDAYS
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.models.child_list import child_labels
from centre_desk.ui.models.table import Column, RowsModel, read_only_table, select_row
from centre_desk.ui.widgets.common import label
from centre_desk.ui.widgets.fields import (
    checkable_list,
    checked_ids,
    choice_combo,
    counted_suffix,
    date_edit,
    date_of,
)
from centre_desk.ui.widgets.picker import arrows_move_choice


def optional_spin(value: int | None, maximum: int, none_text: str) -> QSpinBox:
    """0 shows ``none_text`` and means "no value"."""
    spin = QSpinBox()
    spin.setRange(0, maximum)
    spin.setSpecialValueText(none_text)
    spin.setValue(value or 0)
    return spin


def spin_value(spin: QSpinBox) -> int | None:
    return spin.value() or None


class TimetableEditor(QWidget):
    """Rows of day, start and end; "Monday to Friday" adds five at once."""

    def __init__(self, slots: list[Slot]):
        super().__init__()
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Day"), _("Start"), _("End")])
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setMinimumHeight(150)
        column.addWidget(self.table)
        buttons = QHBoxLayout()
        self.start = QLineEdit("09:00")
        self.end = QLineEdit("11:00")
        for edit in (self.start, self.end):
            edit.setMaximumWidth(70)
        self.add_button = QPushButton(_("Add a day"))
        self.week_button = QPushButton(_("Monday to Friday"))
        self.remove_button = QPushButton(_("Remove"))
        for widget in (self.start, self.end, self.add_button, self.week_button,
                       self.remove_button):
            buttons.addWidget(widget)
        buttons.addStretch(1)
        column.addLayout(buttons)
        self.add_button.clicked.connect(lambda: self.add(Slot(0, self.start.text(),
                                                              self.end.text())))
        self.week_button.clicked.connect(lambda: [self.add(Slot(day, self.start.text(),
                                                                self.end.text()))
                                                  for day in range(5)])
        self.remove_button.clicked.connect(
            lambda: self.table.removeRow(self.table.currentRow())
            if self.table.currentRow() >= 0 else None)
        for slot in slots:
            self.add(slot)

    def add(self, slot: Slot) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        day = choice_combo(WEEKDAYS, str(slot.weekday))
        self.table.setCellWidget(row, 0, day)
        self.table.setCellWidget(row, 1, QLineEdit(slot.start_time))
        self.table.setCellWidget(row, 2, QLineEdit(slot.end_time))

    def slots(self) -> list[Slot]:
        return [Slot(int(self.table.cellWidget(row, 0).currentData()),
                     self.table.cellWidget(row, 1).text().strip(),
                     self.table.cellWidget(row, 2).text().strip())
                for row in range(self.table.rowCount())]


class ActivityDialog(FormDialog):
    def __init__(self, data: ActivityData | None, educators: list[tuple[int, str]],
                 save: Callable[[ActivityData], object], parent=None):
        super().__init__(_("Activity") if data else _("New activity"), _("Save"), parent)
        data = data or ActivityData()
        add = self.form.add
        self.kind = add("kind", _("Kind"), choice_combo(ACTIVITY_KIND, data.kind))
        self.name = add("name", _("Name"), QLineEdit(data.name))
        self.name.setPlaceholderText(_("e.g. Soutien scolaire CE4–CE6, Chorale, Karaté"))
        self.name_arabic = add("name_arabic", _("Name in Arabic"), QLineEdit(data.name_arabic),
                               _("Printed on Arabic certificates."))
        self.name_arabic.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.room = add("room", _("Room"), QLineEdit(data.room))
        ages = QWidget()
        row = QHBoxLayout(ages)
        row.setContentsMargins(0, 0, 0, 0)
        self.age_min = optional_spin(data.age_min, 99, _("any"))
        self.age_max = optional_spin(data.age_max, 99, _("any"))
        row.addWidget(self.age_min)
        row.addWidget(label(_("to")))
        row.addWidget(self.age_max)
        row.addStretch(1)
        add("ages", _("Ages"), ages)
        self.capacity = add("capacity", _("Places"), optional_spin(data.capacity, 500,
                                                                     _("no limit")))
        period = QWidget()
        row = QHBoxLayout(period)
        row.setContentsMargins(0, 0, 0, 0)
        self.start_date = date_edit(data.start_date)
        self.has_end = QCheckBox(_("until"))
        self.end_date = date_edit(data.end_date or dt.date(data.start_date.year + 1, 6, 30))
        self.has_end.setChecked(data.end_date is not None)
        self.end_date.setEnabled(data.end_date is not None)
        self.has_end.toggled.connect(self.end_date.setEnabled)
        for widget in (self.start_date, self.has_end, self.end_date):
            row.addWidget(widget)
        row.addStretch(1)
        add("period", _("From"), period)
        self.educators = add("educators", _("Educators"),
                             checkable_list(educators, data.educator_ids, 110))
        self.timetable = add("slots", _("Weekly timetable"), TimetableEditor(data.slots))
        self.active = add("active", "", QCheckBox(_("Active (its sessions are held)")))
        self.active.setChecked(data.active)
        self.form.at_least(580)
        self.save = lambda: save(self.data())

    def data(self) -> ActivityData:
        chosen = checked_ids(self.educators)
        return ActivityData(self.kind.currentData(), self.name.text(), self.room.text(),
                            spin_value(self.age_min), spin_value(self.age_max),
                            spin_value(self.capacity), date_of(self.start_date),
                            date_of(self.end_date) if self.has_end.isChecked() else None,
                            chosen, self.timetable.slots(), self.active.isChecked(),
                            self.name_arabic.text())


class EnrolDialog(FormDialog):
    """Find a child (or, for adults' groups, a guardian) and enrol them from a date."""

    def __init__(self, actor: Actor, kind: str,
                 enrol: Callable[[int | None, int | None, dt.date], object], parent=None):
        super().__init__(_("Add a participant"), _("Enrol"), parent)
        self.actor, self.adults = actor, kind in ADULT_KINDS
        hint = (_("A guardian's name or phone.") if self.adults
                else _("A child's name or file number."))
        self.search = self.form.add("search", _("Find"), QLineEdit(), hint)
        self.found = self.form.add("person", "", QListWidget())
        self.found.setMinimumHeight(160)
        self.start = self.form.add("start", _("From"), date_edit())
        self.search.textChanged.connect(self._find)
        arrows_move_choice(self.search, self.found)

        def save():
            item = self.found.currentItem()
            if item is None:
                raise UserError(_("Find the person and choose them in the list."), "person")
            kind_, id_ = item.data(Qt.ItemDataRole.UserRole)
            enrol(id_ if kind_ == "c" else None, id_ if kind_ == "g" else None,
                  date_of(self.start))
        self.save = save

    def _find(self, text: str) -> None:
        self.found.clear()
        if not text.strip():
            return
        if self.adults:
            for household in families.find_households(self.actor, text, limit=20):
                for guardian in families.get_household(self.actor, household.id).guardians:
                    name = " — ".join(n for n in (guardian.data.name_latin,
                                                  guardian.data.name_arabic) if n)
                    self._item(f"{name} ({household.name})", ("g", guardian.id))
        else:
            ids = child_search.search_ids(self.actor, ChildFilter(text=text))[:40]
            for id_, _row, text_ in child_labels(self.actor, ids):
                self._item(text_, ("c", id_))
        if self.found.count():
            select_row(self.found, 0)

    def _item(self, text: str, key: tuple[str, int]) -> None:
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.found.addItem(item)


class ClosureDialog(FormDialog):
    def __init__(self, save: Callable[[dt.date, dt.date, str], object], parent=None):
        super().__init__(_("Closure days"), _("Add"), parent)
        self.label = self.form.add("label", _("Why"), QLineEdit())
        self.label.setPlaceholderText(_("e.g. Aïd al-Fitr, school holidays"))
        self.start = self.form.add("start", _("From"), date_edit())
        self.end = self.form.add("end", _("To"), date_edit())
        self.save = lambda: save(date_of(self.start), date_of(self.end), self.label.text())


class OneOffDialog(FormDialog):
    def __init__(self, save: Callable[[dt.date, str, str, str], object], parent=None):
        super().__init__(_("One-off session"), _("Add"), parent)
        self.title = self.form.add("title", _("Title"), QLineEdit())
        self.title.setPlaceholderText(_("e.g. Visit to the Villa des Arts"))
        self.on_date = self.form.add("on_date", _("Date"), date_edit())
        self.start = self.form.add("start", _("Start"), QLineEdit("10:00"))
        self.end = self.form.add("end", _("End"), QLineEdit("12:00"))
        self.save = lambda: save(date_of(self.on_date), self.start.text().strip(),
                                 self.end.text().strip(), self.title.text())


class RulesDialog(FormDialog):
    def __init__(self, rules: settings.AttendanceRules,
                 save: Callable[[settings.AttendanceRules], object], parent=None):
        super().__init__(_("Attendance rules"), _("Save"), parent)
        self.premark = self.form.add("premark", "", QCheckBox(
            _("Mark everyone present when a roll call is opened")))
        self.premark.setChecked(rules.premark_present)
        self.in_row = self.form.add("absences_in_row", _("Follow-up after"), QSpinBox())
        self.in_row.setRange(2, 20)
        self.in_row.setValue(rules.absences_in_row)
        counted_suffix(self.in_row, lambda n: ngettext(" absence in a row", " absences in a row", n))
        self.rate = self.form.add("min_rate", _("or a rate under"), QSpinBox())
        self.rate.setRange(0, 100)
        self.rate.setSuffix(" %")
        self.rate.setValue(rules.min_rate)
        self.weeks = self.form.add("rate_weeks", _("over"), QSpinBox())
        self.weeks.setRange(1, 26)
        counted_suffix(self.weeks, lambda n: ngettext(" week", " weeks", n))
        self.weeks.setValue(rules.rate_weeks)
        self.save = lambda: save(settings.AttendanceRules(
            self.premark.isChecked(), self.in_row.value(), self.rate.value(), self.weeks.value()))


PARTICIPANT_COLUMNS = [
    Column(lambda: _("No."), lambda p: p.number, align_end=True),
    Column(lambda: _("Name"), lambda p: p.name, identifying=True),
    Column(lambda: _("Name in Arabic"), lambda p: p.name_arabic, identifying=True),
    Column(lambda: _("Since"), lambda p: format_date(p.start_date)),
]


class ParticipantsDialog(FormDialog):
    """Who takes part today; add someone, or end an enrolment."""

    def __init__(self, actor: Actor, activity_id: int, parent=None):
        super().__init__(_("Participants"), _("Done"), parent)
        self.actor, self.activity_id = actor, activity_id
        self.kind = activities.get(activity_id).kind
        self.dialog = None
        self.model = RowsModel(PARTICIPANT_COLUMNS, self)
        self.table = read_only_table(self.model)
        self.table.setMinimumSize(560, 300)
        self.form.rows.addRow(self.table)
        row = QWidget()
        buttons = QHBoxLayout(row)
        buttons.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(_("Add…"))
        self.end_button = QPushButton(_("End the enrolment today"))
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.end_button)
        buttons.addStretch(1)
        self.form.rows.addRow(row)
        self.add_button.clicked.connect(self.add)
        self.end_button.clicked.connect(self.end_selected)
        self.buttons.button(self.buttons.StandardButton.Cancel).hide()
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(activities.participants(self.activity_id, dt.date.today()))

    def add(self) -> EnrolDialog:
        self.dialog = EnrolDialog(self.actor, self.kind, lambda child_id, guardian_id, start:
                                  activities.enrol(self.actor, self.activity_id, child_id,
                                                   guardian_id, start), self)
        self.dialog.accepted.connect(self.refresh)
        self.dialog.open()
        return self.dialog

    def end_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        participant = self.model.row_at(rows[0].row())
        self.form.clear_errors()
        try:
            activities.end_enrolment(self.actor, participant.enrolment_id, dt.date.today())
        except UserError as error:
            self.form.show_error(error)
            return
        self.refresh()

