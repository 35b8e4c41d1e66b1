"""Paper sign-in sheets for a session or a week, in French and Arabic on the same page."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from centre_desk.core.documents import sign_in_sheet
from centre_desk.core.documents.files import write_atomically
from centre_desk.core.documents.sign_in_sheet import SheetParticipant, SignInSheet
from centre_desk.core.errors import UserError
from centre_desk.core.i18n import N_, _, fill, format_date, format_day_month, translate_in
from centre_desk.core.models import Activity, Centre
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import activities, audit
from centre_desk.core.services.sessions import get_session, sessions_between

TITLE = N_("Sign-in sheet")
NUMBER = N_("No.")
NAME = N_("Name")
SESSION = N_("Session of {date}, {start}–{end}")
WEEK = N_("Week of {start} to {end}")
FOOTER = N_("Circle the numbers of the absent; then type only those numbers in Centre Desk.")
PAGE = "{page}/{pages}"


def _both(message: str, **values) -> tuple[str, str]:
    return (translate_in("fr", message).format(**values),
            translate_in("ar", message).format(**values))


def _sheet(activity: Activity, on_date: dt.date, columns, period: tuple[str, str]
           ) -> SignInSheet:
    centre = Centre.get_by_id(1)
    people = activities.participants(activity.id, on_date)
    if not people:
        raise UserError(fill(_("Nobody is enrolled in {activity} on that day: there is nothing "
                               "to print."), activity=activity.name))
    title_fr, title_ar = _both(TITLE)
    number_fr, number_ar = _both(NUMBER)
    name_fr, name_ar = _both(NAME)
    footer_fr, footer_ar = _both(FOOTER)
    return SignInSheet(
        centre=centre.name, city=centre.city, logo_png=centre.logo_png, title_fr=title_fr,
        title_ar=title_ar, activity=activity.name, period_fr=period[0], period_ar=period[1],
        columns=tuple(columns),
        participants=tuple(SheetParticipant(p.number, p.name, p.name_arabic) for p in people),
        header_number=f"{number_fr} / {number_ar}", header_name=name_fr, header_name_ar=name_ar,
        footer_fr=footer_fr, footer_ar=footer_ar, page_fr=PAGE)


def session_sheet(actor: Actor, session_id: int, path: Path) -> Path:
    require(actor, Permission.TAKE_ROLL)
    session = get_session(session_id)
    activity = activities.get(session.activity_id)
    period = tuple(translate_in(lang, SESSION).format(
        date=format_date(session.on_date, long=True, language=lang), start=session.start_time,
        end=session.end_time) for lang in ("fr", "ar"))
    sheet = _sheet(activity, session.on_date,
                   [(format_date(session.on_date, language="fr"),
                     f"{session.start_time}–{session.end_time}")],
                   period)
    write_atomically(path, lambda temporary: sign_in_sheet.render(sheet, temporary))
    audit.record(actor, "print", "session", session_id, "sign_in_sheet")
    return path


def week_sheet(actor: Actor, activity_id: int, monday: dt.date, path: Path) -> Path:
    require(actor, Permission.TAKE_ROLL)
    activity = activities.get(activity_id)
    monday = monday - dt.timedelta(days=monday.weekday())
    sunday = monday + dt.timedelta(days=6)
    sessions = sessions_between(actor, monday, sunday, activity_id)
    if not sessions:
        raise UserError(fill(_("{activity} has no session that week."), activity=activity.name))
    period = tuple(translate_in(lang, WEEK).format(
        start=format_date(monday, long=True, language=lang),
        end=format_date(sunday, long=True, language=lang)) for lang in ("fr", "ar"))
    columns = [(format_day_month(row.on_date, "fr"), f"{row.start_time}–{row.end_time}")
               for row in sessions]
    sheet = _sheet(activity, monday, columns, period)
    write_atomically(path, lambda temporary: sign_in_sheet.render(sheet, temporary))
    audit.record(actor, "print", "activity", activity_id, "sign_in_sheet_week")
    return path
