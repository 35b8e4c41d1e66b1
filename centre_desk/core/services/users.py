"""User accounts: login, creation, roles, passwords, language preference."""
from __future__ import annotations

import dataclasses
import logging
import re
from dataclasses import dataclass

from centre_desk.core import storage
from centre_desk.core.errors import LoginFailed, NotFound, UserError, ValidationError
from centre_desk.core.i18n import LANGUAGES, _, fill
from centre_desk.core.models import Centre, User, transaction, utcnow
from centre_desk.core.security import (
    Actor,
    Permission,
    Role,
    hash_password,
    needs_rehash,
    password_problem,
    require,
    verify_password,
)
from centre_desk.core.services import audit, login_throttle

# Checked when the user name is unknown, so that a wrong name costs the time of a wrong password
# (same argon2 parameters as new hashes: a test checks it needs no rehash).
DUMMY_HASH = ("$argon2id$v=19$m=65536,t=3,p=4$ppHfl0J3PjMKbPCbEyLdDA$"
              "7jAWvU0UG6M4L9vsvwi6VEpqD5kt2A/L0ogLbiSvn+c")

log = logging.getLogger(__name__)

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{1,31}$")


@dataclass
class NewUser:
    username: str
    full_name: str
    role: Role
    password: str
    language: str | None = None


@dataclass(frozen=True)
class UserRow:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    language: str | None
    last_login_at: object
    locked: bool = False


def normalise_username(username: str) -> str:
    return username.strip().lower()


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.full_name, Role(user.role), user.language,
                 bool(user.must_change_password))


def _centre_problem(password: str, username: str) -> str | None:
    """The rules against the centre's name, and against its Arabic name when it has one."""
    centre = Centre.select(Centre.name, Centre.name_ar).first()
    names = [centre.name, centre.name_ar] if centre else [""]
    for name in (name for name in names if name is not None):
        problem = password_problem(password, username, name)
        if problem:
            return problem
    return None


def check_password_rules(password: str, username: str) -> None:
    problem = _centre_problem(password, username)
    if problem:
        raise ValidationError(problem, field="password")


def check_user_rules(data: NewUser, centre_name: str | None = None) -> None:
    """The rules a new account follows; without the centre's name, it is read."""
    username = normalise_username(data.username)
    if not USERNAME_PATTERN.match(username):
        raise ValidationError(_("A user name is 2 to 32 letters (a-z), digits, dots, dashes or "
                                "underscores, without spaces."), field="username")
    if not data.full_name.strip():
        raise ValidationError(_("Enter the person's full name."), field="full_name")
    problem = (_centre_problem(data.password, username) if centre_name is None
               else password_problem(data.password, username, centre_name))
    if problem:
        raise ValidationError(problem, field="password")
    if data.language is not None and data.language not in LANGUAGES:
        raise ValidationError(_("Unknown language."), field="language")


def validate_new_user(data: NewUser) -> None:
    check_user_rules(data)
    username = normalise_username(data.username)
    if User.select().where(User.username == username).exists():
        raise ValidationError(fill(_("The user name {name} is already taken."), name=username),
                              field="username")


def insert_user(data: NewUser, must_change_password: bool = False) -> User:
    """Create the account without a permission check: for the first administrator only."""
    validate_new_user(data)
    return User.create(username=normalise_username(data.username),
                       full_name=data.full_name.strip(), role=Role(data.role).value,
                       password_hash=hash_password(data.password), language=data.language,
                       must_change_password=must_change_password)


def create_user(actor: Actor, data: NewUser) -> int:
    """An administrator creates the account; its owner changes the password at first login."""
    require(actor, Permission.MANAGE_USERS)
    with transaction():
        user = insert_user(data, must_change_password=True)
        audit.record(actor, "create", "user", user.id, f"role={user.role}")
    return user.id


