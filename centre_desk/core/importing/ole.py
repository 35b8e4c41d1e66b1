"""Just enough of Microsoft's compound file (OLE2, [MS-CFB]) and of the BIFF records of an old
``.xls`` ([MS-XLS]) to tell a workbook protected by a password from a damaged one.

An ``.xls`` saved with a password keeps its records' headers in clear: its "Workbook" stream
starts with a BOF record and, before anything else of the workbook, a FILEPASS record (0x002F);
only the records' contents are encrypted. An ``.xlsx`` saved with a password is no zip at all but
a compound file holding "EncryptionInfo" and "EncryptedPackage" streams."""
from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN, _FREE = 0xFFFFFFFE, 0xFFFFFFFF
_BOF = {0x0809, 0x0409, 0x0209, 0x0009}  # BIFF5/8, BIFF4, BIFF3, BIFF2
_FILEPASS, _EOF = 0x002F, 0x000A
_ENCRYPTED_OOXML = {"EncryptionInfo", "EncryptedPackage"}


class NotCompound(ValueError):
    """Not a compound file, or one too damaged to follow."""


class Compound:
    """A compound file read from its bytes: its streams by name (the tree is not needed)."""

    def __init__(self, data: bytes):
        if len(data) < 512 or data[:8] != MAGIC:
            raise NotCompound("no compound file header")
        self.data = data
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if not 7 <= shift <= 16 or not 2 <= mini_shift < shift:
            raise NotCompound("bad sector sizes")
        self.size, self.mini_size = 1 << shift, 1 << mini_shift
        (fat_sectors, directory, _signature, self.cutoff, mini_fat, _mini_count, difat,
         difat_count) = struct.unpack_from("<IIIIIIII", data, 44)
        sectors = [sector for sector in struct.unpack_from("<109I", data, 76) if sector < _FREE - 1]
        seen = set()
        while difat < _END_OF_CHAIN and difat_count and difat not in seen:
            seen.add(difat)
            entries = struct.unpack_from(f"<{self.size // 4}I", self._sector(difat))
            sectors += [sector for sector in entries[:-1] if sector < _FREE - 1]
            difat, difat_count = entries[-1], difat_count - 1
        self.fat = [entry for sector in sectors[:fat_sectors]
                    for entry in struct.unpack(f"<{self.size // 4}I", self._sector(sector))]
        self.entries = self._directory(self._chain(directory))
        root = self.entries.get("Root Entry")
        self.mini_stream = self._read(root[0], root[1]) if root else b""
        raw = self._read(mini_fat, None)
        self.mini_fat = list(struct.unpack(f"<{len(raw) // 4}I", raw))

    def _sector(self, number: int) -> bytes:
        start = (number + 1) * self.size
        if start >= len(self.data):
            raise NotCompound("a sector beyond the end of the file")
        return self.data[start:start + self.size]

    def _chain(self, first: int, fat: list[int] | None = None) -> list[int]:
        fat = self.fat if fat is None else fat
        chain, sector = [], first
        while sector != _END_OF_CHAIN:
            if sector >= len(fat) or len(chain) > len(fat):
                raise NotCompound("a broken chain of sectors")
            chain.append(sector)
            sector = fat[sector]
        return chain

    def _read(self, first: int, length: int | None) -> bytes:
        data = b"".join(self._sector(sector) for sector in self._chain(first))
        return data if length is None else data[:length]

    def _directory(self, chain: list[int]) -> dict[str, tuple[int, int]]:
        entries = {}
        raw = b"".join(self._sector(sector) for sector in chain)
        for offset in range(0, len(raw) - 127, 128):
            length, kind = struct.unpack_from("<HB", raw, offset + 64)
            if kind not in (1, 2, 5) or not 2 <= length <= 64:
                continue
            name = raw[offset:offset + length - 2].decode("utf-16-le", errors="replace")
            start, size = struct.unpack_from("<IQ", raw, offset + 116)
            if self.size == 512:
                size &= 0xFFFFFFFF  # version 3 files: the high half may hold anything
            entries.setdefault(name, (start, size))
        return entries

    @property
    def names(self) -> set[str]:
        return set(self.entries)

    def stream(self, name: str) -> bytes | None:
        if name not in self.entries:
            return None
        start, size = self.entries[name]
        if size >= self.cutoff:
            return self._read(start, size)
        chain = self._chain(start, self.mini_fat)
        return b"".join(self.mini_stream[sector * self.mini_size:(sector + 1) * self.mini_size]
                        for sector in chain)[:size]


def biff_has_filepass(stream: bytes) -> bool:
    """The workbook's records, from its BOF to the end of its globals: is one a FILEPASS?"""
    offset, first = 0, True
    while offset + 4 <= len(stream):
        kind, length = struct.unpack_from("<HH", stream, offset)
        if first and kind not in _BOF:
            return False
        if kind == _FILEPASS:
            return True
        if kind == _EOF and not first:
            return False
        first, offset = False, offset + 4 + length
    return False


def password_protected(data: bytes) -> bool:
    """A compound file that is an encrypted workbook: an .xls whose Workbook stream has a
    FILEPASS record, or an encrypted .xlsx. False for anything else (damaged files included:
    those are the spreadsheet reader's to report)."""
    try:
        compound = Compound(data)
        if compound.names & _ENCRYPTED_OOXML:
            return True
        for name in ("Workbook", "Book"):  # BIFF8, and BIFF5 (Excel 95)
            stream = compound.stream(name)
            if stream is not None:
                return biff_has_filepass(stream)
    except (NotCompound, struct.error, IndexError):
        return False
    return False
