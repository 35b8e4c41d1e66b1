"""Certificates on A4: the centre, the title, the body in French, Arabic or both, the place and
date, the signatory and room for the stamp, and a QR code with the serial and its check value.
A duplicate is the same page marked DUPLICATA."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from centre_desk.core.documents import qr
from centre_desk.core.documents.text import BOLD, REGULAR, register_fonts, visual, wrap

MARGIN = 56
INK = (0.1, 0.16, 0.2)
MUTED = (0.38, 0.43, 0.46)
ACCENT = (0.07, 0.41, 0.51)
LOGO_SIZE = 64
QR_BOX = (MARGIN - 6, MARGIN - 22, 74)  # x, y, side: where the QR code is printed


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
    canvas = Canvas(path if hasattr(path, "write") else str(path), pagesize=A4,
                    pageCompression=1)
    first = pages[0].content
    canvas.setAuthor(first["centre"]["name"])
    canvas.setTitle(first["title"].get("fr") or first["title"].get("ar"))
    if len(pages) == 1:  # read back by verify_pdf
        canvas.setKeywords(f"{pages[0].qr_payload}:{first['hash']}")
    logo = None
    if logo_png:  # drawn once as a form, then placed on every page of a batch
        canvas.beginForm("logo")
        canvas.drawImage(ImageReader(io.BytesIO(logo_png)), 0, 0, LOGO_SIZE, LOGO_SIZE,
                         preserveAspectRatio=True, mask="auto")
        canvas.endForm()
        logo = "logo"
    for number, page in enumerate(pages, start=1):
        _page(canvas, page, logo)
        canvas.showPage()
        if progress is not None:
            progress(number)
    canvas.save()


class _TextRecorder:
    """Stands in for a canvas and keeps only the strings drawn, as drawn (visual order)."""

    def __init__(self):
        self.texts: list[str] = []

    def _keep(self, _x, _y, text, *_args, **_kwargs) -> None:
        self.texts.append(text)

    drawString = drawRightString = drawCentredString = _keep

    def __getattr__(self, _name):
        return lambda *_args, **_kwargs: None


def drawn_texts(page: CertificatePage) -> list[str]:
    """Every string the page prints, exactly as ``render`` draws it: what a text extractor
    must find on a genuine page (see services.verification)."""
    register_fonts()  # wrapping measures words
    recorder = _TextRecorder()
    _page(recorder, page, None, qr=False)
    return recorder.texts


def _page(canvas: Canvas, page: CertificatePage, logo, qr: bool = True) -> None:
    content = page.content
    width, height = A4
    languages = content["languages"]
    if page.duplicate:  # first, so that the text is printed over it
        _duplicate_mark(canvas, width, height, duplicate_words(content))
    y = height - MARGIN
    if logo is not None:
        canvas.saveState()
        canvas.translate(*logo_corner())
        canvas.doForm(logo)
        canvas.restoreState()
    y -= 82
    y = _letterhead(canvas, content, width, y) if "letterhead" in content else \
        _letterhead_v1(canvas, content, width, y)
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
            _draw_line(canvas, line, rtl, width, y)
            y -= size * 1.6
        y -= 8
        _draw_line(canvas, content["place_date"][language], rtl, width, y)
        y -= 40 if len(languages) == 1 else 30
    _signature(canvas, content, width, min(y, 300))
    _footer(canvas, page, width, qr)


def logo_corner() -> tuple[float, float]:
    """The lower left corner of the logo's square (verification allows images only there)."""
    width, height = A4
    return width / 2 - LOGO_SIZE / 2, height - MARGIN - LOGO_SIZE


def _draw_line(canvas: Canvas, line: str, rtl: bool, width: float, y: float) -> None:
    if rtl:
        canvas.drawRightString(width - MARGIN, y, visual(line, rtl=True))
    else:
        canvas.drawString(MARGIN, y, visual(line, rtl=False))


def _letterhead_v1(canvas: Canvas, content: dict, width: float, y: float) -> float:
    """Certificates issued before the letterhead had an address (duplicates print as then)."""
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 12)
    canvas.drawCentredString(width / 2, y, visual(content["centre"]["association"]))
    canvas.setFont(REGULAR, 11)
    canvas.drawCentredString(width / 2, y - 16, visual(
        f"{content['centre']['name']} — {content['centre']['city']}"))
    _rule(canvas, width, y - 30)
    return y - 64


def _letterhead_lines(head: dict) -> list[tuple[str, float, str]]:
    lines = [(head["association"], 12, BOLD)]
    if head["name"] != head["association"]:
        lines.append((head["name"], 11, REGULAR))
    lines += [(text, 9, REGULAR) for text in (head["address"], head["phone"],
                                              head["registration"]) if text]
    return lines


def _letterhead(canvas: Canvas, content: dict, width: float, y: float) -> float:
    """The association, the centre, its address, phone and registration: centred for one
    language; French on the left and Arabic on the right for both, as on official papers."""
    canvas.setFillColorRGB(*INK)
    heads = content["letterhead"]
    languages = content["languages"]
    lowest = y
    room = width - 2 * MARGIN if len(languages) == 1 else (width - 2 * MARGIN) / 2 - 12
    for language in languages:
        rtl = language == "ar"
        line_y = y
        for text, size, font in _letterhead_lines(heads[language]):
            canvas.setFont(font, size)
            for line in wrap(text, font, size, room):  # a long address takes two lines
                shown = visual(line, rtl=rtl)
                if len(languages) == 1:
                    canvas.drawCentredString(width / 2, line_y, shown)
                elif rtl:
                    canvas.drawRightString(width - MARGIN, line_y, shown)
                else:
                    canvas.drawString(MARGIN, line_y, shown)
                line_y -= size + 4
        lowest = min(lowest, line_y)
    _rule(canvas, width, lowest + 2)
    return lowest - 32


