"""The coordinator's reports, GUI-free: ``build`` returns a ``Report`` (tables and charts' data)
that the screen, ``documents.report_pdf``, ``documents.report_workbook`` and the CSV render.

    build(actor, "monthly", parse_period("2026-10"), "fr")
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from centre_desk.core.errors import UserError, ValidationError
from centre_desk.core.i18n import N_, _, format_date
from centre_desk.core.models import Centre, ReportNote, Setting, transaction, utcnow
from centre_desk.core.reports import activity, indicators, lists
from centre_desk.core.reports.model import Letterhead, Report, month_label, translator
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit
from centre_desk.core.services.figures import Period, month_period

REPORTS = {
    "monthly": N_("Monthly activity report"),
    "annual": N_("Annual activity report"),
    "indicators": N_("Projects and donor indicators"),
    **{f"list-{name}": label for name, label in lists.LISTS.items()},
}
# What each report asks of its reader: the centre's figures, or a working list's own right
# (an educator prints the emergency list of their groups, a secretary the family lists).
NEEDS = {"monthly": Permission.VIEW_ATTENDANCE, "annual": Permission.VIEW_ATTENDANCE,
         "indicators": Permission.VIEW_ATTENDANCE, "list-group": Permission.TAKE_ROLL,
         "list-birthdays": Permission.VIEW_CHILD_CARD,
         "list-documents": Permission.EDIT_CHILDREN, "list-school": Permission.EDIT_CHILDREN,
         "list-absences": Permission.VIEW_ATTENDANCE}


def available(actor: Actor) -> list[str]:
    """The reports ``actor`` may build, in the order of REPORTS."""
    return [kind for kind in REPORTS if actor.can(NEEDS[kind])]


YEAR_KINDS = {"school": N_("School year (September–August)"),
              "calendar": N_("Calendar year (January–December)")}


def parse_period(text: str) -> Period:
    """2026-10, 2026-Q4, 2025-2026 (school year), 2026 (calendar year), or from..to in ISO."""
    text = text.strip()
    try:
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            return month_period(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"(\d{4})-[Qq]([1-4])", text):
            first = month_period(int(match[1]), 3 * int(match[2]) - 2)
            return Period(first.start, month_period(int(match[1]), 3 * int(match[2])).end)
        if match := re.fullmatch(r"(\d{4})-(\d{4})", text):
            if int(match[2]) != int(match[1]) + 1:
                raise ValueError(text)
            return school_year(int(match[1]))
        if re.fullmatch(r"\d{4}", text):
            return Period(dt.date(int(text), 1, 1), dt.date(int(text), 12, 31))
        if ".." in text:
            start, end = (dt.date.fromisoformat(part) for part in text.split("..", 1))
            if end >= start:
                return Period(start, end)
    except ValueError:
        pass
    raise ValidationError(_("{text} is not a period: write 2026-10, 2026-Q4, 2025-2026, 2026 "
                            "or 2026-01-01..2026-03-31.").format(text=text), "period")


def school_year(first_year: int) -> Period:
    return Period(dt.date(first_year, 9, 1), dt.date(first_year + 1, 8, 31))


def year_kind() -> str:
    setting = Setting.get_or_none(Setting.key == "report_year")
    return setting.value if setting and setting.value in YEAR_KINDS else "school"


def set_year_kind(actor: Actor, kind: str) -> None:
    require(actor, Permission.MANAGE_ACTIVITIES)
    if kind not in YEAR_KINDS:
        raise ValidationError(_("Choose the school year or the calendar year."), "report_year")
    with transaction():
        Setting.insert(key="report_year", value=kind).on_conflict_replace().execute()
        audit.record(actor, "update", "settings", None, "report_year")


def year_containing(day: dt.date, kind: str | None = None) -> Period:
    if (kind or year_kind()) == "calendar":
        return Period(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    return school_year(day.year if day.month >= 9 else day.year - 1)


def highlights(report: str, period: Period) -> str:
    note = ReportNote.get_or_none((ReportNote.report == report)
                                  & (ReportNote.period == period.key))
    return note.text if note else ""


def save_highlights(actor: Actor, report: str, period: Period, text: str) -> None:
    """The "faits marquants" typed by the coordinator, kept with the report of the period."""
    require(actor, Permission.VIEW_ATTENDANCE)
    if len(text) > 5000:
        raise ValidationError(_("Keep the highlights under 5,000 characters."), "highlights")
    with transaction():
        ReportNote.insert(report=report, period=period.key, text=text.strip(),
                          updated_at=utcnow(), updated_by=actor.user_id
                          ).on_conflict_replace().execute()
        audit.record(actor, "update", "report_note", None, f"{report} {period.key}")


def letterhead(language: str = "fr") -> Letterhead:
    """The centre as the report's language names it (an Arabic report: its Arabic names)."""
    from centre_desk.core.services.letterhead import printed

    centre = Centre.get_by_id(1)
    names = printed(centre, language)
    association = centre.association_ar if language == "ar" else centre.association
    return Letterhead(names["name"], names["city"], association or centre.association,
                      centre.logo_png)


