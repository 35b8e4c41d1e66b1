"""User accounts: login, creation, roles, passwords, language preference."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from peewee import OperationalError

from centre_desk.core.errors import LoginFailed, NotFound, UserError, ValidationError
from centre_desk.core.i18n import LANGUAGES, _, fill
from centre_desk.core.models import User, transaction, utcnow
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
from centre_desk.core.services import audit

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


def normalise_username(username: str) -> str:
    return username.strip().lower()


def actor_for(user: User) -> Actor:
    return Actor(user.id, user.username, user.full_name, Role(user.role), user.language)


def check_user_rules(data: NewUser) -> None:
    """The rules a new account follows, without looking at the database."""
    username = normalise_username(data.username)
    if not USERNAME_PATTERN.match(username):
        raise ValidationError(_("A user name is 2 to 32 letters (a-z), digits, dots, dashes or "
                                "underscores, without spaces."), field="username")
    if not data.full_name.strip():
        raise ValidationError(_("Enter the person's full name."), field="full_name")
    problem = password_problem(data.password)
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


def insert_user(data: NewUser) -> User:
    """Create the account without a permission check: for the first administrator only."""
    validate_new_user(data)
    return User.create(username=normalise_username(data.username),
                       full_name=data.full_name.strip(), role=Role(data.role).value,
                       password_hash=hash_password(data.password), language=data.language)


def create_user(actor: Actor, data: NewUser) -> int:
    require(actor, Permission.MANAGE_USERS)
    with transaction():
        user = insert_user(data)
        audit.record(actor, "create", "user", user.id, f"role={user.role}")
    return user.id


def authenticate(username: str, password: str) -> Actor:
    """The actor for these credentials, or LoginFailed with one message for every cause."""
    user = User.get_or_none(User.username == normalise_username(username))
    if user is None or not user.active or not verify_password(user.password_hash, password):
        with transaction():
            audit.record(None, "login_failed", "user", user.id if user else None)
        raise LoginFailed(_("Wrong user name or password."))
    try:
        with transaction():
            changes = {User.last_login_at: utcnow()}
            if needs_rehash(user.password_hash):
                changes[User.password_hash] = hash_password(password)
            User.update(changes).where(User.id == user.id).execute()
            audit.record(actor_for(user), "login", "user", user.id)
    except OperationalError as exc:  # a full or read-only disk: people still log in to read
        if not any(words in str(exc) for words in ("full", "I/O", "readonly")):
            raise
        log.warning("login not recorded: the disk cannot be written")
    return actor_for(user)


def list_users(actor: Actor) -> list[UserRow]:
    require(actor, Permission.MANAGE_USERS)
    query = User.select(User.id, User.username, User.full_name, User.role, User.active,
                        User.language, User.last_login_at).order_by(User.username)
    return [UserRow(id_, name, full, Role(role), bool(active), lang, last)
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
    require(actor, Permission.MANAGE_USERS)
    problem = password_problem(new_password)
    if problem:
        raise ValidationError(problem, field="password")
    with transaction():
        _get_user(user_id)
        User.update(password_hash=hash_password(new_password)).where(User.id == user_id).execute()
        audit.record(actor, "reset_password", "user", user_id)


def change_own_password(actor: Actor, current: str, new_password: str) -> None:
    user = _get_user(actor.user_id)
    if not verify_password(user.password_hash, current):
        raise ValidationError(_("The current password is wrong."), field="current")
    problem = password_problem(new_password)
    if problem:
        raise ValidationError(problem, field="password")
    with transaction():
        User.update(password_hash=hash_password(new_password)).where(User.id == user.id).execute()
        audit.record(actor, "change_password", "user", user.id)


def set_own_language(actor: Actor, language: str) -> Actor:
    if language not in LANGUAGES:
        raise ValidationError(_("Unknown language."), field="language")
    with transaction():
        User.update(language=language).where(User.id == actor.user_id).execute()
        audit.record(actor, "update", "user", actor.user_id, "fields=language")
    return Actor(actor.user_id, actor.username, actor.full_name, actor.role, language)
