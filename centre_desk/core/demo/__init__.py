"""The demonstration centre: realistic, invented, and the same for the same seed."""
from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.models import Child, User, transaction
from centre_desk.core.paths import DataFolder
from centre_desk.core.security import Role
from centre_desk.core.services import audit, users
from centre_desk.core.services.centre import CentreIdentity, setup_centre

DEMO_PASSWORD = "essai-demo-2026"
DEMO_ADMIN = "admin"
DEMO_MARKER = ".demo"

# The demo's staff: user name, role, sex of the invented person.
STAFF = [
    ("coordinatrice", Role.COORDINATOR, "f"),
    ("secretaire", Role.SECRETARY, "f"),
    ("educ1", Role.EDUCATOR, "m"),
    ("educ2", Role.EDUCATOR, "f"),
    ("educ3", Role.EDUCATOR, "m"),
    ("social", Role.SOCIAL_WORKER, "f"),
]


@dataclass(frozen=True)
class DemoSummary:
    folder: DataFolder
    users: int
    children: int


def demo_logo_png(initials: str = "CD") -> bytes:
    """A simple round logo, drawn rather than shipped, so the demo has one to print."""
    from PIL import Image, ImageDraw

    size = 240
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill=(18, 104, 130, 255))
    draw.ellipse((26, 26, size - 26, size - 26), outline=(255, 255, 255, 255), width=8)
    draw.polygon([(120, 62), (172, 150), (68, 150)], fill=(247, 178, 57, 255))
    draw.rectangle((88, 150, 152, 182), fill=(255, 255, 255, 255))
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


DEMO_CHILDREN = 80


def build_demo(folder: DataFolder, seed: int = 2026, replace: bool = False,
               children: int = DEMO_CHILDREN, today: dt.date | None = None) -> DemoSummary:
    # Here, not at the top: the login window of a demo centre needs only the accounts (0.1 s).
    from centre_desk.core.demo.activities import add_activities
    from centre_desk.core.demo.consents import add_consents
    from centre_desk.core.demo.families import add_families, portrait
    from centre_desk.core.demo.names import BOYS, FAMILY_NAMES, GIRLS
    from centre_desk.core.services import follow_up_tasks

    if folder.has_centre():
        if not replace:
            raise UserError(_("A centre already exists in {folder}; the demo is built only in "
                              "an empty folder.").format(folder=folder.root))
        if not folder.is_demo:
            raise UserError(_("{folder} holds a real centre: Centre Desk never replaces it with "
                              "a demo.").format(folder=folder.root))
        _remove_database(folder)
    rng = random.Random(seed)
    identity = CentreIdentity(name="Centre Amane Hay Hassani", city="Casablanca",
                              association="Association Amane pour l'enfance",
                              file_prefix="DEM", default_language="fr",
                              logo_png=demo_logo_png())
    admin_first, _admin_ar = rng.choice(GIRLS)
    admin_last, _admin_last_ar = rng.choice(FAMILY_NAMES)
    folder.ensure()
    (folder.root / DEMO_MARKER).write_text("demo\n", encoding="ascii")
    opened, admin = setup_centre(folder, identity, users.NewUser(
        DEMO_ADMIN, f"{admin_first} {admin_last}", Role.ADMIN, DEMO_PASSWORD))
    try:
        authors = []
        with transaction():
            for username, role, sex in STAFF:
                first, _first_ar = rng.choice(GIRLS if sex == "f" else BOYS)
                last, _last_ar = rng.choice(FAMILY_NAMES)
                user = users.insert_user(users.NewUser(username, f"{first} {last}", role,
                                                       DEMO_PASSWORD))
                audit.record(admin, "create", "user", user.id, f"role={role.value}")
                if role in (Role.SECRETARY, Role.SOCIAL_WORKER, Role.COORDINATOR):
                    authors.append(user.id)
            today = today or dt.date.today()
            connection = opened.db.connection()
            made = add_families(connection, rng, children, today, identity.file_prefix, authors,
                                portrait, near_duplicates=min(4, children // 20))
            staff = dict(User.select(User.username, User.id).tuples())
            add_activities(connection, rng, today, today - dt.timedelta(days=91), staff,
                           staff["secretaire"])
            active = [id_ for (id_,) in Child.select(Child.id).where(
                (Child.status == "active") & Child.archived_at.is_null()).tuples()]
            follow_up_tasks.check_children(active, today - dt.timedelta(days=1))
            add_consents(connection, random.Random(seed + 1), staff["secretaire"])
        _add_letterhead(admin)
        count = len(STAFF) + 1
    finally:
        opened.close()
    return DemoSummary(folder, count, made)


def _add_letterhead(admin) -> None:
    """The demo centre's identity in both scripts. Imported here: the letterhead brings the
    PDF fonts, which the start-up (which imports this module for the demo's login) can do
    without."""
    from centre_desk.core.services import letterhead

    letterhead.update(admin, letterhead.Letterhead(
        name_ar="مركز أمان الحي الحسني", association_ar="جمعية أمان للطفولة",
        city_ar="الدار البيضاء", address="12, rue des Oliviers, Hay Hassani",
        address_ar="12، زنقة الزيتون، الحي الحسني", phone="0522 00 00 00",
        registration="Récépissé de dépôt n° 00/2026 (centre de démonstration)",
        registration_ar="وصل الإيداع رقم 00/2026 (مركز للعرض)",
        signatory_name="Latifa Bennani", signatory_name_ar="لطيفة بناني",
        signatory_title="Directrice du centre", signatory_title_ar="مديرة المركز"))


def _remove_database(folder: DataFolder) -> None:
    for suffix in ("", "-wal", "-shm"):
        path = folder.db.with_name(folder.db.name + suffix)
        if path.exists():
            path.unlink()
    if folder.key_file.exists():
        folder.key_file.unlink()

