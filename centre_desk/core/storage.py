"""Storage faults, each said in one sentence: a read-only folder, a full disk, a drive that went
away, a damaged database file. The command line prints the sentence and exits 2; the windows
show it in a dialog. Nothing here writes anything."""
from __future__ import annotations

import contextlib
import errno
import logging
import os
import shutil
from pathlib import Path
from typing import Iterator

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _

READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
GONE_ERRNOS = {errno.EIO, errno.ENODEV, errno.ENXIO, getattr(errno, "ESTALE", errno.EIO),
               getattr(errno, "ENOMEDIUM", errno.EIO)}
# SQLite says these in its own words (the extended codes are not passed on by the driver).
SQLITE_FULL = ("database or disk is full",)
SQLITE_READ_ONLY = ("attempt to write a readonly database", "readonly database")
SQLITE_GONE = ("disk i/o error", "unable to open database file")
SQLITE_DAMAGED = ("database disk image is malformed", "file is not a database",
                  "malformed database schema")


class StorageFault(UserError):
    """The disk, not the user nor the program: read-only, full, gone."""


class DatabaseDamaged(UserError):
    """The database file cannot be read safely; restoring a verified backup is the way out."""

    def __init__(self, message: str, database: Path):
        super().__init__(message)
        self.database = Path(database)


def shown(path) -> str:
    """A path kept left to right inside an Arabic sentence (else its slashes move about)."""
    from centre_desk.core.i18n import is_rtl, ltr

    return ltr(path) if is_rtl() else str(path)


def read_only_fault(path) -> StorageFault:
    return StorageFault(_(
        "Centre Desk cannot write in {path}: the drive is read-only or your account may not "
        "write there. Nothing was changed. Choose a folder you can write in, or ask whoever "
        "looks after this computer.").format(path=shown(path)))


def full_fault(path) -> StorageFault:
    return StorageFault(_(
        "The disk holding {path} is full: the last change was not saved, everything saved "
        "before is safe. Free some space (empty the recycle bin, move big files away) and try "
        "again. Logging in and reading still work.").format(path=shown(path)))


def gone_fault(path) -> StorageFault:
    return StorageFault(_(
        "The drive holding {path} cannot be read any more (a USB stick pulled out, a network "
        "folder gone?). Put it back and start Centre Desk again; what was saved before is "
        "safe.").format(path=shown(path)))


def read_only_notice(folder: Path) -> str:
    """Said at the login when the centre could only be opened for reading."""
    if no_space_left(Path(folder)):
        return _("The disk holding {path} is full: the centre is open for reading only and "
                 "nothing can be saved. Free some space (empty the recycle bin, move big files "
                 "away) and start Centre Desk again.").format(path=shown(folder))
    return _("Centre Desk cannot write in {path} (a read-only drive, or your account may not "
             "write there): the centre is open for reading only and nothing can be "
             "saved.").format(path=shown(folder))


def damaged_error(database: Path) -> DatabaseDamaged:
    return DatabaseDamaged(_(
        "The database file {path} is damaged: it cannot be read safely. Nothing was changed. "
        "Restore the latest verified backup.").format(path=shown(database)), database)


def not_a_folder_fault(path) -> StorageFault:
    return StorageFault(_("{path} is a file, not a folder. Give a folder for Centre Desk's "
                          "data.").format(path=shown(path)))


def os_fault(exc: OSError, path=None) -> StorageFault:
    """The sentence for an operating-system error on ``path`` (or the file it names)."""
    where = path if path is not None else (exc.filename or "")
    if exc.errno in READ_ONLY_ERRNOS:
        return read_only_fault(where)
    if exc.errno in FULL_ERRNOS:
        return full_fault(where)
    if exc.errno in GONE_ERRNOS:
        return full_fault(where) if where and no_space_left(Path(where)) else gone_fault(where)
    if exc.errno == errno.ENOTDIR or (exc.errno == errno.EEXIST and Path(where).is_file()):
        return not_a_folder_fault(where)  # (EEXIST: a folder to make, a file in its place)
    if exc.errno == errno.EISDIR:
        return StorageFault(_("{path} is a folder where Centre Desk expects a file. Move it "
                              "away (it is not Centre Desk's) and try again.").format(
            path=shown(where)))
    if exc.errno == errno.ENOENT:
        return StorageFault(_("{path} cannot be found: it does not exist, or the drive holding "
                              "it is no longer there.").format(path=shown(where)))
    return StorageFault(_("Cannot read or write {path}: {reason}").format(
        path=shown(where), reason=exc.strerror or exc))



def read_fault(exc: OSError, path) -> StorageFault:
    """The sentence for a file the user chose (a password file, a key, a PDF, a logo) that
    cannot be read: what to do about it, not the system's English words."""
    if exc.errno in (errno.EACCES, errno.EPERM):
        return StorageFault(_("Your account may not read {path}: copy the file somewhere you can "
                              "read it, or ask whoever looks after this computer.").format(
            path=shown(path)))
    if exc.errno == errno.EISDIR:
        return StorageFault(_("{path} is a folder: choose a file.").format(path=shown(path)))
    if exc.errno in GONE_ERRNOS:
        return gone_fault(path)
    if exc.errno == errno.ENOENT:
        return os_fault(exc, path)
    return StorageFault(_("Cannot read {path}: {reason}").format(
        path=shown(path), reason=exc.strerror or exc))

def database_fault(exc: Exception, database: Path) -> UserError | None:
    """The sentence for an error SQLite gave on ``database``; None when it is not the disk's."""
    text = str(exc).lower()
    if any(words in text for words in SQLITE_FULL):
        return full_fault(Path(database).parent)
    if any(words in text for words in SQLITE_READ_ONLY):
        folder = Path(database).parent
        return full_fault(folder) if no_space_left(folder) else read_only_fault(folder)
    if any(words in text for words in SQLITE_DAMAGED):
        return damaged_error(database)
    if any(words in text for words in SQLITE_GONE):
        folder = Path(database).parent
        if folder.is_dir() and not os.access(folder, os.W_OK):  # read-only even for root
            return read_only_fault(folder)
        if no_space_left(folder):  # SQLite says "I/O error" when its -shm cannot grow
            return full_fault(folder)
        return gone_fault(folder)
    return None



@contextlib.contextmanager
def unless_unwritable(logger: logging.Logger, message: str, *args) -> Iterator[None]:
    """Around a write that must not stop people reading (the record of a login or of a read,
    the date a sheet was saved): on a full or read-only disk, or a drive gone, the write is
    skipped and ``message`` (ids only) goes to the log instead. Any other error is raised."""
    try:
        yield
    except Exception as exc:
        if not isinstance(as_user_error(exc), StorageFault):
            raise
        logger.warning(message, *args)

def no_space_left(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 64 * 1024
    except OSError:
        return False


def as_user_error(exc: BaseException, folder=None) -> UserError | None:
    """Any storage fault as the user's sentence, else None (then it is a bug: crash log).

    ``folder`` is the data folder (a ``DataFolder``), named when the error does not say where."""
    if isinstance(exc, UserError):
        return exc
    database = folder.db if folder is not None else Path("centre.db")
    if isinstance(exc, OSError):
        return os_fault(exc, exc.filename or (folder.root if folder is not None else None))
    if type(exc).__name__ in ("OperationalError", "DatabaseError"):
        return database_fault(exc, database)
    return None
