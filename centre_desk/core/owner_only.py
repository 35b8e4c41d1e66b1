"""Can anyone but its owner read a file? For secrets given as files (``--password-file``).

POSIX: the mode bits (group or others have any right: refused). Windows: mode bits keep nobody
out, so the file's access list (DACL) is read through advapi32 and judged by ``others_who_read``,
a pure function tested on Linux; the ctypes part, ``_windows_dacl``, only lists the entries.
Refused on Windows: an entry that lets read (or change the access list, or take ownership) anyone
but the owner, SYSTEM and the Administrators (who can read any file anyway), for example
Everyone, Users or Authenticated Users, as a file in a shared folder or at the root of C: gets;
and a file with no access list at all (a FAT USB stick), which everyone can read.
"""
from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import Iterable, NamedTuple

WINDOWS = sys.platform == "win32"  # a module setting, so tests can take the Windows branch

ACCESS_ALLOWED_ACE_TYPE = 0x0
ACCESS_DENIED_ACE_TYPE = 0x1
# Other kinds of "allow" entries (object, callback): not expected on a file; if present, their
# trustee is not read and they count as letting someone else read.
OTHER_ALLOW_TYPES = frozenset({0x5, 0x9, 0xB})
INHERIT_ONLY_ACE = 0x08  # an entry for the folder's future children, not for this file

FILE_READ_DATA = 0x0001
WRITE_DAC = 0x0004_0000
WRITE_OWNER = 0x0008_0000
GENERIC_ALL = 0x1000_0000
GENERIC_READ = 0x8000_0000
# Reading the data, or being able to give oneself that right.
READS = FILE_READ_DATA | WRITE_DAC | WRITE_OWNER | GENERIC_ALL | GENERIC_READ

SYSTEM = "S-1-5-18"
ADMINISTRATORS = "S-1-5-32-544"
OWNER_RIGHTS = "S-1-3-4"  # stands for the file's owner, whoever it is
UNKNOWN = "?"  # the trustee of an entry of another kind
NOBODY_LISTED = "S-1-1-0"  # no access list at all: Everyone may do everything


class Ace(NamedTuple):
    """One entry of an access list: who (a SID string), which rights, allow or deny, flags."""
    sid: str
    mask: int
    type: int
    flags: int = 0


def others_who_read(owner: str, aces: Iterable[Ace] | None) -> list[str]:
    """The SIDs, besides the owner, SYSTEM and Administrators, that an entry lets read the file.

    ``aces`` None is a file without an access list (everyone may read it). Deny entries are not
    weighed against allow entries: a file some entry opens to others is refused even if a deny
    entry might close it again (a secret file needs no such subtlety)."""
    if aces is None:
        return [NOBODY_LISTED]
    trusted = {owner, SYSTEM, ADMINISTRATORS, OWNER_RIGHTS}
    others: list[str] = []
    for ace in aces:
        if ace.flags & INHERIT_ONLY_ACE:
            continue
        if ace.type in OTHER_ALLOW_TYPES:
            sid = UNKNOWN
        elif ace.type == ACCESS_ALLOWED_ACE_TYPE and ace.mask & READS:
            sid = ace.sid
        else:
            continue
        if sid not in trusted and sid not in others:
            others.append(sid)
    return others


def readable_by_others(path: Path) -> bool:
    """True when someone other than the file's owner (and, on Windows, the system and the
    administrators) may read it. OSError when the file cannot be examined."""
    if WINDOWS:
        owner, aces = _windows_dacl(path)
        return bool(others_who_read(owner, aces))
    if os.name == "posix":
        return bool(path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO))
    path.stat()
    return False


# --- Windows: the owner and the access list of a file, through advapi32 --------------------------

def _windows_dacl(path: Path) -> tuple[str, list[Ace] | None]:
    import ctypes
    from ctypes import wintypes

    advapi32 = ctypes.WinDLL("advapi32", use_last_error=True)
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)

    class AclHeader(ctypes.Structure):  # ACL
        _fields_ = [("AclRevision", ctypes.c_ubyte), ("Sbz1", ctypes.c_ubyte),
                    ("AclSize", wintypes.WORD), ("AceCount", wintypes.WORD),
                    ("Sbz2", wintypes.WORD)]

    class AceHeader(ctypes.Structure):  # ACE_HEADER
        _fields_ = [("AceType", ctypes.c_ubyte), ("AceFlags", ctypes.c_ubyte),
                    ("AceSize", wintypes.WORD)]

    class AllowOrDenyAce(ctypes.Structure):  # ACCESS_ALLOWED_ACE and ACCESS_DENIED_ACE
        _fields_ = [("Header", AceHeader), ("Mask", wintypes.DWORD), ("SidStart", wintypes.DWORD)]

    se_file_object = 1
    owner_security_information, dacl_security_information = 0x1, 0x4
    get_info = advapi32.GetNamedSecurityInfoW
    get_info.argtypes = [wintypes.LPCWSTR, ctypes.c_int, wintypes.DWORD,
                         ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p),
                         ctypes.POINTER(ctypes.c_void_p), ctypes.POINTER(ctypes.c_void_p),
                         ctypes.POINTER(ctypes.c_void_p)]
    get_info.restype = wintypes.DWORD
    get_ace = advapi32.GetAce
    get_ace.argtypes = [ctypes.c_void_p, wintypes.DWORD, ctypes.POINTER(ctypes.c_void_p)]
    get_ace.restype = wintypes.BOOL
    to_string = advapi32.ConvertSidToStringSidW
    to_string.argtypes = [ctypes.c_void_p, ctypes.POINTER(wintypes.LPWSTR)]
    to_string.restype = wintypes.BOOL
    local_free = kernel32.LocalFree
    local_free.argtypes = [ctypes.c_void_p]
    local_free.restype = ctypes.c_void_p

    def sid_text(sid: int) -> str:
        text = wintypes.LPWSTR()
        if not to_string(sid, ctypes.byref(text)):
            raise ctypes.WinError(ctypes.get_last_error())
        try:
            return text.value
        finally:
            local_free(ctypes.cast(text, ctypes.c_void_p))

    owner, dacl, descriptor = ctypes.c_void_p(), ctypes.c_void_p(), ctypes.c_void_p()
    error = get_info(str(path), se_file_object,
                     owner_security_information | dacl_security_information,
                     ctypes.byref(owner), None, ctypes.byref(dacl), None,
                     ctypes.byref(descriptor))
    if error:
        raise ctypes.WinError(error)
    try:  # owner and dacl point inside descriptor: read everything before freeing it
        owner_sid = sid_text(owner.value)
        if not dacl.value:
            return owner_sid, None
        count = ctypes.cast(dacl, ctypes.POINTER(AclHeader)).contents.AceCount
        aces: list[Ace] = []
        for index in range(count):
            entry = ctypes.c_void_p()
            if not get_ace(dacl, index, ctypes.byref(entry)):
                raise ctypes.WinError(ctypes.get_last_error())
            header = ctypes.cast(entry, ctypes.POINTER(AceHeader)).contents
            if header.AceType in (ACCESS_ALLOWED_ACE_TYPE, ACCESS_DENIED_ACE_TYPE):
                body = ctypes.cast(entry, ctypes.POINTER(AllowOrDenyAce)).contents
                sid = sid_text(entry.value + AllowOrDenyAce.SidStart.offset)
                aces.append(Ace(sid, body.Mask, header.AceType, header.AceFlags))
            else:
                aces.append(Ace(UNKNOWN, 0, header.AceType, header.AceFlags))
        return owner_sid, aces
    finally:
        local_free(descriptor)
