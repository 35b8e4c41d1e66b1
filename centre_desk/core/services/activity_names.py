"""An activity's name as the interface shows it: its Arabic name in Arabic when the centre wrote
one, its name otherwise. One place, so that every screen and list agrees (reports and certificates
choose by the document's language instead)."""
from __future__ import annotations

from peewee import fn

from centre_desk.core.i18n import current_language
from centre_desk.core.models import Activity


def shown_name(name: str, name_ar: str = "", language: str | None = None) -> str:
    """The activity's label in ``language`` (the interface's by default)."""
    if (language or current_language()) == "ar" and (name_ar or "").strip():
        return name_ar
    return name


def shown_name_sql(language: str | None = None):
    """The same choice as a SQL expression, to select and to sort by the name shown."""
    if (language or current_language()) == "ar":
        return fn.COALESCE(fn.NULLIF(fn.TRIM(Activity.name_ar), ""), Activity.name)
    return Activity.name
