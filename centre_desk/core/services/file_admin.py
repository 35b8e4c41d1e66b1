"""An administrator's actions on children's files: merging two files of one person, and erasing
a child's personal data on request (law 09-08).

Merging moves every row that points at the duplicate, found from the schema's own foreign keys,
so tables added later (attendance, certificates) are carried over without being listed here."""
from __future__ import annotations

from centre_desk.core import backups
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill
from centre_desk.core.models import (
    Attendance,
    Child,
    ChildEntry,
    ChildGuardian,
    Consent,
    FollowUp,
    FollowUpTask,
    Guardian,
    Household,
    HouseholdDocument,
    HouseholdMember,
    transaction,
    utcnow,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit, child_search
from centre_desk.core.services.children import get_child

# Identity and follow-up fields the kept file takes from the duplicate when it has none itself.
_FILLABLE = ("first_name_latin", "last_name_latin", "first_name_arabic", "last_name_arabic",
             "birth_place", "nationality", "emergency_phone", "referral_detail", "school_name",
             "school_level", "health_notes")
_UNKNOWN = {"birth_precision": "unknown", "school_status": "unknown", "civil_status": "unknown",
            "health_coverage": "unknown"}


def references_to_child(db) -> list[tuple[str, str]]:
    """(table, column) of every foreign key pointing at child(id)."""
    found = []
    tables = [name for (name,) in db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'"
        " AND name NOT LIKE 'child_search%' AND name NOT LIKE 'sqlite_%'").fetchall()]
    for table in tables:
        for row in db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall():
            if row[2] == "child":
                found.append((table, row[3]))
    return found


def _live(child_id: int) -> Child:
    child = get_child(child_id)
    if child.merged_into_id is not None or child.erased_at is not None:
        raise UserError(fill(_("File {number} was merged or erased; it cannot be merged."),
            number=child.file_number))
    return child


def merge_children(actor: Actor, keep_id: int, duplicate_id: int) -> dict[str, int]:
    """The duplicate's attendance, certificates, entries and links move to the kept file; the
    duplicate stays as a pointer, so its file number still leads to the child. Returns how
    many rows moved per table."""
    require(actor, Permission.MANAGE_CHILD_FILES)
    if keep_id == duplicate_id:
        raise UserError(_("Choose two different files to merge."))
    db = Child._meta.database
    moved: dict[str, int] = {}
    backups.backup_before(db, "merge")  # a merge cannot be undone: its backup can be restored
    with transaction():
        keep, duplicate = _live(keep_id), _live(duplicate_id)
        for table, column in references_to_child(db):
            # A row the kept file already has (same guardian, same session) stays once.
            cursor = db.execute_sql(
                f'UPDATE OR IGNORE "{table}" SET "{column}" = ? WHERE "{column}" = ?',
                (keep_id, duplicate_id))
            moved[table] = moved.get(table, 0) + cursor.rowcount
            if table != "child":
                db.execute_sql(f'DELETE FROM "{table}" WHERE "{column}" = ?', (duplicate_id,))
        values = {name: getattr(duplicate, name) for name in _FILLABLE
                  if not getattr(keep, name) and getattr(duplicate, name)}
        for name, unknown in _UNKNOWN.items():
            if getattr(keep, name) == unknown and getattr(duplicate, name) != unknown:
                values[name] = getattr(duplicate, name)
                if name == "birth_precision":
                    values.update(birth_date=duplicate.birth_date,
                                  birth_year=duplicate.birth_year)
        if keep.household_id is None and duplicate.household_id is not None:
            values["household"] = duplicate.household_id
        if not keep.photo and duplicate.photo and duplicate.photo_consent:
            values.update(photo=duplicate.photo, photo_consent=True)
        if values:
            Child.update(**values, updated_at=utcnow()).where(Child.id == keep_id).execute()
        from centre_desk.core.services.consents import enforce_photo_register

        enforce_photo_register(keep_id)  # the register, now with both files' records, decides
        Child.update(merged_into=keep_id, updated_at=utcnow()).where(
            Child.id == duplicate_id).execute()
        _refresh_keys(keep_id)
        child_search.reindex(get_child(duplicate_id))
        detail = ";".join(f"{table}={count}" for table, count in sorted(moved.items()) if count)
        audit.record(actor, "merge", "child", keep_id, f"duplicate={duplicate_id};{detail}")
    return moved


def _refresh_keys(child_id: int) -> None:
    from centre_desk.core.services.children import derived_columns, identity_of

    child = get_child(child_id)
    Child.update(**derived_columns(identity_of(child))).where(Child.id == child_id).execute()
    child_search.reindex(get_child(child_id))


def erase_child(actor: Actor, child_id: int, backup: bool = True) -> None:
    """Anonymise the file in place: names, photo, phones, places and notes go; sex, year of
    birth, dates, statuses and attendance stay, so counts and statistics remain true. The
    household is erased too when no other child of the centre lives in it. ``backup=False``
    when the caller made the backup before its own transaction (a batch)."""
    require(actor, Permission.MANAGE_CHILD_FILES)
    if backup:
        backups.backup_before(Child._meta.database, "erasure")
    with transaction():
        child = get_child(child_id)
        if child.erased_at is not None:
            raise UserError(_("This file was already erased."))
        Child.update(
            first_name_latin="", last_name_latin="", first_name_arabic="", last_name_arabic="",
            birth_date=None, birth_precision="year" if child.birth_year else "unknown",
            birth_place="", nationality="", photo=None, photo_consent=False,
            referral_detail="", emergency_phone="", emergency_phone_key="", school_name="",
            health_notes="", sort_name="", name_key_latin="", name_key_arabic="",
            erased_at=utcnow(), updated_at=utcnow(),
        ).where(Child.id == child_id).execute()
        ChildEntry.update(label="", person="", note="").where(
            ChildEntry.child == child_id).execute()
        FollowUp.update(note="").where(FollowUp.child == child_id).execute()
        Attendance.update(note="").where(Attendance.child == child_id).execute()
        FollowUpTask.update(outcome="").where(FollowUpTask.child == child_id).execute()
        ChildGuardian.delete().where(ChildGuardian.child == child_id).execute()
        # The register keeps what was consented and when; the signed paper's scan goes.
        Consent.update(scan=None, paper_place="", guardian=None).where(
            Consent.child == child_id).execute()
        child_search.reindex(get_child(child_id))
        household_id = child.household_id
        others = Child.select().where((Child.household == household_id) & (Child.id != child_id)
                                      & Child.erased_at.is_null() & Child.merged_into.is_null())
        if household_id is not None and not others.exists():
            _erase_household(household_id)
        audit.record(actor, "erase", "child", child_id)


def _erase_household(household_id: int) -> None:
    Household.update(name="", address="", neighbourhood="", phone="", phone2="", housing="",
                     income="", difficulties="", erased_at=utcnow(), updated_at=utcnow()
                     ).where(Household.id == household_id).execute()
    Guardian.update(name_latin="", name_arabic="", cin="", phone="", phone_key="",
                    occupation="").where(Guardian.household == household_id).execute()
    HouseholdMember.delete().where(HouseholdMember.household == household_id).execute()
    HouseholdDocument.update(note="").where(HouseholdDocument.household == household_id).execute()
    FollowUp.update(note="").where(FollowUp.household == household_id).execute()
    Consent.update(scan=None, paper_place="", guardian=None).where(
        Consent.household == household_id).execute()
