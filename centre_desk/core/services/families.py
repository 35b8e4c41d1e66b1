"""The family file: a household, its guardians and other members, documents received, and the
move of a child from one household to another (the history is kept)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

from peewee import fn

from centre_desk.core import names
from centre_desk.core.dates import check_plausible
from centre_desk.core.errors import NotFound, UserError, ValidationError
from centre_desk.core.i18n import COLLATION, _, join_list
from centre_desk.core.models import (
    Child,
    ChildGuardian,
    Guardian,
    Household,
    HouseholdDocument,
    HouseholdMember,
    HouseholdStay,
    transaction,
    utcnow,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit
from centre_desk.core.vocabulary import (
    ADULT_SEX,
    DOCUMENT_KIND,
    MARITAL_STATUS,
    MEMBER_RELATION,
    RELATION,
    SEX,
)

CONFIDENTIAL_FIELDS = ("housing", "income", "difficulties")


@dataclass
class HouseholdData:
    name: str = ""
    address: str = ""
    neighbourhood: str = ""
    phone: str = ""
    phone2: str = ""
    housing: str | None = None  # None: not shown to this user, left unchanged
    income: str | None = None
    difficulties: str | None = None


@dataclass
class GuardianData:
    name_latin: str = ""
    name_arabic: str = ""
    sex: str = "f"
    cin: str = ""
    phone: str = ""
    occupation: str = ""
    marital_status: str = "unknown"
    lives_in_household: bool = True


@dataclass
class MemberData:
    name: str = ""
    sex: str = "f"
    birth_year: int | None = None
    relation: str = "sibling"
    occupation: str = ""
    note: str = ""


@dataclass(frozen=True)
class GuardianRow:
    id: int
    data: GuardianData
    children: tuple[tuple[int, str, str], ...]  # (child id, child's name, relation)


@dataclass(frozen=True)
class HouseholdChild:
    id: int
    file_number: str
    name: str
    sex: str
    birth_year: int | None
    status: str
    current: bool  # lives in the household now (else: lived here before)


@dataclass(frozen=True)
class HouseholdFile:
    id: int
    data: HouseholdData
    single_mother: bool
    guardians: tuple[GuardianRow, ...]
    children: tuple[HouseholdChild, ...]
    members: tuple[tuple[int, MemberData], ...]
    documents: dict[str, dt.date]
    erased: bool
    confidential_visible: bool


@dataclass(frozen=True)
class HouseholdRow:
    id: int
    name: str
    neighbourhood: str
    phones: str
    children: int


def _tidy(text: str | None) -> str | None:
    """Single-line text loses stray spaces; notes keep their lines."""
    if text is None:
        return None
    return text.strip() if "\n" in text else " ".join(text.split())


# --- validation ---------------------------------------------------------------------------------

def check_relation(relation: str) -> None:
    if relation not in RELATION:
        raise ValidationError(_("Choose the guardian's relation to the child."), "relation")


def validate_guardian(data: GuardianData) -> None:
    if not (data.name_latin.strip() or data.name_arabic.strip()):
        raise ValidationError(_("Enter the guardian's name in Latin or in Arabic script."),
                              "guardian_name")
    if data.sex not in ADULT_SEX:
        raise ValidationError(_("Choose whether the guardian is a woman or a man."), "guardian_sex")
    if data.marital_status not in MARITAL_STATUS:
        raise ValidationError(_("Choose the marital status."), "marital_status")
    names.check_phone(data.phone, "guardian_phone")
    if data.cin and not (4 <= len(data.cin.strip()) <= 12):
        raise ValidationError(_("A CIN number has 4 to 12 letters and digits, for example "
                                "BE123456."), "cin")


def _validate_household(data: HouseholdData) -> None:
    if not data.name.strip():
        raise ValidationError(_("Give the household a name, usually the family name."), "name")
    names.check_phone(data.phone, "phone")
    names.check_phone(data.phone2, "phone2")


def _household(household_id: int) -> Household:
    household = Household.get_or_none(Household.id == household_id)
    if household is None:
        raise NotFound(_("This household no longer exists."))
    return household


def _editable_household(household_id: int) -> Household:
    household = _household(household_id)
    if household.erased_at is not None:
        raise UserError(_("This household's data was erased; it no longer changes."))
    return household


# --- households ---------------------------------------------------------------------------------

def insert_household(actor: Actor, data: HouseholdData) -> int:
    """Inside the caller's transaction; the caller checked the permission."""
    _validate_household(data)
    values = {f.name: _tidy(getattr(data, f.name)) for f in fields(HouseholdData)}
    values = {key: value for key, value in values.items() if value is not None}
    household = Household.create(**values)
    audit.record(actor, "create", "household", household.id)
    return household.id


