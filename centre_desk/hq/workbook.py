"""The consolidation as a workbook: a summary sheet (each indicator by centre and month), one
sheet per table, frozen headers, number formats, right to left in Arabic.

Written as SpreadsheetML streamed straight into the .xlsx, row by row from the consolidated CSV
files: openpyxl, even write-only, needed minutes for the cells of 3,800 centres (measured
~15,000 cells a second here); this writes them a few times faster in constant memory."""
from __future__ import annotations

import csv
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

MAX_SHEET_ROWS = 100_000  # larger tables (every mark) stay in their CSV
SHEETS_AR = {"summary": "المؤشرات", "children_active": "الأطفال النشيطون", "exits": "المغادرات",
             "activities": "الأنشطة", "activity_list": "قائمة الأنشطة",
             "tasks_opened": "مهام مفتوحة", "tasks_closed": "مهام مغلقة",
             "certificates": "الشهادات", "children": "الأطفال", "enrolments": "التسجيلات",
             "attendance_monthly": "الحضور الشهري", "marks": "علامات الحضور"}
# Styles: 0 general, 1 bold header, 2 integer "#,##0", 3 one decimal "0.0".
STYLE = {"integer": ' s="2"', "number": ' s="3"'}
STYLES_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.0"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
    '</cellStyles></styleSheet>')
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def _columns(count: int) -> list[str]:
    letters = []
    for index in range(count):
        name, number = "", index + 1
        while number:
            number, rest = divmod(number - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


def _text_cell(ref: str, text: str, style: str = "") -> str:
    space = ' xml:space="preserve"' if text[:1].isspace() or text[-1:].isspace() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{escape(text)}</t></is></c>'


def _number(text: str, kind: str) -> str | None:
    """The cell's number as the XML writes it, or None when it is text ("<5", empty)."""
    if kind == "integer":
        return text if text.lstrip("-").isdigit() else None
    if kind == "number":
        candidate = text.replace(",", ".")
        try:
            float(candidate)
        except ValueError:
            return None
        return candidate
    return None


def _sheet(handle, path: Path, fields: list[dict], rtl: bool) -> None:
    letters = _columns(len(fields))
    kinds = [f["type"] for f in fields]
    handle.write((f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                  f'<worksheet xmlns="{MAIN}" xmlns:r="{RELS}"><sheetViews><sheetView '
                  f'{"rightToLeft=" + chr(34) + "1" + chr(34) + " " if rtl else ""}'
                  'workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                  'state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>'
                  '<sheetData>').encode("utf-8"))
    header = "".join(_text_cell(f"{letter}1", f["name"], ' s="1"')
                     for letter, f in zip(letters, fields))
    handle.write(f'<row r="1">{header}</row>'.encode("utf-8"))
    with open(path, encoding="utf-8-sig", newline="") as source:
        reader = csv.reader(source, delimiter=";")
        next(reader)
        lines = []
        for count, row in enumerate(reader):
            number = count + 2
            if count >= MAX_SHEET_ROWS:
                lines.append(f'<row r="{number}">{_text_cell(f"A{number}", "… " + path.name)}'
                             '</row>')
                break
            cells = []
            for letter, text, kind in zip(letters, row, kinds):
                if text == "":
                    continue
                value = _number(text, kind)
                if value is None:
                    cells.append(_text_cell(f"{letter}{number}", text))
                else:
                    cells.append(f'<c r="{letter}{number}"{STYLE[kind]}><v>{value}</v></c>')
            lines.append(f'<row r="{number}">{"".join(cells)}</row>')
            if len(lines) >= 2000:
                handle.write("".join(lines).encode("utf-8"))
                lines = []
        handle.write("".join(lines).encode("utf-8"))
    handle.write(b"</sheetData></worksheet>")


def _sheet_names(resources: list[dict], language: str) -> list[str]:
    names, used = [], set()
    for resource in resources:
        name = SHEETS_AR.get(resource["name"], resource["name"]) if language == "ar" \
            else resource["name"]
        name = name[:31]
        while name in used:
            name = name[:28] + f"~{len(used)}"
        used.add(name)
        names.append(name)
    return names


def write(path: Path, folder: Path, resources: list[dict], language: str) -> None:
    ordered = sorted(resources, key=lambda r: (r["name"] != "summary", r["name"]))
    names = _sheet_names(ordered, language)
    fixed = (1980, 1, 1, 0, 0, 0)  # the same consolidation gives the same bytes

    def entry(name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, fixed)
        info.compress_type = zipfile.ZIP_DEFLATED
        return info

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        sheets = "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            for i in range(1, len(ordered) + 1))
        book.writestr(entry("[Content_Types].xml"), (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://'
            'schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            f'{sheets}</Types>'))
        book.writestr(entry("_rels/.rels"), (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
            f'{PACKAGE_RELS}"><Relationship Id="rId1" Type="{RELS}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'))
        listed = "".join(f'<sheet name={quoteattr(name)} sheetId="{i}" r:id="rId{i}"/>'
                         for i, name in enumerate(names, start=1))
        book.writestr(entry("xl/workbook.xml"), (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="{MAIN}" '
            f'xmlns:r="{RELS}"><bookViews><workbookView/></bookViews><sheets>{listed}</sheets>'
            '</workbook>'))
        links = "".join(f'<Relationship Id="rId{i}" Type="{RELS}/worksheet" '
                        f'Target="worksheets/sheet{i}.xml"/>' for i in range(1, len(ordered) + 1))
        book.writestr(entry("xl/_rels/workbook.xml.rels"), (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="'
            f'{PACKAGE_RELS}">{links}<Relationship Id="rId{len(ordered) + 1}" '
            f'Type="{RELS}/styles" Target="styles.xml"/></Relationships>'))
        book.writestr(entry("xl/styles.xml"), STYLES_XML)
        for index, resource in enumerate(ordered, start=1):
            with book.open(entry(f"xl/worksheets/sheet{index}.xml"), "w",
                           force_zip64=True) as handle:
                _sheet(handle, folder / resource["path"], resource["schema"]["fields"],
                       language == "ar")
