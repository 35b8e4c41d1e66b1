"""A report as a PDF on the centre's letterhead, in French or Arabic (right to left): its
highlights, its charts and its tables, each table's header repeated on every page."""
from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from centre_desk.core.documents.report_charts import drawing
from centre_desk.core.documents.text import BOLD, REGULAR, register_fonts, visual, width, wrap
from centre_desk.core.reports.model import Report, cell_text
from centre_desk.core.reports.model import Table as ReportTable

MARGIN = 36
HEADER = 74
INK = colors.HexColor("#1a2933")
RULE = colors.HexColor("#8c999f")
SHADE = colors.HexColor("#e8eef1")
SIZE = 8


class _Text(Flowable):
    """A wrapped paragraph drawn line by line, right-aligned in Arabic."""

    def __init__(self, text: str, rtl: bool, font: str = REGULAR, size: float = 9,
                 after: float = 4):
        super().__init__()
        self.text, self.rtl, self.font, self.size, self.after = text, rtl, font, size, after
        self.lines: list[str] = []

    def wrap(self, available_width, available_height):
        self.room = available_width
        self.lines = wrap(self.text, self.font, self.size, available_width)
        return available_width, len(self.lines) * self.size * 1.35 + self.after

    def draw(self):
        self.canv.setFont(self.font, self.size)
        self.canv.setFillColor(INK)
        y = len(self.lines) * self.size * 1.35 - self.size
        for line in self.lines:
            shown = visual(line, rtl=self.rtl)
            if self.rtl:
                self.canv.drawRightString(self.room, y + self.after, shown)
            else:
                self.canv.drawString(0, y + self.after, shown)
            y -= self.size * 1.35


def _column_widths(table: ReportTable, room: float) -> list[float]:
    natural = []
    for index, title in enumerate(table.columns):
        cells = [cell_text(row[index], "fr") for row in table.rows[:200]]
        longest = max([width(title, BOLD, SIZE)] + [width(c, REGULAR, SIZE) for c in cells])
        natural.append(min(longest + 8, 220))
    total = sum(natural)
    if total <= room:
        return natural
    # Shrink the widest columns first: numbers keep their width, text wraps.
    widths = natural[:]
    while sum(widths) > room:
        widest = max(range(len(widths)), key=lambda i: widths[i])
        widths[widest] -= min(widths[widest] - 30, sum(widths) - room) or 1
        if widths[widest] <= 30:
            break
    return widths


def _cell(value, language: str, rtl: bool, room: float, font: str = REGULAR) -> str:
    text = cell_text(value, language)
    lines = wrap(text, font, SIZE, max(room - 6, 10)) if text else [""]
    return "\n".join(visual(line, rtl=rtl) for line in lines)


class _StartWhereRoom(KeepTogether):
    """A titled table kept on one page when it fits there; too long for the room left, it
    starts anyway when its title and a few rows fit, and goes on under its repeated header
    (moving it whole left half of page 1 blank under a few lines of highlights)."""

    ROOM = 110  # points: the title, the header and about five rows

    def split(self, aW, aH):
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        if self._H > aH >= self.ROOM:
            return self._content[:]
        return super().split(aW, aH)


def _table(table: ReportTable, language: str, rtl: bool, room: float) -> list:
    if not table.rows and table.note:  # "no indicator yet": its sentence, not a bare header
        return [KeepTogether([Spacer(1, 8), _Text(table.title, rtl, BOLD, 11, 4),
                              _Text(table.note, rtl, REGULAR, 9, 6)])]
    widths = _column_widths(table, room)
    header = [_cell(title, language, rtl, w, BOLD) for title, w in zip(table.columns, widths)]
    rows = [[_cell(value, language, rtl, w) for value, w in zip(row, widths)]
            for row in table.rows]
    numeric = [all(not isinstance(row[i], str) for row in table.rows if row[i] is not None)
               for i in range(len(table.columns))]
    if rtl:
        header, widths, numeric = header[::-1], widths[::-1], numeric[::-1]
        rows = [row[::-1] for row in rows]
    style = [("FONT", (0, 0), (-1, -1), REGULAR, SIZE), ("FONT", (0, 0), (-1, 0), BOLD, SIZE),
             ("TEXTCOLOR", (0, 0), (-1, -1), INK), ("BACKGROUND", (0, 0), (-1, 0), SHADE),
             ("LINEBELOW", (0, 0), (-1, 0), 0.6, RULE),
             ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
             ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
             ("ALIGN", (0, 0), (-1, -1), "RIGHT" if rtl else "LEFT")]
    for index, is_number in enumerate(numeric):
        if is_number:
            style.append(("ALIGN", (index, 1), (index, -1), "LEFT" if rtl else "RIGHT"))
    grid = Table([header] + rows, colWidths=widths, repeatRows=1, hAlign="RIGHT" if rtl
                 else "LEFT", style=TableStyle(style))
    title = _Text(table.title, rtl, BOLD, 11, 4)
    parts = [_StartWhereRoom([Spacer(1, 8), title, grid]) if len(rows) < 25
             else KeepTogether([Spacer(1, 8), title])]
    if len(rows) >= 25:
        parts.append(grid)
    if table.note:
        parts.append(_Text(table.note, rtl, REGULAR, 7, 6))
    return parts