def create_household(actor: Actor, data: HouseholdData) -> int:
    require(actor, Permission.EDIT_CHILDREN)
    if not actor.can(Permission.VIEW_CONFIDENTIAL):
        data.housing = data.income = data.difficulties = None
    with transaction():
        return insert_household(actor, data)


def update_household(actor: Actor, household_id: int, data: HouseholdData) -> None:
    require(actor, Permission.EDIT_CHILDREN)
    _validate_household(data)
    values = {f.name: _tidy(getattr(data, f.name)) for f in fields(HouseholdData)}
    if not actor.can(Permission.VIEW_CONFIDENTIAL):
        for name in CONFIDENTIAL_FIELDS:
            values[name] = None
    values = {key: value for key, value in values.items() if value is not None}
    with transaction():
        household = _editable_household(household_id)
        changed = [key for key, value in values.items() if getattr(household, key) != value]
        if changed:
            Household.update(**values, updated_at=utcnow()).where(
                Household.id == household_id).execute()
            audit.record(actor, "update", "household", household_id, f"fields={','.join(changed)}")


def get_household(actor: Actor, household_id: int) -> HouseholdFile:
    require(actor, Permission.EDIT_CHILDREN)
    from centre_desk.core.services.children import display_name, is_single_mother

    household = _household(household_id)
    confidential = actor.can(Permission.VIEW_CONFIDENTIAL)
    data = HouseholdData(**{f.name: getattr(household, f.name) for f in fields(HouseholdData)})
    if not confidential:
        data.housing = data.income = data.difficulties = None
    guardians = []
    for guardian in Guardian.select().where(Guardian.household == household_id).order_by(
            Guardian.id):
        links = (ChildGuardian.select(Child.id, Child.first_name_latin, Child.last_name_latin,
                                      Child.first_name_arabic, Child.last_name_arabic,
                                      Child.file_number, ChildGuardian.relation)
                 .join(Child).where(ChildGuardian.guardian == guardian.id).tuples())
        guardians.append(GuardianRow(guardian.id, _guardian_data(guardian), tuple(
            (cid, display_name(first, last, first_ar, last_ar, number), relation)
            for cid, first, last, first_ar, last_ar, number, relation in links)))
    return HouseholdFile(
        household.id, data, is_single_mother(household_id), tuple(guardians),
        _household_children(household_id),
        tuple((member.id, MemberData(member.name, member.sex, member.birth_year, member.relation,
                                     member.occupation, member.note))
              for member in HouseholdMember.select().where(
                  HouseholdMember.household == household_id).order_by(HouseholdMember.id)),
        {kind: received for kind, received in HouseholdDocument.select(
            HouseholdDocument.kind, HouseholdDocument.received_on).where(
            HouseholdDocument.household == household_id).tuples()},
        household.erased_at is not None, confidential)


def _household_children(household_id: int) -> tuple[HouseholdChild, ...]:
    from centre_desk.core.services.children import display_name

    before = HouseholdStay.select(HouseholdStay.child).where(
        HouseholdStay.household == household_id)
    query = (Child.select(Child.id, Child.file_number, Child.first_name_latin,
                          Child.last_name_latin, Child.first_name_arabic, Child.last_name_arabic,
                          Child.sex, Child.birth_year, Child.status, Child.household)
             .where(((Child.household == household_id) | Child.id.in_(before))
                    & Child.merged_into.is_null())
             .order_by(Child.birth_year.asc(nulls="LAST"), Child.id))
    return tuple(HouseholdChild(id_, number, display_name(first, last, first_ar, last_ar, number),
                                sex, year, status, current == household_id)
                 for id_, number, first, last, first_ar, last_ar, sex, year, status, current
                 in query.tuples())


def _guardian_data(guardian: Guardian) -> GuardianData:
    return GuardianData(**{f.name: getattr(guardian, f.name) for f in fields(GuardianData)})


