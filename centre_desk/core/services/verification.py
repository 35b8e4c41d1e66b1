"""Is this paper or this file a genuine certificate? From its number and check value, typed or
scanned from the QR code (``CD1:SERIAL:CHECK``), or from the PDF itself: each page's visible
text is compared with the certificate the register holds, printed again the same way."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from centre_desk.core.errors import UserError
from centre_desk.core.i18n import _
from centre_desk.core.models import Certificate
from centre_desk.core.services.certificates import check_value, content_hash

# Bidi controls and the like: invisible, and not kept the same by every PDF text extractor.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
CHECK_LENGTH = 8  # see certificates.check_value
_SERIAL = re.compile(r"\b([A-Z]{2,5}-ATT-\d{4}-\d{5})\b")
# A run of Arabic letters, a run of other letters and digits, or one sign.
_TOKEN = re.compile(r"[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff]+|[^\W\u0600-\u06ff]+|\S")
_DRAWN_ARABIC = re.compile("[\u0620-\u064a\u066e-\u06d3\u06fa-\u06ff\ufb50-\ufdff"
                           "\ufe70-\ufefc]+")
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


def text_tokens(text: str, drawn: bool = False) -> Counter:
    """The words and signs of a page, whatever the extractor did with spaces, line breaks,
    joined Arabic forms (NFKC gives the letters) and invisible direction marks. ``drawn``
    text is in visual order: each Arabic word is turned back to reading order first (before
    NFKC, which writes the lam-alef ligature as two letters)."""
    text = _INVISIBLE.sub("", text)
    if drawn:
        text = _DRAWN_ARABIC.sub(lambda match: match.group(0)[::-1], text)
    return Counter(_TOKEN.findall(unicodedata.normalize("NFKC", text)))


def _not_ours(path: Path) -> UserError:
    return UserError(_("{name} is not a certificate made by Centre Desk.").format(
        name=Path(path).name))


def verify_pdf(path: Path) -> list[Verification]:
    """Each certificate of a PDF (one per page, a batch has many): its number, read on the
    page, must be registered and valid, and the page must say exactly what the register's
    certificate says, check value included."""
    return verify_texts(*read_pdf(path))


def read_pdf(path: Path) -> tuple[Path, list[str], str]:
    """The text of each page and the keywords: the slow part (pypdf), which touches no
    database, so a screen may run it off the UI thread."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(path))
        texts = [page.extract_text() or "" for page in reader.pages]
        keywords = str((reader.metadata or {}).get("/Keywords") or "")
    except OSError as exc:
        raise UserError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror or exc)) from None
    except Exception:  # noqa: BLE001 - any file at all may be given: what pypdf cannot read
        raise _not_ours(path) from None  # is not one of ours
    return Path(path), texts, keywords


def verify_texts(path: Path, texts: list[str], keywords: str) -> list[Verification]:
    """verify_pdf's judgement on the pages read by read_pdf."""
    found = [_SERIAL.search(text) for text in texts]
    if not any(found):
        raise _not_ours(path)
    results: list[Verification | None] = []
    to_compare = []
    for number, (text, match) in enumerate(zip(texts, found), start=1):
        if match is None:
            results.append(Verification("foreign", "", page=number))
            continue
        result = verify(match.group(1), _registered_check(match.group(1)))
        result = Verification(result.status, result.serial, result.content, result.copies,
                              result.cancel_reason, number)
        results.append(result)
        if result.status in ("genuine", "cancelled"):
            to_compare.append((len(results) - 1, text))
    expected = _printed_again([results[index] for index, _text in to_compare],
                              [text for _index, text in to_compare])
    for (index, text), drawn in zip(to_compare, expected):
        if not _shows(text, drawn):
            old = results[index]
            results[index] = Verification("altered", old.serial, old.content, old.copies,
                                          old.cancel_reason, old.page)
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


def _squeezed(text: str) -> str:
    return "".join(_INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).split())


def _shows(text: str, drawn: list[str]) -> bool:
    """Does the extracted ``text`` show exactly the ``drawn`` strings? The same words and
    signs, as many times each (order-free: extractors order mixed Arabic and Latin lines in
    their own ways), and each left-to-right string whole and in order, so that two numbers
    swapped in a French sentence are caught too."""
    if text_tokens(text) != text_tokens(" ".join(drawn), drawn=True):
        return False
    page = _squeezed(text)
    return all(_squeezed(line) in page for line in drawn
               if not _DRAWN_ARABIC.search(line))


def _printed_again(results: list[Verification], texts: list[str]) -> list[list[str]]:
    """The strings each registered certificate prints (as a duplicate if the page says it is
    one), taken from the drawing itself rather than from a second PDF: a batch of 500 is
    checked in the time it takes to read its own text."""
    from centre_desk.core.documents import certificate as document

    expected = []
    for result, text in zip(results, texts):
        check = _registered_check(result.serial)
        duplicate = any(word in text for word in document.duplicate_words(result.content))
        page = document.CertificatePage(result.content, check, duplicate)
        expected.append(document.drawn_texts(page))
    return expected
