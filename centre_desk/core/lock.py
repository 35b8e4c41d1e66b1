"""One running instance per data folder: an OS file lock, released when the process ends,
even after a power cut or a crash (no stale lock to clean)."""
from __future__ import annotations

import sys
from pathlib import Path

from centre_desk.core.errors import InstanceLocked
from centre_desk.core.i18n import _


class InstanceLock:
    def __init__(self, path: Path):
        self.path = path
        self._handle = None

    def acquire(self) -> "InstanceLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle = open(self.path, "a+b")
        except OSError as exc:
            handle = self._read_only(exc)
            if handle is None:
                return self  # no lock file and none can be made: nobody ever wrote here
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            raise InstanceLocked(_(
                "Centre Desk is already running with the data folder {folder}. "
                "Use the window that is already open."
            ).format(folder=self.path.parent)) from None
        self._handle = handle
        return self

    def _read_only(self, error: OSError):
        """A folder this account cannot write in (a read-only drive) is still read: its lock
        file, opened for reading, locks all the same. Other errors are raised."""
        from centre_desk.core.storage import READ_ONLY_ERRNOS

        if error.errno not in READ_ONLY_ERRNOS:
            raise error
        try:
            return open(self.path, "rb")
        except FileNotFoundError:
            return None
        except OSError:
            raise error from None

    def release(self) -> None:
        if self._handle is not None:
            if sys.platform == "win32":  # Windows frees a closed file's lock only "eventually"
                import msvcrt

                try:
                    self._handle.seek(0)
                    msvcrt.locking(self._handle.fileno(), msvcrt.LK_UNLCK, 1)
                except OSError:
                    pass  # closing below releases it all the same
            self._handle.close()  # closing the descriptor releases the lock
            self._handle = None

    def __enter__(self) -> "InstanceLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