def _rule(canvas: Canvas, width: float, y: float) -> None:
    canvas.setStrokeColorRGB(*ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, y, width - MARGIN, y)


def _signature(canvas: Canvas, content: dict, width: float, top: float) -> None:
    box_w, box_h = 210, 96
    x = width - MARGIN - box_w
    if "signatories" in content:
        signatories = [content["signatories"][lang] for lang in content["languages"]]
        names = _distinct(entry["name"] for entry in signatories)
        titles = _distinct(entry["title"] for entry in signatories)
        stamp = " / ".join(content["labels"][lang]["stamp"] for lang in content["languages"])
    else:
        names, titles = [content["signatory"]["name"]], [content["signatory"]["role"]]
        stamp = content["stamp_label"]
    canvas.setFillColorRGB(*INK)
    for font, size, lines in ((BOLD, 11, names), (REGULAR, 10, titles)):
        canvas.setFont(font, size)
        for text in lines:
            canvas.drawCentredString(x + box_w / 2, top, visual(text))
            top -= size + 3
    canvas.setStrokeColorRGB(*MUTED)
    canvas.setDash(3, 3)
    canvas.rect(x, top - 10 - box_h, box_w, box_h, stroke=1, fill=0)
    canvas.setDash()
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(REGULAR, 8.5)
    canvas.drawCentredString(x + box_w / 2, top - 10 - box_h + 6, visual(stamp))


def _distinct(texts) -> list[str]:
    result = []
    for text in texts:
        if text and text not in result:
            result.append(text)
    return result


def qr_modules(payload: str) -> list[list[bool]]:
    """The QR code's dark modules (level M, mask 0: see documents.qr)."""
    return qr.modules(payload)


_GREY = bytes([255, 0]) + bytes(254)


def qr_image(payload: str):
    """The code as a grey image, one pixel a module, with a quiet zone of four (grey: a third
    of the bytes of the RGB image reportlab makes of a one-bit one)."""
    from PIL import Image

    modules = qr_modules(payload)
    side = len(modules) + 8
    quiet = b"\xff" * side * 4
    margin = b"\xff\xff\xff\xff"
    rows = [quiet]
    for line in modules:  # True (dark) is byte 1, drawn black
        rows += [margin, bytes(line).translate(_GREY), margin]
    rows.append(quiet)
    return Image.frombytes("L", (side, side), b"".join(rows))


def qr_pixels(payload: str) -> tuple[tuple[bool, ...], ...]:
    """The QR image's pixels as ``qr_image`` draws them, True for dark."""
    modules = qr_modules(payload)
    blank = (False,) * (len(modules) + 8)
    return ((blank,) * 4 + tuple((False,) * 4 + tuple(line) + (False,) * 4 for line in modules)
            + (blank,) * 4)


def _draw_qr(canvas: Canvas, payload: str, x: float, y: float, size: float) -> None:
    """Printed sharp (PDF images are not smoothed unless asked) and twice as quick as drawing
    squares."""
    canvas.drawImage(ImageReader(qr_image(payload)), x, y, size, size)


def _footer(canvas: Canvas, page: CertificatePage, width: float, qr: bool = True) -> None:
    if qr:
        _draw_qr(canvas, page.qr_payload, *QR_BOX)
    content = page.content
    canvas.setFillColorRGB(*INK)
    canvas.setFont(BOLD, 10)
    canvas.drawString(MARGIN + 76, MARGIN + 30, content["serial"])
    canvas.setFillColorRGB(*MUTED)
    canvas.setFont(REGULAR, 8.5)
    if "labels" in content:
        notes = [(labels["verify_label"].format(check=page.check_value), labels["verify_hint"],
                  language == "ar") for language, labels in (
            (language, content["labels"][language]) for language in content["languages"])]
    else:
        notes = [(content["verify_label"].format(check=page.check_value),
                  content["verify_hint"], content["languages"][0] == "ar")]
    y = MARGIN + 16
    for label, hint, rtl in notes:
        if len(notes) > 1:  # one line each: the check value, then what it is for
            canvas.drawString(MARGIN + 76, y, visual(f"{label} — {hint}", rtl=rtl))
            y -= 11
        else:
            canvas.drawString(MARGIN + 76, y, visual(label, rtl=rtl))
            canvas.drawString(MARGIN + 76, y - 12, visual(hint, rtl=rtl))


def duplicate_words(content: dict) -> list[str]:
    if "labels" not in content:
        return ["DUPLICATA"]
    return [content["labels"][language]["duplicate"] for language in content["languages"]]


def _duplicate_mark(canvas: Canvas, width: float, height: float, words: list[str]) -> None:
    canvas.saveState()
    canvas.setFillColorRGB(0.85, 0.2, 0.2)
    canvas.setFont(BOLD, 13)
    canvas.drawRightString(width - MARGIN, height - MARGIN + 10, visual(" / ".join(words)))
    canvas.setFillColorRGB(0.9, 0.9, 0.9)
    canvas.translate(width / 2, height / 2)
    canvas.rotate(35)
    canvas.setFont(BOLD, 84 if len(words) == 1 else 64)
    for index, word in enumerate(words):
        canvas.drawCentredString(0, -index * 80, visual(word))
    canvas.restoreState()
