"""Build the Windows package: PyInstaller folder, then the Inno Setup installer if available.

    python installer/build.py          # needs the [dev] extra (pyinstaller)

The version comes from centre_desk/__init__.py only: the spec and the installer script read it.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from centre_desk import __version__  # noqa: E402


def main() -> int:
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
                    "--distpath", str(ROOT / "dist"), "--workpath", str(ROOT / "build"),
                    str(ROOT / "installer" / "centre_desk.spec")], check=True)
    compiler = shutil.which("iscc") or shutil.which("ISCC")
    if compiler:
        subprocess.run([compiler, f"/DAppVersion={__version__}",
                        str(ROOT / "installer" / "centre_desk.iss")], check=True)
    else:
        print("Inno Setup (iscc) not found: dist/CentreDesk is ready, no installer built.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
