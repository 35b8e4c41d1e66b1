"""The Windows wheel check reads its dependencies from pyproject.toml and follows them as
Windows would install them (the download itself needs PyPI and runs in CI)."""
from __future__ import annotations

import importlib.util
import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("check_wheels", ROOT / "installer" / "check_wheels.py")
check_wheels = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_wheels)


def test_every_dependency_of_pyproject_is_checked_at_its_installed_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = check_wheels.closure("3.12")
    for text in project["dependencies"]:
        name = Requirement(text).name
        assert canonicalize_name(name) in wanted, name
        assert wanted[canonicalize_name(name)] == f"{name}=={check_wheels.installed_version(name)}"


def test_dependencies_are_followed_as_on_windows():
    wanted = check_wheels.closure("3.13")
    assert "pywin32-ctypes" in wanted  # keyring's Windows-only dependency
    assert "secretstorage" not in wanted and "jeepney" not in wanted  # Linux-only ones
    assert "shiboken6" in wanted  # PySide6's own
