"""Accounts and roles: checked in the core, whatever the screens show."""
from __future__ import annotations

import pytest
from peewee import fn

from centre_desk.core.errors import LoginFailed, PermissionDenied, UserError, ValidationError
from centre_desk.core.models import AuditEvent, User
from centre_desk.core.security import Role
from centre_desk.core.services import audit, users
from tests.conftest import ADMIN_PASSWORD


def test_login_with_the_right_password_is_audited(centre):
    _opened, admin = centre
    logins = AuditEvent.select().where(AuditEvent.action == "login")
    before = logins.count()  # the fixture logged in already
    actor = users.authenticate("ADMIN ", ADMIN_PASSWORD)  # case and spaces forgiven
    assert actor.role == Role.ADMIN
    assert logins.count() == before + 1
    newest = AuditEvent.select().order_by(AuditEvent.id.desc()).get()
    assert (newest.action, newest.user_id, newest.entity_id) == ("login", admin.user_id,
                                                                 admin.user_id)


def test_login_failure_says_nothing_about_which_part_was_wrong(centre):
    with pytest.raises(LoginFailed) as unknown:
        users.authenticate("nobody", "whatever1")
    with pytest.raises(LoginFailed) as wrong:
        users.authenticate("admin", "wrong-password1")
    assert unknown.value.message == wrong.value.message
    assert AuditEvent.select().where(AuditEvent.action == "login_failed").count() == 2


def test_educator_is_refused_creating_a_user_by_the_service(centre, make_user):
    educator = make_user("youssef", Role.EDUCATOR)
    before = User.select().count()
    with pytest.raises(PermissionDenied):
        users.create_user(educator, users.NewUser("intrus", "Intrus", Role.ADMIN,
                                                  "Tamra-2026-test"))
    with pytest.raises(PermissionDenied):
        users.list_users(educator)
    with pytest.raises(PermissionDenied):
        audit.recent_events(educator)
    assert User.select().count() == before


def test_coordinator_reads_the_audit_trail_but_cannot_manage_users(centre, make_user):
    _opened, admin = centre
    coordinator = make_user("khadija", Role.COORDINATOR)
    events = audit.recent_events(coordinator)
    # The newest events are the coordinator's creation by the admin, then her own login.
    assert [(e.username, e.action, e.entity_id) for e in events[:2]] == [
        ("khadija", "login", coordinator.user_id), ("admin", "create", coordinator.user_id)]
    assert len(events) == AuditEvent.select().count()
    with pytest.raises(PermissionDenied):
        users.reset_password(coordinator, 1, "Nouveau-pass-2026")


def test_disabled_user_cannot_log_in(centre, make_user):
    _opened, admin = centre
    secretary = make_user("salma", Role.SECRETARY)
    users.update_user(admin, secretary.user_id, "Salma Test", Role.SECRETARY, active=False)
    with pytest.raises(LoginFailed):
        users.authenticate("salma", "Tamra-2026-test")


def test_the_last_administrator_cannot_be_demoted_or_disabled(centre):
    _opened, admin = centre
    with pytest.raises(UserError, match="au moins un administrateur actif"):
        users.update_user(admin, admin.user_id, "Nadia Admin", Role.EDUCATOR, active=True)
    with pytest.raises(UserError, match="au moins un administrateur actif"):
        users.update_user(admin, admin.user_id, "Nadia Admin", Role.ADMIN, active=False)
    assert User.get_by_id(admin.user_id).role == "admin"


@pytest.mark.parametrize("username,password,field", [
    ("a b", "Tamra-2026-test", "username"),
    ("ok", "short1", "password"),
    ("ok", "onlyletters", "password"),
    ("admin", "Tamra-2026-test", "username"),  # already taken
])
def test_new_user_rules_name_the_field_at_fault(centre, username, password, field):
    _opened, admin = centre
    with pytest.raises(ValidationError) as error:
        users.create_user(admin, users.NewUser(username, "Quelqu'un", Role.EDUCATOR, password))
    assert error.value.field == field


def test_changing_my_password_needs_the_current_one(centre):
    _opened, admin = centre
    with pytest.raises(ValidationError) as error:
        users.change_own_password(admin, "not-it-123", "Nouveau-mot-2026")
    assert error.value.field == "current"
    users.change_own_password(admin, ADMIN_PASSWORD, "Nouveau-mot-2026")
    assert users.authenticate("admin", "Nouveau-mot-2026").user_id == admin.user_id


def test_audit_details_hold_no_personal_data(centre, make_user):
    before = AuditEvent.select(fn.MAX(AuditEvent.id)).scalar()
    fatima = make_user("fatima", Role.SOCIAL_WORKER)
    new_events = list(AuditEvent.select().where(AuditEvent.id > before))
    assert [(e.action, e.entity_id) for e in new_events] == [("create", fatima.user_id),
                                                              ("login", fatima.user_id)]
    assert new_events[0].detail == "role=social_worker"  # the role, not who she is
    details = " ".join(event.detail for event in AuditEvent.select())
    assert "Fatima" not in details and "Nadia" not in details
