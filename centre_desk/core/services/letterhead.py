"""What the certificates print about the centre: its names, address, phone and registration,
and who signs, each in French and in Arabic. An Arabic certificate uses the Arabic forms and
falls back on the French ones (kept left to right) when a form was left empty; a French
certificate does the opposite."""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, fields, replace

from centre_desk.core.documents.text import isolate
from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import N_, _, translate_in
from centre_desk.core.models import Centre, transaction
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit

MAX_LENGTH = 160
PHONE = re.compile(r"^[0-9+()./ -]*$")
PHONE_LABEL = N_("Tel.: {phone}")
# With no signatory chosen, the paper says who signs in general, never a software role.
NO_SIGNATORY = N_("The centre's management")


@dataclass
class Letterhead:
    """The centre's identity beyond the first-run minimum (name, city, association), which
    stays in services.centre.CentreIdentity. ``*_ar`` fields are the Arabic forms."""

    name_ar: str = ""
    association_ar: str = ""
    city_ar: str = ""
    address: str = ""
    address_ar: str = ""
    phone: str = ""
    registration: str = ""
    registration_ar: str = ""
    signatory_name: str = ""
    signatory_name_ar: str = ""
    signatory_title: str = ""
    signatory_title_ar: str = ""


FIELDS = tuple(field.name for field in fields(Letterhead))


def get() -> Letterhead:
    centre = Centre.get_by_id(1)
    return Letterhead(**{name: getattr(centre, name) for name in FIELDS})


def validate(letterhead: Letterhead) -> Letterhead:
    clean = replace(letterhead, **{name: " ".join(getattr(letterhead, name).split())
                                   for name in FIELDS})
    for name in FIELDS:
        if len(getattr(clean, name)) > MAX_LENGTH:
            raise ValidationError(_("At most {n} characters.").format(n=MAX_LENGTH), name)
    if not PHONE.match(clean.phone):
        raise ValidationError(_("A phone number has digits, spaces and + only."), "phone")
    for name, title in (("signatory_name", "signatory_title"),
                        ("signatory_name_ar", "signatory_title_ar")):
        if bool(getattr(clean, name)) != bool(getattr(clean, title)):
            raise ValidationError(_("Give both the signatory's name and title, or neither."),
                                  name if not getattr(clean, name) else title)
    return clean


def update(actor: Actor, letterhead: Letterhead) -> Letterhead:
    require(actor, Permission.EDIT_CENTRE)
    letterhead = validate(letterhead)
    with transaction():
        before = get()
        changed = [name for name in FIELDS if getattr(before, name) != getattr(letterhead, name)]
        Centre.update(**asdict(letterhead)).where(Centre.id == 1).execute()
        audit.record(actor, "update", "centre", 1, "fields=" + ",".join(changed))
    return letterhead


def _pick(language: str, french: str, arabic: str) -> str:
    return (arabic or french) if language == "ar" else (french or arabic)


def printed(centre: Centre, language: str) -> dict[str, str]:
    """The letterhead and signatory of a certificate in ``language``, with the fallbacks."""
    name = _pick(language, centre.name, centre.name_ar)
    signatory = _pick(language, centre.signatory_name, centre.signatory_name_ar)
    title = _pick(language, centre.signatory_title, centre.signatory_title_ar)
    if not signatory:
        title = translate_in(language, NO_SIGNATORY)
    return {
        "name": name,
        "association": _pick(language, centre.association, centre.association_ar) or name,
        "city": _pick(language, centre.city, centre.city_ar),
        "address": _pick(language, centre.address, centre.address_ar),
        "phone": translate_in(language, PHONE_LABEL).format(
            phone=isolate(centre.phone) if language == "ar" else centre.phone)
        if centre.phone else "",
        "registration": _pick(language, centre.registration, centre.registration_ar),
        "signatory_name": signatory,
        "signatory_title": title,
    }
