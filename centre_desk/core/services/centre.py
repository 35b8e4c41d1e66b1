"""The centre's identity (name, city, association, logo, language) and its first set-up."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass, replace

from centre_desk.core import db as database
from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import LANGUAGES, _, current_language
from centre_desk.core.models import Centre, transaction
from centre_desk.core.paths import DataFolder
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit, users

PREFIX_PATTERN = re.compile(r"^[A-Z]{2,5}$")
LOGO_MAX_PIXELS = 600
LOGO_MAX_BYTES = 10 * 1024 * 1024


@dataclass
class CentreIdentity:
    name: str
    city: str
    association: str = ""
    file_prefix: str = "CTR"
    default_language: str = "fr"
    logo_png: bytes | None = None


def validate_identity(identity: CentreIdentity) -> CentreIdentity:
    """The identity cleaned up (trimmed, prefix upper-case), or a ValidationError."""
    clean = replace(identity, name=identity.name.strip(), city=identity.city.strip(),
                    association=identity.association.strip(),
                    file_prefix=identity.file_prefix.strip().upper())
    if not clean.name:
        raise ValidationError(_("Enter the centre's name."), field="name")
    if not clean.city:
        raise ValidationError(_("Enter the city: it is printed on every certificate."),
                              field="city")
    if not PREFIX_PATTERN.match(clean.file_prefix):
        raise ValidationError(_("The file prefix is 2 to 5 capital letters, e.g. AMN."),
                              field="file_prefix")
    if clean.default_language not in LANGUAGES:
        raise ValidationError(_("Unknown language."), field="default_language")
    return clean


def read_logo(data: bytes) -> bytes:
    """Any common image turned into a PNG of at most 600 px, or a ValidationError."""
    from centre_desk.core.images import opened_image

    if len(data) > LOGO_MAX_BYTES:
        raise ValidationError(_("The logo is larger than 10 MB: choose a smaller image."),
                              field="logo")
    with opened_image(io.BytesIO(data), "logo", _(
            "This file is not an image Centre Desk can read (PNG, JPEG)."),
            fit=LOGO_MAX_PIXELS) as image:
        image.load()
        picture = image.convert("RGBA")
    picture.thumbnail((LOGO_MAX_PIXELS, LOGO_MAX_PIXELS))
    output = io.BytesIO()
    picture.save(output, format="PNG", optimize=True)
    return output.getvalue()


def setup_centre(folder: DataFolder, identity: CentreIdentity,
                 admin: users.NewUser) -> tuple[database.OpenCentre, Actor]:
    """First run: a new encrypted database, the centre's identity and its first administrator.

    Everything is validated before the database file is created, so a refused form leaves
    nothing behind."""
    identity = validate_identity(identity)
    admin = replace(admin, role=users.Role.ADMIN)
    users.check_user_rules(admin, identity.name)  # no users table yet: only the rules
    opened = database.create_database(folder)
    with transaction():
        Centre.create(id=1, name=identity.name, city=identity.city,
                      association=identity.association, file_prefix=identity.file_prefix,
                      default_language=identity.default_language, logo_png=identity.logo_png)
        user = users.insert_user(admin)
        actor = users.actor_for(user)
        audit.record(actor, "create", "centre", 1)
        audit.record(actor, "create", "user", user.id, "role=admin")
    return opened, actor


def get_identity() -> CentreIdentity:
    centre = Centre.get_by_id(1)
    return CentreIdentity(centre.name, centre.city, centre.association, centre.file_prefix,
                          centre.default_language, centre.logo_png)


def shown_name(language: str | None = None) -> str:
    """The centre's name as the screens show it: its Arabic name in Arabic, when it has one."""
    centre = Centre.get_by_id(1)
    if (language or current_language()) == "ar" and centre.name_ar:
        return centre.name_ar
    return centre.name


def update_identity(actor: Actor, identity: CentreIdentity) -> CentreIdentity:
    require(actor, Permission.EDIT_CENTRE)
    identity = validate_identity(identity)
    with transaction():
        before = get_identity()
        changed = [field for field in ("name", "city", "association", "file_prefix",
                                       "default_language", "logo_png")
                   if getattr(before, field) != getattr(identity, field)]
        Centre.update(name=identity.name, city=identity.city, association=identity.association,
                      file_prefix=identity.file_prefix,
                      default_language=identity.default_language,
                      logo_png=identity.logo_png).where(Centre.id == 1).execute()
        audit.record(actor, "update", "centre", 1, "fields=" + ",".join(changed))
    return identity
