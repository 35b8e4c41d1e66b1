"""A thin table model: rows are plain tuples or dataclasses, columns say how to show them."""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QStyledItemDelegate, QTableView

from centre_desk.ui.widgets.columns import fit_columns


@dataclass(frozen=True)
class Column:
    header: Callable[[], str]  # called when shown, so the header follows the language
    value: Callable[[Any], Any]
    align_end: bool = False
    identifying: bool = False  # a name, a serial, an activity: never cut, takes the spare room
    free_text: bool = False  # a note, a detail: takes what is left, cut (with a tooltip) first


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def display_texts(self, row: int) -> list[str]:
        """What row ``row`` shows, column by column (the column fitter measures these)."""
        values = [column.value(self.rows[row]) for column in self.columns]
        return ["" if value is None else str(value) for value in values]

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = column.value(self.rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_end:
            return int(Qt.AlignmentFlag.AlignTrailing | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header()
        return None


def starts_left_to_right(text: str) -> bool:
    """True when the first letter that has a direction is a Latin (left-to-right) one."""
    for char in text:
        direction = unicodedata.bidirectional(char)
        if direction == "L":
            return True
        if direction in ("R", "AL"):
            return False
    return False


class BidiDelegate(QStyledItemDelegate):
    """In a right-to-left table, a cell written in Latin letters (a note typed in French, a
    French activity name) is kept in one left-to-right piece: without it the line takes the
    table's direction and its final full stop or bracket jumps to the start (".Orientation…").
    Only the painting changes; the model's text stays as it is."""

    def initStyleOption(self, option, index) -> None:
        super().initStyleOption(option, index)
        if (option.direction == Qt.LayoutDirection.RightToLeft and option.text
                and starts_left_to_right(option.text)):
            option.text = f"\u2066{option.text}\u2069"  # LRI … PDI


def read_only_table(model: RowsModel, **fit_options) -> QTableView:
    """A table of whole-row, single selection that nobody edits in place, its columns fitted
    (the first column identifies the row unless a column says it does); ``fit_options`` go to
    ColumnFitter (``claim_width``, ``same_width``)."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setItemDelegate(BidiDelegate(table))
    table.verticalHeader().hide()
    identifying = [n for n, column in enumerate(model.columns) if column.identifying] or [0]
    free = [n for n, column in enumerate(model.columns) if column.free_text]
    fit_columns(table, identifying, free, **fit_options)
    return table


def select_row(table: QAbstractItemView, row: int) -> bool:
    """Make ``row`` the current and only selected row of any table or list, and show it.

    ``QTableView.selectRow()`` leaves no current row when the layout is right to left (PySide6
    6.11: it looks for the column at the viewport's right edge), so arrows and mark keys then do
    nothing in Arabic; setting the current index works in both directions. Every screen moves
    its cursor through here. Returns False when there is no such row."""
    model = table.model()
    if model is None or not 0 <= row < model.rowCount():
        return False
    column = 0
    if isinstance(table, QTableView):
        while column < model.columnCount() - 1 and table.isColumnHidden(column):
            column += 1
    index = model.index(row, column)
    table.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    table.scrollTo(index)
    return True


def selected_row(table: QTableView) -> Any | None:
    """The row object selected in a single-selection table of a RowsModel, or None."""
    rows = table.selectionModel().selectedRows()
    return table.model().row_at(rows[0].row()) if rows else None
