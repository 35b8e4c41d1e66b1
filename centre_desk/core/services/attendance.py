"""The roll call. Each mark is committed the moment it is given (synchronous=FULL): there is no
Save button to forget and a power cut loses at most the last key press. Changing a session that
was closed needs a reason, which is kept and audited.

Opening a roll saves nothing: when the centre pre-marks, everyone is *presumed* present on screen
until the educator confirms the roll (a first mark, "all present", or closing the session); only
then are the presumed marks written. A session nobody confirmed counts in no figure. The roll is
taken for today and past days only, and a session closed more than a week ago changes only
with a coordinator or an administrator."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from centre_desk.core.errors import UserError, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.models import (
    Activity,
    Attendance,
    Child,
    Session,
    SessionChange,
    transaction,
    utcnow,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import activities, audit, settings
from centre_desk.core.services.activities import Participant
from centre_desk.core.services.activity_names import shown_name
from centre_desk.core.services.sessions import get_session
from centre_desk.core.vocabulary import MARK

Key = tuple[str, int]  # ("c", child id) or ("g", guardian id)
# What a participant's mark was before a change, for undo: (key, mark or None, note).
Previous = tuple[Key, str | None, str]


@dataclass(frozen=True)
class RollLine:
    participant: Participant
    mark: str | None
    note: str
    photo: bytes | None


@dataclass(frozen=True)
class Roll:
    session_id: int
    activity_id: int
    activity: str
    on_date: dt.date
    start_time: str
    end_time: str
    title: str
    closed: bool
    lines: tuple[RollLine, ...]
    # Everyone shown present but nothing saved yet: the educator has not confirmed the roll.
    presumed: bool = False
    # Why the roll cannot be changed by this user now ("" when it can): a day to come, or a
    # session closed too long ago for this role.
    locked: str = ""


def _column(key: Key):
    return (Attendance.child, key[1]) if key[0] == "c" else (Attendance.guardian, key[1])


def _current(session_id: int) -> dict[Key, tuple[str, str]]:
    # Plain SQL: the roll call re-reads these after every mark, and building the query through
    # the ORM cost 0.5 ms of the mark's 2 (SQLite's own work: 0.06 ms).
    marks = {}
    for child_id, guardian_id, mark, note in Attendance._meta.database.execute_sql(
            "SELECT child_id, guardian_id, mark, note FROM attendance WHERE session_id = ?",
            (session_id,)):
        marks[("c", child_id) if child_id else ("g", guardian_id)] = (mark, note)
    return marks


CHANGE_WINDOW = dt.timedelta(days=7)


def _presumes(session: Session, marks: dict) -> bool:
    """Whether everyone is presumed present: nothing confirmed yet and the centre pre-marks."""
    return (not marks and session.closed_at is None and session.on_date <= dt.date.today()
            and settings.attendance_rules().premark_present)


def why_locked(actor: Actor, session: Session, today: dt.date | None = None) -> str:
    """Why this user cannot change this session's roll now; "" when they can."""
    today = today or dt.date.today()
    if session.on_date > today:
        return _("This session is on a day to come: its roll call is taken on the day.")
    closed_at = session.closed_at
    if closed_at is not None and not actor.can(Permission.CHANGE_OLD_ROLL):
        if isinstance(closed_at, str):
            closed_at = dt.datetime.fromisoformat(closed_at)
        if utcnow() - closed_at > CHANGE_WINDOW:
            return _("This session was closed more than 7 days ago: only a coordinator or an "
                     "administrator can change it.")
    return ""


def _check_allowed(actor: Actor, session: Session) -> None:
    reason = why_locked(actor, session)
    if reason:
        raise UserError(reason)


def open_roll(actor: Actor, session_id: int) -> Roll:
    """The participants with their marks. Nothing is written: when the centre pre-marks and the
    roll is not confirmed yet, everyone is shown present (``presumed``)."""
    require(actor, Permission.TAKE_ROLL)
    session = get_session(session_id)
    people = activities.participants(session.activity_id, session.on_date)
    marks = _current(session_id)
    presumed = bool(people) and _presumes(session, marks)
    if presumed:
        marks = {p.key: ("P", "") for p in people}
    photos = dict(Child.select(Child.id, Child.photo).where(
        Child.id.in_([p.child_id for p in people if p.child_id]) & Child.photo_consent).tuples())
    activity = Activity.get_by_id(session.activity_id)
    lines = tuple(RollLine(p, *marks.get(p.key, (None, "")), photos.get(p.child_id))
                  for p in people)
    return Roll(session.id, activity.id, shown_name(activity.name, activity.name_ar), session.on_date, session.start_time,
                session.end_time, session.title, session.closed_at is not None, lines,
                presumed, why_locked(actor, session))


