"""Writing a document whole or not at all: a half-written PDF is never left behind."""
from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Callable

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _, fill


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()


def storage_fault(exc: OSError, folder: Path) -> UserError | None:
    """A read-only, full, vanished or missing folder in the storage faults' own sentences
    (not the system's English words), beside the path field; None for any other error."""
    from centre_desk.core import storage

    known = storage.READ_ONLY_ERRNOS | storage.FULL_ERRNOS | storage.GONE_ERRNOS | {
        errno.ENOENT}
    if exc.errno not in known:
        return None
    return UserError(storage.os_fault(exc, folder).message, "path")


def write_atomically(path: Path, write: Callable[[Path], None], private: bool = False) -> Path:
    """``write`` fills a temporary file beside ``path``, which then replaces ``path`` in one
    step. An unwritable place is a clear message and leaves nothing behind. A ``private`` file
    (one holding a secret) is readable only by its owner."""
    path = Path(path)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".centre-desk-", suffix=path.suffix,
                                             dir=path.parent)
        os.close(handle)
    except OSError as exc:
        raise storage_fault(exc, path.parent) or UserError(fill(
            _("Cannot write in {folder}: {reason}"), folder=path.parent,
            reason=exc.strerror or exc), "path") from None
    try:
        write(Path(temporary))
        # mkstemp makes it owner-only; other files are as any file the user saves.
        os.chmod(temporary, 0o600 if private else 0o666 & ~_UMASK)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise storage_fault(exc, path.parent) or UserError(fill(
            _("Cannot write {path}: {reason}"), path=path, reason=exc.strerror or exc),
            "path") from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path
