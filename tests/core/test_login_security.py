"""Logging in under attack: throttling kept in the database, the same cost for unknown names,
the password policy, passwords an administrator set."""
from __future__ import annotations

import datetime as dt
import statistics
import time

import pytest

from centre_desk.core import db
from centre_desk.core.errors import LoginFailed, ValidationError
from centre_desk.core.models import AuditEvent, LoginThrottle
from centre_desk.core.security import Role, is_common_password, needs_rehash, password_problem
from centre_desk.core.services import login_throttle, users
from tests.conftest import ADMIN_PASSWORD

WRONG = "not-the-password-1"


def fail_times(name: str, count: int) -> LoginFailed:
    error = None
    for _attempt in range(count):
        with pytest.raises(LoginFailed) as caught:
            users.authenticate(name, WRONG)
        error = caught.value
    return error


def test_five_failures_lock_the_name_even_against_the_right_password(centre):
    last = fail_times("admin", 5)
    assert isinstance(last, login_throttle.LoginLocked)
    assert "Réessayez dans 30 secondes" in last.message
    with pytest.raises(login_throttle.LoginLocked):
        users.authenticate("admin", ADMIN_PASSWORD)
    actions = [a for (a,) in AuditEvent.select(AuditEvent.action).tuples()]
    assert actions.count("login_failed") == 5 and "login_locked" in actions
    assert actions.count("login_refused") == 1  # the attempt during the wait is in the trail


def test_the_lockout_survives_closing_and_reopening_the_database(centre):
    opened, _admin = centre
    fail_times("admin", 5)
    opened.close()
    reopened = db.open_database(opened.folder)
    try:
        with pytest.raises(login_throttle.LoginLocked):
            users.authenticate("admin", ADMIN_PASSWORD)
    finally:
        reopened.close()


def expire_lock(name: str) -> None:
    LoginThrottle.update(locked_until=dt.datetime(2000, 1, 1)).where(
        LoginThrottle.username == name).execute()


def test_waits_grow_with_each_lockout_and_a_success_resets_them(centre):
    waits = []
    for _round in range(4):
        waits.append(fail_times("admin", 5).wait)
        expire_lock("admin")
    assert waits == list(login_throttle.WAITS)
    users.authenticate("admin", ADMIN_PASSWORD)
    assert fail_times("admin", 5).wait == login_throttle.WAITS[0]


def test_unknown_names_are_locked_the_same_way(centre):
    assert isinstance(fail_times("personne", 5), login_throttle.LoginLocked)


def test_names_left_alone_for_a_month_are_forgotten_and_start_again(centre):
    """The table no longer keeps every name ever tried; a quiet name's escalation starts over,
    a name still locked is kept whatever its age."""
    fail_times("personne", 2)
    fail_times("quelquun", 5)  # locked
    fail_times("admin", 5)
    expire_lock("admin")
    long_ago = login_throttle.utcnow() - login_throttle.QUIET - dt.timedelta(hours=1)
    LoginThrottle.update(last_failure_at=long_ago).execute()
    LoginThrottle.update(locked_until=login_throttle.utcnow() + dt.timedelta(hours=1)).where(
        LoginThrottle.username == "quelquun").execute()
    fail_times("autre", 1)  # any failure tidies the table
    assert {row.username for row in LoginThrottle.select()} == {"quelquun", "autre"}
    assert fail_times("admin", 5).wait == login_throttle.WAITS[0]  # not the second wait


def test_an_administrator_unlocks_a_user_and_the_list_shows_who_is_locked(centre, make_user):
    _opened, admin = centre
    make_user("salma", Role.SECRETARY)
    fail_times("salma", 5)
    salma = next(row for row in users.list_users(admin) if row.username == "salma")
    assert salma.locked
    users.unlock_user(admin, salma.id)
    assert users.authenticate("salma", "Tamra-2026-test").username == "salma"
    assert AuditEvent.select().where(AuditEvent.action == "unlock").count() == 1


def test_the_dummy_hash_costs_what_a_real_hash_costs():
    assert not needs_rehash(users.DUMMY_HASH)


