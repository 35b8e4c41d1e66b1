"""Accounts, roles and permission checks. Every service checks here, whatever the UI shows."""
from __future__ import annotations

import enum
import functools
import re
import unicodedata
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from centre_desk.core.errors import PermissionDenied
from centre_desk.core.i18n import N_, _, counted

MIN_PASSWORD_LENGTH = 10
COMMON_PASSWORDS_FILE = "common-passwords.txt"  # in resources/, with its licence

_hasher = PasswordHasher()


class Role(str, enum.Enum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    SECRETARY = "secretary"
    EDUCATOR = "educator"
    SOCIAL_WORKER = "social_worker"

    @property
    def label(self) -> str:
        return _(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.ADMIN: N_("Administrator"),
    Role.COORDINATOR: N_("Coordinator"),
    Role.SECRETARY: N_("Secretary"),
    Role.EDUCATOR: N_("Educator"),
    Role.SOCIAL_WORKER: N_("Social worker"),
}


class Permission(str, enum.Enum):
    MANAGE_USERS = "manage_users"
    EDIT_CENTRE = "edit_centre"
    VIEW_AUDIT = "view_audit"
    # Everyone finds a child and sees the card: name, photo, groups, emergency phone.
    VIEW_CHILD_CARD = "view_child_card"
    # The whole file except what is confidential; registering and editing children and families.
    EDIT_CHILDREN = "edit_children"
    # Health and the social inquiry (household situation, confidential timeline entries).
    VIEW_CONFIDENTIAL = "view_confidential"
    # Merging two files, erasing a child's personal data, changing a file number, reopening.
    MANAGE_CHILD_FILES = "manage_child_files"
    # Taking the roll, the sign-in sheets, today's sessions.
    TAKE_ROLL = "take_roll"
    # Activities, timetables, enrolments, closure days, the centre's attendance settings.
    MANAGE_ACTIVITIES = "manage_activities"
    # Attendance figures of the whole centre and the follow-up tasks.
    VIEW_ATTENDANCE = "view_attendance"
    # Issuing certificates, duplicates and cancelling them; the certificates' wording.
    ISSUE_CERTIFICATES = "issue_certificates"
    # Changing a roll call closed more than 7 days ago.
    CHANGE_OLD_ROLL = "change_old_roll"
    # Importing the centre's register (children, families, past attendance) and undoing it.
    IMPORT_REGISTER = "import_register"


_FAMILY_WORK = frozenset({Permission.VIEW_CHILD_CARD, Permission.EDIT_CHILDREN,
                          Permission.TAKE_ROLL, Permission.VIEW_ATTENDANCE})

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.COORDINATOR: _FAMILY_WORK | {Permission.VIEW_AUDIT, Permission.VIEW_CONFIDENTIAL,
                                      Permission.MANAGE_ACTIVITIES,
                                      Permission.ISSUE_CERTIFICATES,
                                      Permission.CHANGE_OLD_ROLL,
                                      Permission.IMPORT_REGISTER},
    Role.SECRETARY: _FAMILY_WORK | {Permission.MANAGE_ACTIVITIES,
                                    Permission.ISSUE_CERTIFICATES,
                                    Permission.IMPORT_REGISTER},
    Role.EDUCATOR: frozenset({Permission.VIEW_CHILD_CARD, Permission.TAKE_ROLL}),
    Role.SOCIAL_WORKER: _FAMILY_WORK | {Permission.VIEW_CONFIDENTIAL},
}


@dataclass(frozen=True)
class Actor:
    """The logged-in user on whose behalf a service acts."""

    user_id: int
    username: str
    full_name: str
    role: Role
    language: str | None = None
    # A password an administrator set: the user must choose their own before working.
    must_change_password: bool = False

    def can(self, permission: Permission) -> bool:
        return permission in ROLE_PERMISSIONS[self.role]


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDenied()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def _folded(text: str) -> str:
    """Lower case without accents or spaces, to compare a password with a name."""
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


@functools.lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    from centre_desk.core.paths import resources_dir

    path = resources_dir() / COMMON_PASSWORDS_FILE
    return frozenset(path.read_text(encoding="utf-8").split())


def is_common_password(password: str) -> bool:
    """In the bundled list, as is or with a few digits or signs added at the end
    ("password2026", "soleil123!")."""
    lowered = password.casefold()
    common = common_passwords()
    stem = re.sub(r"[\W\d_]{1,4}$", "", lowered)
    return lowered in common or (len(stem) >= 4 and stem in common)


def password_problem(password: str, username: str = "", centre_name: str = "") -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return counted("The password must have at least {n} character.",
                       "The password must have at least {n} characters.", MIN_PASSWORD_LENGTH)
    if password.isdigit() or password.isalpha():
        return _("The password must mix letters with digits or signs.")
    if is_common_password(password):
        return _("This password is among the most common ones; choose another.")
    folded = _folded(password)
    stem = _folded(re.sub(r"[\W\d_]+$", "", password))
    whole = [_folded(name) for name in (username, centre_name)]
    words = [_folded(word) for word in centre_name.split()]
    # Its letters alone, when they are a piece of the centre's name ("HayHassani2026",
    # "amane hay hassani" for "Centre Amane Hay Hassani"): the name with a few digits.
    letters = "".join(c for c in folded if not c.isdigit())
    if (any(len(name) >= 3 and name in folded for name in whole) or stem in words
            or (len(letters) >= 5 and letters in whole[1])):
        return _("The password must not contain the user name or the centre's name.")
    return None
