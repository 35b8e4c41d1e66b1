"""Input widgets the family screens share: coded choices, dates, and a read-only switch."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from centre_desk.core.dates import FIRST_YEAR, last_year
from centre_desk.core.i18n import _, date_pattern
from centre_desk.core.vocabulary import Choices


def choice_combo(choices: Choices, selected: str | None = None, empty: str | None = None
                 ) -> QComboBox:
    """A combo of translated labels whose data is the stored code; ``empty`` adds a first
    item with no code (for filters: "all")."""
    combo = QComboBox()
    if empty is not None:
        combo.addItem(empty, None)
    for code, text in choices.items():
        combo.addItem(_(text), code)
    set_choice(combo, selected)
    return combo


def set_choice(combo: QComboBox, code: str | None) -> None:
    index = combo.findData(code)
    combo.setCurrentIndex(index if index >= 0 else 0)


def date_edit(value: dt.date | None = None) -> QDateEdit:
    edit = QDateEdit()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat(qt_date_format())
    # The same range the core accepts (core.dates): a slip of the keyboard cannot reach it.
    edit.setMaximumDate(QDate(last_year(), 12, 31))
    edit.setMinimumDate(QDate(FIRST_YEAR, 1, 1))
    set_date(edit, value or dt.date.today())
    return edit


def qt_date_format() -> str:
    """The language's one numeric date pattern (i18n.format_date) in Qt's syntax: four-digit
    years, without the direction marks: in right-to-left the field already lays its sections
    out from the right (day first), as the marks make format_date's text read."""
    pattern = date_pattern().replace("\u200f", "")
    return pattern if "yy" in pattern else pattern.replace("y", "yyyy")


def set_date(edit: QDateEdit, value: dt.date | None) -> None:
    value = value or dt.date.today()
    edit.setDate(QDate(value.year, value.month, value.day))


def date_of(edit: QDateEdit) -> dt.date:
    return edit.date().toPython()


def counted_suffix(spin: QSpinBox, unit: Callable[[int], str]) -> QSpinBox:
    """A unit after a spin box's number that agrees with it ("1 semaine", "3 semaines",
    "11 أسبوعا"): ``unit`` calls ngettext, chosen again at every change."""
    def agree(value: int) -> None:
        spin.setSuffix(unit(value))

    spin.valueChanged.connect(agree)
    agree(spin.value())
    return spin


def multi_line(text: str = "", lines: int = 3) -> QPlainTextEdit:
    edit = QPlainTextEdit(text)
    edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
    edit.setFixedHeight(edit.fontMetrics().lineSpacing() * lines + 14)
    return edit


def set_read_only(container: QWidget, read_only: bool) -> None:
    """Every input inside ``container`` becomes read-only, and visibly so: disabled (greyed),
    not merely refusing keys while looking editable."""
    for edit in container.findChildren(QLineEdit) + container.findChildren(QPlainTextEdit) \
            + container.findChildren(QAbstractSpinBox):
        edit.setReadOnly(read_only)
    for widget in (container.findChildren(QLineEdit) + container.findChildren(QPlainTextEdit)
                   + container.findChildren(QAbstractSpinBox) + container.findChildren(QComboBox)
                   + container.findChildren(QAbstractButton)):
        if not widget.property("always_enabled"):
            widget.setEnabled(not read_only)


def checkable_list(choices, checked, maximum_height: int) -> QListWidget:
    """A short list of (id, name) to tick, those whose id is in ``checked`` ticked."""
    widget = QListWidget()
    widget.setMaximumHeight(maximum_height)
    for key, name in choices:
        item = QListWidgetItem(name)
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if key in checked else Qt.CheckState.Unchecked)
        widget.addItem(item)
    return widget


def checked_ids(widget: QListWidget) -> list:
    """The ids of the ticked rows of a ``checkable_list``."""
    return [widget.item(i).data(Qt.ItemDataRole.UserRole) for i in range(widget.count())
            if widget.item(i).checkState() == Qt.CheckState.Checked]
