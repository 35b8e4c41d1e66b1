"""The children list's model: it holds the ids the core found, in the core's order, and reads
the rows it is asked to show in batches (Anki's browser does the same). Filtering and sorting
are SQL; a search resets the model, which costs no more than the ids."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from centre_desk.core.i18n import _, counted
from centre_desk.core.services.child_search import ChildRow
from centre_desk.core.services.children import age_on
from centre_desk.core.vocabulary import SCHOOL_STATUS, SEX, label

# Roles as ints: an enum's attribute costs more than the comparison, seven times per cell painted.
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
USER = int(Qt.ItemDataRole.UserRole.value)
ARABIC_ALIGNMENT = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
                        | Qt.AlignmentFlag.AlignVCenter).value)
BATCH = 40  # about two screens of rows: a keystroke reads only what is shown

# (key, header, value); the key is also the core's sort for the sortable columns.
COLUMNS: list[tuple[str, Callable[[], str], Callable[[ChildRow, dt.date], str]]] = [
    ("file_number", lambda: _("File no."), lambda row, today: row.file_number),
    ("name", lambda: _("Name"), lambda row, today: row.name_latin or (
        "" if row.name_arabic else _("(erased)"))),
    ("name_arabic", lambda: _("Name in Arabic"), lambda row, today: row.name_arabic),
    ("sex", lambda: _("Sex"), lambda row, today: label(SEX, row.sex)),
    ("age", lambda: _("Age"), lambda row, today: _age_text(row, today)),
    ("school", lambda: _("School"), lambda row, today: label(SCHOOL_STATUS, row.school_status)),
    ("status", lambda: _("Status"), lambda row, today: _status_text(row)),
]
SORTABLE = {"file_number": "file_number", "name": "name", "age": "age"}


def _age_text(row: ChildRow, today: dt.date) -> str:
    age = age_on(None, row.birth_year, today)
    if age is None:
        return ""
    if row.birth_precision == "about":  # a word, not "~": a tilde reads badly in Arabic
        return counted("about {n} yr", "about {n} yrs", age)
    return counted("{n} yr", "{n} yrs", age)


def _status_text(row: ChildRow) -> str:
    if row.erased:
        return _("Erased")
    if row.archived:
        return _("Archived")
    return _("Active") if row.status == "active" else _("Left")


class ChildListModel(QAbstractTableModel):
    def __init__(self, fetch: Callable[[list[int]], dict[int, ChildRow]],
                 columns: list[str] | None = None, parent=None):
        super().__init__(parent)
        self.fetch = fetch
        self.columns = [column for column in COLUMNS if columns is None or column[0] in columns]
        self.ids: list[int] = []
        self.cache: dict[int, ChildRow] = {}
        self.texts: dict[int, tuple[str, ...]] = {}  # what each shown row displays, per column
        self.today = dt.date.today()

    def set_ids(self, ids: list[int], keep_rows: bool = False) -> None:
        """The rows to list. ``keep_rows`` (a search being typed: nothing changed in the files)
        keeps the rows already read, so the next keystroke reads only rows not seen yet."""
        self.beginResetModel()
        self.ids = ids
        if not keep_rows:
            self.cache, self.texts = {}, {}
            self.today = dt.date.today()
        self.endResetModel()

    def column_key(self, column: int) -> str:
        return self.columns[column][0]

    def row_at(self, row: int) -> ChildRow:
        child_id = self.ids[row]
        if child_id not in self.cache:
            batch = self.ids[row:row + BATCH]
            self.cache.update(self.fetch([id_ for id_ in batch if id_ not in self.cache]))
        return self.cache[child_id]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def display_texts(self, row: int) -> tuple[str, ...]:
        """What row ``row`` shows, column by column (read in batches, kept until the next reset)."""
        child_id = self.ids[row]
        texts = self.texts.get(child_id)
        if texts is None:
            child = self.row_at(row)
            texts = self.texts[child_id] = tuple(column[2](child, self.today)
                                                  for column in self.columns)
        return texts

    def data(self, index: QModelIndex, role: int = DISPLAY):
        # Called for seven roles of every cell at each paint: plain ints, the common case first.
        if role == DISPLAY:
            return self.display_texts(index.row())[index.column()]
        if role == ALIGNMENT:
            if self.columns[index.column()][0] == "name_arabic":
                return ARABIC_ALIGNMENT  # Arabic names start on the right, whatever the interface
            return None
        if role == USER and index.isValid():
            return self.ids[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]()
        return None


def child_labels(actor, ids: list[int]) -> list[tuple[int, ChildRow, str]]:
    """For lists where a child is chosen: (id, row, "AMN-2026-0042  Salma Benali — سلمى بنعلي"),
    every row read in one query."""
    from centre_desk.core.services.child_search import rows_for

    rows = rows_for(actor, ids)
    return [(id_, rows[id_], f"{rows[id_].file_number}  " + " — ".join(
        name for name in (rows[id_].name_latin, rows[id_].name_arabic) if name)) for id_ in ids]
