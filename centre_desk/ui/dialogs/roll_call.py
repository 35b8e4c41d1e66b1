"""The roll call: the group's participants, presumed present until the educator confirms (nothing is
saved by opening it), each confirmed mark saved the moment it is given. Keyboard: ↑/↓ to move, P A R E (or the Arabic ح غ ت ع, or L for late) to mark and move
on, N for a note, Ctrl+Z to undo the last change."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
)

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, counted, fill, format_date, format_number, is_rtl, paragraph
from centre_desk.core.security import Actor
from centre_desk.core.services import attendance
from centre_desk.core.services.attendance import Roll, RollLine
from centre_desk.core.vocabulary import MARK, label
from centre_desk.ui.dialogs.user_dialog import FormDialog
from centre_desk.ui.icons import with_icon
from centre_desk.ui.models.table import select_row
from centre_desk.ui.theme import styled
from centre_desk.ui.widgets.common import label as text_label
from centre_desk.ui.widgets.columns import fit_columns
from centre_desk.ui.widgets.common import logo_pixmap
from centre_desk.ui.widgets.sizing import fit_window

# The key a user presses → the mark; French initials, English L, and the Arabic initials of
# حاضر غائب متأخر (تأخر) معذور (عذر).
KEYS = {"P": "P", "A": "A", "R": "L", "L": "L", "E": "E",
        "ح": "P", "غ": "A", "ت": "L", "ع": "E"}
COLOURS = {"P": "#1b7a3d", "A": "#b3261e", "L": "#a86400", "E": "#4a5b8c"}
PRESUMED = "#6b6b6b"
PHOTO = 36


class RollModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.lines: list[RollLine] = []
        self.headers = [lambda: _("No."), lambda: "", lambda: _("Name"),
                        lambda: _("Name in Arabic"), lambda: _("Mark"), lambda: _("Note")]
        self.photos: dict[int, object] = {}
        self.presumed = False  # marks shown but not saved: the roll is not confirmed yet

    def set_lines(self, lines) -> None:
        self.beginResetModel()
        self.lines = list(lines)
        self.photos = {}
        self.endResetModel()

    def update_lines(self, lines) -> None:
        """Same people, new marks: repaint without losing the current row."""
        self.lines = list(lines)
        if self.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, 5))

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        line, column = self.lines[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            mark = label(MARK, line.mark)
            if self.presumed and line.mark:
                mark = _("{mark} (presumed)").format(mark=mark)
            return [str(line.participant.number), "", line.participant.name,
                    line.participant.name_arabic, mark, line.note][column]
        if role == Qt.ItemDataRole.DecorationRole and column == 1 and line.photo:
            if index.row() not in self.photos:
                self.photos[index.row()] = logo_pixmap(line.photo, PHOTO)
            return self.photos[index.row()]
        if role == Qt.ItemDataRole.ForegroundRole and column == 4 and line.mark:
            return QBrush(QColor(PRESUMED if self.presumed else COLOURS[line.mark]))
        if role == Qt.ItemDataRole.TextAlignmentRole and column == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
                       | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]()
        return None


class RollTable(QTableView):
    """Mark keys mark the current row and move to the next one; arrows move as usual."""

    mark_pressed = Signal(str)
    note_pressed = Signal()
    undo_pressed = Signal()

    def keyPressEvent(self, event) -> None:
        if event.matches(QKeySequence.StandardKey.Undo):
            self.undo_pressed.emit()
            return
        text = event.text().upper()
        if text in KEYS and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                                     | Qt.KeyboardModifier.AltModifier):
            self.mark_pressed.emit(KEYS[text])
            return
        if text == "N":
            self.note_pressed.emit()
            return
        super().keyPressEvent(event)


class ReasonDialog(FormDialog):
    """A closed session's marks change only with a reason (kept and audited)."""

    def __init__(self, accept_reason: Callable[[str], None], parent=None):
        super().__init__(_("Change a closed session"), _("Change"), parent)
        self.reason = self.form.add("reason", _("Why change it?"), QLineEdit(),
                                    _("e.g. medical certificate brought on Monday"))

        def save():
            if not self.reason.text().strip():
                raise UserError(_("This session is closed. Give the reason for changing it."),
                                "reason")
            accept_reason(self.reason.text().strip())
        self.save = save


class NoteDialog(FormDialog):
    def __init__(self, note: str, save: Callable[[str], None], parent=None):
        super().__init__(_("Note"), _("Save"), parent)
        self.note = self.form.add("note", _("Note"), QLineEdit(note))
        self.save = lambda: save(self.note.text().strip())


class PaperDialog(FormDialog):
    """Typing back a paper sheet: only the numbers of the absent (and, for a closed session,
    why it changes)."""

    def __init__(self, save: Callable[[list[int], str | None], None], needs_reason: bool,
                 parent=None):
        super().__init__(_("Enter a paper sign-in sheet"), _("Enter"), parent)
        self.numbers = self.form.add(
            "numbers", _("Numbers of the absent"), QLineEdit(),
            _("Only the absent, separated by spaces (e.g. 3 7 12); everyone else is marked "
              "present."))
        self.reason = self.form.add("reason", _("Why change it?"), QLineEdit()) \
            if needs_reason else None

        def accept_numbers():
            reason = self.reason.text().strip() if self.reason is not None else None
            if self.reason is not None and not reason:
                raise UserError(_("This session is closed. Give the reason for changing it."),
                                "reason")
            save(attendance.parse_numbers(self.numbers.text()), reason)
        self.save = accept_numbers