def find_households(actor: Actor, text: str, limit: int = 50) -> list[HouseholdRow]:
    """Households by name, guardian's name or phone: to attach a sibling to a known family."""
    require(actor, Permission.EDIT_CHILDREN)
    text, phone = text.strip(), names.phone_key(text)
    children = Child.select(fn.COUNT(Child.id)).where((Child.household == Household.id)
                                                     & Child.merged_into.is_null())
    query = Household.select(Household.id, Household.name, Household.neighbourhood,
                             Household.phone, Household.phone2, children).where(
        Household.erased_at.is_null())
    if text:
        by_guardian = Guardian.name_latin.contains(text) | Guardian.name_arabic.contains(text)
        if len(phone) >= 4:
            by_guardian |= Guardian.phone_key.contains(phone)
        guardian_match = Guardian.select(Guardian.household).where(by_guardian)
        query = query.where(Household.name.contains(text) | Household.id.in_(guardian_match))
    return [HouseholdRow(id_, name, neighbourhood, join_list(p for p in (phone, phone2) if p),
                         count)
            for id_, name, neighbourhood, phone, phone2, count
            in query.order_by(Household.name.collate(COLLATION)).limit(limit).tuples()]


# --- guardians ----------------------------------------------------------------------------------

def insert_guardian(actor: Actor, household_id: int, data: GuardianData) -> int:
    validate_guardian(data)
    values = {f.name: getattr(data, f.name) for f in fields(GuardianData)}
    values = {key: _tidy(value) if isinstance(value, str) else value
              for key, value in values.items()}
    guardian = Guardian.create(household=household_id, phone_key=names.phone_key(data.phone),
                               **values)
    audit.record(actor, "create", "guardian", guardian.id)
    return guardian.id


def add_guardian(actor: Actor, household_id: int, data: GuardianData,
                 relations: dict[int, str] | None = None) -> int:
    """A guardian of the household, with their relation to each child given."""
    require(actor, Permission.EDIT_CHILDREN)
    for relation in (relations or {}).values():
        check_relation(relation)
    with transaction():
        _editable_household(household_id)
        guardian_id = insert_guardian(actor, household_id, data)
        for child_id, relation in (relations or {}).items():
            ChildGuardian.create(child=child_id, guardian=guardian_id, relation=relation)
    return guardian_id


def update_guardian(actor: Actor, guardian_id: int, data: GuardianData,
                    relations: dict[int, str] | None = None) -> None:
    """Change a guardian; ``relations`` (child id → relation) replaces their links to children."""
    require(actor, Permission.EDIT_CHILDREN)
    validate_guardian(data)
    for relation in (relations or {}).values():
        check_relation(relation)
    with transaction():
        guardian = Guardian.get_or_none(Guardian.id == guardian_id)
        if guardian is None:
            raise NotFound(_("This guardian no longer exists."))
        _editable_household(guardian.household_id)
        values = {f.name: getattr(data, f.name) for f in fields(GuardianData)}
        values = {key: _tidy(value) if isinstance(value, str) else value
                  for key, value in values.items()}
        Guardian.update(phone_key=names.phone_key(data.phone), **values).where(
            Guardian.id == guardian_id).execute()
        if relations is not None:
            ChildGuardian.delete().where(ChildGuardian.guardian == guardian_id).execute()
            for child_id, relation in relations.items():
                ChildGuardian.create(child=child_id, guardian=guardian_id, relation=relation)
        audit.record(actor, "update", "guardian", guardian_id)


# --- other members and documents ----------------------------------------------------------------

def _validate_member(data: MemberData) -> None:
    if not data.name.strip():
        raise ValidationError(_("Enter the person's name."), "member_name")
    if data.sex not in SEX or data.relation not in MEMBER_RELATION:
        raise ValidationError(_("Choose the relation."), "member_relation")
    if data.birth_year is not None and data.birth_year > dt.date.today().year:
        raise ValidationError(_("The year of birth is in the future."), "member_birth_year")


def save_member(actor: Actor, household_id: int, data: MemberData,
                member_id: int | None = None) -> int:
    require(actor, Permission.EDIT_CHILDREN)
    _validate_member(data)
    values = {f.name: getattr(data, f.name) for f in fields(MemberData)}
    values["name"] = _tidy(values["name"])
    with transaction():
        _editable_household(household_id)
        if member_id is None:
            member_id = HouseholdMember.create(household=household_id, **values).id
            audit.record(actor, "create", "household_member", member_id)
        else:
            HouseholdMember.update(**values).where(
                (HouseholdMember.id == member_id)
                & (HouseholdMember.household == household_id)).execute()
            audit.record(actor, "update", "household_member", member_id)
    return member_id


