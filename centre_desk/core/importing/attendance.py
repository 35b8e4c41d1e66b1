"""Past attendance from a grid: children in rows, dates in columns, cells P/A/R/E, 1/0, x, ✓
or empty. Sessions are made from the dates, children matched by name; names not found are
listed with the closest files."""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field

from centre_desk.core import names
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.importing import values
from centre_desk.core.importing.readers import Sheet
from centre_desk.core.models import (
    Activity,
    Attendance,
    Child,
    Session,
    TimetableSlot,
    transaction,
    utcnow,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit

MARKS = {"p": "P", "1": "P", "x": "P", "✓": "P", "✔": "P", "v": "P", "present": "P",
         "a": "A", "0": "A", "abs": "A", "absent": "A", "r": "L", "l": "L", "retard": "L",
         "e": "E", "excuse": "E", "ح": "P", "غ": "A"}


@dataclass
class GridRow:
    line: int
    name: str
    child_id: int | None
    closest: list[str]
    marks: dict[dt.date, str] = field(default_factory=dict)
    closest_ids: list[int] = field(default_factory=list)


@dataclass
class Grid:
    activity_id: int
    dates: list[dt.date]
    rows: list[GridRow]


def _as_date(cell, today: dt.date) -> dt.date | None:
    if cell is None or (isinstance(cell, (int, float)) and not 20000 < cell < 80000):
        return None
    try:
        date, precision, _warning = values.parse_date(cell, today)
    except values.BadValue:
        return None
    return date if precision == "exact" else None


def read_grid(actor: Actor, sheet: Sheet, activity_id: int, today: dt.date | None = None) -> Grid:
    require(actor, Permission.IMPORT_REGISTER)
    today = today or dt.date.today()
    header = next((index for index, row in enumerate(sheet.rows[:30])
                   if sum(_as_date(cell, today) is not None for cell in row) >= 2), None)
    if header is None:
        raise UserError(_("No row of dates was found: the grid needs the dates of the sessions "
                          "in one row, above the marks."))
    columns = {column: date for column, cell in enumerate(sheet.rows[header])
               if (date := _as_date(cell, today)) is not None and date <= today}
    first_date = min(columns)
    index, labels = _children_index()
    rows = []
    for offset, cells in enumerate(sheet.rows[header + 1:]):
        name = " ".join(values.clean_text(cell) for cell in cells[:first_date]
                        if isinstance(cell, str) and not values.clean_text(cell).isdigit())
        name = values.clean_text(name)
        if not name or name.casefold().startswith(("total", "المجموع")):
            continue
        folded = names.fold(name)
        child_id = index.get(folded)
        near = [] if child_id else difflib.get_close_matches(folded, list(labels), n=3,
                                                              cutoff=0.6)
        marks = {}
        for column, date in columns.items():
            cell = cells[column] if column < len(cells) else None
            mark = MARKS.get(names.fold(values.clean_text(cell)) or values.clean_text(cell))
            if mark:
                marks[date] = mark
        rows.append(GridRow(header + 2 + offset, name, child_id, [labels[key] for key in near],
                            marks, [index[key] for key in near]))
    return Grid(activity_id, sorted(set(columns.values())), rows)


def _children_index() -> tuple[dict[str, int], dict[str, str]]:
    index, labels = {}, {}
    query = Child.select(Child.id, Child.file_number, Child.first_name_latin,
                         Child.last_name_latin, Child.first_name_arabic,
                         Child.last_name_arabic).where(
        Child.merged_into.is_null() & Child.erased_at.is_null())
    for id_, number, first, last, first_ar, last_ar in query.tuples():
        for a, b in ((last, first), (first, last), (last_ar, first_ar), (first_ar, last_ar)):
            if a and b:
                key = names.fold(f"{a} {b}")
                index.setdefault(key, id_)
                labels.setdefault(key, f"{number} {a} {b}")
    return index, labels


def import_grid(actor: Actor, grid: Grid, opened=None) -> int:
    """Sessions for the dates (kept when they exist), marks for the children found; a mark
    already taken is never overwritten. One audited action."""
    require(actor, Permission.IMPORT_REGISTER)
    from centre_desk.core.backups import backup_before

    activity = Activity.get_by_id(grid.activity_id)
    slots = {slot.weekday: (slot.start_time, slot.end_time)
             for slot in TimetableSlot.select().where(TimetableSlot.activity == activity.id)}
    backup_before(opened, "import")
    written, now = 0, utcnow()
    with transaction():
        sessions = {}
        for date in grid.dates:
            session = Session.get_or_none((Session.activity == activity.id)
                                          & (Session.on_date == date) & ~Session.cancelled)
            if session is None:
                start, end = slots.get(date.weekday(), ("09:00", "10:00"))
                session = Session.create(activity=activity.id, on_date=date, start_time=start,
                                         end_time=end, taken_at=now, closed_at=now,
                                         closed_by=actor.user_id)
            sessions[date] = session.id
        for row in grid.rows:
            if not row.child_id:
                continue
            for date, mark in row.marks.items():
                if Attendance.select().where((Attendance.session == sessions[date])
                                             & (Attendance.child == row.child_id)).exists():
                    continue
                Attendance.create(session=sessions[date], child=row.child_id, mark=mark,
                                  marked_by=actor.user_id)
                written += 1
        audit.record(actor, "import_attendance", "activity", activity.id,
                     f"sessions={len(sessions)};marks={written}")
    return written
