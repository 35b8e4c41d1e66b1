"""CSV as a French Excel opens it by double-click (UTF-8 with BOM, ';', CRLF, decimal comma),
and as ``datapackage.json`` describes it. A text cell that a spreadsheet would run as a
formula is neutralised the way the reports' CSV does it (a leading apostrophe)."""
from __future__ import annotations

import csv
import hashlib
import io

DIALECT = {"delimiter": ";", "lineTerminator": "\r\n", "header": True}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if kind == "string" and text[:1] in FORMULA_STARTS:
        return "'" + text
    return text


class HashingWriter(io.RawIOBase):
    """Passes bytes on to ``target`` and keeps their SHA-256 and size."""

    def __init__(self, target):
        self.target = target
        self.sha256 = hashlib.sha256()
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.target.write(data)
        self.sha256.update(data)
        self.size += len(data)
        return len(data)


def write_lines(binary, header: list[str], chunks, stop=None) -> int:
    """Writes a CSV whose lines come ready (chunks of whole lines); returns the rows.
    ``stop`` is called before each chunk (it raises to stop)."""
    binary.write(("\ufeff" + ";".join(header) + "\r\n").encode("utf-8"))
    count = 0
    for chunk in chunks:
        if stop is not None:
            stop()
        binary.write(chunk.encode("utf-8"))
        count += chunk.count("\n")
    return count


def write_rows(binary, header: list[str], kinds: list[str], rows, suppressed=frozenset()
               ) -> int:
    """Writes the CSV to a binary stream; returns the number of data rows."""
    text = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=False)
    text.write("\ufeff")
    writer = csv.writer(text, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    count = 0
    indices = [i for i, name in enumerate(header) if name in suppressed]
    for row in rows:
        values = [cell(value, kind) for value, kind in zip(row, kinds)]
        for index in indices:
            if row[index] is not None and 0 < row[index] < 5:
                values[index] = "<5"
        writer.writerow(values)
        count += 1
    text.flush()
    text.detach()
    return count