class RollCallDialog(QDialog):
    changed = Signal()

    def __init__(self, actor: Actor, session_id: int, parent=None):
        super().__init__(parent)
        self.actor, self.session_id = actor, session_id
        self.roll: Roll | None = None
        self.undo_stack: list[list] = []
        self.reason: str | None = None
        self.pending: Callable[[], None] | None = None
        self.dialog: QDialog | None = None
        fit_window(self, 980, 680)
        column = QVBoxLayout(self)
        self.title = text_label("", "PageTitle", wrap=True)
        self.subtitle = text_label("", "Hint", wrap=True)
        self.status = text_label("", "Warning", wrap=True)
        self.status.hide()
        self.error = text_label("", "FormError", wrap=True)
        self.error.hide()
        for widget in (self.title, self.subtitle, self.status, self.error):
            column.addWidget(widget)

        marks = QHBoxLayout()
        self.mark_buttons = {}
        for code in MARK:
            button = QPushButton(f"{label(MARK, code)} ({self._key_hint(code)})")
            button.clicked.connect(lambda _checked=False, code=code: self.mark_current(code))
            marks.addWidget(button)
            self.mark_buttons[code] = button
        self.all_present_button = with_icon(QPushButton(_("All present")), "checks")
        self.note_button = QPushButton(_("Note… (N)"))
        self.undo_button = QPushButton(_("Undo (Ctrl+Z)"))
        for button in (self.all_present_button, self.note_button, self.undo_button):
            marks.addWidget(button)
        marks.addStretch(1)
        column.addLayout(marks)

        self.model = RollModel(self)
        self.table = RollTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(PHOTO + 6)
        self.table.setIconSize(QSize(PHOTO, PHOTO))
        fit_columns(self.table, identifying=(2, 3), free=(5,))  # names whole; the note gives way
        column.addWidget(self.table, 1)
        column.addWidget(text_label(_("↑ ↓ to move · P present · A absent · R late · E excused "
                                      "(ح غ ت ع in Arabic) · N note · each mark is saved at "
                                      "once"), "Hint", wrap=True))

        bottom = QHBoxLayout()
        self.sheet_button = with_icon(QPushButton(_("Print the sign-in sheet…")), "printer")
        self.week_button = with_icon(QPushButton(_("Sheet for the week…")), "calendar-week")
        self.paper_button = with_icon(QPushButton(_("Enter from paper…")), "keyboard")
        self.close_session_button = with_icon(styled(QPushButton(_("Close the session")),
                                                     "Primary"), "lock", "#ffffff")
        for button in (self.sheet_button, self.week_button, self.paper_button):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.close_session_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom.addWidget(buttons)
        column.addLayout(bottom)

        self.table.mark_pressed.connect(self.mark_current)
        self.table.note_pressed.connect(self.edit_note)
        self.table.undo_pressed.connect(self.undo)
        self.all_present_button.clicked.connect(self.all_present)
        self.note_button.clicked.connect(self.edit_note)
        self.undo_button.clicked.connect(self.undo)
        self.close_session_button.clicked.connect(self.close_session)
        self.sheet_button.clicked.connect(self.choose_sheet_path)
        self.week_button.clicked.connect(lambda: self.choose_sheet_path(week=True))
        self.paper_button.clicked.connect(self.enter_paper)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo)
        self.load(first=True)

    @staticmethod
    def _key_hint(code: str) -> str:
        """The key shown on each button: Arabic initials in the Arabic interface."""
        if is_rtl():
            return {"P": "ح", "A": "غ", "L": "ت", "E": "ع"}[code]
        return {"P": "P", "A": "A", "L": "R", "E": "E"}[code]

    # --- showing ---

    def load(self, first: bool = False) -> None:
        self.roll = roll = attendance.open_roll(self.actor, self.session_id)
        what = roll.title or roll.activity
        self.setWindowTitle(fill(_("Roll call — {activity}"), activity=what))
        self.title.setText(paragraph(what))
        self._count()
        self.model.presumed = roll.presumed
        if first:
            self.model.set_lines(roll.lines)
            if roll.lines:
                select_row(self.table, 0)
            self.table.setFocus()
        else:
            self.model.update_lines(roll.lines)
        self._show_state()

    def _show_state(self) -> None:
        """What the educator may do now, and why not when they may not."""
        roll = self.roll
        can_change = not roll.locked and bool(roll.lines)
        for button in (*self.mark_buttons.values(), self.all_present_button, self.note_button,
                       self.paper_button):
            button.setEnabled(can_change)
        self.close_session_button.setEnabled(can_change and not roll.closed)
        self.undo_button.setEnabled(bool(self.undo_stack) and not roll.locked)
        if roll.locked:
            text = roll.locked
        elif roll.closed:
            text = _("This session is closed: a change asks for a reason.")
        elif roll.presumed:
            text = _("Everyone is shown present but nothing is saved yet: mark the absent, "
                     "press “All present” or close the session to confirm the roll.")
        else:
            text = ""
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def _count(self) -> None:
        roll = self.roll
        present = sum(line.mark in ("P", "L") for line in roll.lines)
        self.subtitle.setText(paragraph(counted(
            "{date}, {start}–{end} · {n} present out of {total}",
            "{date}, {start}–{end} · {n} present out of {total}", present,
            date=format_date(roll.on_date, long=True), start=roll.start_time, end=roll.end_time,
            total=format_number(len(roll.lines)))))

    def refresh_marks(self) -> None:
        """After a change: re-read the marks only (the people and photos stay)."""
        marks = attendance.marks_of(self.actor, self.session_id)
        if not marks:  # nothing confirmed (or the confirmation undone): presumed again
            self.load()
            return
        lines = tuple(dataclasses.replace(line, mark=marks.get(line.participant.key,
                                                               (None, ""))[0],
                                          note=marks.get(line.participant.key, (None, ""))[1])
                      for line in self.roll.lines)
        self.roll = dataclasses.replace(self.roll, lines=lines, presumed=False)
        self.model.presumed = False
        self.model.update_lines(lines)
        self._count()
        self._show_state()

    def current_row(self) -> int | None:
        row = self.table.currentIndex().row()
        return row if row >= 0 else None

    # --- changing marks ---

    def _apply(self, change: Callable[[str | None], list]) -> None:
        """Run a change now, or after asking for the reason when the session is closed."""
        if self.roll.closed and self.reason is None:
            def with_reason(reason: str) -> None:
                self.reason = reason
                self._run(change)
            self.dialog = ReasonDialog(with_reason, self)
            self.dialog.open()
            return
        self._run(change)

    def _run(self, change: Callable[[str | None], list]) -> None:
        self.error.hide()
        try:
            previous = change(self.reason)
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        if previous:
            self.undo_stack.append(previous)
        self.refresh_marks()
        self.changed.emit()

    def mark_current(self, mark: str) -> None:
        row = self.current_row()
        if row is None or self.roll.locked:
            return
        line = self.model.lines[row]
        self._apply(lambda reason: attendance.set_mark(
            self.actor, self.session_id, line.participant.key, mark, line.note, reason))
        if row + 1 < self.model.rowCount():
            select_row(self.table, row + 1)

    def all_present(self) -> None:
        if self.roll.locked:
            return
        self._apply(lambda reason: attendance.all_present(self.actor, self.session_id, reason))

    def undo(self) -> None:
        if not self.undo_stack:
            return
        previous = self.undo_stack.pop()

        def undo_change(reason: str | None) -> list:
            attendance.undo(self.actor, self.session_id, previous, reason)
            return []  # an undo is not itself put on the undo stack
        self._apply(undo_change)
        self.undo_button.setEnabled(bool(self.undo_stack))

    def edit_note(self) -> NoteDialog | None:
        row = self.current_row()
        if row is None or self.roll.locked:
            return None
        line = self.model.lines[row]

        def save(note: str) -> None:
            self._apply(lambda reason: attendance.set_mark(
                self.actor, self.session_id, line.participant.key, line.mark or "P", note,
                reason))
        self.dialog = NoteDialog(line.note, save, self)
        self.dialog.open()
        return self.dialog

    def close_session(self) -> None:
        self.error.hide()
        try:
            created = attendance.close_session(self.actor, self.session_id)
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return
        self.load()
        if created:
            self.status.setText(counted(
                "Session closed. {n} follow-up task created for repeated absences; it is on the "
                "home screen.", "Session closed. {n} follow-up tasks created for repeated "
                "absences; they are on the home screen.", len(created)))
            self.status.show()
        self.changed.emit()

    def enter_paper(self) -> PaperDialog:
        def save(numbers: list[int], reason: str | None) -> None:
            reason = reason or self.reason
            self.undo_stack.append(attendance.absent_by_numbers(
                self.actor, self.session_id, numbers, reason))
            self.reason = reason
            self.load()
            self.changed.emit()
        self.dialog = PaperDialog(save, self.roll.closed and self.reason is None, self)
        self.dialog.open()
        return self.dialog

    # --- paper ---

    def choose_sheet_path(self, week: bool = False) -> None:
        name = _("sign-in-sheet") + (f"-{self.roll.on_date.isoformat()}") + ".pdf"
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the sign-in sheet"),
                                                    str(Path.home() / name), "PDF (*.pdf)")
        if path:
            self.save_sheet(Path(path), week)

    def save_sheet(self, path: Path, week: bool = False) -> Path | None:
        from centre_desk.core.services import sheets  # reportlab loads when first printing

        self.error.hide()
        try:
            if week:
                return sheets.week_sheet(self.actor, self.roll.activity_id, self.roll.on_date,
                                         path)
            return sheets.session_sheet(self.actor, self.session_id, path)
        except UserError as error:
            self.error.setText(error.message)
            self.error.show()
            return None
