"""The centre's identity, first set-up, and the demonstration centre."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from centre_desk.core import db
from centre_desk.core.demo import DEMO_PASSWORD, build_demo, demo_logo_png
from centre_desk.core.errors import PermissionDenied, UserError, ValidationError
from centre_desk.core.models import Centre, User
from centre_desk.core.paths import DataFolder
from centre_desk.core.security import Role
from centre_desk.core.services import centre as centre_service, users


def identity(**changes):
    values = dict(name="Centre Amane", city="Tanger", association="Amane", file_prefix="amn")
    values.update(changes)
    return centre_service.CentreIdentity(**values)


def admin_form(**changes):
    values = dict(username="nadia", full_name="Nadia B", role=Role.ADMIN, password="Tamra-2026-test")
    values.update(changes)
    return users.NewUser(**values)


@pytest.mark.parametrize("changes,field", [
    ({"name": "  "}, "name"), ({"city": ""}, "city"), ({"file_prefix": "A1"}, "file_prefix"),
    ({"default_language": "es"}, "default_language"),
])
def test_refused_identity_names_its_field_and_creates_no_file(folder, changes, field):
    with pytest.raises(ValidationError) as error:
        centre_service.setup_centre(folder, identity(**changes), admin_form())
    assert error.value.field == field
    assert not folder.db.exists()


def test_refused_administrator_creates_no_file(folder):
    with pytest.raises(ValidationError) as error:
        centre_service.setup_centre(folder, identity(), admin_form(password="123"))
    assert error.value.field == "password"
    assert not folder.db.exists()


def test_setup_creates_the_centre_and_its_administrator(folder):
    opened, admin = centre_service.setup_centre(folder, identity(), admin_form())
    assert Centre.get_by_id(1).file_prefix == "AMN"
    assert User.get_by_id(admin.user_id).role == "admin"
    opened.close()
    with pytest.raises(UserError, match="existe déjà"):
        centre_service.setup_centre(folder, identity(), admin_form())


def test_logo_is_shrunk_to_a_png_and_junk_is_refused():
    big = Image.new("RGB", (2400, 1200), "red")
    data = io.BytesIO()
    big.save(data, format="JPEG")
    png = centre_service.read_logo(data.getvalue())
    with Image.open(io.BytesIO(png)) as logo:
        assert logo.format == "PNG" and max(logo.size) == centre_service.LOGO_MAX_PIXELS
    with pytest.raises(ValidationError) as error:
        centre_service.read_logo(b"not an image at all")
    assert error.value.field == "logo"


def test_only_an_administrator_edits_the_centre(centre, make_user):
    _opened, admin = centre
    secretary = make_user("salma", Role.SECRETARY)
    with pytest.raises(PermissionDenied):
        centre_service.update_identity(secretary, identity(name="Autre"))
    centre_service.update_identity(admin, identity(name="Centre Amane Nord", logo_png=demo_logo_png()))
    assert centre_service.get_identity().name == "Centre Amane Nord"


def demo_content(folder: DataFolder):
    opened = db.open_database(folder)
    try:
        staff = list(User.select(User.username, User.full_name, User.role)
                     .order_by(User.username).tuples())
        centre = Centre.select(Centre.name, Centre.city, Centre.file_prefix).tuples().get()
    finally:
        opened.close()
    return centre, staff


def test_demo_is_the_same_for_the_same_seed(tmp_path):
    build_demo(DataFolder(tmp_path / "a"), seed=7)
    build_demo(DataFolder(tmp_path / "b"), seed=7)
    build_demo(DataFolder(tmp_path / "c"), seed=8)
    assert demo_content(DataFolder(tmp_path / "a")) == demo_content(DataFolder(tmp_path / "b"))
    assert demo_content(DataFolder(tmp_path / "a")) != demo_content(DataFolder(tmp_path / "c"))


def test_demo_accounts_log_in_and_cover_every_role(tmp_path):
    folder = DataFolder(tmp_path / "demo")
    build_demo(folder)
    opened = db.open_database(folder)
    try:
        roles = {users.authenticate(name, DEMO_PASSWORD).role for name, in
                 User.select(User.username).tuples()}
    finally:
        opened.close()
    assert roles == set(Role)


def test_demo_never_replaces_a_real_centre(centre, folder):
    opened, _admin = centre
    opened.close()
    with pytest.raises(UserError, match="vrai centre"):
        build_demo(folder, replace=True)
    assert folder.db.exists()


def test_the_demo_has_households_of_every_kind_and_near_duplicates(folder):
    import datetime as dt

    from centre_desk.core import db
    from centre_desk.core.demo import build_demo
    from centre_desk.core.models import Child, Guardian
    from centre_desk.core.services import registration, users
    from centre_desk.core.services.children import identity_of, is_single_mother

    summary = build_demo(folder, children=80, today=dt.date(2026, 11, 25))
    assert summary.children == 80
    opened = db.open_database(folder)
    try:
        admin = users.authenticate("admin", "essai-demo-2026")
        households = {child.household_id for child in Child.select() if child.household_id}
        assert any(is_single_mother(household) for household in households)
        assert Guardian.select().where(Guardian.marital_status == "widowed").exists()
        assert Child.select().where(Child.civil_status == "not_registered").exists()
        assert Child.select().where(Child.nationality != "Marocaine").exists()
        assert Child.select().where(Child.birth_precision == "about").exists()
        duplicates = [child for child in Child.select()
                      if "name" in {reason for candidate in registration.find_duplicates(
                          admin, identity_of(child), exclude_id=child.id)
                          for reason in candidate.reasons}]
        assert len(duplicates) >= 4
    finally:
        opened.close()
