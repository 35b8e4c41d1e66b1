"""The monthly activity report (with the previous month and the same month last year) and the
annual report (month by month), built from ``services.figures`` in the report's language."""
from __future__ import annotations

import datetime as dt

from centre_desk.core.i18n import N_
from centre_desk.core.reports.model import (
    Chart,
    Percent,
    Table,
    month_label,
    month_name,
    rate,
    translator,
)
from centre_desk.core.security import Actor
from centre_desk.core.services import figures
from centre_desk.core.services.figures import BANDS, UNKNOWN_BAND, Figures, Period
from centre_desk.core.services.projects import AUDIENCE
from centre_desk.core.services.wording import KINDS as CERTIFICATE_KINDS
from centre_desk.core.vocabulary import ACTIVITY_KIND, AGE_BANDS, EXIT_REASON, FOLLOW_UP_KIND, \
    TASK_REASON

# Each key figure: its label and how it is read from a period's figures.
KEY_FIGURES = (
    (N_("Active children"), lambda f: f.active_total),
    (N_("of whom girls"), lambda f: f.active_of("f")),
    (N_("of whom boys"), lambda f: f.active_of("m")),
    (N_("New registrations"), lambda f: f.new_total),
    (N_("Exits"), lambda f: f.exits_total),
    (N_("Sessions held"), lambda f: f.held),
    (N_("Sessions cancelled"), lambda f: f.cancelled),
    (N_("Hours delivered"), lambda f: round(f.hours, 1)),
    (N_("Children taking part"), lambda f: f.children_participants),
    (N_("Attendance rate of the children's groups"), lambda f: rate(f.children_tally)),
    (N_("Children under the follow-up rate"), lambda f: f.below_threshold),
    (N_("Follow-up tasks opened"), lambda f: sum(f.tasks_opened.values())),
    (N_("Follow-up tasks closed"), lambda f: sum(f.tasks_closed.values())),
    (N_("Households accompanied"), lambda f: f.households_accompanied),
    (N_("Single-mother households"), lambda f: f.single_mother_households),
    (N_("Parents and women in groups"), lambda f: f.guardians_in_groups),
    (N_("Attendance rate of the parents' and women's groups"),
     lambda f: rate(f.adult_groups_tally)),
    (N_("People reached by awareness and outreach"), lambda f: sum(f.outreach.values())),
    (N_("Certificates issued"), lambda f: sum(f.certificates_issued.values())),
)


def band_label(t, band: str) -> str:
    return t(AGE_BANDS[band][0]) if band in AGE_BANDS else t(N_("Age unknown"))


def _label(t, choices: dict, code: str) -> str:
    return t(choices[code]) if code in choices else (code or "—")


def _bands_in(values: Figures) -> list[str]:
    return [band for band in BANDS if band != UNKNOWN_BAND or values.active_of(band=band)]


def children_table(t, values: Figures, title: str) -> Table:
    rows = [(band_label(t, band), values.active_of("f", band), values.active_of("m", band),
             values.active_of(band=band)) for band in _bands_in(values)]
    rows.append((t(N_("Total")), values.active_of("f"), values.active_of("m"),
                 values.active_total))
    return Table("children", title, (t(N_("Age band")), t(N_("Girls")), t(N_("Boys")),
                                     t(N_("Total"))), tuple(rows))


def activity_names(t) -> dict[int, str]:
    """The activities' names in the report's language: an Arabic report uses the Arabic name
    where the centre gave one."""
    from centre_desk.core.models import Activity

    if t.language != "ar":
        return {}
    return {id_: name for id_, name in Activity.select(Activity.id, Activity.name_ar).where(
        Activity.name_ar != "").tuples()}


def activities_table(t, values: Figures) -> Table:
    names = activity_names(t)
    rows = tuple((names.get(a.activity_id, a.name), _label(t, ACTIVITY_KIND, a.kind), a.held, a.cancelled,
                  round(a.hours, 1), a.children if not a.adult_group else a.adults,
                  a.tally.present, a.tally.late, a.tally.absent, a.tally.excused, rate(a.tally))
                 for a in values.activities)
    total = values.tally
    rows += ((t(N_("Total")), "", values.held, values.cancelled, round(values.hours, 1),
              values.children_participants + values.adult_participants, total.present,
              total.late, total.absent, total.excused, rate(total)),)
    return Table("activities", t(N_("Activities")), (
        t(N_("Activity")), t(N_("Kind")), t(N_("Held")), t(N_("Cancelled")), t(N_("Hours")),
        t(N_("Participants")), t(N_("Present")), t(N_("Late")), t(N_("Absent")),
        t(N_("Excused")), t(N_("Attendance rate"))), rows,
        t(N_("Attendance rate: present or late out of sessions held, excused absences left "
             "out.")))


def movements_table(t, values: Figures) -> Table:
    rows = [(t(N_("New registrations")), values.new_total)]
    rows += [(t(N_("Exit: {reason}")).format(reason=_label(t, EXIT_REASON, reason)), count)
             for reason, count in sorted(values.exits.items())]
    return Table("movements", t(N_("Registrations and exits")),
                 (t(N_("Movement")), t(N_("Children"))), tuple(rows))


def tasks_table(t, values: Figures) -> Table:
    rows = [(_label(t, TASK_REASON, reason), "", values.tasks_opened.get(reason, 0), 0)
            for reason in sorted(values.tasks_opened)]
    rows += [(_label(t, TASK_REASON, reason), _label(t, FOLLOW_UP_KIND, kind), 0, count)
             for (reason, kind), count in sorted(values.tasks_closed.items())]
    return Table("tasks", t(N_("Follow-up tasks")), (
        t(N_("Reason")), t(N_("What was done")), t(N_("Opened")), t(N_("Closed"))), tuple(rows))


