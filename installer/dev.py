"""Set up and run Centre Desk from a source checkout, on Linux or Windows, in one command.

    python3 installer/dev.py run [program options]   # set up, then start the program
    python3 installer/dev.py test [pytest options]   # set up with test tools, then run the tests

It creates .venv beside the sources, installs the project into it (again only when
pyproject.toml changes) and, on Debian or Ubuntu, the few system libraries Qt needs.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
MINIMUM_PYTHON = (3, 11)

# Qt's own needs on a bare Debian/Ubuntu; xcb ones only for a real screen.
DEBIAN_TEST_PACKAGES = ["libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3",
                        "libglib2.0-0", "poppler-utils"]
DEBIAN_SCREEN_PACKAGES = ["libxkbcommon-x11-0", "libxcb-cursor0", "libxcb-icccm4",
                          "libxcb-keysyms1", "libxcb-image0", "libxcb-render-util0",
                          "libxcb-shape0", "libxcb-randr0", "libxcb-xinerama0", "libxcb-xkb1"]


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def say(message: str) -> None:
    print(f"[centre-desk setup] {message}", flush=True)


def missing_debian_packages(packages: list[str]) -> list[str]:
    missing = []
    for package in packages:
        result = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package],
                                capture_output=True, text=True)
        if "install ok installed" not in result.stdout:
            missing.append(package)
    return missing


def install_system_packages(packages: list[str]) -> None:
    if not sys.platform.startswith("linux") or not shutil.which("apt-get") \
            or not shutil.which("dpkg-query"):
        return
    missing = missing_debian_packages(packages)
    if not missing:
        return
    prefix = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if prefix is None:
        say("please install these system packages: " + " ".join(missing))
        return
    say("installing system packages: " + " ".join(missing))
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run([*prefix, "apt-get", "update", "-qq"], env=env)
    install = [*prefix, "apt-get", "install", "-y", "-qq", "--no-install-recommends"]
    if subprocess.run([*install, *missing], env=env).returncode != 0:
        for package in missing:  # names differ between releases: take what exists
            subprocess.run([*install, package], env=env)


def ensure_venv_module() -> None:
    """Stock Debian and Ubuntu ship Python without ensurepip (python3-venv): install it."""
    import importlib.util

    if importlib.util.find_spec("ensurepip") is not None:
        return
    version = f"python{sys.version_info.major}.{sys.version_info.minor}-venv"
    install_system_packages([version])
    importlib.invalidate_caches()
    if importlib.util.find_spec("ensurepip") is None:
        install_system_packages(["python3-venv"])


def ensure_venv(extras: str) -> Path:
    if sys.version_info < MINIMUM_PYTHON:
        raise SystemExit("Centre Desk needs Python %d.%d or newer." % MINIMUM_PYTHON)
    if not venv_python().exists():
        ensure_venv_module()
        say(f"creating {VENV}")
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except subprocess.CalledProcessError:  # a half-made .venv without pip: start again
            shutil.rmtree(VENV, ignore_errors=True)
            raise SystemExit("Could not create .venv: install python3-venv, then try again.")
    stamp = VENV / f".installed-{extras or 'base'}"
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if not stamp.exists() or stamp.read_text() != wanted:
        target = f".[{extras}]" if extras else "."
        say(f"installing {target} into .venv")
        subprocess.run([str(venv_python()), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "-e", target], cwd=ROOT, check=True)
        stamp.write_text(wanted)
    return venv_python()


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if command == "run":
        install_system_packages(DEBIAN_TEST_PACKAGES[:-1] + DEBIAN_SCREEN_PACKAGES)
        python = ensure_venv("")
        return subprocess.run([str(python), str(ROOT / "main.py"), *rest], cwd=ROOT).returncode
    if command == "test":
        install_system_packages(DEBIAN_TEST_PACKAGES)
        python = ensure_venv("test")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.run([str(python), "-m", "pytest", *rest], cwd=ROOT, env=env).returncode
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
