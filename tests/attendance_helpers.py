"""A group with its timetable and children, for attendance tests."""
from __future__ import annotations

import datetime as dt

from centre_desk.core.services import activities
from centre_desk.core.services.activities import ActivityData, Slot
from tests.child_helpers import register

MONDAY = dt.date(2026, 9, 14)  # a Monday in term


def tutoring_group(actor, children: int = 5, kind: str = "tutoring", educators=()) -> tuple[
        int, list[int]]:
    """Mon–Fri 9:00–11:00 and 14:00–16:00, with ``children`` children enrolled."""
    slots = [Slot(day, start, end) for day in range(5)
             for start, end in (("09:00", "11:00"), ("14:00", "16:00"))]
    activity_id = activities.create_activity(actor, ActivityData(
        kind=kind, name="Soutien scolaire CE4", room="Salle 2", start_date=dt.date(2026, 9, 1),
        slots=slots, educator_ids=list(educators)))
    child_ids = []
    for number in range(children):
        child_id = register(actor, first=f"Enfant{number}", last=f"Famille{number}")
        activities.enrol(actor, activity_id, child_id=child_id, start_date=dt.date(2026, 9, 1))
        child_ids.append(child_id)
    return activity_id, child_ids