def _letterhead(report: Report, canvas: Canvas, page_width: float, page_height: float,
                logo) -> None:
    rtl = report.rtl
    top = page_height - MARGIN
    canvas.setFillColor(INK)
    x_logo = page_width - MARGIN - 44 if rtl else MARGIN
    if logo is not None:
        canvas.drawImage(logo, x_logo, top - 44, 44, 44, preserveAspectRatio=True, mask="auto")
    text_x = (page_width - MARGIN - (52 if logo else 0)) if rtl else MARGIN + (52 if logo else 0)
    draw = canvas.drawRightString if rtl else canvas.drawString
    canvas.setFont(BOLD, 11)
    draw(text_x, top - 12, visual(report.letterhead.centre, rtl=rtl))
    canvas.setFont(REGULAR, 8)
    draw(text_x, top - 24, visual(report.letterhead.association, rtl=rtl))
    draw(text_x, top - 35, visual(report.letterhead.city, rtl=rtl))
    other = canvas.drawString if rtl else canvas.drawRightString
    other_x = MARGIN if rtl else page_width - MARGIN
    canvas.setFont(BOLD, 13)
    other(other_x, top - 14, visual(report.title, rtl=rtl))
    canvas.setFont(REGULAR, 10)
    other(other_x, top - 29, visual(report.period_label, rtl=rtl))
    canvas.setStrokeColor(RULE)
    canvas.setLineWidth(0.6)
    canvas.line(MARGIN, top - 52, page_width - MARGIN, top - 52)


def _numbered_canvas(report: Report, logo):
    class NumberedCanvas(Canvas):
        """Draws the letterhead and "page n/N" once the number of pages is known."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._pages = []

        def showPage(self):
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            count = len(self._pages)
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                page_width, page_height = self._pagesize
                _letterhead(report, self, page_width, page_height, logo)
                self.setFont(REGULAR, 7)
                self.setFillColor(RULE)
                footer = report.footer.format(page=number, pages=count)
                self.drawCentredString(page_width / 2, MARGIN / 2,
                                       visual(footer, rtl=report.rtl))
                super().showPage()
            super().save()

    return NumberedCanvas


def render(report: Report, path: Path) -> None:
    register_fonts()
    size = landscape(A4) if report.landscape else A4
    document = SimpleDocTemplate(str(path), pagesize=size, leftMargin=MARGIN,
                                 rightMargin=MARGIN, topMargin=MARGIN + HEADER - 20,
                                 bottomMargin=MARGIN, title=f"{report.title} — "
                                 f"{report.period_label}", author=report.letterhead.centre)
    room = size[0] - 2 * MARGIN
    story: list = []
    rtl = report.rtl
    if report.highlights_title:
        story.append(_Text(report.highlights_title, rtl, BOLD, 11, 2))
        story.append(_Text(report.highlights or "—", rtl, REGULAR, 9, 8))
    if report.charts:
        charts = [drawing(chart, (room - 12) / 2, 170, rtl) for chart in report.charts]
        cells = [charts[i:i + 2] for i in range(0, len(charts), 2)]
        cells = [row + [""] * (2 - len(row)) for row in cells]
        if rtl:
            cells = [row[::-1] for row in cells]
        story.append(Table(cells, colWidths=[room / 2] * 2, style=TableStyle([
            ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)])))
    for table in report.tables:
        story.extend(_table(table, report.language, rtl, room))
    if not report.tables:
        story.append(_Text("—", rtl))
    logo = ImageReader(io.BytesIO(report.letterhead.logo_png)) \
        if report.letterhead.logo_png else None
    document.build(story, canvasmaker=_numbered_canvas(report, logo))
