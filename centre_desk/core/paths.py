"""Where Centre Desk keeps its data: one folder, chosen here and only here.

Order of precedence: an explicit ``--home`` wins, then a ``portable`` marker beside the
executable (data kept beside it, for a USB stick), then the ``CENTRE_DESK_HOME``
environment variable, then the per-user data folder given by platformdirs.
"""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from centre_desk import APP_ID

HOME_ENV = "CENTRE_DESK_HOME"
PORTABLE_MARKER = "portable"
DB_FILE = "centre.db"
KEY_FILE = "centre.key"
KEY_ID_FILE = "centre.keyid"
LOCK_FILE = "centre-desk.lock"


def app_dir() -> Path:
    """The folder of the executable (frozen) or of the source checkout."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return app_dir() / "resources"


def resolve_home(explicit: str | os.PathLike | None = None, environ=os.environ) -> Path:
    if explicit:
        return Path(explicit).expanduser().resolve()
    if (app_dir() / PORTABLE_MARKER).exists():
        return app_dir() / "data"
    if environ.get(HOME_ENV):
        return Path(environ[HOME_ENV]).expanduser().resolve()
    return user_data_home()


def user_data_home(platform: str = sys.platform) -> Path:
    """The per-user data folder: %LOCALAPPDATA%\\CentreDesk on Windows (local, not roaming: an
    open database must not follow the user across a domain's PCs), ~/.local/share/CentreDesk on
    Linux."""
    if platform == "win32":
        from platformdirs.windows import Windows as Dirs
    else:
        from platformdirs import PlatformDirs as Dirs
    return Path(Dirs(APP_ID, appauthor=False, roaming=False).user_data_dir)


@dataclass(frozen=True)
class DataFolder:
    """The files of one centre inside its data folder."""

    root: Path

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root))

    @property
    def db(self) -> Path:
        return self.root / DB_FILE

    @property
    def key_file(self) -> Path:
        return self.root / KEY_FILE

    @property
    def key_id_file(self) -> Path:
        """Which key opens centre.db (a fingerprint, not the key): found again after a move."""
        return self.root / KEY_ID_FILE

    @property
    def lock(self) -> Path:
        return self.root / LOCK_FILE

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def demo(self) -> "DataFolder":
        """The demonstration centre lives in its own folder, never mixed with real data."""
        return DataFolder(self.root / "demo")

    @property
    def is_demo(self) -> bool:
        return (self.root / ".demo").exists()

    def has_centre(self) -> bool:
        return self.db.exists()

    def ensure(self) -> "DataFolder":
        for folder in (self.root, self.logs, self.backups):
            folder.mkdir(parents=True, exist_ok=True)
        return self
