"""The consolidation as a workbook: a summary sheet (each indicator by centre and month), one
sheet per table, frozen headers, number formats, right to left in Arabic. Written row by row
(openpyxl's write-only mode) from the consolidated CSV files."""
from __future__ import annotations

import csv
from pathlib import Path

MAX_SHEET_ROWS = 200_000  # larger tables (every mark) stay in their CSV
SHEETS_AR = {"summary": "المؤشرات", "children_active": "الأطفال النشيطون", "exits": "المغادرات",
             "activities": "الأنشطة", "activity_list": "قائمة الأنشطة", "tasks_opened": "مهام مفتوحة", "tasks_closed": "مهام مغلقة",
             "certificates": "الشهادات", "children": "الأطفال", "enrolments": "التسجيلات",
             "attendance_monthly": "الحضور الشهري", "marks": "علامات الحضور"}


def _value(text: str, kind: str):
    if text == "":
        return None
    if kind == "integer" and text.lstrip("-").isdigit():
        return int(text)
    if kind == "number":
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return text
    if text[:2] == "'=" or text[:1] == "'" and text[1:2] in ("=", "+", "-", "@"):
        return text  # kept neutralised
    return text


def _sheet(book, title: str, language: str):
    sheet = book.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    if language == "ar":
        sheet.sheet_view.rightToLeft = True
    return sheet


def write(path: Path, folder: Path, resources: list[dict], language: str) -> None:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    ordered = sorted(resources, key=lambda r: (r["name"] != "summary", r["name"]))
    for resource in ordered:
        fields = resource["schema"]["fields"]
        title = SHEETS_AR.get(resource["name"], resource["name"]) if language == "ar" \
            else resource["name"]
        sheet = _sheet(book, title, language)
        header = []
        for described in fields:
            cell = WriteOnlyCell(sheet, value=described["name"])
            cell.font = Font(bold=True)
            header.append(cell)
        sheet.append(header)
        kinds = [f["type"] for f in fields]
        formats = {"integer": "#,##0", "number": "0.0"}
        with open(folder / resource["path"], encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, delimiter=";")
            next(reader)
            for count, row in enumerate(reader):
                if count >= MAX_SHEET_ROWS:
                    sheet.append([f"… {resource['path']}"])
                    break
                cells = []
                for text, kind in zip(row, kinds):
                    cell = WriteOnlyCell(sheet, value=_value(text, kind))
                    if kind in formats and not isinstance(cell.value, str):
                        cell.number_format = formats[kind]
                    cells.append(cell)
                sheet.append(cells)
    book.save(str(path))
