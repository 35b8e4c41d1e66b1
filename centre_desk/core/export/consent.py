"""Whether a child's family agreed to share the child's (pseudonymised) data with the
association. One function answers it, so that the full consent register (issue 13) can later
answer it instead: ``sharing_consented_children`` would then delegate to
``children_with_consent("sharing_with_association")``."""
from __future__ import annotations

from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import N_, _
from centre_desk.core.models import Child, transaction
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit

SHARING_CONSENT = {"yes": N_("Yes"), "no": N_("No"), "unknown": N_("Not asked yet")}


def _db():
    return Child._meta.database


def sharing_consented_children() -> set[int]:
    """Ids of the children whose family said yes ("unknown" counts as no)."""
    return {row[0] for row in _db().execute_sql(
        "SELECT id FROM child WHERE sharing_consent = 'yes' AND merged_into_id IS NULL")}


def sharing_consent(child_id: int) -> str:
    row = _db().execute_sql("SELECT sharing_consent FROM child WHERE id = ?",
                            (child_id,)).fetchone()
    return row[0] if row else "unknown"


def set_sharing_consent(actor: Actor, child_ids: list[int] | int, value: str) -> None:
    require(actor, Permission.EDIT_CHILDREN)
    if value not in SHARING_CONSENT:
        raise ValidationError(_("Choose yes, no or not asked yet."), "sharing_consent")
    ids = [child_ids] if isinstance(child_ids, int) else list(child_ids)
    with transaction():
        _db().execute_sql("UPDATE child SET sharing_consent = ? WHERE id IN (SELECT value FROM "
                          "json_each(?))", (value, "[" + ",".join(map(str, ids)) + "]"))
        audit.record(actor, "update", "child", ids[0] if len(ids) == 1 else None,
                     f"sharing_consent={value} children={len(ids)}")
