"""Opening or printing a document with the program the user chose for it: os.startfile on
Windows (the file's associated program, its "print" verb), open on macOS, xdg-open and lp on
Linux. Paths with Arabic letters and spaces are passed as one argument, never through a shell."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _


def open_document(path: Path, printing: bool = False, platform: str = sys.platform) -> None:
    path = Path(path)
    if not path.exists():
        raise UserError(_("The file {path} does not exist.").format(path=path), "path")
    try:
        if platform == "win32":
            os.startfile(str(path), "print" if printing else "open")  # noqa: S606
        elif platform == "darwin":
            subprocess.Popen(["lp" if printing else "open", str(path)])
        else:
            subprocess.Popen(["lp" if printing else "xdg-open", str(path)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        raise UserError(_("No program on this computer opens {name}. Install a PDF reader "
                          "(for example the free Adobe Acrobat Reader) and try again.").format(
            name=path.name), "path") from None
