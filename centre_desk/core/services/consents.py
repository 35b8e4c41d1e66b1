"""The consent register (law 09-08): for a child or a whole household, each purpose given or
refused on paper, by which guardian, when, where the paper is (or its scan), and its withdrawal.

Its effects are enforced here, not in the screens: the photo consent decides whether a photo is
kept and shown (``Child.photo_consent`` follows the register and a withdrawal drops the photo at
once); the sharing consents decide which children a record-level export may include
(``children_with_consent``). A child's own record wins over its household's."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from centre_desk.core.errors import NotFound, ValidationError
from centre_desk.core.i18n import N_, _
from centre_desk.core.models import Child, Consent, Guardian, transaction
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit

CENTRE_FILE = "centre_file"
PHOTOS = "photos"
PHOTOS_PUBLICATION = "photos_publication"
SHARE_ASSOCIATION = "share_association"  # pseudonymised data for the association (HQ export)
SHARE_PARTNER = "share_partner"          # with a named partner

PURPOSES = {
    CENTRE_FILE: N_("The centre's file"),
    PHOTOS: N_("Photos"),
    PHOTOS_PUBLICATION: N_("Photos in publications"),
    SHARE_ASSOCIATION: N_("Sharing pseudonymised data with the association"),
    SHARE_PARTNER: N_("Sharing with a named partner"),
}


def purpose_label(purpose: str) -> str:
    return _(PURPOSES[purpose])


@dataclass
class ConsentData:
    purpose: str
    given: bool
    given_on: dt.date
    guardian_id: int | None = None
    paper_place: str = ""
    scan: bytes | None = None
    partner: str = ""


@dataclass(frozen=True)
class ConsentRow:
    id: int
    child_id: int | None
    household_id: int | None
    purpose: str
    partner: str
    given: bool
    guardian_name: str
    given_on: dt.date
    paper_place: str
    has_scan: bool
    withdrawn_on: dt.date | None

    @property
    def in_force(self) -> bool:
        return self.given and self.withdrawn_on is None


def _validate(data: ConsentData, child_id: int | None, household_id: int | None) -> None:
    if (child_id is None) == (household_id is None):
        raise ValidationError(_("A consent is for one child or for one household."), "purpose")
    if data.purpose not in PURPOSES:
        raise ValidationError(_("Choose the purpose of the consent."), "purpose")
    if data.purpose == SHARE_PARTNER and not data.partner.strip():
        raise ValidationError(_("Name the partner the data would be shared with."), "partner")
    if data.given_on > dt.date.today():
        raise ValidationError(_("The date cannot be in the future."), "given_on")
    if not data.paper_place.strip() and not data.scan:
        raise ValidationError(_("Say where the signed paper is kept, or attach its scan."),
                              "paper_place")


def record_consent(actor: Actor, data: ConsentData, child_id: int | None = None,
                   household_id: int | None = None) -> int:
    """A new consent (or refusal) in the register; it takes effect at once."""
    require(actor, Permission.EDIT_CHILDREN)
    _validate(data, child_id, household_id)
    with transaction():
        if data.guardian_id is not None and Guardian.get_or_none(
                Guardian.id == data.guardian_id) is None:
            raise NotFound(_("This guardian no longer exists."))
        consent = Consent.create(
            child=child_id, household=household_id, purpose=data.purpose,
            partner=data.partner.strip(), given=data.given, guardian=data.guardian_id,
            given_on=data.given_on, paper_place=data.paper_place.strip(), scan=data.scan,
            recorded_by=actor.user_id)
        _apply_photo_effects(data.purpose, child_id, household_id)
        audit.record(actor, "consent", "child" if child_id else "household",
                     child_id or household_id,
                     f"purpose={data.purpose};given={int(data.given)};consent={consent.id}")
    return consent.id


def withdraw_consent(actor: Actor, consent_id: int, on: dt.date | None = None) -> None:
    """The guardian withdraws: effective at once, kept in the register with its date."""
    require(actor, Permission.EDIT_CHILDREN)
    on = on or dt.date.today()
    with transaction():
        consent = Consent.get_or_none(Consent.id == consent_id)
        if consent is None:
            raise NotFound(_("This consent no longer exists."))
        if consent.withdrawn_on is not None:
            raise ValidationError(_("This consent was already withdrawn."), "withdrawn_on")
        if on < consent.given_on:
            raise ValidationError(_("A withdrawal cannot come before the consent."),
                                  "withdrawn_on")
        Consent.update(withdrawn_on=on).where(Consent.id == consent_id).execute()
        _apply_photo_effects(consent.purpose, consent.child_id, consent.household_id)
        audit.record(actor, "withdraw_consent", "child" if consent.child_id else "household",
                     consent.child_id or consent.household_id,
                     f"purpose={consent.purpose};consent={consent_id}")


def _apply_photo_effects(purpose: str, child_id: int | None, household_id: int | None) -> None:
    if purpose != PHOTOS:
        return
    ids = [child_id] if child_id else [c for (c,) in Child.select(Child.id).where(
        Child.household == household_id).tuples()]
    for one in ids:
        allowed = has_consent(one, PHOTOS)
        values = {Child.photo_consent: allowed}
        if not allowed:
            values[Child.photo] = None  # no consent, no photo kept: nothing left to show
        Child.update(values).where(Child.id == one).execute()


def _latest(query) -> Consent | None:
    return query.order_by(Consent.given_on.desc(), Consent.id.desc()).first()


def _applicable(child_id: int, purpose: str, partner: str = "") -> Consent | None:
    """The record that decides for this child: its own latest, else its household's."""
    base = Consent.select().where(Consent.purpose == purpose)
    if partner:
        base = base.where(Consent.partner == partner)
    own = _latest(base.where(Consent.child == child_id))
    if own is None:
        child = Child.get_or_none(Child.id == child_id)
        if child is None or child.household_id is None:
            return None
        own = _latest(base.where(Consent.household == child.household_id))
    return own


