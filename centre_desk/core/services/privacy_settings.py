"""The centre's choices about protecting people's data: when the screen locks itself, how long
each category of data is kept (law 09-08), whether the association's headquarters is abroad."""
from __future__ import annotations

from dataclasses import dataclass

from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.models import Setting, transaction
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit

IDLE_LOCK_KEY = "idle_lock_minutes"
DEFAULT_IDLE_LOCK_MINUTES = 10
HQ_ABROAD_KEY = "hq_abroad"


def _value(key: str) -> str | None:
    row = Setting.get_or_none(Setting.key == key)
    return row.value if row else None


def _store(values: dict[str, str]) -> None:
    for key, value in values.items():
        Setting.insert(key=key, value=value).on_conflict_replace().execute()


def idle_lock_minutes() -> int:
    value = _value(IDLE_LOCK_KEY)
    return int(value) if value and value.isdigit() else DEFAULT_IDLE_LOCK_MINUTES


def set_idle_lock_minutes(actor: Actor, minutes: int) -> None:
    require(actor, Permission.EDIT_CENTRE)
    if not 1 <= minutes <= 120:
        raise ValidationError(_("Choose between 1 and 120 minutes."), "idle_lock_minutes")
    with transaction():
        _store({IDLE_LOCK_KEY: str(minutes)})
        audit.record(actor, "update", "settings", None, "idle_lock")


@dataclass(frozen=True)
class RetentionRules:
    """Years each category is kept; a file of a child who left is anonymised afterwards."""

    left_children_years: int = 5   # after the child's exit
    health_notes_years: int = 2    # after the child's exit: health is the most sensitive
    audit_years: int = 5           # audit events, after they happened


RETENTION_KEYS = {"left_children_years": "retention_left_children_years",
                  "health_notes_years": "retention_health_notes_years",
                  "audit_years": "retention_audit_years"}


def retention_rules() -> RetentionRules:
    default = RetentionRules()
    values = {}
    for name, key in RETENTION_KEYS.items():
        stored = _value(key)
        values[name] = int(stored) if stored and stored.isdigit() else getattr(default, name)
    return RetentionRules(**values)


def set_retention_rules(actor: Actor, rules: RetentionRules) -> None:
    require(actor, Permission.MANAGE_CHILD_FILES)
    for name, key in RETENTION_KEYS.items():
        if not 1 <= getattr(rules, name) <= 50:
            raise ValidationError(_("Choose between 1 and 50 years."), name)
    with transaction():
        _store({key: str(getattr(rules, name)) for name, key in RETENTION_KEYS.items()})
        audit.record(actor, "update", "settings", None, "retention")


def hq_abroad() -> bool:
    """Whether the association's headquarters, which receives the exports, is outside
    Morocco: sending data there is a transfer abroad that needs the CNDP's authorisation."""
    return _value(HQ_ABROAD_KEY) == "1"


def set_hq_abroad(actor: Actor, abroad: bool) -> None:
    require(actor, Permission.EDIT_CENTRE)
    with transaction():
        _store({HQ_ABROAD_KEY: "1" if abroad else "0"})
        audit.record(actor, "update", "settings", None, "hq_abroad")


def transfer_warning() -> str | None:
    """What the export screen says before sending data to a headquarters abroad."""
    if not hq_abroad():
        return None
    return _("The association's headquarters is set as abroad: sending it data is a transfer "
             "abroad that needs the CNDP's authorisation (its transfer form) first.")