def certificates_table(t, values: Figures) -> Table:
    kinds = sorted(set(values.certificates_issued) | set(values.certificates_cancelled))
    return Table("certificates", t(N_("Certificates")), (
        t(N_("Certificate")), t(N_("Issued")), t(N_("Cancelled"))),
        tuple((_label(t, CERTIFICATE_KINDS, kind), values.certificates_issued.get(kind, 0),
               values.certificates_cancelled.get(kind, 0)) for kind in kinds))


def outreach_table(t, values: Figures) -> Table:
    rows = []
    for audience in AUDIENCE:
        for band in AGE_BANDS:
            girls = values.outreach.get((audience, "f", band), 0)
            boys = values.outreach.get((audience, "m", band), 0)
            if girls or boys:
                rows.append((t(AUDIENCE[audience]), band_label(t, band), girls, boys,
                             girls + boys))
    return Table("outreach", t(N_("Awareness sessions and outreach")), (
        t(N_("People")), t(N_("Age band")), t(N_("Women and girls")), t(N_("Men and boys")),
        t(N_("Total"))), tuple(rows))


def groups_chart(t, values: Figures) -> Chart:
    shown = [a for a in values.activities if a.tally.rate is not None]
    names = activity_names(t)
    return Chart("groups", t(N_("Attendance rate by group")), "bar",
                 tuple(names.get(a.activity_id, a.name) for a in shown),
                 ((t(N_("Attendance rate")), tuple(a.tally.rate for a in shown)),), True,
                 t(N_("No attendance recorded over this period.")))


def children_chart(t, values: Figures) -> Chart:
    bands = _bands_in(values)
    return Chart("children", t(N_("Children by sex and age band")), "stacked",
                 tuple(band_label(t, band) for band in bands),
                 ((t(N_("Girls")), tuple(values.active_of("f", b) for b in bands)),
                  (t(N_("Boys")), tuple(values.active_of("m", b) for b in bands))),
                 empty=t(N_("No child registered over this period.")))


def months_chart(t, language: str, tallies, title: str) -> Chart:
    return Chart("months", title, "line",
                 tuple(f"{month_name(language, day, short=True)} {day.year % 100:02d}"
                       for day, _tally in tallies),
                 ((t(N_("Attendance rate")), tuple(tally.rate for _day, tally in tallies)),),
                 True, t(N_("No attendance recorded over this period.")))


def monthly_sections(actor: Actor, language: str, month: Period) -> tuple[list, list]:
    """The monthly report's tables and charts."""
    t = translator(language)
    this, previous, last_year = figures.compute_each(
        actor, [month, figures.shift_months(month, -1), figures.shift_months(month, -12)])
    key_rows = tuple((t(label), read(this), read(previous), read(last_year))
                     for label, read in KEY_FIGURES)
    key = Table("key", t(N_("Key figures")), (
        t(N_("Figure")), month_label(language, month.start),
        month_label(language, previous.period.start),
        month_label(language, last_year.period.start)), key_rows,
        t(N_("Children counted by their age on the last day of the month.")))
    year_back = Period(figures.shift_months(month, -11).start, month.end)
    tables = [key, children_table(t, this, t(N_("Active children by sex and age band"))),
              movements_table(t, this), activities_table(t, this), tasks_table(t, this),
              certificates_table(t, this), outreach_table(t, this)]
    charts = [groups_chart(t, this),
              months_chart(t, language, figures.monthly_rates(actor, year_back),
                           t(N_("Attendance rate over the last 12 months"))),
              children_chart(t, this)]
    return [table for table in tables if table.rows], charts


# The year grid gives each key figure of the monthly report, month by month: the same labels,
# read the same way (a figure missing from the year was a figure the coordinator retyped).
ANNUAL_COLUMNS = KEY_FIGURES


def annual_sections(actor: Actor, language: str, year: Period,
                    today: dt.date | None = None) -> tuple[list, list]:
    t = translator(language)
    today = today or dt.date.today()
    months, whole = figures.by_month_and_whole(actor, year)
    # A year grid as coordinators keep it: one line per figure, the months across, then the
    # whole period (fits a laptop screen and a landscape page). The months to come stay blank:
    # they showed today's children as if already active in them.
    rows = tuple((t(label),) + tuple(read(values) if values.period.start <= today else None
                                     for values in months) + (read(whole),)
                 for label, read in ANNUAL_COLUMNS)
    by_month = Table("months", t(N_("Month by month")), (t(N_("Figure")),) + tuple(
        month_name(language, values.period.start, short=True) for values in months)
        + (t(N_("Whole period")),), rows,
        t(N_("Children taking part and households are counted once over the whole period; "
             "active children on the period's last day.")))
    tables = [by_month, children_table(t, whole, t(N_("Children of the period by sex and age "
                                                      "band"))),
              movements_table(t, whole), activities_table(t, whole), tasks_table(t, whole),
              certificates_table(t, whole), outreach_table(t, whole)]
    tallies = [(values.period.start, values.tally) for values in months]
    charts = [months_chart(t, language, tallies, t(N_("Attendance rate month by month"))),
              groups_chart(t, whole), children_chart(t, whole)]
    return [table for table in tables if table.rows], charts


def is_percent(value) -> bool:
    return isinstance(value, Percent)


def today() -> dt.date:
    return dt.date.today()
