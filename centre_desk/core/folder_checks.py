"""Warnings about where the data folder is: inside OneDrive (or another synchronised folder),
or on a path too long for Windows programs. Shown once at start-up; nothing is refused."""
from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from centre_desk.core.i18n import _

ONEDRIVE_VARIABLES = ("OneDrive", "OneDriveConsumer", "OneDriveCommercial")
SYNCED_NAMES = ("onedrive", "dropbox", "google drive", "icloud drive")
# Windows' classic limit is 260 characters; the files Centre Desk writes inside its folder
# (backups/centre-2026-09-30T08-15-00.db-wal…) take up to about 60 more.
LONG_PATH = 200


def _parts(text: str) -> list[str]:
    return [part.casefold() for part in re.split(r"[\\/]+", text) if part]


def synced_folder(root: Path, environ=os.environ) -> str | None:
    """The synchronised folder holding ``root``, or None."""
    parts = _parts(str(root))
    for variable in ONEDRIVE_VARIABLES:
        synced = environ.get(variable)
        if synced and parts[:len(_parts(synced))] == _parts(synced):
            return synced
    for part in parts:
        if part.startswith(SYNCED_NAMES):  # "OneDrive - Association Amane", "Dropbox"
            return part
    return None


def folder_warnings(root: Path, platform: str = sys.platform, environ=os.environ) -> list[str]:
    warnings = []
    if synced_folder(root, environ):
        warnings.append(_(
            "The data folder {folder} is inside a synchronised folder (OneDrive or the like). "
            "Synchronisation and an open database do not mix: the centre's file can be damaged "
            "or split in two. Move the data folder out of it and make backups instead."
        ).format(folder=root))
    if platform == "win32" and len(str(root)) > LONG_PATH:
        warnings.append(_(
            "The path of the data folder is {length} characters long: Windows may refuse the "
            "files inside it. Choose a shorter folder, for example C:\\CentreDesk."
        ).format(length=len(str(root))))
    return warnings
