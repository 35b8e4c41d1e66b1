"""Check that every runtime dependency exists as a Windows wheel for Python 3.11, 3.12 and 3.13.

    .venv/bin/python installer/check_wheels.py

The dependencies are read from pyproject.toml ([project] dependencies) and followed to their own
dependencies as Windows would install them (markers evaluated for win32); each is pinned to the
version installed in this environment (the resolved one), or else to the newest its specifier
allows. For each Python version, ``pip download --only-binary=:all: --platform win_amd64
--python-version 3.1X --no-deps`` fetches them into one temporary folder (a wheel shared by several
versions, like PySide6's abi3 wheels, is fetched once). A dependency without a wheel fails with its
name. Needs the package index (PyPI).
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYTHONS = ("3.11", "3.12", "3.13")


def windows_environment(python: str) -> dict[str, str]:
    env = dict(default_environment())
    env.update(sys_platform="win32", platform_system="Windows", os_name="nt",
               platform_machine="AMD64", python_version=python, python_full_version=f"{python}.0",
               implementation_name="cpython", platform_python_implementation="CPython")
    return env


def direct_requirements() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [Requirement(text) for text in project["dependencies"]]


def installed_version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def closure(python: str) -> dict[str, str]:
    """name -> pip requirement (pinned when installed here), over the dependency tree on Windows."""
    env = windows_environment(python)
    wanted: dict[str, str] = {}
    queue = [req for req in direct_requirements() if req.marker is None or req.marker.evaluate(env)]
    while queue:
        req = queue.pop()
        name = canonicalize_name(req.name)
        if name in wanted:
            continue
        version = installed_version(req.name)
        if version is not None and version in req.specifier:
            wanted[name] = f"{req.name}=={version}"
            requires = metadata.requires(req.name) or []
        else:  # not installed here (a Windows-only dependency): the newest allowed
            wanted[name] = f"{req.name}{req.specifier}"
            requires = []
        for text in requires:
            sub = Requirement(text)
            if sub.marker is None or sub.marker.evaluate(dict(env, extra="")):
                queue.append(sub)
    return wanted


def download(requirements: list[str], python: str, folder: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
         "--only-binary=:all:", "--platform", "win_amd64", "--python-version", python,
         "--implementation", "cp", "--no-deps", "--dest", str(folder), *requirements],
        capture_output=True, text=True)


def main() -> int:
    missing: list[str] = []
    with tempfile.TemporaryDirectory(prefix="centre-desk-wheels-") as temporary:
        folder = Path(temporary)
        for python in PYTHONS:
            wanted = closure(python)
            if download(sorted(wanted.values()), python, folder).returncode == 0:
                print(f"Python {python}: {len(wanted)} dependencies have win_amd64 wheels")
                continue
            for requirement in sorted(wanted.values()):  # one by one, to name each missing one
                result = download([requirement], python, folder)
                if result.returncode != 0:
                    missing.append(f"{requirement} (Python {python})")
                    print(f"NO win_amd64 WHEEL: {requirement} for Python {python}\n"
                          f"  {result.stderr.strip().splitlines()[-1] if result.stderr else ''}")
    if missing:
        print("Dependencies without a Windows wheel: " + ", ".join(missing))
        return 1
    print("every runtime dependency has a win_amd64 wheel for Python " + ", ".join(PYTHONS))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
