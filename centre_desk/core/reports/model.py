"""What a report is, whatever draws it: titled tables of typed cells and charts' data. The
screen, the PDF, the workbook and the CSV all render the same ``Report``."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from centre_desk.core import i18n
from centre_desk.core.i18n import format_percent, translate_in
from centre_desk.core.services.attendance_stats import Tally


class Percent(float):
    """A cell holding a rate in percent (0–100): shown "87 %", a percent cell in Excel."""


def rate(tally: Tally) -> Percent | None:
    value = tally.rate
    return None if value is None else Percent(round(value, 1))


@dataclass(frozen=True)
class Table:
    key: str  # short, for a sheet's name
    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple, ...]  # cells: str, int, float (one decimal), Percent or None
    note: str = ""


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str  # "bar", "line" or "stacked"
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    percent: bool = False
    empty: str = ""  # said instead of a blank frame when there is nothing to draw


@dataclass(frozen=True)
class Letterhead:
    centre: str
    city: str
    association: str
    logo_png: bytes | None = None


@dataclass(frozen=True)
class Report:
    kind: str  # monthly, annual, indicators, list-…
    language: str
    title: str
    period_label: str
    letterhead: Letterhead
    tables: tuple[Table, ...]
    charts: tuple[Chart, ...] = ()
    highlights: str = ""  # the coordinator's "faits marquants"
    highlights_title: str = ""
    footer: str = ""  # "Établi le 3 novembre 2026 — page {page}/{pages}"
    period_key: str = ""
    landscape: bool = False
    extra: dict = field(default_factory=dict, compare=False)

    @property
    def rtl(self) -> bool:
        return self.language == "ar"


def translator(language: str):
    """``t("Active children")`` in the report's language, whatever the program's language;
    ``t.language`` says which."""
    def t(message: str) -> str:
        return translate_in(language, message)

    t.language = language
    return t


def month_name(language: str, day: dt.date, short: bool = False) -> str:
    """CLDR's month names (Moroccan ones in Arabic), abbreviated where a table is narrow."""
    return i18n.month_name(day.month, abbreviated=short, language=language)


def month_label(language: str, day: dt.date) -> str:
    return f"{month_name(language, day)} {day.year}"


def number_text(value: float | int, decimals: int, language: str) -> str:
    """A number as the report's language writes it (CLDR through Babel: "28,5" in French and in
    Moroccan Arabic), with up to ``decimals`` decimals: a whole number has no ",0"."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
    return format_decimal(round(value, decimals), format=pattern,
                          locale=i18n.BABEL_LOCALES.get(language, "fr"))


def cell_text(value, language: str) -> str:
    """How a cell reads on screen and on paper."""
    if value is None:
        return ""
    if isinstance(value, Percent):
        return format_percent(value, language)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_text(value, 0, language)
    if isinstance(value, float):
        return number_text(value, 1, language)
    return str(value)