def test_an_unknown_name_takes_as_long_as_a_wrong_password(centre):
    """Medians of interleaved tries, within 20 % of each other (no absolute time)."""
    known, unknown = [], []
    for _try in range(9):
        for name, times in (("admin", known), ("inconnu", unknown)):
            LoginThrottle.delete().execute()
            start = time.perf_counter()
            with pytest.raises(LoginFailed):
                users.authenticate(name, WRONG)
            times.append(time.perf_counter() - start)
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.8 <= ratio <= 1.2, (statistics.median(known), statistics.median(unknown))


@pytest.mark.parametrize("password", ["password1", "qwertyuiop1", "password2026",
                                      "1q2w3e4r5t6y", "Manchester1!"])
def test_common_or_short_passwords_are_refused(password):
    assert password_problem(password) is not None


def test_the_list_of_common_passwords_is_bundled_with_its_licence():
    from centre_desk.core.paths import resources_dir

    assert is_common_password("iloveyou")
    assert "MIT" in (resources_dir() / "common-passwords.LICENSE.txt").read_text()


@pytest.mark.parametrize("password,reason", [
    ("qwertyuiop123", "courants"),
    ("salma-2026-ok", "nom d'utilisateur"),
    ("Amane-Test-Centre", None),  # words of the name, not the name: accepted
    ("CentreAmaneTest9", "nom d'utilisateur"),
    # The centre's name without its first word, run together or spaced, with digits.
    ("AmaneTest2026", "nom du centre"),
    ("amane test 2026", "nom du centre"),
])
def test_a_new_user_s_password_follows_the_policy(centre, password, reason):
    _opened, admin = centre
    data = users.NewUser("salma", "Salma B", Role.SECRETARY, password)
    if reason is None:
        users.create_user(admin, data)
        return
    with pytest.raises(ValidationError) as error:
        users.create_user(admin, data)
    assert error.value.field == "password" and reason in error.value.message


def test_a_password_an_administrator_set_must_be_changed(centre, make_user):
    _opened, admin = centre
    salma = make_user("salma", Role.SECRETARY)
    assert salma.must_change_password
    changed = users.change_own_password(salma, "Tamra-2026-test", "Mon-jardin-2027")
    assert not changed.must_change_password
    assert not users.authenticate("salma", "Mon-jardin-2027").must_change_password
    users.reset_password(admin, salma.user_id, "Remis-par-admin-9")
    assert users.authenticate("salma", "Remis-par-admin-9").must_change_password
    with pytest.raises(ValidationError):
        users.change_own_password(salma, "Remis-par-admin-9", "Remis-par-admin-9")


def test_guessing_the_current_password_in_an_open_session_is_throttled_too(centre):
    """Someone at a session left open must not try passwords freely through "change my
    password": the failures count like failed logins and lock the name."""
    _opened, admin = centre
    for _attempt in range(4):
        with pytest.raises(ValidationError):
            users.change_own_password(admin, WRONG, "Autre-chose-2026")
    with pytest.raises(login_throttle.LoginLocked):
        users.change_own_password(admin, WRONG, "Autre-chose-2026")
    with pytest.raises(login_throttle.LoginLocked):  # even the right one, until the wait is over
        users.change_own_password(admin, ADMIN_PASSWORD, "Autre-chose-2026")
    with pytest.raises(login_throttle.LoginLocked):
        users.authenticate("admin", ADMIN_PASSWORD)
    assert AuditEvent.select().where(AuditEvent.action == "login_failed").count() == 5


def test_the_centre_s_arabic_name_is_no_password_either(centre):
    from centre_desk.core.models import Centre

    _opened, admin = centre
    Centre.update(name_ar="مركز أمان").execute()
    data = users.NewUser("salma", "Salma B", Role.SECRETARY, "مركزامان-2026")
    with pytest.raises(ValidationError) as error:
        users.create_user(admin, data)
    assert error.value.field == "password" and "nom du centre" in error.value.message
    with pytest.raises(ValidationError):
        users.change_own_password(admin, ADMIN_PASSWORD, "مركز أمان 2026")
