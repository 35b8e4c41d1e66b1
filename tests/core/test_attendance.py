"""Activities, sessions from the timetable, the roll call, closing, follow-up tasks."""
import datetime as dt

import pytest

from centre_desk.core.errors import PermissionDenied, UserError, ValidationError
from centre_desk.core.models import Attendance, AuditEvent, FollowUp, Session, SessionChange
from centre_desk.core.security import Role
from centre_desk.core.services import (
    activities,
    attendance,
    attendance_stats,
    follow_up_tasks,
    sessions,
    settings,
)
from centre_desk.core.services.activities import ActivityData, Slot
from tests.attendance_helpers import MONDAY, tutoring_group
from tests.child_helpers import mother, register


def test_a_days_sessions_come_from_the_timetable_without_any_term(centre):
    _opened, admin = centre
    activity_id, _children = tutoring_group(admin)
    rows = sessions.sessions_on(admin, MONDAY)
    assert [(r.start_time, r.end_time) for r in rows] == [("09:00", "11:00"), ("14:00", "16:00")]
    assert sessions.sessions_on(admin, MONDAY + dt.timedelta(days=5)) == []  # Saturday
    assert len(sessions.sessions_on(admin, MONDAY)) == 2  # drawn once


def test_closure_days_have_no_sessions_and_cancel_untaken_ones(centre):
    _opened, admin = centre
    tutoring_group(admin)
    sessions.sessions_on(admin, MONDAY)
    activities.add_closure(admin, MONDAY, MONDAY + dt.timedelta(days=1), "Aïd al-Mawlid")
    assert sessions.sessions_on(admin, MONDAY) == []
    assert sessions.sessions_on(admin, MONDAY + dt.timedelta(days=1)) == []
    assert len(sessions.sessions_on(admin, MONDAY + dt.timedelta(days=2))) == 2


def test_opening_the_roll_shows_everyone_presumed_present_and_saves_nothing(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 3)
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    roll = attendance.open_roll(admin, session_id)
    assert [line.mark for line in roll.lines] == ["P", "P", "P"] and roll.presumed
    assert Attendance.select().count() == 0
    assert Session.get_by_id(session_id).taken_at is None
    [row, _afternoon] = sessions.sessions_on(admin, MONDAY)
    assert (row.state, row.taken) == ("to_confirm", False)  # never "taken"
    monday = attendance_stats.week(admin, MONDAY, today=MONDAY)[0]
    assert (monday.sessions, monday.taken, monday.to_confirm) == (2, 0, 2)
    assert monday.tally.sessions == 0  # presumed marks count in no figure


def test_a_first_mark_confirms_the_presumed_roll(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 3)
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    attendance.open_roll(admin, session_id)
    attendance.set_mark(admin, session_id, ("c", children[1]), "A")
    marks = {a.child_id: a.mark for a in Attendance.select()}
    assert [marks[c] for c in children] == ["P", "A", "P"]
    assert not attendance.open_roll(admin, session_id).presumed
    assert sessions.sessions_on(admin, MONDAY)[0].state == "taken"
    monday = attendance_stats.week(admin, MONDAY, today=MONDAY)[0]
    assert (monday.taken, monday.to_confirm, monday.tally.absent) == (1, 1, 1)


def test_all_present_or_closing_confirms_the_presumed_roll(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 2)
    morning, afternoon = sessions.sessions_on(admin, MONDAY)
    attendance.all_present(admin, morning.id)
    assert Attendance.select().where(Attendance.session == morning.id).count() == 2
    attendance.close_session(admin, afternoon.id)
    assert {a.mark for a in Attendance.select().where(Attendance.session == afternoon.id)} == {
        "P"}
    assert sessions.sessions_on(admin, MONDAY)[1].state == "closed"


