"""A child's file: registering, the identity, the card an educator sees, archiving.

Who may see what is decided here, not in the screens: an educator gets a ChildCard (name, photo,
groups, emergency phone); the health section is filled only for roles allowed to read it."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field, fields
from pathlib import Path

from centre_desk.core import names
from centre_desk.core.dates import check_plausible
from centre_desk.core.errors import NotFound, UserError, ValidationError
from centre_desk.core.i18n import COLLATION, _, fill
from centre_desk.core.models import (
    Activity,
    Centre,
    Child,
    ChildGuardian,
    Enrolment,
    Guardian,
    Household,
    transaction,
    utcnow,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit, child_search
from centre_desk.core.services.activity_names import shown_name_sql
from centre_desk.core.vocabulary import (
    ALONE,
    BIRTH_PRECISION,
    EXIT_REASON,
    REFERRAL,
    SEX,
    STATUS,
)

OLDEST_AGE = 30  # young adults in vocational training are followed too
PHOTO_SIZE = 480


@dataclass
class ChildIdentity:
    """What the identity tab edits; also what registering a child needs."""

    first_name_latin: str = ""
    last_name_latin: str = ""
    first_name_arabic: str = ""
    last_name_arabic: str = ""
    sex: str = ""
    birth_precision: str = "unknown"
    birth_date: dt.date | None = None
    birth_year: int | None = None
    birth_place: str = ""
    nationality: str = ""
    entry_date: dt.date = field(default_factory=dt.date.today)
    referral: str = "other"
    referral_detail: str = ""
    emergency_phone: str = ""
    photo_consent: bool = False
    photo: bytes | None = None
    status: str = "active"
    exit_date: dt.date | None = None
    exit_reason: str = ""


IDENTITY_FIELDS = [f.name for f in fields(ChildIdentity)]
TEXT_FIELDS = ("first_name_latin", "last_name_latin", "first_name_arabic", "last_name_arabic",
               "birth_place", "nationality", "referral_detail", "emergency_phone")


@dataclass(frozen=True)
class GuardianLink:
    guardian_id: int
    name: str
    relation: str
    phone: str


@dataclass(frozen=True)
class ChildCard:
    """All an educator may see of a child."""

    id: int
    file_number: str
    name_latin: str
    name_arabic: str
    photo: bytes | None
    emergency_phone: str
    groups: tuple[str, ...]
    erased: bool


@dataclass(frozen=True)
class ChildFile:
    id: int
    file_number: str
    identity: ChildIdentity
    household_id: int | None
    household_name: str
    single_mother: bool
    guardians: tuple[GuardianLink, ...]
    school_status: str
    school_name: str
    school_level: str
    civil_status: str
    health_coverage: str | None  # None: the actor may not read the health section
    health_notes: str | None
    archived: bool
    erased: bool
    merged_into: int | None
    created_at: dt.datetime

    @property
    def read_only(self) -> bool:
        return self.archived or self.erased or self.merged_into is not None

    @property
    def name(self) -> str:
        return display_name(self.identity.first_name_latin, self.identity.last_name_latin,
                            self.identity.first_name_arabic, self.identity.last_name_arabic,
                            self.file_number)


def display_name(first: str, last: str, first_ar: str, last_ar: str, file_number: str) -> str:
    from centre_desk.core.i18n import is_rtl

    latin, arabic = f"{first} {last}".strip(), f"{first_ar} {last_ar}".strip()
    if latin and arabic:  # the interface's own script first
        return f"{arabic} — {latin}" if is_rtl() else f"{latin} — {arabic}"
    return latin or arabic or _("File {number} (erased)").format(number=file_number)


# --- validation ---------------------------------------------------------------------------------

def clean(data: ChildIdentity) -> ChildIdentity:
    """The identity with text trimmed, and what depends on other fields made consistent: a year
    from an exact date, no photo without consent, no exit data for an active child."""
    values = {name: getattr(data, name) for name in IDENTITY_FIELDS}
    for name in TEXT_FIELDS:
        values[name] = " ".join((values[name] or "").split())
    if values["birth_precision"] == "exact" and values["birth_date"]:
        values["birth_year"] = values["birth_date"].year
    elif values["birth_precision"] in ("year", "about"):
        values["birth_date"] = None
    else:
        values["birth_date"] = values["birth_year"] = None
    if not values["photo_consent"]:
        values["photo"] = None
    if values["status"] == "active":
        values["exit_date"], values["exit_reason"] = None, ""
    return ChildIdentity(**values)


def validate(data: ChildIdentity, today: dt.date | None = None) -> None:
    today = today or dt.date.today()
    if not (data.first_name_latin or data.last_name_latin or data.first_name_arabic
            or data.last_name_arabic):
        raise ValidationError(_("Enter the child's name in Latin or in Arabic script."),
                              "last_name_latin")
    for first, last, where in (("first_name_latin", "last_name_latin", "last_name_latin"),
                               ("first_name_arabic", "last_name_arabic", "last_name_arabic")):
        if bool(getattr(data, first)) != bool(getattr(data, last)):
            raise ValidationError(_("Enter both the first name and the family name."), where)
    if data.sex not in SEX:
        raise ValidationError(_("Choose whether the child is a girl or a boy."), "sex")
    if data.birth_precision not in BIRTH_PRECISION:
        raise ValidationError(_("Choose how the date of birth is known."), "birth")
    if data.birth_precision == "exact":
        if data.birth_date is None:
            raise ValidationError(_("Enter the date of birth."), "birth")
        if data.birth_date > today:
            raise ValidationError(_("The date of birth is in the future."), "birth")
    if data.birth_precision in ("year", "about"):
        if data.birth_year is None:
            raise ValidationError(_("Enter the year of birth."), "birth")
        if data.birth_year > today.year:
            raise ValidationError(_("The year of birth is in the future."), "birth")
    if data.birth_year is not None and data.birth_year < today.year - OLDEST_AGE:
        raise ValidationError(fill(_("A year of birth before {year} is not possible for a child "
                                     "of the centre."), year=today.year - OLDEST_AGE), "birth")
    if data.birth_date is not None and data.birth_date.year < today.year - OLDEST_AGE:
        raise ValidationError(fill(_("A year of birth before {year} is not possible for a child "
                                     "of the centre."), year=today.year - OLDEST_AGE), "birth")
    if data.entry_date is None or data.entry_date > today:
        raise ValidationError(_("The date of entry is in the future."), "entry_date")
    check_plausible(data.entry_date, "entry_date", today)
    if data.birth_date and data.entry_date < data.birth_date:
        raise ValidationError(_("The date of entry is before the date of birth."), "entry_date")
    if data.referral not in REFERRAL:
        raise ValidationError(_("Choose who referred the child."), "referral")
    names.check_phone(data.emergency_phone, "emergency_phone")
    if data.photo_consent is False and data.photo:
        raise ValidationError(_("Without the guardian's consent, no photo is kept."), "photo")
    if data.status not in STATUS:
        raise ValidationError(_("Choose the child's status."), "status")
    if data.status == "left":
        if data.exit_date is None:
            raise ValidationError(_("Enter the date the child left."), "exit_date")
        if data.exit_date > today:
            raise ValidationError(_("The exit date is in the future."), "exit_date")
        check_plausible(data.exit_date, "exit_date", today)
        if data.exit_date < data.entry_date:
            raise ValidationError(_("The exit date is before the date of entry."), "exit_date")
        if data.exit_reason not in EXIT_REASON:
            raise ValidationError(_("Choose why the child left."), "exit_reason")


def read_photo(path: Path) -> bytes:
    """A photo file made small (JPEG, at most 480 px): the database stays light."""
    from PIL import ImageOps

    from centre_desk.core.images import opened_image

    not_a_picture = _("{name} is not a picture Centre Desk can read (use JPEG or PNG)."
                      ).format(name=path.name)
    with opened_image(str(path), "photo", not_a_picture, fit=PHOTO_SIZE) as image:
        image = ImageOps.exif_transpose(image).convert("RGB")
        image.thumbnail((PHOTO_SIZE, PHOTO_SIZE))
        output = io.BytesIO()
        image.save(output, format="JPEG", quality=85)
    return output.getvalue()


# --- keys kept with the row ---------------------------------------------------------------------

def derived_columns(data: ChildIdentity) -> dict:
    latin = f"{data.last_name_latin} {data.first_name_latin}".strip()
    arabic = f"{data.last_name_arabic} {data.first_name_arabic}".strip()
    return {
        "sort_name": names.fold(latin or arabic),
        "name_key_latin": names.name_key(data.first_name_latin, data.last_name_latin),
        "name_key_arabic": names.name_key(data.first_name_arabic, data.last_name_arabic),
        "emergency_phone_key": names.phone_key(data.emergency_phone),
    }


def next_file_number(year: int) -> tuple[str, int]:
    prefix = Centre.get_by_id(1).file_prefix
    last = (Child.select(Child.file_seq).where(Child.file_year == year)
            .order_by(Child.file_seq.desc()).limit(1).scalar())
    seq = (last or 0) + 1
    return f"{prefix}-{year}-{seq:04d}", seq


# --- reading ------------------------------------------------------------------------------------

def get_child(child_id: int) -> Child:
    child = Child.get_or_none(Child.id == child_id)
    if child is None:
        raise NotFound(_("This child's file no longer exists."))
    return child


def editable_child(child_id: int) -> Child:
    """The child, if the file may still change."""
    child = get_child(child_id)
    if child.merged_into_id is not None:
        raise UserError(_("This file was merged into another one and no longer changes."))
    if child.erased_at is not None:
        raise UserError(_("This file was erased; it no longer changes."))
    if child.archived_at is not None:
        raise UserError(_("This file is archived and read-only. An administrator can reopen it."))
    return child


def identity_of(child: Child) -> ChildIdentity:
    return ChildIdentity(**{name: getattr(child, name) for name in IDENTITY_FIELDS})


def guardians_of(child_id: int) -> tuple[GuardianLink, ...]:
    query = (Guardian.select(Guardian.id, Guardian.name_latin, Guardian.name_arabic,
                             ChildGuardian.relation, Guardian.phone)
             .join(ChildGuardian).where(ChildGuardian.child == child_id).order_by(Guardian.id))
    return tuple(GuardianLink(id_, " — ".join(n for n in (latin, arabic) if n), relation, phone)
                 for id_, latin, arabic, relation, phone in query.tuples())


def is_single_mother(household_id: int | None) -> bool:
    """A woman raising the children without a partner at home."""
    if household_id is None:
        return False
    adults = list(Guardian.select(Guardian.sex, Guardian.marital_status)
                  .where((Guardian.household == household_id) & Guardian.lives_in_household)
                  .tuples())
    return (any(sex == "f" and status in ALONE for sex, status in adults)
            and not any(sex == "m" for sex, _status in adults))


def groups_of_child(child_id: int, on_date: dt.date | None = None) -> tuple[str, ...]:
    on_date = on_date or dt.date.today()
    shown = shown_name_sql()
    query = (Activity.select(shown).join(Enrolment)
             .where((Enrolment.child == child_id) & (Enrolment.start_date <= on_date)
                    & (Enrolment.end_date.is_null() | (Enrolment.end_date >= on_date))
                    & Activity.active)
             .order_by(shown.collate(COLLATION)).distinct())
    return tuple(name for (name,) in query.tuples())


def get_card(actor: Actor, child_id: int) -> ChildCard:
    require(actor, Permission.VIEW_CHILD_CARD)
    child = get_child(child_id)
    return ChildCard(child.id, child.file_number,
                     f"{child.first_name_latin} {child.last_name_latin}".strip(),
                     f"{child.first_name_arabic} {child.last_name_arabic}".strip(),
                     child.photo if child.photo_consent else None, child.emergency_phone,
                     groups_of_child(child.id), child.erased_at is not None)


def get_child_file(actor: Actor, child_id: int) -> ChildFile:
    require(actor, Permission.EDIT_CHILDREN)
    child = get_child(child_id)
    confidential = actor.can(Permission.VIEW_CONFIDENTIAL)
    household = Household.get_or_none(Household.id == child.household_id)
    return ChildFile(
        id=child.id, file_number=child.file_number, identity=identity_of(child),
        household_id=child.household_id, household_name=household.name if household else "",
        single_mother=is_single_mother(child.household_id), guardians=guardians_of(child.id),
        school_status=child.school_status, school_name=child.school_name,
        school_level=child.school_level, civil_status=child.civil_status,
        health_coverage=child.health_coverage if confidential else None,
        health_notes=child.health_notes if confidential else None,
        archived=child.archived_at is not None, erased=child.erased_at is not None,
        merged_into=child.merged_into_id, created_at=child.created_at)


# --- writing ------------------------------------------------------------------------------------

def update_identity(actor: Actor, child_id: int, data: ChildIdentity) -> None:
    require(actor, Permission.EDIT_CHILDREN)
    data = clean(data)
    validate(data)
    if data.photo_consent:
        from centre_desk.core.services.consents import check_photo_allowed

        check_photo_allowed(child_id)
    with transaction():
        child = editable_child(child_id)
        before = identity_of(child)
        changed = [name for name in IDENTITY_FIELDS if getattr(before, name) != getattr(data, name)]
        if not changed:
            return
        values = {name: getattr(data, name) for name in IDENTITY_FIELDS}
        values.update(derived_columns(data), updated_at=utcnow())
        Child.update(**values).where(Child.id == child_id).execute()
        child_search.reindex(get_child(child_id))
        audit.record(actor, "update", "child", child_id, f"fields={','.join(changed)}")


def set_file_number(actor: Actor, child_id: int, file_number: str) -> None:
    require(actor, Permission.MANAGE_CHILD_FILES)
    file_number = file_number.strip().upper()
    if not file_number or len(file_number) > 32 or any(c.isspace() for c in file_number):
        raise ValidationError(_("A file number is 1 to 32 letters, digits or dashes, without "
                                "spaces."), "file_number")
    with transaction():
        child = get_child(child_id)
        if Child.select().where((Child.file_number == file_number)
                                & (Child.id != child_id)).exists():
            raise ValidationError(fill(_("The file number {number} is already used."),
                number=file_number), "file_number")
        Child.update(file_number=file_number, updated_at=utcnow()).where(
            Child.id == child.id).execute()
        child_search.reindex(get_child(child_id))
        audit.record(actor, "renumber", "child", child_id)


def archive(actor: Actor, child_id: int) -> None:
    """A child who left: the file is kept, read-only."""
    require(actor, Permission.EDIT_CHILDREN)
    with transaction():
        child = editable_child(child_id)
        if child.status != "left":
            raise UserError(_("Only the file of a child who left can be archived. Record the "
                              "exit date and reason first."))
        Child.update(archived_at=utcnow()).where(Child.id == child_id).execute()
        audit.record(actor, "archive", "child", child_id)


def reopen(actor: Actor, child_id: int) -> None:
    require(actor, Permission.MANAGE_CHILD_FILES)
    with transaction():
        child = get_child(child_id)
        if child.archived_at is None or child.erased_at is not None:
            raise UserError(_("Only an archived file can be reopened."))
        Child.update(archived_at=None).where(Child.id == child_id).execute()
        audit.record(actor, "reopen", "child", child_id)


def birth_text(precision: str | None, birth_date: dt.date | None, birth_year: int | None) -> str:
    """How a date of birth is shown: the date, the year, "about 2014", or nothing."""
    from centre_desk.core.i18n import format_date

    if precision == "exact" and birth_date:
        return format_date(birth_date)
    if precision == "about" and birth_year:
        return fill(_("about {year}"), year=birth_year)
    return str(birth_year) if birth_year else ""


def age_on(birth_date: dt.date | None, birth_year: int | None, today: dt.date) -> int | None:
    """Age in whole years; from the year alone when that is all that is known."""
    if birth_date:
        return today.year - birth_date.year - ((today.month, today.day)
                                               < (birth_date.month, birth_date.day))
    return today.year - birth_year if birth_year else None
