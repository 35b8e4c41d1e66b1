"""The recovery sheet as a printable A4 PDF: the centre, the date, the database key as text (in
groups of four, easy to type) and as a QR code, and what to do with it. The file is written
readable only by its owner. ``read_key`` finds the key again in the PDF or the older text sheet."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from centre_desk import APP_NAME
from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import _, format_date, is_rtl

KEYWORD = "centre-desk-recovery-key:"
KEY_IN_TEXT = re.compile(r"(?<![0-9a-fA-F])((?:[0-9a-fA-F]{4}[ -]?){15}[0-9a-fA-F]{4})(?![0-9a-fA-F])")
MARGIN = 56


def grouped(key_hex: str) -> str:
    return " ".join(key_hex[index:index + 4] for index in range(0, len(key_hex), 4))


def render(path: Path, centre: str, folder: Path, key_hex: str,
           on: dt.date | None = None) -> Path:
    """Write the sheet to ``path`` (whole or not at all, owner-only)."""
    from centre_desk.core.documents.files import write_atomically

    on = on or dt.date.today()
    return write_atomically(Path(path), lambda temporary: _draw(temporary, centre, folder,
                                                                key_hex, on), private=True)


def _draw(path: Path, centre: str, folder: Path, key_hex: str, on: dt.date) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    from centre_desk.core.documents.certificate import _draw_qr
    from centre_desk.core.documents.text import BOLD, REGULAR, isolate, register_fonts, visual, wrap

    register_fonts()
    rtl = is_rtl()
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1)
    canvas.setTitle(_("{app} — recovery sheet").format(app=APP_NAME))
    canvas.setKeywords(KEYWORD + key_hex)  # read back by read_key
    y = height - MARGIN

    def line(text: str, font: str = REGULAR, size: float = 11, gap: float = 6) -> None:
        nonlocal y
        for part in wrap(text, font, size, width - 2 * MARGIN):
            canvas.setFont(font, size)
            shown = visual(part, rtl=rtl)
            if rtl:
                canvas.drawRightString(width - MARGIN, y, shown)
            else:
                canvas.drawString(MARGIN, y, shown)
            y -= size + 4
        y -= gap

    line(_("{app} — recovery sheet").format(app=APP_NAME), BOLD, 18, 10)
    # A Latin name or a path kept in one left-to-right piece in Arabic ("/tmp/x", not "tmp/x/").
    line(_("Centre: {name}").format(name=isolate(centre) if rtl else centre), BOLD, 13)
    line(_("Written on: {date}").format(date=format_date(on, long=True)))
    line(_("Data folder when written: {folder}").format(folder=isolate(str(folder)) if rtl
                                                         else folder), size=9, gap=14)
    line(_("Database key"), BOLD, 12, 2)
    canvas.setFont("Courier-Bold", 13)
    key_lines = [grouped(key_hex[:32]), grouped(key_hex[32:])]
    for text in key_lines:
        canvas.drawString(MARGIN, y, text)
        y -= 20
    qr_size = 150
    _draw_qr(canvas, key_hex.upper(), width - MARGIN - qr_size, y - qr_size + 40, qr_size)
    y -= qr_size - 20
    line(_("What it is for"), BOLD, 12, 2)
    line(_("The centre's data is encrypted. This key opens it, and opens every backup. "
           "Centre Desk keeps it in this computer's credential store; if that is lost (a "
           "reinstalled Windows, a new computer, a new user account), only this sheet "
           "gives the data back."))
    line(_("What to do with it"), BOLD, 12, 2)
    for step in (_("1. Print this sheet, or save the file on a USB stick that stays apart from "
                   "the computer."),
                 _("2. Keep it locked away, with the association's important papers. Anyone "
                   "with this key and a backup can read the children's files."),
                 _("3. On a new computer: install Centre Desk, choose \"Restore a backup\", "
                   "pick the backup file and type this key (or give this file)."),
                 _("4. Do not send it by e-mail or message, and do not keep it on the "
                   "computer itself.")):
        line(step, gap=2)
    canvas.showPage()
    canvas.save()


def read_key(path: Path) -> str:
    """The key from a recovery sheet: the PDF's keywords, or the text sheet's key line."""
    try:
        data = Path(path).read_bytes()
    except IsADirectoryError:
        raise ValidationError(_("No recovery key found in {path}.").format(path=path)) from None
    except OSError as exc:
        from centre_desk.core.storage import os_fault

        raise os_fault(exc, path) from None
    text = data.decode("latin-1")
    found = re.search(re.escape(KEYWORD) + r"([0-9a-f]{64})", text)
    if found:
        return found.group(1)
    found = KEY_IN_TEXT.search(text)
    if not found:
        raise ValidationError(_("No recovery key found in {path}.").format(path=path))
    return re.sub(r"[^0-9a-fA-F]", "", found.group(1)).lower()
