"""Build the package: the user guide, the PyInstaller folder, the portable zip, then the Inno
Setup installer where Inno Setup is installed. Same command on Windows and on Linux.

    python installer/build.py              # everything this machine can build
    python installer/build.py --no-zip     # skip the portable zip (CI on Linux)
    python installer/build.py --no-screens # the guide without new pictures (faster)
    python installer/build.py --self-test  # then run the frozen program's --self-test

It sets up .venv with the [dev] extra (PyInstaller) through installer/dev.py, so a clean clone
needs only Python. The version comes from centre_desk/__init__.py only.

Code signing: set CENTRE_DESK_SIGN to a command that signs one file given as its last argument,
for example ``signtool sign /fd sha256 /tr http://timestamp.digicert.com /td sha256 /a``; it is
run on CentreDesk.exe before packing, and Inno Setup runs it on the installer and the
uninstaller. Unset, nothing is signed (SmartScreen then warns: see the README).
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
FOLDER = DIST / "CentreDesk"
sys.path.insert(0, str(ROOT / "installer"))
sys.path.insert(0, str(ROOT))

import dev  # noqa: E402  (installer/dev.py: the .venv)

from centre_desk import __version__  # noqa: E402

EXECUTABLE = FOLDER / ("CentreDesk.exe" if os.name == "nt" else "CentreDesk")
SIGN_ENV = "CENTRE_DESK_SIGN"


def say(message: str) -> None:
    print(f"[centre-desk build] {message}", flush=True)


def in_project_venv() -> bool:
    return Path(sys.prefix).resolve() == dev.VENV.resolve()


def folder_size(path: Path) -> int:
    """Bytes on disk; a symbolic link (PyInstaller makes some on Linux) counts as nothing."""
    return sum(item.stat().st_size for item in path.rglob("*")
               if item.is_file() and not item.is_symlink())


def sign(path: Path) -> None:
    command = os.environ.get(SIGN_ENV)
    if not command:
        return
    say(f"signing {path.name}")
    subprocess.run([*shlex.split(command, posix=os.name != "nt"), str(path)], check=True)


def inno_compiler() -> str | None:
    found = shutil.which("iscc") or shutil.which("ISCC")
    if found:
        return found
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.environ.get("LOCALAPPDATA", "") + r"\Programs"):
        if base and Path(base, "Inno Setup 6", "ISCC.exe").exists():
            return str(Path(base, "Inno Setup 6", "ISCC.exe"))
    return None


def take_screens() -> None:
    """Pictures for the guide from the program's own screens command, where it exists."""
    screens = ROOT / "installer" / "screens.py"
    if not screens.exists():
        say("installer/screens.py not here: the guide uses the README's screenshots")
        return
    result = subprocess.run([sys.executable, str(screens), str(ROOT / "build" / "screens")],
                            stdout=subprocess.DEVNULL)
    if result.returncode != 0:
        say("the screens command failed: the guide uses the pictures it has")


def build_guide() -> None:
    subprocess.run([sys.executable, str(ROOT / "installer" / "guide.py")], check=True)


def build_folder(argv: list[str]) -> None:
    if "--no-screens" not in argv:
        take_screens()
    build_guide()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--log-level", "ERROR", "--distpath", str(DIST),
                    "--workpath", str(ROOT / "build"),
                    str(ROOT / "installer" / "centre_desk.spec")], check=True)
    sign(EXECUTABLE)


def portable_zip(folder: Path = FOLDER, dist: Path = DIST) -> Path:
    """The folder plus the ``portable`` marker: data kept beside the program (a USB stick)."""
    path = dist / f"CentreDesk-{__version__}-portable.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for item in sorted(folder.rglob("*")):
            name = (Path("CentreDesk") / item.relative_to(folder)).as_posix()
            if item.is_symlink():  # PyInstaller's links on Linux: kept as links, not copies
                link = zipfile.ZipInfo(name)
                link.external_attr = 0o120777 << 16
                archive.writestr(link, os.readlink(item))
            elif item.is_file():
                archive.write(item, name)
        archive.writestr("CentreDesk/portable", "Data is kept in the data folder beside "
                                                "CentreDesk.exe.\n")
    return path


def installer(compiler: str) -> Path:
    signing = []
    if os.environ.get(SIGN_ENV):  # Inno signs the installer and its uninstaller itself
        signing = ["/DSign", f"/Ssigntool={os.environ[SIGN_ENV]} $f"]
    subprocess.run([compiler, "/Q", f"/DAppVersion={__version__}", *signing,
                    str(ROOT / "installer" / "centre_desk.iss")], check=True)
    return DIST / f"CentreDesk-Setup-{__version__}.exe"


def self_test() -> int:
    report = DIST / "self-test.txt"
    result = subprocess.run([str(EXECUTABLE), "--self-test", "--report", str(report)])
    if os.name == "nt" and report.exists():  # the windowed program may have had no console
        print(report.read_text(encoding="utf-8"))
    return result.returncode


def main(argv: list[str]) -> int:
    if not in_project_venv():  # set up .venv with PyInstaller, then run again inside it
        python = dev.ensure_venv("dev")
        return subprocess.run([str(python), __file__, *argv], cwd=ROOT).returncode
    started = time.perf_counter()
    build_folder(argv)
    size = folder_size(FOLDER)
    say(f"{FOLDER} built in {time.perf_counter() - started:.0f} s: {size / 1e6:.0f} MB")
    if "--no-zip" not in argv:
        path = portable_zip()
        say(f"{path.name}: {path.stat().st_size / 1e6:.0f} MB")
    compiler = inno_compiler()
    if compiler:
        path = installer(compiler)
        say(f"{path.name}: {path.stat().st_size / 1e6:.0f} MB")
    else:
        say("Inno Setup (ISCC.exe) not found: no installer built (Windows only).")
    if "--self-test" in argv:
        return self_test()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