def test_without_premarking_nothing_is_presumed_and_an_untaken_roll_does_not_close(centre):
    _opened, admin = centre
    settings.update_attendance_rules(admin, settings.AttendanceRules(False, 3, 60, 4))
    _activity, children = tutoring_group(admin, 2)
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    roll = attendance.open_roll(admin, session_id)
    assert [line.mark for line in roll.lines] == [None, None] and not roll.presumed
    assert sessions.sessions_on(admin, MONDAY)[0].state == "not_taken"
    with pytest.raises(UserError, match="Faites l'appel"):
        attendance.close_session(admin, session_id)
    attendance.set_mark(admin, session_id, ("c", children[0]), "A")
    assert Attendance.select().count() == 1  # nobody else presumed


def test_the_week_shows_the_planned_sessions_of_days_to_come(centre):
    _opened, admin = centre
    tutoring_group(admin, 1)
    wednesday = MONDAY + dt.timedelta(days=2)
    days = attendance_stats.week(admin, MONDAY, today=wednesday)
    assert [day.sessions for day in days] == [2, 2, 2, 2, 2, 0, 0]
    assert [day.to_confirm for day in days] == [2, 2, 2, 0, 0, 0, 0]
    assert sessions.roll_state(wednesday + dt.timedelta(days=1), 0, False, True,
                               today=wednesday) == "planned"


def test_the_roll_is_taken_for_today_and_past_days_only(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 2)
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    while tomorrow.weekday() >= 5:
        tomorrow += dt.timedelta(days=1)
    session_id = sessions.sessions_on(admin, tomorrow)[0].id
    roll = attendance.open_roll(admin, session_id)
    assert roll.locked and not roll.presumed and [line.mark for line in roll.lines] == [None] * 2
    for change in (lambda: attendance.set_mark(admin, session_id, ("c", children[0]), "P"),
                   lambda: attendance.all_present(admin, session_id),
                   lambda: attendance.absent_by_numbers(admin, session_id, [1]),
                   lambda: attendance.close_session(admin, session_id)):
        with pytest.raises(UserError, match="jour à venir"):
            change()
    assert Attendance.select().count() == 0 and Session.get_by_id(session_id).closed_at is None


def test_a_session_closed_over_a_week_ago_changes_only_with_a_coordinator(centre, make_user):
    _opened, admin = centre
    educator = make_user("educ", Role.EDUCATOR)
    coordinator = make_user("coord", Role.COORDINATOR)
    _activity, children = tutoring_group(admin, 2)
    recent, old = sessions.sessions_on(admin, MONDAY)
    for session in (recent, old):
        attendance.close_session(admin, session.id)
    Session.update(closed_at=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
                   - dt.timedelta(days=8)).where(Session.id == old.id).execute()
    attendance.set_mark(educator, recent.id, ("c", children[0]), "E", reason="Certificat")
    assert not attendance.open_roll(educator, recent.id).locked
    assert "7" in attendance.open_roll(educator, old.id).locked
    with pytest.raises(UserError, match="coordinat"):
        attendance.set_mark(educator, old.id, ("c", children[0]), "E", reason="Certificat")
    assert Attendance.get(Attendance.session == old.id, Attendance.child == children[0]).mark \
        == "P"
    attendance.set_mark(coordinator, old.id, ("c", children[0]), "E", reason="Certificat")
    assert Attendance.get(Attendance.session == old.id, Attendance.child == children[0]).mark \
        == "E"


def test_each_mark_is_in_the_database_at_once_and_undo_puts_it_back(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 3)
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    attendance.open_roll(admin, session_id)
    attendance.set_mark(admin, session_id, ("c", children[0]), "L")
    previous = attendance.set_mark(admin, session_id, ("c", children[1]), "A")
    assert Attendance.get(Attendance.child == children[1]).mark == "A"
    attendance.undo(admin, session_id, previous)
    assert Attendance.get(Attendance.child == children[1]).mark == "P"
    assert Attendance.get(Attendance.child == children[0]).mark == "L"


def test_undoing_the_mark_that_confirmed_the_roll_makes_it_presumed_again(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 3)
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    previous = attendance.set_mark(admin, session_id, ("c", children[1]), "A")
    assert Attendance.select().count() == 3
    attendance.undo(admin, session_id, previous)
    assert Attendance.select().count() == 0 and Session.get_by_id(session_id).taken_at is None
    assert attendance.open_roll(admin, session_id).presumed


