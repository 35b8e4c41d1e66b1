"""Reading a spreadsheet into plain rows: .xlsx, .xls and .ods with python-calamine (formulas
come as their values, dates as dates), .csv with its delimiter and encoding guessed."""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.importing import ole

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
SUFFIXES = (*SPREADSHEETS, ".csv", ".txt")
_OLE_MAGIC = ole.MAGIC  # .xls, and an encrypted .xlsx


class UnreadableFile(UserError):
    """The file cannot be read as a register: the reason is in the message."""


@dataclass
class Sheet:
    name: str
    rows: list[list]  # cells: str, int, float, bool, date, datetime or None

    @property
    def row_count(self) -> int:
        return sum(1 for row in self.rows if any(_filled(cell) for cell in row))


def _filled(cell) -> bool:
    return cell is not None and not (isinstance(cell, str) and not cell.strip())


def read_workbook(path: str | Path) -> list[Sheet]:
    """Every sheet of the file, with its rows; UnreadableFile with the reason otherwise."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except FileNotFoundError:
        raise UnreadableFile(_("{path} does not exist.").format(path=path)) from None
    except OSError:
        raise UnreadableFile(_("{path} cannot be opened.").format(path=path)) from None
    if path.stat().st_size == 0:
        raise UnreadableFile(_("{path} is empty.").format(path=path))
    suffix = path.suffix.lower()
    if suffix in SPREADSHEETS:
        try:
            if head == _OLE_MAGIC and ole.password_protected(path.read_bytes()):
                raise _PasswordProtected()
            sheets = _read_with_calamine(path)
        except _PasswordProtected:
            raise UnreadableFile(_("{path} is protected by a password. Open it in Excel, remove "
                                   "the password (File, Info, Protect workbook) and save it "
                                   "again.").format(path=path)) from None
    elif suffix in (".csv", ".txt"):
        sheets = [Sheet(path.stem, read_csv_rows(path.read_bytes()))]
    else:
        raise UnreadableFile(_("{path} is not a spreadsheet: choose an .xlsx, .xls, .ods or "
                               ".csv file.").format(path=path))
    if not any(sheet.row_count for sheet in sheets):
        raise UnreadableFile(_("{path} has no rows to import.").format(path=path))
    return sheets


class _PasswordProtected(Exception):
    """An .xlsx or .xls saved with a password: ole tells it from a damaged file, and calamine
    says so too when it meets one."""


def _read_with_calamine(path: Path) -> list[Sheet]:
    from python_calamine import CalamineWorkbook

    damaged = UnreadableFile(_("{path} is damaged or is not a real spreadsheet (it may have been "
                               "cut short while copied). Open it in its program and save it "
                               "again.").format(path=path))
    if path.suffix.lower() in (".xlsx", ".xlsm", ".ods") and not zipfile.is_zipfile(path):
        raise damaged
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = []
        for name in workbook.sheet_names:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets.append(Sheet(name, [list(row) for row in rows]))
    except Exception as error:  # calamine raises its own kinds for every broken file
        if type(error).__name__ == "PasswordError":  # one ole did not recognise
            raise _PasswordProtected() from None
        raise damaged from None
    return sheets


# --- csv ----------------------------------------------------------------------------------------

def decode(data: bytes) -> str:
    """UTF-8 (with or without its BOM), UTF-16 with a BOM, else Windows-1252 (old Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_csv_rows(data: bytes) -> list[list]:
    text = decode(data)
    sample = "\n".join(text.splitlines()[:50])
    delimiter = max((";", ",", "\t", "|"), key=lambda d: _delimiter_score(sample, d))
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [[cell if cell != "" else None for cell in row] for row in rows]


def _delimiter_score(sample: str, delimiter: str) -> tuple[int, int]:
    counts = [len(row) for row in csv.reader(io.StringIO(sample), delimiter=delimiter) if row]
    if not counts:
        return (0, 0)
    common = max(set(counts), key=counts.count)
    return (counts.count(common) if common > 1 else 0, common)


def cell_is_date(cell) -> bool:
    return isinstance(cell, (dt.date, dt.datetime))
