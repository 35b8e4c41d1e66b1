"""Finding children as the user types: an FTS5 index of folded names, filters and sorting in SQL.

The list keeps only ids (like Anki's browser) and reads the rows it shows in small batches.
ChildSearch keeps the ordered list for the current filters, so a keystroke costs one word
lookup and a pass over that list, whatever the size of the centre."""
from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field

from centre_desk.core import names
from centre_desk.core.models import Child
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.vocabulary import AGE_BANDS

SORTS = {
    "name": "c.sort_name, c.id",
    "file_number": "c.file_year, c.file_seq, c.file_number",
    "age": "c.birth_year IS NULL, c.birth_year DESC, c.birth_date DESC, c.sort_name",
    "entry_date": "c.entry_date DESC, c.id DESC",
}


@dataclass
class ChildFilter:
    text: str = ""
    status: str | None = "active"  # "active", "left", "archived" or None for all
    sex: str | None = None
    age_band: str | None = None
    school_status: str | None = None
    household_id: int | None = None
    activity_id: int | None = None  # children enrolled in this group today
    sort: str = "name"
    descending: bool = False
    today: dt.date = field(default_factory=dt.date.today)


@dataclass(frozen=True)
class ChildRow:
    id: int
    file_number: str
    name_latin: str
    name_arabic: str
    sex: str | None
    birth_year: int | None
    birth_precision: str | None
    status: str
    archived: bool
    school_status: str | None
    erased: bool


def index_words(file_number: str, file_seq: int, *child_names: str) -> str:
    """What the search finds a child by: file number (and its sequence without zeros), names in
    both scripts, folded."""
    return names.fold(" ".join(part for part in (file_number, str(file_seq), *child_names)
                               if part))


def reindex(child: Child) -> None:
    db = Child._meta.database
    db.execute_sql("DELETE FROM child_search WHERE rowid = ?", (child.id,))
    if child.merged_into_id is None:
        db.execute_sql("INSERT INTO child_search (rowid, words) VALUES (?, ?)",
                       (child.id, index_words(child.file_number, child.file_seq,
                                             child.first_name_latin, child.last_name_latin,
                                             child.first_name_arabic, child.last_name_arabic)))


def match_expression(text: str) -> str:
    """Every typed word must start a word of the child's: "moh ben" finds Mohamed Benali."""
    return " AND ".join(f'"{word}"*' for word in names.words(text))


def _conditions(query: ChildFilter) -> tuple[list[str], list]:
    where = ["c.merged_into_id IS NULL"]
    params: list = []
    expression = match_expression(query.text)
    if expression:
        where.append("c.id IN (SELECT rowid FROM child_search WHERE child_search MATCH ?)")
        params.append(expression)
    if query.status == "archived":
        where.append("c.archived_at IS NOT NULL")
    elif query.status:
        where.append("c.status = ? AND c.archived_at IS NULL")
        params.append(query.status)
    if query.sex:
        where.append("c.sex = ?")
        params.append(query.sex)
    if query.school_status:
        where.append("c.school_status = ?")
        params.append(query.school_status)
    if query.household_id:
        where.append("c.household_id = ?")
        params.append(query.household_id)
    if query.activity_id:
        where.append("c.id IN (SELECT child_id FROM enrolment WHERE activity_id = ? "
                     "AND start_date <= ? AND (end_date IS NULL OR end_date >= ?))")
        params += [query.activity_id, query.today.isoformat(), query.today.isoformat()]
    if query.age_band:
        _label, youngest, oldest = AGE_BANDS[query.age_band]
        where.append("c.birth_year BETWEEN ? AND ?")
        params += [query.today.year - oldest, query.today.year - youngest]
    return where, params