def test_a_closed_session_changes_only_with_a_reason_which_is_audited(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 2)
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    attendance.open_roll(admin, session_id)
    attendance.close_session(admin, session_id)
    with pytest.raises(UserError, match="raison"):
        attendance.set_mark(admin, session_id, ("c", children[0]), "E")
    attendance.set_mark(admin, session_id, ("c", children[0]), "E", reason="Certificat médical")
    assert SessionChange.get().reason == "Certificat médical"
    event = AuditEvent.get(AuditEvent.action == "change_closed")
    assert event.entity_id == session_id and "Certificat" not in event.detail


def test_paper_sheet_numbers_mark_absentees_and_everyone_else_present(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 5)
    session_id = sessions.sessions_on(admin, MONDAY)[0].id
    attendance.absent_by_numbers(admin, session_id, attendance.parse_numbers("2, 5"))
    marks = {a.child_id: a.mark for a in Attendance.select()}
    assert [marks[c] for c in children] == ["P", "A", "P", "P", "A"]
    with pytest.raises(ValidationError, match="9"):
        attendance.absent_by_numbers(admin, session_id, [9])
    with pytest.raises(ValidationError) as error:
        attendance.parse_numbers("2 et 5")
    assert error.value.field == "numbers"


def test_three_absences_in_a_row_create_one_follow_up_task(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 2)
    absent = children[0]
    for session in sessions.sessions_between(admin, MONDAY, MONDAY + dt.timedelta(days=1))[:3]:
        attendance.open_roll(admin, session.id)
        attendance.set_mark(admin, session.id, ("c", absent), "A")
        created = attendance.close_session(admin, session.id)
    assert len(created) == 1
    [task] = follow_up_tasks.open_tasks(admin)
    assert (task.child_id, task.reason, task.detail) == (absent, "absences_in_row", "3")
    session = sessions.sessions_between(admin, MONDAY, MONDAY + dt.timedelta(days=2))[3]
    attendance.open_roll(admin, session.id)
    attendance.set_mark(admin, session.id, ("c", absent), "A")
    assert attendance.close_session(admin, session.id) == []  # one open task is enough


def test_closing_a_task_writes_the_outcome_into_the_family_timeline(centre):
    _opened, admin = centre
    child_id = register(admin, guardian=mother())
    activity_id, _children = tutoring_group(admin, 0)
    activities.enrol(admin, activity_id, child_id=child_id, start_date=dt.date(2026, 9, 1))
    for session in sessions.sessions_between(admin, MONDAY, MONDAY + dt.timedelta(days=1))[:3]:
        attendance.set_mark(admin, session.id, ("c", child_id), "A")
        attendance.close_session(admin, session.id)
    [task] = follow_up_tasks.open_tasks(admin)
    with pytest.raises(ValidationError) as error:
        follow_up_tasks.close_task(admin, task.id, " ")
    assert error.value.field == "outcome"
    follow_up_tasks.close_task(admin, task.id, "Appel à la mère : l'enfant était malade")
    assert follow_up_tasks.open_tasks(admin) == []
    entry = FollowUp.get(FollowUp.child == child_id)
    assert "malade" in entry.note and entry.kind == "phone_call"


def test_a_low_rate_over_the_weeks_creates_a_task(centre):
    _opened, admin = centre
    settings.update_attendance_rules(admin, settings.AttendanceRules(True, 5, 60, 4))
    _activity, children = tutoring_group(admin, 1)
    rows = sessions.sessions_between(admin, MONDAY, MONDAY + dt.timedelta(days=4))
    for index, session in enumerate(rows[:8]):
        attendance.set_mark(admin, session.id, ("c", children[0]), "A" if index % 2 else "P")
    attendance.close_session(admin, rows[7].id)
    [task] = follow_up_tasks.open_tasks(admin)
    assert (task.reason, task.detail) == ("low_rate", "50%")


def _womens_group(admin):
    """A women's group on Wednesdays from September 2026; its activity id."""
    return activities.create_activity(admin, ActivityData(
        kind="womens_group", name="Groupe de parole des femmes", start_date=dt.date(2026, 9, 1),
        slots=[Slot(2, "15:00", "17:00")]))


