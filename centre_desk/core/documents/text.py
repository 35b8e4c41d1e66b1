"""Text in PDFs: one embedded font for Latin and Arabic, and Arabic shaped and ordered for
reportlab, which draws glyphs left to right and does neither by itself."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

REGULAR, BOLD = "CentreDesk", "CentreDesk-Bold"
_ARABIC = re.compile("[\u0600-\u06ff\ufb50-\ufdff\ufe70-\ufeff]")
_registered = False


def register_fonts() -> None:
    """IBM Plex Sans Arabic (OFL, bundled as a Python package): subset and embedded in each PDF."""
    global _registered
    if _registered:
        return
    import fontpkg_ibm_plex_sans_arabic as plex

    files = plex.ROOT / "files"
    ttfonts.makeToUnicodeCMap = to_unicode_cmap
    pdfmetrics.registerFont(TTFont(REGULAR, str(files / "IBMPlexSansArabic-Regular.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(files / "IBMPlexSansArabic-Bold.ttf")))
    _registered = True


def _logical(code_point: int) -> str:
    """What a glyph means: an Arabic presentation form (initial, medial, final, isolated, or
    the lam-alef ligature) stands for its base letter(s)."""
    char = chr(code_point)
    if 0xFB50 <= code_point <= 0xFDFF or 0xFE70 <= code_point <= 0xFEFF:
        return unicodedata.normalize("NFKC", char) or char
    return char


def logical_char(char: str) -> str:
    """What the PDF's ToUnicode map gives back for a drawn character (see to_unicode_cmap)."""
    return _logical(ord(char))


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode map of a font subset, with the presentation forms mapped back to
    the letters they show. reportlab draws shaped Arabic as presentation-form glyphs (it has
    no shaping of its own); with this map, copying or searching a PDF gives the real letters
    ("شهادة" is found), and viewers that reorder right-to-left text give it in reading order."""
    entries = ["<%02X> <%s>" % (code, _logical(value).encode("utf-16-be").hex().upper())
               for code, value in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
        f"{len(subset)} beginbfchar", *entries, "endbfchar", "endcmap",
        "CMapName currentdict /CMap defineresource pop", "end", "end"])


def has_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text or ""))


@lru_cache(maxsize=16384)
def _shaped_word(word: str) -> str:
    import arabic_reshaper

    return arabic_reshaper.reshape(word)


def shape(text: str) -> str:
    """Arabic letters in their joined forms. Letters never join across a space, so words are
    shaped one by one and remembered: a batch of certificates repeats most of its words."""
    return " ".join(_shaped_word(word) if has_arabic(word) else word
                    for word in text.split(" "))


# A left-to-right embedding inside an Arabic sentence (LRE … PDF). The isolates LRI … PDI are
# newer, but python-bidi handles them only in its Rust function, which mirrors no brackets:
# "الطفل(ة)" came out as "الطفل)ة(".
LRI, PDI = "\u202a", "\u202c"
_FORMATTING = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def isolate(text: str) -> str:
    """A Latin name, a file number or a date kept in one piece and left to right inside
    Arabic (without it, "(CP–CE3) — groupe 1" at the start of a line loses its brackets)."""
    return f"{LRI}{text}{PDI}" if text and not has_arabic(text) else text


# The narrow no-break space (French thousands, "1 561") is missing from the font, which drew
# nothing in its place: the plain no-break space stands for it.
NARROW_SPACE = "\u202f"


@lru_cache(maxsize=4096)
def visual(text: str, rtl: bool | None = None) -> str:
    """A line as it must be drawn: Arabic letters joined, the line in visual order, the
    invisible direction marks removed. Wrap in logical order first, then pass each line."""
    text = text.replace(NARROW_SPACE, "\u00a0")
    if not has_arabic(text):
        return _FORMATTING.sub("", text)
    base = None if rtl is None else ("R" if rtl else "L")
    return _FORMATTING.sub("", _reorder(text)(shape(text), base_dir=base))


_EMBEDDED = re.compile(f"{LRI}[^{LRI}{PDI}]*{PDI}")


def _reorder(text: str):
    """python-bidi's Rust function, twelve times quicker than its Python one and the same on
    every line of a batch of certificates, unless the line has a bracket or another mirrored
    sign that may end up right to left: only the Python one mirrors them (see ``LRI``). One
    inside a left-to-right embedding of Latin text ("Centre Amane (grand)") stays as it is."""
    from bidi import get_display as rust
    from bidi.algorithm import get_display as python
    from bidi.mirror import MIRRORED

    if not any(char in MIRRORED for char in text):
        return rust
    outside = _EMBEDDED.sub(lambda match: "" if _all_left_to_right(match.group(0)) else
                            match.group(0), text)
    return python if any(char in MIRRORED for char in outside) else rust


def _all_left_to_right(text: str) -> bool:
    return not any(unicodedata.bidirectional(char) in ("R", "AL", "AN") for char in text)


@lru_cache(maxsize=8192)
def _word_width(word: str, font: str, size: float) -> float:
    word = word.replace(NARROW_SPACE, "\u00a0")
    if has_arabic(word):
        word = _shaped_word(word)  # joined forms have their own widths
    return pdfmetrics.stringWidth(word, font, size)


@lru_cache(maxsize=8192)
def _drawn_word_width(word: str, font: str, size: float) -> float:
    return _word_width(_FORMATTING.sub("", word), font, size)


def width(text: str, font: str, size: float) -> float:
    """The drawn width. Words are shaped one by one (letters never join across a space) and
    remembered: wrapping a batch of certificates measures the same words again and again."""
    words = _FORMATTING.sub("", text).split(" ")
    return (sum(_word_width(word, font, size) for word in words)
            + (len(words) - 1) * _word_width(" ", font, size))


def fit(text: str, font: str, size: float, room: float) -> str:
    """The text cut with an ellipsis to fit ``room`` points (logical order kept)."""
    if width(text, font, size) <= room:
        return text
    while text and width(text + "…", font, size) > room:
        text = text[:-1]
    return text + "…"


def wrap(text: str, font: str, size: float, room: float) -> list[str]:
    """Lines of at most ``room`` points, cut between words, in logical order (reorder each line
    with ``visual`` only when drawing it: wrapping after reordering would scramble Arabic).
    Remembered: the letterhead and the titles are the same on every page of a batch."""
    return list(_wrapped(text, font, size, room))


@lru_cache(maxsize=1024)
def _wrapped(text: str, font: str, size: float, room: float) -> tuple[str, ...]:
    lines: list[str] = []
    space = _word_width(" ", font, size)
    for paragraph in text.splitlines() or [""]:
        line, used = "", 0.0
        for word in paragraph.replace("\t", " ").split(" "):  # not split(): a no-break
            if not word:                                        # space holds its words together
                continue
            extent = _drawn_word_width(word, font, size)
            if line and used + space + extent > room:
                lines.append(line)
                line, used = word, extent
            else:
                line, used = (f"{line} {word}", used + space + extent) if line else (word, extent)
        lines.append(line)
    return tuple(_balance(lines))


def _balance(lines: list[str]) -> list[str]:
    """An isolate cut by a line break is closed at the end of the line and opened again at the
    start of the next, so that each line reorders on its own."""
    balanced, open_ = [], False
    for line in lines:
        if not open_ and LRI not in line:
            balanced.append(line)
            continue
        if open_:
            line = LRI + line
        depth = 0
        for char in line:
            depth += char == LRI
            depth -= char == PDI and depth > 0
        open_ = depth > 0
        balanced.append(line + PDI * depth)
    return balanced