def search_ids(actor: Actor, query: ChildFilter) -> list[int]:
    """The ids of the children matching, in display order."""
    require(actor, Permission.VIEW_CHILD_CARD)
    where, params = _conditions(query)
    sql = f"SELECT c.id FROM child c WHERE {' AND '.join(where)} ORDER BY {SORTS[query.sort]}"
    ids = [row[0] for row in Child._meta.database.execute_sql(sql, params).fetchall()]
    return ids[::-1] if query.descending else ids


def rows_for(actor: Actor, ids: list[int]) -> dict[int, ChildRow]:
    """The list rows of these children. An educator's rows hold names and file numbers only."""
    require(actor, Permission.VIEW_CHILD_CARD)
    if not ids:
        return {}
    full = actor.can(Permission.EDIT_CHILDREN)
    marks = ",".join("?" * len(ids))
    cursor = Child._meta.database.execute_sql(
        "SELECT id, file_number, first_name_latin, last_name_latin, first_name_arabic, "
        "last_name_arabic, sex, birth_year, birth_precision, status, archived_at, school_status, "
        f"erased_at FROM child WHERE id IN ({marks})", ids)
    rows = {}
    for (id_, number, first, last, first_ar, last_ar, sex, year, precision, status, archived,
         school, erased) in cursor.fetchall():
        rows[id_] = ChildRow(
            id_, number, f"{first} {last}".strip(), f"{first_ar} {last_ar}".strip(),
            sex if full else None, year if full else None, precision if full else None,
            status, archived is not None, school if full else None, erased is not None)
    return rows


def matching_ids(text: str) -> set[int] | None:
    """The children whose words start with every typed word; None when nothing is typed."""
    expression = match_expression(text)
    if not expression:
        return None
    cursor = Child._meta.database.execute_sql(
        "SELECT rowid FROM child_search WHERE child_search MATCH ?", (expression,))
    return {row[0] for row in cursor.fetchall()}


def database_state() -> tuple[int, int]:
    """Changes the moment anything is written, by this connection (its total of changes) or by
    another one (an import or an undo on a worker thread, another process: SQLite's
    ``data_version``): what was read before may be kept while it stays the same."""
    connection = Child._meta.database.connection()
    return (connection.total_changes,
            connection.execute("PRAGMA data_version").fetchone()[0])


class ChildSearch:
    """Search as you type for one screen. The filtered, sorted list is read once per filter
    change; each keystroke then looks its words up (each word once) and keeps the listed
    children that match. Any write to the database, on any connection, clears what is kept."""

    def __init__(self, actor: Actor):
        require(actor, Permission.VIEW_CHILD_CARD)
        self.actor = actor
        self._state: tuple[int, int] | None = None
        self._base_key: tuple | None = None
        self._base: list[int] = []
        self._words: dict[str, set[int]] = {}

    def ids(self, query: ChildFilter) -> list[int]:
        state = database_state()
        if state != self._state:
            self._state, self._base_key, self._words = state, None, {}
        key = (query.status, query.sex, query.age_band, query.school_status,
               query.household_id, query.activity_id, query.sort, query.descending, query.today)
        if key != self._base_key:
            self._base = search_ids(self.actor, dataclasses.replace(query, text=""))
            self._base_key = key
        typed = names.words(query.text)
        if not typed:
            return self._base
        matched: set[int] | None = None
        for word in typed:
            found = self._word(word)
            matched = found if matched is None else matched & found
        return [child_id for child_id in self._base if child_id in matched]

    @property
    def state(self) -> tuple[int, int] | None:
        """The ``database_state`` the last ``ids`` were read in."""
        return self._state

    def _word(self, word: str) -> set[int]:
        """Typing and deleting revisits the same prefixes: each is looked up once."""
        if word not in self._words:
            if len(self._words) >= 64:
                del self._words[next(iter(self._words))]
            self._words[word] = matching_ids(word)
        return self._words[word]


def count_children(actor: Actor) -> int:
    require(actor, Permission.VIEW_CHILD_CARD)
    return Child.select().where(Child.merged_into.is_null()).count()