def test_guardians_take_part_in_adult_groups_only(centre):
    _opened, admin = centre
    child_id = register(admin, guardian=mother())
    from centre_desk.core.models import Guardian
    guardian_id = Guardian.get().id
    tutoring, _children = tutoring_group(admin, 0)
    with pytest.raises(UserError, match="accueillent des adultes"):
        activities.enrol(admin, tutoring, guardian_id=guardian_id)
    women = _womens_group(admin)
    activities.enrol(admin, women, guardian_id=guardian_id, start_date=dt.date(2026, 9, 1))
    session = sessions.sessions_on(admin, MONDAY + dt.timedelta(days=2))[-1]
    roll = attendance.open_roll(admin, session.id)
    assert [line.participant.guardian_id for line in roll.lines] == [guardian_id]
    attendance.set_mark(admin, session.id, ("g", guardian_id), "L")
    group, people = attendance_stats.group_month(admin, women, 2026, 9)
    assert people[("g", guardian_id)].late == 1 and group.rate == 100
    # The refused enrolment left nothing in the children's group; her child is not counted
    # with her in the women's group.
    assert activities.participants(tutoring, MONDAY) == []
    assert list(people) == [("g", guardian_id)] and ("c", child_id) not in people


def test_a_parent_marked_again_keeps_one_mark_and_the_index_holds_parents_only(centre):
    import peewee

    from centre_desk.core.models import Guardian
    _opened, admin = centre
    register(admin, guardian=mother())
    guardian_id = Guardian.get().id
    women = _womens_group(admin)
    activities.enrol(admin, women, guardian_id=guardian_id, start_date=dt.date(2026, 9, 1))
    _activity, children = tutoring_group(admin, 2)
    wednesday = sessions.sessions_on(admin, MONDAY + dt.timedelta(days=2))
    group_session = next(s for s in wednesday if s.activity_id == women)
    attendance.set_mark(admin, group_session.id, ("g", guardian_id), "L")
    attendance.set_mark(admin, group_session.id, ("g", guardian_id), "P")  # corrected
    tutoring_session = sessions.sessions_on(admin, MONDAY)[0]
    for child_id in children:
        attendance.set_mark(admin, tutoring_session.id, ("c", child_id), "P")
    marks = Attendance.select().where(Attendance.guardian == guardian_id)
    assert [(m.session_id, m.mark) for m in marks] == [(group_session.id, "P")]
    db = Attendance._meta.database
    with pytest.raises(peewee.IntegrityError), db.atomic():
        db.execute_sql("INSERT INTO attendance (session_id, guardian_id, mark, marked_at) "
                       "VALUES (?, ?, 'A', '2026-09-16 15:00:00')",
                       (group_session.id, guardian_id))
    # Migration 11: the children's marks (no guardian) take no room in the parents' index.
    in_index = db.execute_sql(
        "SELECT count(*) FROM attendance INDEXED BY attendance_session_guardian "
        "WHERE guardian_id IS NOT NULL").fetchone()[0]
    partial = db.execute_sql("SELECT partial FROM pragma_index_list('attendance') "
                             "WHERE name = 'attendance_session_guardian'").fetchone()[0]
    assert (in_index, partial) == (1, 1)


def test_an_educator_takes_the_roll_but_manages_no_activity(centre, make_user):
    _opened, admin = centre
    educator = make_user("educ", Role.EDUCATOR)
    activity_id, children = tutoring_group(admin, 2, educators=[educator.user_id])
    assert [r.activity_id for r in sessions.sessions_on(educator, MONDAY, mine_only=True)] == [
        activity_id, activity_id]
    session_id = sessions.sessions_on(educator, MONDAY)[0].id
    attendance.open_roll(educator, session_id)
    attendance.set_mark(educator, session_id, ("c", children[0]), "L")
    with pytest.raises(PermissionDenied):
        activities.enrol(educator, activity_id, child_id=children[0])
    with pytest.raises(PermissionDenied):
        follow_up_tasks.open_tasks(educator)


