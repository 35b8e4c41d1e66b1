"""Registering a child: the duplicate check first, then the file, its household and guardians,
in one transaction."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from centre_desk.core import names
from centre_desk.core.errors import UserError, ValidationError
from centre_desk.core.i18n import _
from centre_desk.core.models import (
    Child,
    ChildGuardian,
    Guardian,
    Household,
    HouseholdStay,
    transaction,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit, child_search, children, families
from centre_desk.core.services.children import ChildIdentity


@dataclass
class FamilyChoice:
    """Where a new child lives: an existing household, or a new one around its first guardian."""

    household_id: int | None = None
    guardian: families.GuardianData | None = None
    relation: str = "mother"
    address: str = ""
    neighbourhood: str = ""


@dataclass(frozen=True)
class Candidate:
    """An existing child who may be the one being registered, with what makes them alike."""

    id: int
    file_number: str
    name_latin: str
    name_arabic: str
    sex: str
    birth_year: int | None
    birth_precision: str
    household_name: str
    guardian_phones: tuple[str, ...]
    status: str
    archived: bool
    reasons: tuple[str, ...]  # "name", "birth", "phone"


class PossibleDuplicates(UserError):
    def __init__(self, candidates: list[Candidate]):
        super().__init__(_("This child may already have a file. Check the files found before "
                           "creating a new one."))
        self.candidates = candidates


def _birth_close(year_a: int | None, year_b: int | None) -> bool | None:
    """Within a year of each other; None when either is unknown."""
    if year_a is None or year_b is None:
        return None
    return abs(year_a - year_b) <= 1


def _first_key(key: str) -> str:
    return key.split("|")[0] if key else ""


def find_duplicates(actor: Actor, data: ChildIdentity, phones: list[str] = (),
                    exclude_id: int | None = None) -> list[Candidate]:
    """Children who may be the same person: a name that sounds alike in either script (born
    within a year when both years are known), or the same guardian phone with a first name that
    sounds alike (a brother or sister sharing the phone is not a duplicate)."""
    require(actor, Permission.EDIT_CHILDREN)
    data = children.clean(data)
    derived = children.derived_columns(data)
    keys = {derived["name_key_latin"], derived["name_key_arabic"]} - {""}
    first_keys = {_first_key(key) for key in keys}
    phone_keys = {names.phone_key(phone) for phone in phones if phone} | {
        derived["emergency_phone_key"]}
    phone_keys = {key for key in phone_keys if len(key) >= 9}
    reasons: dict[int, set[str]] = {}
    live = Child.merged_into.is_null() & Child.erased_at.is_null()
    if keys:
        query = Child.select(Child.id, Child.birth_year).where(
            live & (Child.name_key_latin.in_(keys) | Child.name_key_arabic.in_(keys)))
        for id_, year in query.tuples():
            close = _birth_close(data.birth_year, year)
            if close is False:
                continue
            reasons.setdefault(id_, set()).add("name")
            if close:
                reasons[id_].add("birth")
    if phone_keys:
        households = Guardian.select(Guardian.household).where(Guardian.phone_key.in_(phone_keys))
        query = Child.select(Child.id, Child.name_key_latin, Child.name_key_arabic).where(
            live & (Child.emergency_phone_key.in_(phone_keys)
                    | Child.household.in_(households)))
        for id_, key_latin, key_arabic in query.tuples():
            if first_keys & {_first_key(key_latin), _first_key(key_arabic)}:
                reasons.setdefault(id_, set()).add("phone")
    reasons.pop(exclude_id, None)
    return [_candidate(id_, found) for id_, found in sorted(reasons.items())]


def _candidate(child_id: int, reasons: set[str]) -> Candidate:
    child = Child.get_by_id(child_id)
    household = Household.get_or_none(Household.id == child.household_id)
    phones = tuple(phone for (phone,) in Guardian.select(Guardian.phone).where(
        (Guardian.household == child.household_id) & (Guardian.phone != "")).tuples())
    order = ("name", "birth", "phone")
    return Candidate(child.id, child.file_number,
                     f"{child.first_name_latin} {child.last_name_latin}".strip(),
                     f"{child.first_name_arabic} {child.last_name_arabic}".strip(),
                     child.sex, child.birth_year, child.birth_precision,
                     household.name if household else "", phones, child.status,
                     child.archived_at is not None,
                     tuple(reason for reason in order if reason in reasons))


def _validate_family(family: FamilyChoice | None) -> None:
    if family is None:
        return
    if family.household_id is not None:
        if not Household.select().where((Household.id == family.household_id)
                                        & Household.erased_at.is_null()).exists():
            raise ValidationError(_("This household no longer exists."), "household")
    elif family.guardian is not None:
        families.validate_guardian(family.guardian)
        families.check_relation(family.relation)


def register_child(actor: Actor, data: ChildIdentity, family: FamilyChoice | None = None,
                   accept_duplicates: bool = False, today: dt.date | None = None) -> int:
    """Create the file; PossibleDuplicates unless the user confirmed it is a different child."""
    require(actor, Permission.EDIT_CHILDREN)
    today = today or dt.date.today()
    data = children.clean(data)
    children.validate(data, today)
    _validate_family(family)
    if not accept_duplicates:
        phones = [family.guardian.phone] if family and family.guardian else []
        found = find_duplicates(actor, data, phones)
        if found:
            raise PossibleDuplicates(found)
    with transaction():
        number, seq = children.next_file_number(today.year)
        values = {name: getattr(data, name) for name in children.IDENTITY_FIELDS}
        child = Child.create(file_number=number, file_year=today.year, file_seq=seq,
                             **values, **children.derived_columns(data))
        child_search.reindex(child)
        audit.record(actor, "create", "child", child.id)
        if family is not None:
            _join_family(actor, child, family, data)
            if data.photo_consent:  # the household's register may have said no to photos
                from centre_desk.core.services.consents import check_photo_allowed

                check_photo_allowed(child.id)
    return child.id


def _join_family(actor: Actor, child: Child, family: FamilyChoice, data: ChildIdentity) -> None:
    if family.household_id is not None:
        household_id = family.household_id
        relations = families.sibling_relations(household_id)
    elif family.guardian is not None:
        last_name = data.last_name_latin or data.last_name_arabic
        household_id = families.insert_household(
            actor, families.HouseholdData(name=last_name, address=family.address,
                                          neighbourhood=family.neighbourhood,
                                          phone=family.guardian.phone))
        guardian_id = families.insert_guardian(actor, household_id, family.guardian)
        relations = {guardian_id: family.relation}
    else:
        return
    Child.update(household=household_id).where(Child.id == child.id).execute()
    HouseholdStay.create(child=child.id, household=household_id, from_date=data.entry_date)
    for guardian_id, relation in relations.items():
        ChildGuardian.create(child=child.id, guardian=guardian_id, relation=relation)
