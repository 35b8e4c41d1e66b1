"""Registers as centres keep them, written by the tests in every format, with their mess."""
from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

HEADER = ["N°", "NOM et Prénom", "الاسم الكامل", "Date de naissance", "Sexe", "Tél tuteur",
          "Tuteur", "Niveau", "Date d'inscription"]


def messy_rows() -> list[list]:
    """Title rows, a blank row, the header, children with every kind of value, a blank row in
    the middle, a TOTAL row at the bottom."""
    return [
        ["Association Amane — Registre des enfants 2025", None, None],
        [None],
        HEADER,
        [1, "EL AMRANI Mohamed", "محمد العمراني", "12/03/2015", "G", 661234567, "Fatima",
         "CE1", "2024-09-15"],
        [2, "Youssef EL AMRANI", None, "05-06-16", "M", "06 61 23 45 67", "Fatima", "1AP",
         "15/09/2024"],
        [3, "Benali\u00a0 Salma ", "سلمـــى بنعلي", "2014", "Fille", "+212 662 00 11 22", "",
         "CM2", "15.09.2024"],
        [None, None, None, None, None, None, None, None, None],
        [4, "OUARDI Aya", None, "٠٥/٠٦/٢٠١٣", "F", "0663334455", "Khadija", "3ème collège",
         "2024-10-01"],
        [5, "", None, "01/01/2015", "F", "", "", "", "2024-10-01"],
        [6, "NACIRI Omar", None, "31/02/2016", "G", "", "", "", "2024-10-01"],
        [7, "KARIMI Adam", None, "01/01/2030", "G", "", "", "", "2024-10-01"],
        [8, "EL AMRANI Mohammed", None, "12/03/2015", "G", "0661234567", "Fatima", "CE1",
         "2024-09-15"],
        ["TOTAL", 8, None, None, None, None, None, None, None],
    ]


def left_rows() -> list[list]:
    return [["NOM et Prénom", "Date de naissance", "Sexe", "Date de sortie", "Motif de sortie"],
            ["TAZI Nora", "2012", "F", "30/06/2024", "Formation professionnelle"]]


def _cell_for_excel(value):
    return value


def write_xlsx(path: Path, sheets: dict[str, list[list]], real_dates: bool = True) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    if real_dates:  # a real date cell and an Excel serial number, as registers hold them
        first = workbook[next(iter(sheets))]
        first["D4"] = dt.datetime(2015, 3, 12)
        first["D5"] = 42526  # 2016-06-05
    workbook.save(path)
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8-sig",
              delimiter: str = ";") -> Path:
    lines = [delimiter.join("" if cell is None else str(cell) for cell in row) for row in rows]
    path.write_bytes("\r\n".join(lines).encode(encoding, errors="replace"))
    return path


def write_ods(path: Path, sheets: dict[str, list[list]]) -> Path:
    """An OpenDocument spreadsheet zipped by hand: the mimetype first, stored, then content."""
    tables = []
    for name, rows in sheets.items():
        body = []
        for row in rows:
            cells = []
            for cell in row:
                if cell is None:
                    cells.append("<table:table-cell/>")
                elif isinstance(cell, (int, float)):
                    cells.append(f'<table:table-cell office:value-type="float" '
                                 f'office:value="{cell}"><text:p>{cell}</text:p>'
                                 f'</table:table-cell>')
                else:
                    cells.append(f'<table:table-cell office:value-type="string"><text:p>'
                                 f'{escape(str(cell))}</text:p></table:table-cell>')
            body.append("<table:table-row>" + "".join(cells) + "</table:table-row>")
        tables.append(f'<table:table table:name="{escape(name)}">' + "".join(body)
                      + "</table:table>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet>' + "".join(tables)
        + '</office:spreadsheet></office:body></office:document-content>')
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
        ' manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type='
        '"application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"),
                         "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return path


def write_xls(path: Path, sheets: dict[str, list[list]]) -> Path:
    import xlwt

    workbook = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        sheet = workbook.add_sheet(name)
        for r, row in enumerate(rows):
            for c, cell in enumerate(row):
                if cell is not None:
                    sheet.write(r, c, cell)
    workbook.save(str(path))
    return path


def write_protected_xlsx(path: Path, password: str = "secret") -> Path:
    """A workbook saved with a password, encrypted as Excel does (msoffcrypto-tool)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = path.with_name(path.stem + "-plain.xlsx")
    write_xlsx(plain, {"Enfants": messy_rows()})
    with plain.open("rb") as source, path.open("wb") as target:
        OOXMLFile(source).encrypt(password, target)
    plain.unlink()
    return path


def compound_file(streams: dict[str, bytes]) -> bytes:
    """A small compound file (OLE2, [MS-CFB] version 3) holding ``streams`` under its root,
    written byte by byte: streams of 4,096 bytes and more in sectors of their own, shorter ones
    in the mini stream, as Office does."""
    import struct

    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    fat, body = [fat_mark, end], []  # sector 0: the FAT, sector 1: the directory

    def allocate(data: bytes) -> int:
        count = max(1, -(-len(data) // 512))
        first = len(fat)
        fat.extend(range(first + 1, first + count))
        fat.append(end)
        body.append(data.ljust(count * 512, b"\0"))
        return first

    entries, mini, mini_fat = [], b"", []
    for name, data in streams.items():
        if len(data) >= 4096:
            entries.append((name, allocate(data), len(data)))
        else:
            first, count = len(mini) // 64, max(1, -(-len(data) // 64))
            mini_fat.extend(list(range(first + 1, first + count)) + [end])
            mini += data.ljust(count * 64, b"\0")
            entries.append((name, first, len(data)))
    root_start = allocate(mini) if mini else end
    mini_fat_start = allocate(struct.pack(f"<{len(mini_fat)}I", *mini_fat)) if mini else end
    assert len(fat) <= 128

    def entry(name: str, kind: int, start: int, size: int, child: int = free,
              right: int = free) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", free, right, child) + b"\0" * 36
                + struct.pack("<IQ", start, size))

    directory = entry("Root Entry", 5, root_start, len(mini), child=1 if entries else free)
    for number, (name, start, size) in enumerate(entries, start=1):
        directory += entry(name, 2, start, size, right=number + 1 if number < len(entries)
                           else free)
    directory = directory.ljust(-(-len(directory) // 512) * 512, b"\0")
    assert len(directory) == 512, "one directory sector: at most three streams"
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, mini_fat_start,
                            1 if mini else 0, end, 0)
              + struct.pack("<109I", 0, *([free] * 108)))
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(512, b"\xff")
    return header + fat_sector + directory + b"".join(body)


def write_protected_xls(path: Path, small: bool = False) -> Path:
    """An .xls saved with a password as Excel 97-2003 saves it: a compound file whose Workbook
    stream begins with a BOF record then a FILEPASS record (RC4), the other records' contents
    encrypted (here: random bytes), an EOF at the end of the globals. ``small``: a stream
    shorter than 4,096 bytes, kept in the mini stream."""
    import os
    import struct

    def record(kind: int, data: bytes) -> bytes:
        return struct.pack("<HH", kind, len(data)) + data

    bof = record(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x2775, 0x07CD, 0, 6))
    filepass = record(0x002F, struct.pack("<HHH", 1, 1, 1) + os.urandom(48))
    stream = bof + filepass
    for _number in range(3 if small else 70):
        stream += record(0x0031, os.urandom(60))  # FONT records, encrypted
    stream += record(0x000A, b"")
    path.write_bytes(compound_file({"Workbook": stream}))
    return path