def test_a_timetable_with_overlapping_sessions_is_refused(centre):
    _opened, admin = centre
    with pytest.raises(ValidationError, match="chevauchent"):
        activities.create_activity(admin, ActivityData(
            name="Chorale", slots=[Slot(0, "09:00", "11:00"), Slot(0, "10:30", "12:00")]))
    with pytest.raises(ValidationError, match="09:00"):
        activities.create_activity(admin, ActivityData(name="Chorale",
                                                       slots=[Slot(0, "9h", "11:00")]))


def test_a_childs_attendance_by_activity_and_month(centre):
    _opened, admin = centre
    _activity, children = tutoring_group(admin, 1)
    for index, session in enumerate(sessions.sessions_between(admin, MONDAY,
                                                              MONDAY + dt.timedelta(days=1))):
        attendance.set_mark(admin, session.id, ("c", children[0]), "PALE"[index])
    history = attendance_stats.child_attendance(admin, children[0])
    [(name, tally)] = history.by_activity
    assert (tally.present, tally.absent, tally.late, tally.excused) == (1, 1, 1, 1)
    assert round(tally.rate) == 67
    assert history.by_month[0][0] == dt.date(2026, 9, 1)


def test_a_year_of_sessions_is_drawn_once(centre):
    _opened, admin = centre
    tutoring_group(admin, 0)
    created = sessions.ensure_sessions(dt.date(2026, 9, 1), dt.date(2027, 6, 30))
    assert created == Session.select().count() > 400
    assert sessions.ensure_sessions(dt.date(2026, 9, 1), dt.date(2027, 6, 30)) == 0


def test_the_timetable_is_written_as_a_secretary_would():
    from centre_desk.core import i18n

    slots = [Slot(day, "09:00", "11:00") for day in range(5)] + [Slot(2, "14:00", "15:30"),
                                                                  Slot(5, "14:00", "15:30")]
    assert activities.timetable_text(slots) == "Lun–Ven 09:00–11:00; Mer, Sam 14:00–15:30"
    i18n.set_language("ar")
    assert activities.timetable_text(slots[:5]) == "الاثنين–الجمعة 09:00–11:00"


def test_migration_5_forgets_rolls_the_old_opening_presumed_and_keeps_confirmed_ones(centre):
    from centre_desk.core import migrations
    from centre_desk.core.models import Child

    opened, admin = centre
    _activity, children = tutoring_group(admin, 2)
    presumed, confirmed, closed = sessions.sessions_between(admin, MONDAY,
                                                            MONDAY + dt.timedelta(days=1))[:3]
    db = Attendance._meta.database
    at = "2026-09-14 09:01:00"
    for session in (presumed, confirmed, closed):  # what the old opening wrote
        db.execute_sql("UPDATE session SET taken_at = ? WHERE id = ?", (at, session.id))
        for child_id in children:
            db.execute_sql("INSERT INTO attendance (session_id, child_id, mark, note, marked_at, "
                           "marked_by) VALUES (?, ?, 'P', '', ?, 1)", (session.id, child_id, at))
    db.execute_sql("UPDATE attendance SET mark = 'A', marked_at = '2026-09-14 09:05:00' "
                   "WHERE session_id = ? AND child_id = ?", (confirmed.id, children[0]))
    db.execute_sql("UPDATE session SET closed_at = ? WHERE id = ?", (at, closed.id))
    Child.update(health_coverage="ramed").where(Child.id == children[0]).execute()
    migrations.v5_presumed_rolls_and_amo_tadamon(db.connection())
    counts = {s.id: Attendance.select().where(Attendance.session == s.id).count()
              for s in (presumed, confirmed, closed)}
    assert counts == {presumed.id: 0, confirmed.id: 2, closed.id: 2}
    assert Session.get_by_id(presumed.id).taken_at is None
    assert Session.get_by_id(confirmed.id).taken_at is not None
    assert sessions.sessions_on(admin, MONDAY)[0].state == "to_confirm"
    assert Child.get_by_id(children[0]).health_coverage == "amo_tadamon"
