"""Names as people write them: folding for search, sound keys for the duplicate check.

Search ignores case, Latin accents and Arabic spelling variants (alef forms, taa marbuta, hamza,
tatweel, short vowels): FTS5's ``remove_diacritics`` does not strip Arabic short vowels, so names
are folded here, in Python, before they are indexed and before a query is run.

The sound key is a consonant skeleton shared by both scripts, so that Mohamed, Mohammed, Mhamed,
Muhammad and محمد all give ``mhmd``; particles (El, Al, ال) are dropped and Ben/Bin/Ibn agree.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_ARABIC_FOLD = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي",
    "ء": None, "ـ": None, "ک": "ك", "ی": "ي", "ڭ": "ك", "گ": "ك", "ڤ": "ف", "پ": "ب",
})
# Arabic short vowels, shadda, sukun, tanwin and the dagger alef.
_ARABIC_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
_NOT_WORD = re.compile(r"[^\w]+")
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")


def fold(text: str) -> str:
    """Lower case, no accents, one Arabic spelling; words separated by single spaces."""
    if not text:
        return ""
    if text.isascii():  # most names, file numbers and phones: no accent, no Arabic to fold
        return " ".join(_NOT_WORD.sub(" ", text.lower()).split())
    text = _ARABIC_MARKS.sub("", text or "").translate(_ARABIC_FOLD).translate(_ARABIC_DIGITS)
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    # NFKD turns Arabic presentation forms back into letters, which then need folding again.
    text = _ARABIC_MARKS.sub("", text).translate(_ARABIC_FOLD)
    return " ".join(_NOT_WORD.sub(" ", text).split())


def words(text: str) -> list[str]:
    return fold(text).split()


# --- sound keys -----------------------------------------------------------------------------

_LATIN_PARTICLES = {"el", "al", "l", "ould", "ibn"}
_ARABIC_TO_SOUND = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "C", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h",
    # Alef, waw, yaa and ain are written as vowels (or not at all) in Latin spellings.
    "ا": "", "و": "", "ي": "", "ع": "",
}
_LATIN_DIGRAPHS = [("tch", "C"), ("sch", "C"), ("ch", "C"), ("sh", "C"), ("kh", "x"), ("gh", "g"),
                   ("dj", "j"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("ck", "k"), ("q", "k"),
                   ("ce", "se"), ("ci", "si"), ("cy", "sy"), ("c", "k")]
_VOWELS = re.compile("[aeiouyw]")
_REPEATS = re.compile(r"(.)\1+")
_IS_ARABIC = re.compile("[\u0600-\u06ff]")


def _latin_sound(word: str) -> str:
    for digraph, sound in _LATIN_DIGRAPHS:
        word = word.replace(digraph, sound)
    return _VOWELS.sub("", word)


def _arabic_sound(word: str) -> str:
    if word.startswith("ال") and len(word) > 3:
        word = word[2:]
    return "".join(_ARABIC_TO_SOUND.get(char, "") for char in word)


# A name without consonants (Aya, آية, Ouia) has an empty skeleton: its semivowels stand in
# for them, y for i, y and ي, w for w, ou and و, letters no consonant skeleton holds (the
# one-consonant names keep theirs: Ali, علي and Ola, علا agree on "l" as they are).
_LATIN_SEMIVOWELS = re.compile("ou|[iyw]")
_ARABIC_SEMIVOWELS = {"ي": "y", "و": "w"}


def _name_words(name: str) -> list[tuple[bool, str]]:
    """(Arabic script?, word) of a name field, particles dropped."""
    found = []
    # Taa marbuta is silent at the end of a name (Fatima, فاطمة); folding would make it a haa.
    for word in words((name or "").replace("ة", "")):
        if _IS_ARABIC.search(word):
            found.append((True, word))
            continue
        if word in _LATIN_PARTICLES:
            continue
        for particle in ("el", "al"):
            # "Elamrani" is "El Amrani" written as one word; but "Alaoui" is not "Al Aoui".
            if word.startswith(particle) and len(word) >= 6 and _latin_sound(word[2:]):
                word = word[2:]
                break
        found.append((False, word))
    return found


def _semivowels(arabic: bool, word: str) -> str:
    if arabic:
        return "".join(_ARABIC_SEMIVOWELS.get(char, "") for char in word)
    return "".join("w" if sound in ("ou", "w") else "y"
                   for sound in _LATIN_SEMIVOWELS.findall(word))


@lru_cache(maxsize=8192)  # a register repeats its first and family names: computed once each
def sound_key(name: str) -> str:
    """The consonant skeleton of a whole name field (all its words joined), in either script;
    for a name without consonants, its semivowels; without those either, its folded letters."""
    parts = _name_words(name)
    key = "".join(_arabic_sound(word) if arabic else _latin_sound(word) for arabic, word in parts)
    if not key:
        key = "".join(_semivowels(arabic, word) for arabic, word in parts) or "".join(
            word for _arabic, word in parts)
    return _REPEATS.sub(r"\1", key).lower()


def name_key(first_name: str, last_name: str) -> str:
    """The key two spellings of one child's name share; empty when either part is missing."""
    first, last = sound_key(first_name), sound_key(last_name)
    return f"{first}|{last}" if first and last else ""


def check_phone(phone: str, field: str) -> None:
    """A phone number, when given, has at least nine digits; the message goes beside ``field``."""
    from centre_desk.core.errors import ValidationError
    from centre_desk.core.i18n import _

    if phone and len(phone_key(phone)) < 9:
        raise ValidationError(_("A phone number has at least 9 digits, for example "
                                "0661234567."), field)


def phone_key(phone: str) -> str:
    """The last nine digits: 0661-23 45 67, +212 661 234 567 and 00212661234567 agree."""
    digits = re.sub(r"\D", "", (phone or "").translate(_ARABIC_DIGITS))
    return digits[-9:] if len(digits) >= 9 else digits
