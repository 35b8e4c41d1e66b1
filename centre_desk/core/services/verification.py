"""Is this paper or this file a genuine certificate? From its number and check value, typed or
scanned from the QR code (``CD1:SERIAL:CHECK``), or from the PDF itself: what each page draws
(its strings in drawing order, its QR code's pixels) is compared with the certificate the
register holds, drawn again the same way."""
from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from centre_desk.core import storage
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.models import Certificate
from centre_desk.core.services.certificates import check_value, content_hash

# Bidi controls and the like: invisible, and not kept the same by every PDF text extractor.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
CHECK_LENGTH = 8  # see certificates.check_value
_SERIAL = re.compile(r"\b([A-Z]{2,5}-ATT-\d{4}-\d{5})\b")
# A scanner set for a US keyboard, plugged into a French (AZERTY) one, sends the keys of
# "CD1:AMN-ATT-2026-00042:…" and the computer shows "CD&MQ?N)QTT)éàé-)..." : key by key, what
# AZERTY shows for each key the QR text needs, turned back.
_AZERTY = str.maketrans({"&": "1", "é": "2", '"': "3", "'": "4", "(": "5", "-": "6", "è": "7",
                         "_": "8", "ç": "9", "à": "0", "Q": "A", "A": "Q", "W": "Z", "Z": "W",
                         "?": "M", "M": ":", ")": "-"})
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass(frozen=True)
class Verification:
    """``status``: "genuine"; "registered" (the number exists but no check value was given,
    so nothing is proved); "cancelled"; "unknown"; "wrong_check"; "altered"; or, for a page
    of a PDF, "foreign" (no certificate of Centre Desk on it)."""

    status: str
    serial: str
    content: dict | None = None
    copies: int = 0
    cancel_reason: str = ""
    page: int | None = None  # the page of a PDF, counted from 1

    @property
    def genuine(self) -> bool:
        return self.status == "genuine"


def parse_reference(text: str, check: str | None = None) -> tuple[str, str | None]:
    """The serial and check value from what was typed, pasted or scanned: a bare number, or
    the QR code's text ``CD1:SERIAL:CHECK`` (in any case, with stray spaces, full-width or
    Arabic-Indic digits, or typed by a scanner through a French keyboard)."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or "")).strip()
    if text.startswith("CD&M"):  # "CD1:" typed through an AZERTY keyboard
        text = text.translate(_AZERTY)
    text = text.translate(_ARABIC_DIGITS).upper()
    check = _INVISIBLE.sub("", unicodedata.normalize("NFKC", check or "")).translate(
        _ARABIC_DIGITS).strip().upper() or None
    parts = [part.strip() for part in text.split(":")]
    if len(parts) == 3 and parts[0] == "CD1":
        _tag, text, scanned = parts
        if check is None or check == scanned:
            check = scanned
    return "".join(text.split()), check


def verify(serial: str, check: str | None = None) -> Verification:
    """Is there such a certificate, is it still valid, and was its record left unchanged?
    Without the check value the answer is at best "registered": anyone can read a number."""
    serial, check = parse_reference(serial, check)
    row = Certificate.get_or_none(Certificate.serial == serial)
    if row is None:
        return Verification("unknown", serial)
    content = json.loads(row.content)
    if content_hash(content) != row.content_hash or content.get("hash") != row.content_hash \
            or check_value(serial, row.content_hash) != row.check_value:
        return Verification("altered", serial, content, row.copies)
    if check is not None and check.replace("-", "") != row.check_value:
        return Verification("wrong_check", serial, content, row.copies)
    if row.cancelled_at is not None:
        return Verification("cancelled", serial, content, row.copies, row.cancel_reason)
    if check is None:
        return Verification("registered", serial, content, row.copies)
    return Verification("genuine", serial, content, row.copies)


def _not_ours(path: Path) -> UserError:
    return UserError(_("{name} is not a certificate made by Centre Desk.").format(
        name=Path(path).name))


def verify_pdf(path: Path) -> list[Verification]:
    """Each certificate of a PDF (one per page, a batch has many): its number, read on the
    page, must be registered and valid, and the page must draw exactly what the register's
    certificate draws, check value and QR code included."""
    return verify_texts(*read_pdf(path))


def read_pdf(path: Path) -> tuple[Path, list, str]:
    """What each page draws (documents.readback) and the keywords: the slow part (pypdf),
    which touches no database, so a screen may run it off the UI thread. A page where no
    serial is drawn in a way readback understands is also read by pypdf's text extractor
    (a certificate typed again elsewhere is "altered", not "not a certificate")."""
    from pypdf import PdfReader

    from centre_desk.core.documents.readback import read_page

    try:
        reader = PdfReader(str(path))
        pages = []
        for page in reader.pages:
            drawn = read_page(page, reader)
            if not _SERIAL.search(drawn.text):
                drawn.extracted = page.extract_text() or ""
            pages.append(drawn)
        keywords = str((reader.metadata or {}).get("/Keywords") or "")
    except OSError as exc:
        raise storage.read_fault(exc, path) from None
    except Exception:  # noqa: BLE001 - any file at all may be given: what pypdf cannot read
        raise _not_ours(path) from None  # is not one of ours
    return Path(path), pages, keywords


def verify_texts(path: Path, pages: list, keywords: str) -> list[Verification]:
    """verify_pdf's judgement on the pages read by read_pdf."""
    found = [_SERIAL.search(page.text) for page in pages]
    if not any(found):
        raise _not_ours(path)
    results: list[Verification] = []
    for number, (page, match) in enumerate(zip(pages, found), start=1):
        if match is None:
            results.append(Verification("foreign", "", page=number))
            continue
        result = verify(match.group(1), _registered_check(match.group(1)))
        if result.status in ("genuine", "cancelled") and not _shows(page, result):
            result = Verification("altered", result.serial, result.content, result.copies)
        results.append(Verification(result.status, result.serial, result.content,
                                    result.copies, result.cancel_reason, number))
    if len(results) == 1 and not _metadata_agrees(keywords, results[0]):
        old = results[0]
        results[0] = Verification("altered", old.serial, old.content, old.copies, "", 1)
    return results


