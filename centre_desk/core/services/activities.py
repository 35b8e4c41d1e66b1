"""Activities (groups), their educators and weekly timetable, who takes part, closure days and
one-off sessions."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from peewee import JOIN, fn

from centre_desk.core.dates import check_plausible
from centre_desk.core.errors import NotFound, UserError, ValidationError
from centre_desk.core.i18n import COLLATION, _, counted, fill, join_list
from centre_desk.core.models import (
    Activity,
    ActivityEducator,
    Attendance,
    Child,
    Closure,
    Enrolment,
    Guardian,
    Session,
    TimetableSlot,
    User,
    transaction,
)
from centre_desk.core.security import Actor, Permission, Role, require
from centre_desk.core.services import audit
from centre_desk.core.services.activity_names import shown_name_sql
from centre_desk.core.services.children import editable_child
from centre_desk.core.vocabulary import ACTIVITY_KIND, ADULT_KINDS

TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass
class Slot:
    weekday: int
    start_time: str
    end_time: str


@dataclass
class ActivityData:
    kind: str = "workshop"
    name: str = ""
    room: str = ""
    age_min: int | None = None
    age_max: int | None = None
    capacity: int | None = None
    start_date: dt.date = field(default_factory=dt.date.today)
    end_date: dt.date | None = None
    educator_ids: list[int] = field(default_factory=list)
    slots: list[Slot] = field(default_factory=list)
    active: bool = True
    name_arabic: str = ""  # printed on Arabic certificates; the name is used when empty


@dataclass(frozen=True)
class ActivityRow:
    id: int
    kind: str
    name: str
    room: str
    educators: str
    timetable: str
    enrolled: int
    capacity: int | None
    active: bool


@dataclass(frozen=True)
class Participant:
    enrolment_id: int
    number: int
    child_id: int | None
    guardian_id: int | None
    name: str
    name_arabic: str
    start_date: dt.date
    end_date: dt.date | None

    @property
    def key(self) -> tuple[str, int]:
        return ("c", self.child_id) if self.child_id else ("g", self.guardian_id)


def _check_time(text: str, field_name: str) -> None:
    if not TIME.match(text or ""):
        raise ValidationError(_("Write times as hours:minutes, for example 09:00."), field_name)


def validate(data: ActivityData) -> None:
    if data.kind not in ACTIVITY_KIND:
        raise ValidationError(_("Choose the kind of activity."), "kind")
    if not data.name.strip():
        raise ValidationError(_("Give the activity a name."), "name")
    if data.age_min is not None and data.age_max is not None and data.age_min > data.age_max:
        raise ValidationError(_("The youngest age is above the oldest."), "ages")
    if data.capacity is not None and data.capacity < 1:
        raise ValidationError(_("The capacity is at least 1 participant."), "capacity")
    check_plausible(data.start_date, "period")
    check_plausible(data.end_date, "period")
    if data.end_date is not None and data.end_date < data.start_date:
        raise ValidationError(_("The period ends before it starts."), "period")
    by_day: dict[int, list[Slot]] = {}
    for slot in data.slots:
        _check_time(slot.start_time, "slots")
        _check_time(slot.end_time, "slots")
        if slot.start_time >= slot.end_time:
            raise ValidationError(fill(_("A session ends after it starts ({start}–{end})."),
                start=slot.start_time, end=slot.end_time), "slots")
        if not 0 <= slot.weekday <= 6:
            raise ValidationError(_("Choose the day of the week."), "slots")
        for other in by_day.get(slot.weekday, []):
            if slot.start_time < other.end_time and other.start_time < slot.end_time:
                raise ValidationError(_("Two sessions of the timetable overlap on the same day."),
                                      "slots")
        by_day.setdefault(slot.weekday, []).append(slot)
    if data.educator_ids:
        found = User.select().where(User.id.in_(data.educator_ids) & User.active).count()
        if found != len(set(data.educator_ids)):
            raise ValidationError(_("An educator chosen no longer has an active account."),
                                  "educators")


def get(activity_id: int) -> Activity:
    activity = Activity.get_or_none(Activity.id == activity_id)
    if activity is None:
        raise NotFound(_("This activity no longer exists."))
    return activity


def _write_links(activity_id: int, data: ActivityData) -> None:
    ActivityEducator.delete().where(ActivityEducator.activity == activity_id).execute()
    for user_id in sorted(set(data.educator_ids)):
        ActivityEducator.create(activity=activity_id, user=user_id)
    TimetableSlot.delete().where(TimetableSlot.activity == activity_id).execute()
    for slot in data.slots:
        TimetableSlot.create(activity=activity_id, weekday=slot.weekday,
                             start_time=slot.start_time, end_time=slot.end_time)


def _values(data: ActivityData) -> dict:
    return dict(kind=data.kind, name=" ".join(data.name.split()), room=data.room.strip(),
                age_min=data.age_min, age_max=data.age_max, capacity=data.capacity,
                start_date=data.start_date, end_date=data.end_date, active=data.active,
                name_ar=" ".join(data.name_arabic.split()))


def create_activity(actor: Actor, data: ActivityData) -> int:
    require(actor, Permission.MANAGE_ACTIVITIES)
    validate(data)
    with transaction():
        activity = Activity.create(**_values(data))
        _write_links(activity.id, data)
        audit.record(actor, "create", "activity", activity.id)
    return activity.id


def update_activity(actor: Actor, activity_id: int, data: ActivityData,
                    today: dt.date | None = None) -> None:
    """A new timetable applies from today: sessions to come that nobody took are redrawn."""
    require(actor, Permission.MANAGE_ACTIVITIES)
    validate(data)
    today = today or dt.date.today()
    with transaction():
        get(activity_id)
        Activity.update(**_values(data)).where(Activity.id == activity_id).execute()
        _write_links(activity_id, data)
        taken = Attendance.select(Attendance.session)
        Session.delete().where((Session.activity == activity_id) & (Session.on_date >= today)
                               & ~Session.one_off & Session.id.not_in(taken)).execute()
        audit.record(actor, "update", "activity", activity_id)


def activity_data(actor: Actor, activity_id: int) -> ActivityData:
    require(actor, Permission.TAKE_ROLL)
    activity = get(activity_id)
    educators = [user_id for (user_id,) in ActivityEducator.select(ActivityEducator.user).where(
        ActivityEducator.activity == activity_id).tuples()]
    slots = [Slot(weekday, start, end) for weekday, start, end in TimetableSlot.select(
        TimetableSlot.weekday, TimetableSlot.start_time, TimetableSlot.end_time).where(
        TimetableSlot.activity == activity_id).order_by(TimetableSlot.weekday,
                                                        TimetableSlot.start_time).tuples()]
    return ActivityData(activity.kind, activity.name, activity.room, activity.age_min,
                        activity.age_max, activity.capacity, activity.start_date,
                        activity.end_date, educators, slots, activity.active,
                        activity.name_ar)


def timetable_text(slots: list[Slot]) -> str:
    """"Mon–Fri 09:00–11:00; Wed 14:00–15:30": days sharing hours are written together."""
    from centre_desk.core.i18n import current_language
    from centre_desk.core.vocabulary import WEEKDAYS, label

    def day(number: int) -> str:
        name = label(WEEKDAYS, str(number))
        return name if current_language() == "ar" else name[:3]  # Arabic has no such cut

    by_hours: dict[tuple[str, str], list[int]] = {}
    for slot in slots:
        by_hours.setdefault((slot.start_time, slot.end_time), []).append(slot.weekday)
    parts = []
    for (start, end), days in sorted(by_hours.items(), key=lambda item: min(item[1])):
        days = sorted(set(days))
        if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
            written = f"{day(days[0])}–{day(days[-1])}"
        else:
            written = join_list(day(number) for number in days)
        parts.append(f"{written} {start}–{end}")
    return join_list(parts, semicolons=True)


def list_activities(actor: Actor, include_inactive: bool = False,
                    today: dt.date | None = None) -> list[ActivityRow]:
    require(actor, Permission.TAKE_ROLL)
    today = today or dt.date.today()
    enrolled = (Enrolment.select(fn.COUNT(Enrolment.id)).where(
        (Enrolment.activity == Activity.id) & (Enrolment.start_date <= today)
        & (Enrolment.end_date.is_null() | (Enrolment.end_date >= today))))
    shown = shown_name_sql()
    query = Activity.select(Activity.id, Activity.kind, shown, Activity.room,
                            enrolled.alias("enrolled"), Activity.capacity, Activity.active)
    if not include_inactive:
        query = query.where(Activity.active)
    educators: dict[int, list[str]] = {}
    for activity_id, name in (ActivityEducator.select(ActivityEducator.activity, User.full_name)
                              .join(User).tuples()):
        educators.setdefault(activity_id, []).append(name)
    slots: dict[int, list[Slot]] = {}
    for activity_id, weekday, start, end in TimetableSlot.select(
            TimetableSlot.activity, TimetableSlot.weekday, TimetableSlot.start_time,
            TimetableSlot.end_time).order_by(TimetableSlot.weekday,
                                             TimetableSlot.start_time).tuples():
        slots.setdefault(activity_id, []).append(Slot(weekday, start, end))
    return [ActivityRow(id_, kind, name, room, join_list(educators.get(id_, [])),
                        timetable_text(slots.get(id_, [])), count, capacity, bool(active))
            for id_, kind, name, room, count, capacity, active
            in query.order_by(Activity.kind, shown.collate(COLLATION)).tuples()]


def educator_choices() -> list[tuple[int, str]]:
    """Active accounts who can lead a group."""
    roles = [Role.EDUCATOR.value, Role.COORDINATOR.value, Role.SOCIAL_WORKER.value,
             Role.ADMIN.value, Role.SECRETARY.value]
    return list(User.select(User.id, User.full_name).where(User.active & User.role.in_(roles))
                .order_by(User.full_name.collate(COLLATION)).tuples())


# --- participants -------------------------------------------------------------------------------

def participants(activity_id: int, on_date: dt.date) -> list[Participant]:
    """Who is enrolled on that day, in the order of their numbers."""
    current = ((Enrolment.activity == activity_id) & (Enrolment.start_date <= on_date)
               & (Enrolment.end_date.is_null() | (Enrolment.end_date >= on_date)))
    query = (Enrolment.select(Enrolment.id, Enrolment.number, Enrolment.child, Enrolment.guardian,
                              Child.first_name_latin, Child.last_name_latin,
                              Child.first_name_arabic, Child.last_name_arabic,
                              Guardian.name_latin, Guardian.name_arabic, Enrolment.start_date,
                              Enrolment.end_date)
             .join_from(Enrolment, Child, JOIN.LEFT_OUTER)
             .join_from(Enrolment, Guardian, JOIN.LEFT_OUTER)
             .where(current).order_by(Enrolment.number, Enrolment.id))
    seen, result = set(), []
    for (id_, number, child_id, guardian_id, first, last, first_ar, last_ar, g_latin, g_arabic,
         start, end) in query.tuples():
        key = ("c", child_id) if child_id else ("g", guardian_id)
        if key in seen:  # two enrolments after a merge: one line on the roll
            continue
        seen.add(key)
        if child_id:
            name, name_ar = f"{first} {last}".strip(), f"{first_ar} {last_ar}".strip()
        else:
            name, name_ar = g_latin, g_arabic
        result.append(Participant(id_, number, child_id, guardian_id, name, name_ar, start, end))
    return result


def enrol(actor: Actor, activity_id: int, child_id: int | None = None,
          guardian_id: int | None = None, start_date: dt.date | None = None) -> int:
    require(actor, Permission.MANAGE_ACTIVITIES)
    start_date = start_date or dt.date.today()
    with transaction():
        activity = get(activity_id)
        if guardian_id is not None and activity.kind not in ADULT_KINDS:
            raise UserError(_("Only parents' and women's groups take adults."))
        if child_id is not None:
            editable_child(child_id)
        current = participants(activity_id, start_date)
        if any(p.child_id == child_id and p.guardian_id == guardian_id for p in current):
            raise UserError(_("Already enrolled in this activity."))
        if activity.capacity is not None and len(current) >= activity.capacity:
            raise UserError(counted("This activity is full ({n} place).",
                                    "This activity is full ({n} places).", activity.capacity))
        number = (Enrolment.select(fn.MAX(Enrolment.number)).where(
            Enrolment.activity == activity_id).scalar() or 0) + 1
        enrolment = Enrolment.create(activity=activity_id, child=child_id, guardian=guardian_id,
                                     start_date=start_date, number=number)
        audit.record(actor, "enrol", "activity", activity_id, f"enrolment={enrolment.id}")
    return enrolment.id


def end_enrolment(actor: Actor, enrolment_id: int, end_date: dt.date) -> None:
    require(actor, Permission.MANAGE_ACTIVITIES)
    with transaction():
        enrolment = Enrolment.get_or_none(Enrolment.id == enrolment_id)
        if enrolment is None:
            raise NotFound(_("This enrolment no longer exists."))
        if end_date < enrolment.start_date:
            raise ValidationError(_("The end is before the start of the enrolment."), "end_date")
        Enrolment.update(end_date=end_date).where(Enrolment.id == enrolment_id).execute()
        audit.record(actor, "unenrol", "activity", enrolment.activity_id,
                     f"enrolment={enrolment_id}")


# --- closures and one-off sessions --------------------------------------------------------------

def add_closure(actor: Actor, start: dt.date, end: dt.date, label: str) -> int:
    """The centre is closed: sessions nobody took in those days are cancelled."""
    require(actor, Permission.MANAGE_ACTIVITIES)
    if not label.strip():
        raise ValidationError(_("Say why the centre is closed (e.g. Aïd al-Adha)."), "label")
    check_plausible(start, "start")
    check_plausible(end, "end")
    if end < start:
        raise ValidationError(_("The closure ends before it starts."), "end")
    with transaction():
        closure = Closure.create(start_date=start, end_date=end, label=label.strip())
        taken = Attendance.select(Attendance.session)
        Session.update(cancelled=True).where(
            Session.on_date.between(start, end) & ~Session.one_off
            & Session.id.not_in(taken)).execute()
        audit.record(actor, "create", "closure", closure.id)
    return closure.id


def remove_closure(actor: Actor, closure_id: int) -> None:
    require(actor, Permission.MANAGE_ACTIVITIES)
    with transaction():
        closure = Closure.get_or_none(Closure.id == closure_id)
        if closure is None:
            return
        closure.delete_instance()
        Session.update(cancelled=False).where(
            Session.on_date.between(closure.start_date, closure.end_date)
            & Session.cancelled).execute()
        audit.record(actor, "delete", "closure", closure_id)


def list_closures(actor: Actor) -> list[tuple[int, dt.date, dt.date, str]]:
    require(actor, Permission.TAKE_ROLL)
    return list(Closure.select(Closure.id, Closure.start_date, Closure.end_date, Closure.label)
                .order_by(Closure.start_date.desc()).tuples())


def add_one_off_session(actor: Actor, activity_id: int, on_date: dt.date, start: str, end: str,
                        title: str) -> int:
    """An outing or an event outside the timetable."""
    require(actor, Permission.MANAGE_ACTIVITIES)
    _check_time(start, "start")
    _check_time(end, "end")
    if start >= end:
        raise ValidationError(fill(_("A session ends after it starts ({start}–{end})."),
            start=start, end=end), "end")
    if not title.strip():
        raise ValidationError(_("Give the session a title (e.g. Visit to the museum)."), "title")
    with transaction():
        get(activity_id)
        if Session.select().where((Session.activity == activity_id) & (Session.on_date == on_date)
                                  & (Session.start_time == start)).exists():
            raise ValidationError(_("This activity already has a session at that time."),
                                  "start")
        session = Session.create(activity=activity_id, on_date=on_date, start_time=start,
                                 end_time=end, title=title.strip(), one_off=True)
        audit.record(actor, "create", "session", session.id)
    return session.id
