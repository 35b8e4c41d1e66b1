"""Accounts, roles and permission checks. Every service checks here, whatever the UI shows."""
from __future__ import annotations

import enum
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from centre_desk.core.errors import PermissionDenied
from centre_desk.core.i18n import N_, _, counted

MIN_PASSWORD_LENGTH = 8

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


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return counted("The password must have at least {n} character.",
                       "The password must have at least {n} characters.", MIN_PASSWORD_LENGTH)
    if password.isdigit() or password.isalpha():
        return _("The password must mix letters with digits or signs.")
    return None
