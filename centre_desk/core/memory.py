"""Giving memory back to the system after a large, short-lived piece of work.

A backup's check holds the whole file in SQLite's cache for a second or two. SQLite frees it
when the connection closes, but glibc keeps freed blocks inside the process: without this,
checking a large centre's backup left about 250 MB resident for the rest of the session.
Windows' heap releases large free ranges by itself; macOS's allocator too."""
from __future__ import annotations

import ctypes
import sys


def give_back_freed_memory() -> None:
    """Ask the C library to return the memory freed in the process to the system, where it
    keeps it (glibc); elsewhere, nothing to do."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        pass