def remove_member(actor: Actor, member_id: int) -> None:
    require(actor, Permission.EDIT_CHILDREN)
    with transaction():
        member = HouseholdMember.get_or_none(HouseholdMember.id == member_id)
        if member is not None:
            _editable_household(member.household_id)
            member.delete_instance()
            audit.record(actor, "delete", "household_member", member_id)


def set_document(actor: Actor, household_id: int, kind: str, received_on: dt.date | None) -> None:
    """Tick (with the date it came in) or untick a document of the checklist."""
    require(actor, Permission.EDIT_CHILDREN)
    if kind not in DOCUMENT_KIND:
        raise ValidationError(_("Unknown document."), "documents")
    if received_on is not None and received_on > dt.date.today():
        raise ValidationError(_("The date a document was received cannot be in the future."),
                              "documents")
    check_plausible(received_on, "documents")
    with transaction():
        _editable_household(household_id)
        HouseholdDocument.delete().where((HouseholdDocument.household == household_id)
                                         & (HouseholdDocument.kind == kind)).execute()
        if received_on is not None:
            HouseholdDocument.create(household=household_id, kind=kind, received_on=received_on)
        audit.record(actor, "update", "household", household_id, f"document={kind}")


# --- moving a child -----------------------------------------------------------------------------

def sibling_relations(household_id: int) -> dict[int, str]:
    """guardian id → relation, as the guardians are linked to the children already there: a
    new brother or sister has the same mother."""
    siblings = Child.select(Child.id).where(Child.household == household_id)
    links = (ChildGuardian.select(ChildGuardian.guardian, ChildGuardian.relation)
             .where(ChildGuardian.child.in_(siblings)).order_by(ChildGuardian.child.desc()))
    relations: dict[int, str] = {}
    for guardian_id, relation in links.tuples():
        relations.setdefault(guardian_id, relation)
    return relations


def move_child(actor: Actor, child_id: int, household_id: int, on_date: dt.date,
               relations: dict[int, str] | None = None) -> None:
    """The child now lives in another household; the stay in the former one stays on record.
    Without ``relations``, the child takes the guardians of the brothers and sisters there."""
    require(actor, Permission.EDIT_CHILDREN)
    from centre_desk.core.services.children import editable_child

    if on_date > dt.date.today():
        raise ValidationError(_("The date of the move cannot be in the future."), "on_date")
    with transaction():
        child = editable_child(child_id)
        _editable_household(household_id)
        if child.household_id == household_id:
            raise ValidationError(_("The child already lives in this household."), "household")
        HouseholdStay.update(to_date=on_date).where((HouseholdStay.child == child_id)
                                                    & HouseholdStay.to_date.is_null()).execute()
        HouseholdStay.create(child=child_id, household=household_id, from_date=on_date)
        former = Guardian.select(Guardian.id).where(Guardian.household == child.household_id)
        ChildGuardian.delete().where((ChildGuardian.child == child_id)
                                     & ChildGuardian.guardian.in_(former)).execute()
        if relations is None:
            relations = sibling_relations(household_id)
        for guardian_id, relation in relations.items():
            check_relation(relation)
            ChildGuardian.create(child=child_id, guardian=guardian_id, relation=relation)
        Child.update(household=household_id, updated_at=utcnow()).where(
            Child.id == child_id).execute()
        from centre_desk.core.services.consents import enforce_photo_register

        enforce_photo_register(child_id)
        audit.record(actor, "move", "child", child_id,
                     f"from={child.household_id};to={household_id}")


def stays(actor: Actor, child_id: int) -> list[tuple[int, str, dt.date, dt.date | None]]:
    """Every household the child lived in: (household id, name, from, to)."""
    require(actor, Permission.EDIT_CHILDREN)
    query = (HouseholdStay.select(Household.id, Household.name, HouseholdStay.from_date,
                                  HouseholdStay.to_date)
             .join(Household).where(HouseholdStay.child == child_id)
             .order_by(HouseholdStay.from_date, HouseholdStay.id))
    return list(query.tuples())


def move_to_new_household(actor: Actor, child_id: int, data: HouseholdData,
                          on_date: dt.date) -> int:
    """A new household and the child's move into it, both or neither."""
    require(actor, Permission.EDIT_CHILDREN)
    if not actor.can(Permission.VIEW_CONFIDENTIAL):
        data.housing = data.income = data.difficulties = None
    with transaction():
        household_id = insert_household(actor, data)
        move_child(actor, child_id, household_id, on_date, relations={})
    return household_id
