"""The dates a centre's records can hold: from 1990 to the end of next year. A date typed as
year 0001 (or 9999) is a slip of the keyboard, refused with a message before it reaches the
database, where it would later break an age, a period or a report."""
from __future__ import annotations

import datetime as dt

from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import _

FIRST_YEAR = 1990


def last_year(today: dt.date | None = None) -> int:
    return (today or dt.date.today()).year + 1


def check_plausible(value: dt.date | None, field: str, today: dt.date | None = None) -> None:
    """A ValidationError beside ``field`` for a date outside 1990 – next year (None passes)."""
    if value is None:
        return
    if not FIRST_YEAR <= value.year <= last_year(today):
        raise ValidationError(_("Choose a date between {first} and {last}.").format(
            first=FIRST_YEAR, last=last_year(today)), field)
