"""The paper fallback of the roll call: a bilingual (French and Arabic) sign-in sheet for one
session or a week of sessions, each participant with the short number that is typed back."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from centre_desk.core.documents.text import BOLD, REGULAR, fit, register_fonts, visual

MARGIN = 36
ROW = 21
INK = (0.1, 0.16, 0.2)
RULE = (0.55, 0.6, 0.63)


@dataclass(frozen=True)
class SheetParticipant:
    number: int
    name: str
    name_arabic: str


@dataclass(frozen=True)
class SignInSheet:
    """Everything printed, already in words: the document itself knows no database."""

    centre: str
    city: str
    logo_png: bytes | None
    title_fr: str
    title_ar: str
    activity: str
    period_fr: str
    period_ar: str
    columns: tuple[tuple[str, str], ...]  # (date, time) of each session
    participants: tuple[SheetParticipant, ...]
    header_number: str  # "N° / الرقم"
    header_name: str
    header_name_ar: str
    footer_fr: str
    footer_ar: str
    page_fr: str  # "Page {page}/{pages}"


def render(sheet: SignInSheet, path: Path) -> None:
    register_fonts()
    size = A4 if len(sheet.columns) <= 2 else landscape(A4)
    width, height = size
    rows_per_page = max(1, int((height - 2 * MARGIN - 190) // ROW))
    pages = [sheet.participants[i:i + rows_per_page]
             for i in range(0, max(1, len(sheet.participants)), rows_per_page)] or [()]
    canvas = Canvas(str(path), pagesize=size, pageCompression=1)
    canvas.setTitle(f"{sheet.title_fr} — {sheet.activity}")
    canvas.setAuthor(sheet.centre)
    logo = ImageReader(io.BytesIO(sheet.logo_png)) if sheet.logo_png else None
    for number, people in enumerate(pages, start=1):
        top = _header(canvas, sheet, width, height, logo)
        _table(canvas, sheet, people, width, top)
        _footer(canvas, sheet, width, number, len(pages))
        canvas.showPage()
    canvas.save()


def _header(canvas: Canvas, sheet: SignInSheet, width: float, height: float, logo) -> float:
    y = height - MARGIN
    if logo is not None:
        canvas.drawImage(logo, MARGIN, y - 52, 52, 52, preserveAspectRatio=True, mask="auto")
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 12)
    canvas.drawString(MARGIN + 62, y - 16, sheet.centre)
    canvas.setFont(REGULAR, 10)
    canvas.drawString(MARGIN + 62, y - 32, sheet.city)
    canvas.setFont(BOLD, 16)
    canvas.drawString(MARGIN, y - 84, sheet.title_fr)
    canvas.drawRightString(width - MARGIN, y - 84, visual(sheet.title_ar, rtl=True))
    canvas.setFont(BOLD, 12)
    canvas.drawCentredString(width / 2, y - 108, visual(sheet.activity))
    canvas.setFont(REGULAR, 10.5)
    canvas.drawString(MARGIN, y - 126, fit(sheet.period_fr, REGULAR, 10.5, width / 2 - MARGIN))
    canvas.drawRightString(width - MARGIN, y - 126, visual(
        fit(sheet.period_ar, REGULAR, 10.5, width / 2 - MARGIN), rtl=True))
    return y - 138


def _table(canvas: Canvas, sheet: SignInSheet, people, width: float, top: float) -> None:
    number_w = 54
    names_w = min(380.0, (width - 2 * MARGIN) * (0.62 if len(sheet.columns) <= 2 else 0.42))
    column_w = (width - 2 * MARGIN - number_w - names_w) / max(1, len(sheet.columns))
    half = names_w / 2
    x_number, x_name, x_cols = MARGIN, MARGIN + number_w, MARGIN + number_w + names_w
    header_h = 30
    canvas.setStrokeColorRGB(*RULE)
    canvas.setLineWidth(0.6)
    canvas.setFillColorRGB(0.93, 0.95, 0.96)
    canvas.rect(MARGIN, top - header_h, width - 2 * MARGIN, header_h, stroke=1, fill=1)
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 9)
    canvas.drawCentredString(x_number + number_w / 2, top - 19, visual(sheet.header_number))
    canvas.drawString(x_name + 4, top - 19, sheet.header_name)
    canvas.drawRightString(x_name + names_w - 4, top - 19, visual(sheet.header_name_ar, rtl=True))
    for index, (day, time) in enumerate(sheet.columns):
        centre = x_cols + column_w * index + column_w / 2
        canvas.setFont(BOLD, 8.5)
        canvas.drawCentredString(centre, top - 13, fit(visual(day), BOLD, 8.5, column_w - 4))
        canvas.setFont(REGULAR, 8)
        canvas.drawCentredString(centre, top - 25, time)
    y = top - header_h
    for person in people:
        canvas.rect(MARGIN, y - ROW, width - 2 * MARGIN, ROW, stroke=1, fill=0)
        canvas.setFont(BOLD, 10)
        canvas.drawCentredString(x_number + number_w / 2, y - 14, str(person.number))
        canvas.setFont(REGULAR, 10)
        canvas.drawString(x_name + 4, y - 14, fit(person.name, REGULAR, 10, half - 8))
        canvas.drawRightString(x_name + names_w - 4, y - 14,
                               visual(fit(person.name_arabic, REGULAR, 10, half - 8), rtl=True))
        y -= ROW
    bottom = y
    for x in [x_name, x_cols] + [x_cols + column_w * i for i in range(1, len(sheet.columns))]:
        canvas.line(x, top, x, bottom)


def _footer(canvas: Canvas, sheet: SignInSheet, width: float, page: int, pages: int) -> None:
    canvas.setFillColorRGB(0.35, 0.4, 0.43)
    canvas.setFont(REGULAR, 8.5)
    canvas.drawString(MARGIN, MARGIN + 4, fit(sheet.footer_fr, REGULAR, 8.5, width - 2 * MARGIN))
    canvas.drawRightString(width - MARGIN, MARGIN - 8, visual(
        fit(sheet.footer_ar, REGULAR, 8.5, width - 2 * MARGIN), rtl=True))
    canvas.drawCentredString(width / 2, MARGIN - 22,
                             sheet.page_fr.format(page=page, pages=pages))