def _all_enrolled(session: Session, keys: set[Key]) -> bool:
    """Whether every one of these participants is enrolled in the session's group that day
    (one indexed query per participant, not the whole roll)."""
    db = Attendance._meta.database
    day = session.on_date.isoformat()
    for kind, value in keys:
        found = db.execute_sql(
            f"SELECT 1 FROM enrolment WHERE activity_id = ? AND {_COLUMN[kind]} = ? "
            "AND start_date <= ? AND (end_date IS NULL OR end_date >= ?) LIMIT 1",
            (session.activity_id, value, day, day)).fetchone()
        if found is None:
            return False
    return True


def marks_of(actor: Actor, session_id: int) -> dict[Key, tuple[str, str]]:
    """The session's saved marks now: what the roll call screen re-reads after a change."""
    require(actor, Permission.TAKE_ROLL)
    return _current(session_id)


def _confirming(session: Session, marks: dict[Key, tuple[str | None, str]]
                ) -> dict[Key, tuple[str | None, str]]:
    """The first change to a presumed roll confirms it: everyone it does not mark otherwise is
    saved present with it."""
    if Attendance._meta.database.execute_sql(
            "SELECT 1 FROM attendance WHERE session_id = ? LIMIT 1", (session.id,)).fetchone():
        return marks
    if not _presumes(session, {}):
        return marks
    people = activities.participants(session.activity_id, session.on_date)
    confirmed = {p.key: ("P", "") for p in people}
    confirmed.update({key: value for key, value in marks.items() if value[0] is not None})
    return confirmed


def _check_change(actor: Actor, session: Session, reason: str | None) -> int | None:
    """A closed session changes only with a reason; returns the recorded change's id."""
    if session.closed_at is None:
        return None
    if not reason or not reason.strip():
        raise UserError(_("This session is closed. Give the reason for changing it."), "reason")
    change = SessionChange.create(session=session.id, user=actor.user_id, reason=reason.strip())
    return change.id


# The roll call's hot path is plain SQL: a mark is one small transaction, and building
# queries through the ORM measured as much time as SQLite's own work with synchronous=FULL.
_UPSERT = {
    "c": "INSERT INTO attendance (session_id, child_id, mark, note, marked_at, marked_by) "
         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, child_id) DO UPDATE SET "
         "mark = excluded.mark, note = excluded.note, marked_at = excluded.marked_at, "
         "marked_by = excluded.marked_by",
    "g": "INSERT INTO attendance (session_id, guardian_id, mark, note, marked_at, marked_by) "
         "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, guardian_id) "
         "WHERE guardian_id IS NOT NULL DO UPDATE SET "
         "mark = excluded.mark, note = excluded.note, marked_at = excluded.marked_at, "
         "marked_by = excluded.marked_by",
}
_COLUMN = {"c": "child_id", "g": "guardian_id"}


def _write(actor: Actor, session: Session, marks: dict[Key, tuple[str | None, str]],
           change_id: int | None) -> None:
    db = Attendance._meta.database
    now = utcnow().isoformat(" ")
    removed = False
    for key, (mark, note) in marks.items():
        if mark is None:
            db.execute_sql(f"DELETE FROM attendance WHERE session_id = ? AND {_COLUMN[key[0]]} = ?",
                           (session.id, key[1]))
            removed = True
        else:
            db.execute_sql(_UPSERT[key[0]], (session.id, key[1], mark, note, now, actor.user_id))
    if removed and not db.execute_sql("SELECT 1 FROM attendance WHERE session_id = ? LIMIT 1",
                                      (session.id,)).fetchone():
        db.execute_sql("UPDATE session SET taken_at = NULL WHERE id = ?", (session.id,))
    elif session.taken_at is None:
        db.execute_sql("UPDATE session SET taken_at = ? WHERE id = ?", (now, session.id))
    if change_id is not None:
        audit.record(actor, "change_closed", "session", session.id, f"change={change_id}")


def _before(session_id: int, keys) -> dict[Key, tuple[str, str]]:
    """The marks these participants have now (only theirs)."""
    db = Attendance._meta.database
    found = {}
    for key in keys:
        row = db.execute_sql(f"SELECT mark, note FROM attendance WHERE session_id = ? AND "
                             f"{_COLUMN[key[0]]} = ?", (session_id, key[1])).fetchone()
        if row is not None:
            found[key] = (row[0], row[1])
    return found


