"""Certificates on A4: the centre, the title, the body in French, Arabic or both, the place and
date, the signatory and room for the stamp, and a QR code with the serial and its check value.
A duplicate is the same page marked DUPLICATA."""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from reportlab.graphics.barcode.qrencoder import QRAlphaNum, QRCode, QRErrorCorrectLevel, QRUtil
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from centre_desk.core.documents.text import BOLD, REGULAR, register_fonts, visual, wrap

MARGIN = 56
ALPHANUMERIC = re.compile(r"^[0-9A-Z $%*+\-./:]*$")
INK = (0.1, 0.16, 0.2)
MUTED = (0.38, 0.43, 0.46)
ACCENT = (0.07, 0.41, 0.51)


@dataclass(frozen=True)
class CertificatePage:
    """One certificate as printed: ``content`` is the register's record of it."""

    content: dict
    check_value: str
    duplicate: bool = False

    @property
    def qr_payload(self) -> str:
        """Upper-case letters, digits, "-" and ":" only: QR's alphanumeric mode fits it in a
        25×25 code, quicker to make and to scan than the byte mode's 29×29."""
        return f"CD1:{self.content['serial']}:{self.check_value}".upper()


def render(pages: list[CertificatePage], path: Path, logo_png: bytes | None,
           progress: Callable[[int], None] | None = None) -> None:
    register_fonts()
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
    first = pages[0].content
    canvas.setAuthor(first["centre"]["name"])
    canvas.setTitle(first["title"].get("fr") or first["title"].get("ar"))
    if len(pages) == 1:  # read back by verify_pdf
        canvas.setKeywords(f"{pages[0].qr_payload}:{first['hash']}")
    logo = None
    if logo_png:  # drawn once as a form, then placed on every page of a batch
        canvas.beginForm("logo")
        canvas.drawImage(ImageReader(io.BytesIO(logo_png)), 0, 0, 64, 64,
                         preserveAspectRatio=True, mask="auto")
        canvas.endForm()
        logo = "logo"
    for number, page in enumerate(pages, start=1):
        _page(canvas, page, logo)
        canvas.showPage()
        if progress is not None:
            progress(number)
    canvas.save()


def _page(canvas: Canvas, page: CertificatePage, logo) -> None:
    content = page.content
    width, height = A4
    if page.duplicate:  # first, so that the text is printed over it
        _duplicate_mark(canvas, width, height)
    languages = content["languages"]
    y = height - MARGIN
    if logo is not None:
        canvas.saveState()
        canvas.translate(width / 2 - 32, y - 64)
        canvas.doForm(logo)
        canvas.restoreState()
    y -= 82
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 12)
    canvas.drawCentredString(width / 2, y, visual(content["centre"]["association"]))
    canvas.setFont(REGULAR, 11)
    canvas.drawCentredString(width / 2, y - 16, visual(
        f"{content['centre']['name']} — {content['centre']['city']}"))
    canvas.setStrokeColorRGB(*ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, y - 30, width - MARGIN, y - 30)
    y -= 64
    size = 12 if len(languages) == 1 else 11
    for language in languages:
        rtl = language == "ar"
        canvas.setFillColorRGB(*ACCENT)
        canvas.setFont(BOLD, 19 if len(languages) == 1 else 16)
        canvas.drawCentredString(width / 2, y, visual(content["title"][language], rtl=rtl))
        y -= 34
        canvas.setFillColorRGB(*INK)
        canvas.setFont(REGULAR, size)
        for line in wrap(content["body"][language], REGULAR, size, width - 2 * MARGIN):
            if rtl:
                canvas.drawRightString(width - MARGIN, y, visual(line, rtl=True))
            else:
                canvas.drawString(MARGIN, y, line)
            y -= size * 1.6
        y -= 8
        place = visual(content["place_date"][language], rtl=rtl)
        if rtl:
            canvas.drawRightString(width - MARGIN, y, place)
        else:
            canvas.drawString(MARGIN, y, place)
        y -= 40 if len(languages) == 1 else 30
    _signature(canvas, content, width, min(y, 300))
    _footer(canvas, page, width)


def _signature(canvas: Canvas, content: dict, width: float, top: float) -> None:
    box_w, box_h = 210, 96
    x = width - MARGIN - box_w
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 11)
    canvas.drawCentredString(x + box_w / 2, top, visual(content["signatory"]["name"]))
    canvas.setFont(REGULAR, 10)
    canvas.drawCentredString(x + box_w / 2, top - 14, visual(content["signatory"]["role"]))
    canvas.setStrokeColorRGB(*MUTED)
    canvas.setDash(3, 3)
    canvas.rect(x, top - 24 - box_h, box_w, box_h, stroke=1, fill=0)
    canvas.setDash()
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(REGULAR, 8.5)
    canvas.drawCentredString(x + box_w / 2, top - 24 - box_h + 6,
                             visual(content["stamp_label"]))


# The error-correction polynomial depends only on the QR version: reportlab computes it for
# each code; a batch of 500 certificates computed the same one 500 times.
QRUtil.getErrorCorrectPolynomial = staticmethod(
    lru_cache(maxsize=64)(QRUtil.getErrorCorrectPolynomial))


def qr_modules(payload: str) -> list[list[bool]]:
    """The QR code's dark modules. Any of the eight masks makes a valid code; choosing the
    best one costs more than drawing the page, so the first is used."""
    code = QRCode(None, QRErrorCorrectLevel.M)
    code.addData(QRAlphaNum(payload) if ALPHANUMERIC.match(payload) else payload)
    code.version = code.calculate_version()
    code.makeImpl(False, 0)
    count = code.getModuleCount()
    return [[bool(code.isDark(row, column)) for column in range(count)] for row in range(count)]


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """The code as a one-bit image, one pixel a module with a quiet zone of four: printed
    sharp (PDF images are not smoothed unless asked) and twice as quick as drawing squares."""
    from PIL import Image

    modules = qr_modules(payload)
    count = len(modules)
    image = Image.new("1", (count + 8, count + 8), 1)
    pixels = image.load()
    for row, line in enumerate(modules):
        for column, dark in enumerate(line):
            if dark:
                pixels[column + 4, row + 4] = 0
    canvas.drawImage(ImageReader(image), x, y, size, size)


def _footer(canvas: Canvas, page: CertificatePage, width: float) -> None:
    _draw_qr(canvas, page.qr_payload, MARGIN - 6, MARGIN - 22, 74)
    content = page.content
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 10)
    canvas.drawString(MARGIN + 76, MARGIN + 30, content["serial"])
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(REGULAR, 8.5)
    rtl = content["languages"][0] == "ar"
    canvas.drawString(MARGIN + 76, MARGIN + 16, visual(
        content["verify_label"].format(check=page.check_value), rtl=rtl))
    canvas.drawString(MARGIN + 76, MARGIN + 4, visual(content["verify_hint"], rtl=rtl))


def _duplicate_mark(canvas: Canvas, width: float, height: float) -> None:
    canvas.saveState()
    canvas.setFillColorRGB(0.85, 0.2, 0.2)
    canvas.setFont(BOLD, 13)
    canvas.drawRightString(width - MARGIN, height - MARGIN + 10, "DUPLICATA")
    canvas.setFillColorRGB(0.9, 0.9, 0.9)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.setFont(BOLD, 84)
    canvas.drawCentredString(0, 0, "DUPLICATA")
    canvas.restoreState()
