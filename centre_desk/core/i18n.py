"""Translations for the whole program, without Qt.

Source strings are English; French (the default) and Arabic come from gettext catalogs
under ``resources/translations``. Strings defined at import time are marked with ``N_``
and translated where they are shown, so switching language needs no restart of the core.
Month names and date patterns come from CLDR through Babel (``ar_MA`` for Arabic: the
Moroccan months, شتنبر، نونبر, with Western digits, as Moroccan administrations write them);
Babel is imported on the first date formatted or by ``warm_up``, not at start-up. Plural rules
are in each catalog's header (``ar.po`` has CLDR's six forms; a test compares them with Babel's).
On screen, ``fill`` isolates what it inserts into a sentence; PDFs keep their own reordering.
"""
from __future__ import annotations

import datetime as dt
import gettext
import unicodedata
from functools import lru_cache
from pathlib import Path

from centre_desk.core.paths import resources_dir

LANGUAGES = {"fr": "Français", "ar": "العربية", "en": "English"}
DEFAULT_LANGUAGE = "fr"
RTL_LANGUAGES = frozenset({"ar"})
DOMAIN = "centre_desk"

# The CLDR locale behind each language: Moroccan Arabic months, British English day-first dates.
BABEL_LOCALES = {"fr": "fr", "ar": "ar_MA", "en": "en_GB"}
# The one numeric date pattern of each language (CLDR's; Arabic's keeps its right-to-left marks,
# so that the day reads first, on the right, as in the date fields: 2011/09/06).
_NUMERIC_WIDTH = {"fr": "short", "ar": "medium", "en": "short"}
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate … pop directional isolate


class _State:
    language = DEFAULT_LANGUAGE
    catalog: gettext.NullTranslations = gettext.NullTranslations()


_state = _State()
_catalogs: dict[str, gettext.NullTranslations] = {}


def catalog_path(language: str) -> Path:
    return resources_dir() / "translations" / f"{language}.mo"


