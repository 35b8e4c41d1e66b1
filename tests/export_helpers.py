"""Demo centres for the export and consolidation tests: built once, copied for each test."""
from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from pathlib import Path

import keyring
from keyring.backends import fail

from centre_desk.core.paths import DataFolder

TODAY = dt.date(2026, 11, 25)


def build_demo_template(root: Path, seed: int = 2026, children: int = 60) -> DataFolder:
    from centre_desk.core.demo import build_demo

    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # the database key in a file: the copy opens
    try:
        folder = DataFolder(root)
        build_demo(folder, seed=seed, children=children, today=TODAY)
    finally:
        keyring.set_keyring(previous)
    return folder


def open_copy(template: DataFolder, target: Path, code: str | None = None):
    from centre_desk.core import db
    from centre_desk.core.services import users

    shutil.copytree(template.root, target, dirs_exist_ok=True)
    folder = DataFolder(target)
    opened = db.open_database(folder)
    from centre_desk.core.demo import DEMO_PASSWORD

    admin = users.authenticate("admin", DEMO_PASSWORD)
    if code:
        from centre_desk.core.export import set_centre_code

        set_centre_code(admin, code)
    return folder, opened, admin


def entries(path: Path, password: str | None = None) -> dict[str, bytes]:
    import pyzipper

    with pyzipper.AESZipFile(path) as archive:
        if password:
            archive.setpassword(password.encode())
        return {name: archive.read(name) for name in archive.namelist()}


def unzip(path: Path, target: Path) -> Path:
    with zipfile.ZipFile(path) as archive:
        archive.extractall(target)
    return target


def csv_rows(data: bytes) -> list[dict[str, str]]:
    import csv

    text = data.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))


def valid_data_package(descriptor: Path) -> None:
    from frictionless import validate

    report = validate(str(descriptor))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
