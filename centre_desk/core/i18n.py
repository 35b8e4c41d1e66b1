"""Translations for the whole program, without Qt.

Source strings are English; French (the default) and Arabic come from gettext catalogs
under ``resources/translations``. Strings defined at import time are marked with ``N_``
and translated where they are shown, so switching language needs no restart of the core.
Dates use the Moroccan month names in Arabic and Western digits, as Moroccan
administrations write them.
"""
from __future__ import annotations

import datetime as dt
import gettext
from pathlib import Path

from centre_desk.core.paths import resources_dir

LANGUAGES = {"fr": "Français", "ar": "العربية", "en": "English"}
DEFAULT_LANGUAGE = "fr"
RTL_LANGUAGES = frozenset({"ar"})
DOMAIN = "centre_desk"

MONTHS = {
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "ar": ("يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت",
           "شتنبر", "أكتوبر", "نونبر", "دجنبر"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
}


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


def format_date(value: dt.date | None, long: bool = False, language: str | None = None) -> str:
    if value is None:
        return ""
    if not long:
        return value.strftime("%d/%m/%Y")
    month = MONTHS[language or _state.language][value.month - 1]
    return f"{value.day} {month} {value.year}"


def format_datetime(value: dt.datetime | None) -> str:
    """A stored timestamp (naive UTC, see models.utcnow) in this computer's local time."""
    if value is None:
        return ""
    return value.replace(tzinfo=dt.timezone.utc).astimezone().strftime("%d/%m/%Y %H:%M")


def ltr(text: object) -> str:
    """Keep a path, a code or a number left-to-right inside a right-to-left sentence."""
    return f"\u202a{text}\u202c"  # LRE…PDF: Qt honours these; the newer isolates less so


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