def _metadata_agrees(keywords: str, result: Verification) -> bool:
    """A single certificate's file also names its serial and content hash in its keywords:
    they must be the page's (a page copied into another certificate's file is not)."""
    if not keywords.startswith("CD1:") or result.status != "genuine":
        return True
    _tag, serial, _check, digest = (keywords.split(":") + ["", "", ""])[:4]
    return serial == result.serial and digest == result.content.get("hash")


def _registered_check(serial: str) -> str | None:
    """The page's own check value is compared as part of its text (see verify_pdf)."""
    return Certificate.select(Certificate.check_value).where(
        Certificate.serial == serial).scalar()


def _shows(page, result: Verification) -> bool:
    """Does the page draw exactly what the registered certificate draws (as the original or
    as a duplicate): the same strings in the same order, each as drawn (visual order, Arabic
    letters as the font's ToUnicode map gives them back), so that two numbers swapped in an
    Arabic sentence are caught as surely as in a French one; and its own QR code, where the
    program prints it, with no other image but the logo."""
    from centre_desk.core.documents import certificate as document

    check = _registered_check(result.serial)
    for duplicate in (False, True):
        expected = document.CertificatePage(result.content, check, duplicate)
        if page.strings == [_as_read(text) for text in document.drawn_texts(expected)
                            if text]:
            return _images_agree(page.images, expected.qr_payload)
    return False


def _as_read(text: str) -> str:
    """A drawn string as its font's ToUnicode map gives it back: each Arabic presentation
    form as its letter(s) (documents.text.to_unicode_cmap); as reportlab draws them, a
    no-break space as a space and a sign the font lacks as glyph 0, read as U+0000."""
    from reportlab.pdfbase import pdfmetrics

    from centre_desk.core.documents.text import REGULAR, logical_char

    glyphs = pdfmetrics.getFont(REGULAR).face.charToGlyph  # Bold has the same characters
    return "".join(" " if char == "\u00a0" else logical_char(char) if ord(char) in glyphs
                   else "\x00" for char in text)


def _images_agree(images: list, payload: str) -> bool:
    """One image where the QR code goes, pixel for pixel the code this certificate prints
    (a QR copied from another certificate points elsewhere); any other image inside the
    logo's square."""
    from centre_desk.core.documents import certificate as document

    x, y, side = document.QR_BOX
    logo_x, logo_y = document.logo_corner()
    codes = [image for image in images if _placed_at(image.matrix, x, y, side)]
    others = [image for image in images if all(image is not code for code in codes)]
    if len(codes) != 1 or codes[0].dark() != document.qr_pixels(payload):
        return False
    return all(_inside(image.matrix, logo_x, logo_y, document.LOGO_SIZE) for image in others)


def _placed_at(matrix, x: float, y: float, side: float) -> bool:
    a, b, c, d, e, f = matrix
    return max(abs(a - side), abs(b), abs(c), abs(d - side), abs(e - x), abs(f - y)) < 0.01


def _inside(matrix, x: float, y: float, side: float) -> bool:
    a, b, c, d, e, f = matrix
    return (abs(b) < 0.01 and abs(c) < 0.01 and a > 0 and d > 0 and e >= x - 0.01
            and f >= y - 0.01 and e + a <= x + side + 0.01 and f + d <= y + side + 0.01)