def has_consent(child_id: int, purpose: str, partner: str = "") -> bool:
    """Whether the purpose is consented for this child today; refused or withdrawn is no."""
    record = _applicable(child_id, purpose, partner)
    return record is not None and record.given and record.withdrawn_on is None


def check_photo_allowed(child_id: int) -> None:
    """A file's own photo box cannot overrule the register: once the register says no (refused
    or withdrawn), a photo needs a new consent recorded there."""
    record = _applicable(child_id, PHOTOS)
    if record is not None and not (record.given and record.withdrawn_on is None):
        raise ValidationError(_("The consent register says no photo for this child: record "
                                "the guardian's new consent first (Consents and access)."),
                              "photo_consent")


def enforce_photo_register(child_id: int) -> None:
    """A child that joins a household (a move, a merge) falls under its register: where that
    says no photo, the photo goes. Inside the caller's transaction."""
    record = _applicable(child_id, PHOTOS)
    if record is not None and not (record.given and record.withdrawn_on is None):
        Child.update(photo=None, photo_consent=False).where(Child.id == child_id).execute()


# The rules of ``has_consent`` in one query: per live child, its own latest record for the
# purpose (and partner, when named) if it has one, else its household's latest; "latest" is the
# same order (given_on, then id, both descending). Given and not withdrawn is yes.
_LATEST = ("SELECT CASE WHEN k.given AND k.withdrawn_on IS NULL THEN 1 ELSE 0 END "
           "FROM consent k WHERE k.{owner} AND k.purpose = ?{partner} "
           "ORDER BY k.given_on DESC, k.id DESC LIMIT 1")
_WITH_CONSENT = (
    "SELECT c.id FROM child c WHERE c.erased_at IS NULL AND c.merged_into_id IS NULL "
    "AND coalesce(({own}), CASE WHEN c.household_id IS NULL THEN 0 ELSE ({household}) END, 0)")


def children_with_consent(purpose: str, partner: str = "") -> set[int]:
    """The live children (not erased, not merged) for whom this purpose is consented: what a
    record-level export (the headquarters', a partner's) may include. Exactly ``has_consent``
    for every child, in one query (a test compares the two on a mixed register)."""
    if purpose not in PURPOSES:
        raise ValueError(purpose)
    partner_sql = " AND k.partner = ?" if partner else ""
    sql = _WITH_CONSENT.format(
        own=_LATEST.format(owner="child_id = c.id", partner=partner_sql),
        household=_LATEST.format(owner="household_id = c.household_id", partner=partner_sql))
    params = (purpose, partner) if partner else (purpose,)
    return {row[0] for row in Consent._meta.database.execute_sql(sql, params * 2)}


def list_consents(actor: Actor, child_id: int | None = None,
                  household_id: int | None = None) -> list[ConsentRow]:
    """The register for one child (with its household's records) or one household."""
    require(actor, Permission.EDIT_CHILDREN)
    condition = Consent.household == household_id
    if child_id is not None:
        child = Child.get_or_none(Child.id == child_id)
        condition = Consent.child == child_id
        if child is not None and child.household_id is not None:
            condition |= Consent.household == child.household_id
    query = Consent.select().where(condition).order_by(Consent.given_on.desc(),
                                                        Consent.id.desc())
    consents = list(query)
    names = {id_: latin or arabic for id_, latin, arabic in Guardian.select(
        Guardian.id, Guardian.name_latin, Guardian.name_arabic).where(
        Guardian.id.in_([c.guardian_id for c in consents if c.guardian_id])).tuples()}
    rows = []
    for consent in consents:
        name = names.get(consent.guardian_id, "")
        rows.append(ConsentRow(consent.id, consent.child_id, consent.household_id,
                               consent.purpose, consent.partner, bool(consent.given), name,
                               consent.given_on, consent.paper_place, consent.scan is not None,
                               consent.withdrawn_on))
    return rows


def consent_scan(actor: Actor, consent_id: int) -> bytes | None:
    require(actor, Permission.EDIT_CHILDREN)
    consent = Consent.get_or_none(Consent.id == consent_id)
    return consent.scan if consent else None
