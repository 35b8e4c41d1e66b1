"""The centre's own choices about attendance: pre-marking, and when absences call for a
follow-up (a rule the coordinator sets, e.g. 3 absences in a row or under 60 % over 4 weeks)."""
from __future__ import annotations

from dataclasses import dataclass

from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.models import Setting, transaction
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit


@dataclass(frozen=True)
class AttendanceRules:
    premark_present: bool = True
    absences_in_row: int = 3
    min_rate: int = 60  # percent
    rate_weeks: int = 4


def attendance_rules() -> AttendanceRules:
    values = {key: value for key, value in Setting.select(Setting.key, Setting.value).tuples()}
    default = AttendanceRules()
    return AttendanceRules(
        premark_present=values.get("premark_present", "1" if default.premark_present else "0")
        == "1",
        absences_in_row=int(values.get("absences_in_row", default.absences_in_row)),
        min_rate=int(values.get("min_rate", default.min_rate)),
        rate_weeks=int(values.get("rate_weeks", default.rate_weeks)))


def update_attendance_rules(actor: Actor, rules: AttendanceRules) -> None:
    require(actor, Permission.MANAGE_ACTIVITIES)
    if not 2 <= rules.absences_in_row <= 20:
        raise ValidationError(_("Choose between 2 and 20 absences in a row."), "absences_in_row")
    if not 0 <= rules.min_rate <= 100:
        raise ValidationError(_("A rate is between 0 and 100 %."), "min_rate")
    if not 1 <= rules.rate_weeks <= 26:
        raise ValidationError(_("Choose between 1 and 26 weeks."), "rate_weeks")
    values = {"premark_present": "1" if rules.premark_present else "0",
              "absences_in_row": str(rules.absences_in_row), "min_rate": str(rules.min_rate),
              "rate_weeks": str(rules.rate_weeks)}
    with transaction():
        for key, value in values.items():
            Setting.insert(key=key, value=value).on_conflict_replace().execute()
        audit.record(actor, "update", "settings", None, "attendance_rules")