def period_label(language: str, period: Period) -> str:
    t = translator(language)
    months = period.months()
    if len(months) == 1 and months[0] == period:
        return month_label(language, period.start)
    if period.start.day == 1 and months[-1].end == period.end:
        first, last = month_label(language, period.start), month_label(language, period.end)
        return t(N_("{first} to {last}")).format(first=first, last=last)
    return t(N_("{first} to {last}")).format(
        first=format_date(period.start, long=True, language=language),
        last=format_date(period.end, long=True, language=language))


def build(actor: Actor, kind: str, period: Period, language: str,
          activity_id: int | None = None, today: dt.date | None = None) -> Report:
    """A report of ``kind`` (see REPORTS) in ``language``; the lists use the period's end as
    their day (``today`` when the period is the current one)."""
    if kind not in REPORTS:
        raise UserError(_("Unknown report {name}.").format(name=kind))
    t = translator(language)
    today = today or dt.date.today()
    day = min(period.end, today) if period.start <= today else period.end
    charts: list = []
    landscape = False
    if kind == "monthly":
        if len(period.months()) != 1 or period.months()[0] != period:
            raise ValidationError(_("The monthly report is for one month, like 2026-10."),
                                  "period")
        if period.start > today:  # it would count today's children as active in it
            raise ValidationError(_("This month has not begun yet: its report can be made from "
                                    "its first day."), "period")
        tables, charts = activity.monthly_sections(actor, language, period)
    elif kind == "annual":
        tables, charts = activity.annual_sections(actor, language, period, today)
        landscape = True
    elif kind == "indicators":
        tables = indicators.project_tables(actor, language, period)
        landscape = True
    elif kind == "list-group":
        if activity_id is None:
            raise ValidationError(_("Choose the group."), "activity")
        tables = [lists.group_list(actor, language, activity_id, day)]
    elif kind == "list-birthdays":
        tables = [lists.birthdays(actor, language, month_period(day.year, day.month))]
    elif kind == "list-documents":
        tables = [lists.missing_documents(actor, language, day)]
        landscape = True
    elif kind == "list-school":
        tables = [lists.without_school_follow_up(actor, language, day)]
    else:
        tables = [lists.week_absences(actor, language, day)]
        landscape = True
    if kind.startswith("list-"):  # an empty list says so instead of printing a bare header
        tables = [table if table.rows else replace(
            table, note=t(N_("Nobody is on this list for this period."))) for table in tables]
    note = highlights(kind, period) if kind in ("monthly", "annual") else ""
    return Report(kind, language, t(REPORTS[kind]), period_label(language, period),
                  letterhead(language), tuple(tables), tuple(charts), note,
                  t(N_("Highlights")) if kind in ("monthly", "annual") else "",
                  t(N_("Made on {date} — page {page}/{pages}")).replace(
                      "{date}", format_date(today, long=True, language=language)),
                  period.key, landscape)


FORMATS = ("pdf", "xlsx", "csv")


def file_format_of(path: Path, file_format: str | None = None) -> str:
    file_format = file_format or Path(path).suffix.lower().lstrip(".")
    if file_format not in FORMATS:
        raise ValidationError(_("Choose a PDF, xlsx or csv file."), "format")
    return file_format


def render_file(report: Report, path: Path, file_format: str | None = None) -> Path:
    """The report as a PDF, a workbook or CSV, written whole or not at all. Reads no database:
    the screens run it off the UI thread."""
    from centre_desk.core.documents import report_pdf, report_workbook
    from centre_desk.core.documents.files import write_atomically

    file_format = file_format_of(path, file_format)
    writer = {"pdf": report_pdf.render, "xlsx": report_workbook.write_workbook,
              "csv": report_workbook.write_csv}[file_format]
    return write_atomically(Path(path), lambda temporary: writer(report, temporary))


def record_export(actor: Actor, report: Report, file_format: str) -> None:
    with transaction():
        audit.record(actor, "export", "report", None,
                     f"{report.kind} {report.period_key} {file_format}")


def write(actor: Actor, report: Report, path: Path, file_format: str | None = None) -> Path:
    require(actor, Permission.VIEW_CHILD_CARD)
    file_format = file_format_of(path, file_format)
    render_file(report, path, file_format)
    record_export(actor, report, file_format)
    return Path(path)
