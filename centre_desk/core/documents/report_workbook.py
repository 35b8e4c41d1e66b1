"""A report as an Excel workbook (one sheet per table, frozen header, number and percent
formats, fitted widths, right to left in Arabic) or as CSV that a French Excel opens by
double-click (UTF-8 with BOM, ';', CRLF, decimal comma)."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from centre_desk.core.reports.model import Percent, Report

_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(title: str, used: set[str]) -> str:
    base = _FORBIDDEN.sub(" ", title).strip()[:28] or "Sheet"
    name, number = base, 2
    while name.lower() in used:
        name, number = f"{base[:25]} {number}", number + 1
    used.add(name.lower())
    return name


def _excel_value(value):
    if isinstance(value, Percent):
        return float(value) / 100
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value  # a name is never a formula
    return value


def write_workbook(report: Report, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    used: set[str] = set()
    header_font, fill = Font(bold=True), PatternFill("solid", fgColor="E8EEF1")
    if report.highlights_title:
        sheet = book.create_sheet(_sheet_name(report.highlights_title, used))
        sheet.sheet_view.rightToLeft = report.rtl
        sheet.append([report.title])
        sheet.append([report.period_label])
        sheet.append([report.letterhead.centre])
        sheet.append([])
        sheet.append([report.highlights_title])
        sheet.append([_excel_value(report.highlights)])
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A5"].font = header_font
        sheet["A6"].alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions["A"].width = 100
    for table in report.tables:
        sheet = book.create_sheet(_sheet_name(table.title, used))
        sheet.sheet_view.rightToLeft = report.rtl
        sheet.append(list(table.columns))
        for cell in sheet[1]:
            cell.font, cell.fill = header_font, fill
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for row in table.rows:
            sheet.append([_excel_value(value) for value in row])
        widths = [len(title) for title in table.columns]
        for index in range(len(table.columns)):
            letter = get_column_letter(index + 1)
            for row_number, row in enumerate(table.rows, start=2):
                value = row[index]
                cell = sheet[f"{letter}{row_number}"]
                if isinstance(value, Percent):
                    cell.number_format = "0%"
                elif isinstance(value, float):
                    cell.number_format = "#,##0.0"
                elif isinstance(value, int):
                    cell.number_format = "#,##0"
                widths[index] = max(widths[index], len(str(value or "")))
            sheet.column_dimensions[letter].width = min(max(widths[index] + 2, 8), 60)
        sheet.freeze_panes = "A2"
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    if not book.sheetnames:
        book.create_sheet(_sheet_name(report.title, used))
    book.properties.title = f"{report.title} — {report.period_label}"
    book.properties.creator = report.letterhead.centre
    book.save(str(path))


def _csv_value(value, language: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Percent):
        return f"{float(value):.1f}".replace(".", ",") + " %"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_text(report: Report) -> str:
    """Every table one after the other, each under its title, a blank line between."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([report.title, report.period_label, report.letterhead.centre])
    if report.highlights_title:
        writer.writerow([report.highlights_title, _csv_value(report.highlights, "fr")])
    for table in report.tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([_csv_value(value, report.language) for value in row])
    return "\ufeff" + buffer.getvalue()


def write_csv(report: Report, path: Path) -> None:
    Path(path).write_text(csv_text(report), encoding="utf-8", newline="")