def authenticate(username: str, password: str) -> Actor:
    """The actor for these credentials, or LoginFailed with one message for every cause.

    A name locked after repeated failures is refused without checking the password
    (LoginLocked says how long to wait). An unknown or inactive name costs the same time as a
    wrong password: the password is checked against a dummy hash and the failure is counted."""
    name = normalise_username(username)
    user = User.get_or_none(User.username == name)
    try:
        login_throttle.check_not_locked(name)
    except login_throttle.LoginLocked:  # still a failed attempt: the trail shows the hammering
        with transaction():
            audit.record(None, "login_refused", "user", user.id if user else None)
        raise
    valid = verify_password(user.password_hash if user else DUMMY_HASH, password)
    if user is None or not user.active or not valid:
        with transaction():
            wait = login_throttle.note_failure(name)
            audit.record(None, "login_failed", "user", user.id if user else None)
            if wait is not None:
                audit.record(None, "login_locked", "user", user.id if user else None,
                             f"seconds={int(wait.total_seconds())}")
        if wait is not None:
            raise login_throttle.LoginLocked(wait)
        raise LoginFailed(_("Wrong user name or password."))
    # A full or read-only disk: people still log in to read.
    with storage.unless_unwritable(log, "login not recorded: the disk cannot be written"), \
            transaction():
        changes = {User.last_login_at: utcnow()}
        if needs_rehash(user.password_hash):
            changes[User.password_hash] = hash_password(password)
        User.update(changes).where(User.id == user.id).execute()
        login_throttle.clear(name)
        audit.record(actor_for(user), "login", "user", user.id)
    return actor_for(user)


def unlock_user(actor: Actor, user_id: int) -> None:
    """An administrator lifts a lockout at once (the user called, it was them)."""
    require(actor, Permission.MANAGE_USERS)
    with transaction():
        user = _get_user(user_id)
        login_throttle.clear(user.username)
        audit.record(actor, "unlock", "user", user_id)


def list_users(actor: Actor) -> list[UserRow]:
    require(actor, Permission.MANAGE_USERS)
    query = User.select(User.id, User.username, User.full_name, User.role, User.active,
                        User.language, User.last_login_at).order_by(User.username)
    locked = login_throttle.locked_names()
    return [UserRow(id_, name, full, Role(role), bool(active), lang, last, name in locked)
            for id_, name, full, role, active, lang, last in query.tuples()]


def _get_user(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(_("This user no longer exists."))
    return user


def _active_admins_besides(user_id: int) -> int:
    return (User.select().where((User.role == Role.ADMIN.value) & User.active
                                & (User.id != user_id)).count())


def update_user(actor: Actor, user_id: int, full_name: str, role: Role, active: bool) -> None:
    require(actor, Permission.MANAGE_USERS)
    if not full_name.strip():
        raise ValidationError(_("Enter the person's full name."), field="full_name")
    with transaction():
        user = _get_user(user_id)
        losing_admin = user.role == Role.ADMIN.value and (role != Role.ADMIN or not active)
        if losing_admin and _active_admins_besides(user_id) == 0:
            raise UserError(_("The centre must keep at least one active administrator."))
        changed = [name for name, old, new in (("full_name", user.full_name, full_name.strip()),
                                               ("role", user.role, Role(role).value),
                                               ("active", bool(user.active), active))
                   if old != new]
        User.update(full_name=full_name.strip(), role=Role(role).value, active=active
                    ).where(User.id == user_id).execute()
        audit.record(actor, "update", "user", user_id,
                     f"fields={','.join(changed)};role={Role(role).value}")


def reset_password(actor: Actor, user_id: int, new_password: str) -> None:
    """A password an administrator sets is temporary: its owner changes it at next login."""
    require(actor, Permission.MANAGE_USERS)
    user = _get_user(user_id)
    check_password_rules(new_password, user.username)
    with transaction():
        User.update(password_hash=hash_password(new_password),
                    must_change_password=user_id != actor.user_id).where(
            User.id == user_id).execute()
        login_throttle.clear(user.username)
        audit.record(actor, "reset_password", "user", user_id)


def change_own_password(actor: Actor, current: str, new_password: str) -> Actor:
    """Returns the actor, no longer bound to change its password."""
    user = _get_user(actor.user_id)
    login_throttle.check_not_locked(user.username)
    if not verify_password(user.password_hash, current):
        # Counted like a failed login: an unlocked session is no place to guess it freely.
        with transaction():
            wait = login_throttle.note_failure(user.username)
            audit.record(actor, "login_failed", "user", user.id, "change_password")
        if wait is not None:
            raise login_throttle.LoginLocked(wait)
        raise ValidationError(_("The current password is wrong."), field="current")
    if new_password == current:
        raise ValidationError(_("Choose a password different from the current one."),
                              field="password")
    check_password_rules(new_password, user.username)
    with transaction():
        User.update(password_hash=hash_password(new_password), must_change_password=False
                    ).where(User.id == user.id).execute()
        audit.record(actor, "change_password", "user", user.id)
    return actor_for(_get_user(user.id))


def set_own_language(actor: Actor, language: str) -> Actor:
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language."), field="language")
    with transaction():
        User.update(language=language).where(User.id == actor.user_id).execute()
        audit.record(actor, "update", "user", actor.user_id, "fields=language")
    return dataclasses.replace(actor, language=language)
