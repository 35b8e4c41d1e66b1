"""Logging to a rotating file in the data folder, and crash logs. Ids only, never names."""
from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import platform
import sys
import traceback
from pathlib import Path

from centre_desk import __version__

LOG_FILE = "centre-desk.log"
_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def setup_logging(logs_folder: Path, verbose: bool = False) -> Path:
    logging.raiseExceptions = False  # a full disk loses log lines, it prints no traceback
    logs_folder.mkdir(parents=True, exist_ok=True)
    path = logs_folder / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_centre_desk", False):
            root.removeHandler(handler)
            handler.close()
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5,
                                                   encoding="utf-8")
    handler.setFormatter(logging.Formatter(_FORMAT))
    handler._centre_desk = True
    root.addHandler(handler)
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    return path


def log_startup(home: Path, language: str) -> None:
    log = logging.getLogger("centre_desk")
    # Not platform.platform(): on Linux it reads the whole Python binary (20 ms at each start).
    log.info("Centre Desk %s, Python %s, %s %s %s", __version__, platform.python_version(),
             platform.system(), platform.release(), platform.machine())
    log.info("data folder %s, language %s", home, language)


def write_crash_log(logs_folder: Path, exc_type, exc_value, exc_traceback) -> Path:
    """A file with the traceback and the versions; returns its path."""
    logs_folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    path = logs_folder / f"crash-{stamp}.log"
    details = "".join(traceback.format_exception(exc_type, exc_value, exc_traceback))
    path.write_text(
        f"Centre Desk {__version__}\nPython {sys.version}\n{platform.platform()}\n"
        f"{dt.datetime.now().isoformat()}\n\n{details}",
        encoding="utf-8",
    )
    logging.getLogger("centre_desk").error("crash, details in %s", path.name)
    return path
