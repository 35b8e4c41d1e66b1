"""Shared fixtures: a temporary data folder per test, an in-memory keyring, offscreen Qt."""
from __future__ import annotations

import os
import shutil

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Subprocesses (command line tests) have no credential store: their key goes to a key file.
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

import keyring  # noqa: E402
import pytest  # noqa: E402
from keyring.backends import fail  # noqa: E402

from centre_desk.core import i18n  # noqa: E402
from centre_desk.core.paths import HOME_ENV, DataFolder  # noqa: E402
from tests.memory_keyring import MemoryKeyring  # noqa: E402

ADMIN_PASSWORD = "Nadia-test-2026"


@pytest.fixture(autouse=True)
def memory_keyring():
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    backend.clear()


@pytest.fixture(autouse=True)
def french():
    i18n.set_language("fr")
    yield
    i18n.set_language("fr")


@pytest.fixture
def folder(tmp_path, monkeypatch) -> DataFolder:
    monkeypatch.setenv(HOME_ENV, str(tmp_path / "home"))
    return DataFolder(tmp_path / "home")


@pytest.fixture(scope="session")
def centre_template(tmp_path_factory) -> DataFolder:
    """One centre built once (argon2 is slow on purpose), copied for each test that needs it.
    Its key is in a key file so that the copy opens at its new path."""
    from centre_desk.core.security import Role
    from centre_desk.core.services.centre import CentreIdentity, setup_centre
    from centre_desk.core.services.users import NewUser

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        template = DataFolder(tmp_path_factory.mktemp("template") / "home")
        opened, _admin = setup_centre(
            template, CentreIdentity("Centre Amane Test", "Salé", "Association Test", "TST"),
            NewUser("admin", "Nadia Admin", Role.ADMIN, ADMIN_PASSWORD))
        opened.close()
    finally:
        keyring.set_keyring(previous)
    return template


@pytest.fixture
def centre(centre_template, folder):
    """An open centre (models bound) with one administrator; yields (opened, admin actor)."""
    from centre_desk.core import db
    from centre_desk.core.services import users

    shutil.copytree(centre_template.root, folder.root, dirs_exist_ok=True)
    opened = db.open_database(folder)
    admin = users.authenticate("admin", ADMIN_PASSWORD)
    yield opened, admin
    opened.close()


@pytest.fixture
def make_user(centre):
    """Create a user with a role and return its actor."""
    from centre_desk.core.services import users

    _opened, admin = centre

    def make(username: str, role, password: str = "Tamra-2026-test"):
        users.create_user(admin, users.NewUser(username, username.title() + " Test", role,
                                               password))
        return users.authenticate(username, password)

    return make