def load_catalog(language: str) -> gettext.NullTranslations:
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}")
    if language not in _catalogs:
        path = catalog_path(language)
        if language == "en" or not path.exists():
            _catalogs[language] = gettext.NullTranslations()
        else:
            with path.open("rb") as handle:
                _catalogs[language] = gettext.GNUTranslations(handle)
    return _catalogs[language]


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` (fr, ar or en)."""
    _state.catalog = load_catalog(language)
    _state.language = language


def current_language() -> str:
    return _state.language


def is_rtl(language: str | None = None) -> bool:
    return (language or _state.language) in RTL_LANGUAGES


def _(message: str) -> str:
    return _state.catalog.gettext(message)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, count: int) -> str:
    return _state.catalog.ngettext(singular, plural, count)


def translate_in(language: str, message: str) -> str:
    """Translate into a given language without changing the program's language (PDFs, CSV)."""
    return load_catalog(language).gettext(message)


@lru_cache(maxsize=8)
def babel_locale(language: str):
    """The CLDR data of a language (Babel is imported here, on first use, not at start-up)."""
    from babel import Locale

    return Locale.parse(BABEL_LOCALES[language])


def warm_up() -> None:
    """Read the CLDR data of the language now (about 40 ms of CPU), for instance while the login
    window waits for a password, rather than when the first screen shows a date."""
    from babel.dates import get_date_format

    get_date_format("long", babel_locale(_state.language))


def month_name(month: int, abbreviated: bool = False, language: str | None = None) -> str:
    """ "septembre" / "sept." / "شتنبر" from CLDR (stand-alone forms: a month on its own)."""
    width = "abbreviated" if abbreviated else "wide"
    return babel_locale(language or _state.language).months["stand-alone"][width][month]


@lru_cache(maxsize=8)
def _numeric_pattern(language: str) -> str:
    from babel.dates import get_date_format

    return get_date_format(_NUMERIC_WIDTH[language], babel_locale(language)).pattern


def date_pattern(language: str | None = None) -> str:
    """The numeric date pattern of a language (CLDR syntax), for date fields to match it."""
    return _numeric_pattern(language or _state.language)


def format_date(value: dt.date | None, long: bool = False, language: str | None = None) -> str:
    """The one way a date is written: numeric (06/09/2011) or long (6 septembre 2011)."""
    if value is None:
        return ""
    from babel.dates import format_date as babel_format

    language = language or _state.language
    pattern = "long" if long else _numeric_pattern(language)
    return babel_format(value, pattern, locale=babel_locale(language))


def format_day_month(value: dt.date, language: str | None = None) -> str:
    """A day within a known month or week (06/09): a column of a week's sheet."""
    from babel.dates import format_skeleton

    language = language or _state.language
    return format_skeleton("ddMM", value, locale=babel_locale(language))


def format_month(value: dt.date, language: str | None = None) -> str:
    """A month of a year: "septembre 2011", "شتنبر 2011"."""
    from babel.dates import format_skeleton

    language = language or _state.language
    return format_skeleton("yMMMM", value, locale=babel_locale(language))


def format_datetime(value: dt.datetime | None) -> str:
    """A stored timestamp (naive UTC, see models.utcnow) in this computer's local time."""
    if value is None:
        return ""
    local = value.replace(tzinfo=dt.timezone.utc).astimezone()
    return f"{format_date(local.date())} {local:%H:%M}"


def join_list(items, language: str | None = None, semicolons: bool = False) -> str:
    """An enumeration with the language's comma ("a, b", "أ، ب") or semicolon ("a; b", "أ؛ ب")."""
    arabic = (language or _state.language) == "ar"
    separator = ("؛ " if arabic else "; ") if semicolons else ("، " if arabic else ", ")
    return separator.join(str(item) for item in items)


def isolated(value: object, language: str | None = None) -> str:
    """A name, number or date inserted into a sentence, kept in one piece (FSI…PDI) when the
    sentence reads right to left: "مرحبا Imane Kettani" never borrows the digits around it."""
    text = str(value)
    return f"{FSI}{text}{PDI}" if text and is_rtl(language) else text


def fill(template: str, /, **values: object) -> str:
    """``template.format(**values)`` for the screen, each value isolated in right-to-left
    languages. PDFs do not use it: text.py reorders with its own embeddings."""
    return template.format(**{key: isolated(value) for key, value in values.items()})


def counted(singular: str, plural: str, count: int, /, **values: object) -> str:
    """A counted phrase through the catalog's plural forms, ``{n}`` being the count."""
    return fill(ngettext(singular, plural, count), n=format_number(count), **values)


def ltr(text: object) -> str:
    """Keep a path, a code or a number left-to-right inside a right-to-left sentence."""
    return f"\u202a{text}\u202c"  # LRE…PDF: always left to right, unlike fill()'s FSI


def paragraph(text: str) -> str:
    """A line that reads right to left in Arabic even when it starts with a Latin name or a
    number (the first strong letter would otherwise decide the direction)."""
    return f"\u200f{text}" if text and is_rtl() else text


def format_number(value: float | int, decimals: int = 0) -> str:
    """Numbers with the grouping of the language (French uses a narrow space)."""
    text = f"{value:,.{decimals}f}"
    if _state.language == "fr":
        return text.replace(",", "\u202f").replace(".", ",")
    return text


def format_percent(value: float | int, language: str | None = None) -> str:
    """A rate as the language writes it: "85 %" in French, "85%" in Arabic, where a space would
    let the sign drift to the other side of the number in a right-to-left line ("% 85")."""
    number = round(value)
    return f"{number}%" if (language or _state.language) == "ar" else f"{number} %"


# --- sorting ------------------------------------------------------------------------------------
# Without ICU: accents and case folded (É with E, "Échecs" before "Théâtre"), the Arabic letter
# variants with their base letter (hamza seats, alif maqsura, teh marbuta, Moroccan gaf) and the
# short vowels and tatweel ignored. Unicode already puts the Arabic letters in alphabet order.
COLLATION = "LANGUAGE"  # the name of the SQLite collation, see db.py
_ARABIC_FOLDS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ئ": "ي", "ؤ": "و", "ة": "ه",
    "ڭ": "ك", "ڤ": "ف", "پ": "ب", "چ": "ج", "ـ": None,
    "œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae",
})


@lru_cache(maxsize=65536)
def sort_key(text: str | None) -> tuple[str, str]:
    """The order of names and labels in French, Arabic and English: first without accents, case
    or Arabic vowels, then (for ties) with them, so that the order is total and stable."""
    text = text or ""
    letters = unicodedata.normalize("NFKD", text.translate(_ARABIC_FOLDS))
    folded = "".join(char for char in letters if not unicodedata.combining(char)).casefold()
    return folded, text.casefold()


def compare(left: str | None, right: str | None) -> int:
    """The SQLite collation function (registered on each connection as ``COLLATION``)."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def sorted_by_language(items, key=lambda item: item):
    return sorted(items, key=lambda item: sort_key(key(item)))