def set_marks(actor: Actor, session_id: int, marks: dict[Key, tuple[str | None, str]],
              reason: str | None = None) -> list[Previous]:
    """Give marks (None removes one); returns what they were, for undo. One transaction,
    committed before returning."""
    require(actor, Permission.TAKE_ROLL)
    for mark, _note in marks.values():
        if mark is not None and mark not in MARK:
            raise ValidationError(_("Unknown mark."), "mark")
    with transaction():
        session = get_session(session_id)
        if session.cancelled:
            raise UserError(_("This session was cancelled (the centre is closed that day)."))
        _check_allowed(actor, session)
        if not _all_enrolled(session, set(marks)):
            raise UserError(_("This person is not enrolled in the group on that day."))
        before = _current(session_id) if len(marks) > 3 else _before(session_id, marks)
        change_id = _check_change(actor, session, reason)
        # Undoing the change that confirmed a presumed roll makes it presumed again.
        written = _confirming(session, marks) if not before else marks
        _write(actor, session, written, change_id)
    return [(key, *before.get(key, (None, ""))) for key in written]


def set_mark(actor: Actor, session_id: int, key: Key, mark: str | None, note: str = "",
             reason: str | None = None) -> list[Previous]:
    return set_marks(actor, session_id, {key: (mark, note)}, reason)


def all_present(actor: Actor, session_id: int, reason: str | None = None) -> list[Previous]:
    session = get_session(session_id)
    people = activities.participants(session.activity_id, session.on_date)
    notes = _current(session_id)
    return set_marks(actor, session_id, {p.key: ("P", notes.get(p.key, ("", ""))[1])
                                         for p in people}, reason)


def undo(actor: Actor, session_id: int, previous: list[Previous],
         reason: str | None = None) -> list[Previous]:
    """Put back the marks a change replaced; returns the marks undone (to redo)."""
    return set_marks(actor, session_id, {key: (mark, note) for key, mark, note in previous},
                     reason)


def absent_by_numbers(actor: Actor, session_id: int, numbers: list[int],
                      reason: str | None = None) -> list[Previous]:
    """From a paper sign-in sheet: the numbers typed are absent, everyone else present."""
    session = get_session(session_id)
    people = activities.participants(session.activity_id, session.on_date)
    by_number = {p.number: p for p in people}
    unknown = sorted(set(numbers) - set(by_number))
    if unknown:
        raise ValidationError(_("No participant has the number {numbers} in this group.").format(
            numbers=", ".join(str(n) for n in unknown)), "numbers")
    absent = set(numbers)
    return set_marks(actor, session_id, {p.key: ("A" if p.number in absent else "P", "")
                                         for p in people}, reason)


_NUMBER = re.compile(r"[0-9]{1,4}")
_EASTERN_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "0123456789" * 2)


def parse_numbers(text: str) -> list[int]:
    """"3 7, 12" → [3, 7, 12] (Arabic-Indic digits too); anything else is a clear error. Only
    plain digits count: "²" or "①" are digits to Python but no number, and a number of 5,000
    digits is a key held down, not a participant."""
    parts = text.translate(_EASTERN_DIGITS).replace(",", " ").replace(";", " ") \
        .replace("،", " ").split()
    if not all(_NUMBER.fullmatch(part) for part in parts):
        raise ValidationError(_("Type only the numbers of the absent participants, separated "
                                "by spaces (e.g. 3 7 12)."), "numbers")
    return [int(part) for part in parts]


def close_session(actor: Actor, session_id: int, today: dt.date | None = None) -> list[int]:
    """The roll is final; the follow-up rule then looks at each child of the group. Returns the
    ids of follow-up tasks created."""
    require(actor, Permission.TAKE_ROLL)
    from centre_desk.core.services import follow_up_tasks

    with transaction():
        session = get_session(session_id)
        if session.closed_at is not None:
            return []
        _check_allowed(actor, session)
        if not Attendance.select().where(Attendance.session == session_id).exists():
            people = activities.participants(session.activity_id, session.on_date)
            if not people or not _presumes(session, {}):
                raise UserError(_("Take the roll before closing the session."))
            _write(actor, session, {p.key: ("P", "") for p in people}, None)  # confirms it
        Session.update(closed_at=utcnow(), closed_by=actor.user_id).where(
            Session.id == session_id).execute()
        audit.record(actor, "close", "session", session_id)
        children = [child_id for (child_id,) in Attendance.select(Attendance.child).where(
            (Attendance.session == session_id) & Attendance.child.is_null(False)).tuples()]
        return follow_up_tasks.check_children(children, today or session.on_date,
                                              session.activity_id)
