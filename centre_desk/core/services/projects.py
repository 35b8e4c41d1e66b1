"""Funded projects and their donor indicators, and the awareness sessions and outreach events
where people who are not registered are counted by sex and age band."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from centre_desk.core.errors import NotFound, ValidationError
from centre_desk.core.i18n import N_, _
from centre_desk.core.models import (
    Indicator,
    OutreachEvent,
    OutreachHeadcount,
    Project,
    ProjectActivity,
    transaction,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit
from centre_desk.core.vocabulary import ACTIVITY_KIND, ADULT_KINDS, AGE_BANDS, Choices

DISAGGREGATION: Choices = {
    "": N_("None"),
    "sex": N_("By sex"),
    "age_band": N_("By age band"),
    "sex_age_band": N_("By sex and age band"),
}

OUTREACH_KIND: Choices = {
    "awareness": N_("Awareness session"),
    "school": N_("Event in a school"),
    "neighbourhood": N_("Event in the neighbourhood"),
    "parents": N_("Meeting for parents"),
}

AUDIENCE: Choices = {
    "children": N_("Children"),
    "parents": N_("Parents"),
    "professionals": N_("Professionals"),
}

# The measures the program computes: code → (label, unit, what can be broken down).
# Units: "people", "rate" (percent), "sessions", "hours", "households", "documents".
MEASURES: dict[str, tuple[str, str, str]] = {
    "active_children": (N_("Children followed"), "people", "sex_age_band"),
    "new_children": (N_("New children registered"), "people", "sex_age_band"),
    "children_in_activities": (N_("Children taking part in the project's activities"),
                               "people", "sex_age_band"),
    **{f"children_in:{kind}": (label, "people", "sex_age_band")
       for kind, label in ACTIVITY_KIND.items() if kind not in ADULT_KINDS},
    "adults_in_groups": (N_("Parents and women taking part in groups"), "people", "sex"),
    "attendance_rate": (N_("Average attendance rate"), "rate", ""),
    "sessions_held": (N_("Sessions held"), "sessions", ""),
    "hours_delivered": (N_("Hours delivered"), "hours", ""),
    "households_accompanied": (N_("Households accompanied"), "households", ""),
    "single_mother_households": (N_("Single-mother households"), "households", ""),
    "civil_registrations": (N_("Civil registrations obtained"), "people", "sex_age_band"),
    "school_reintegrations": (N_("School reintegrations"), "people", "sex_age_band"),
    "completion_certificates": (N_("Certificates of completion issued"), "documents", ""),
    "outreach_children": (N_("Children reached by awareness and outreach"), "people",
                          "sex_age_band"),
    "outreach_parents": (N_("Parents reached by awareness and outreach"), "people",
                         "sex_age_band"),
    "outreach_professionals": (N_("Professionals reached by awareness and outreach"),
                               "people", "sex_age_band"),
}


def measure_label(code: str) -> str:
    label, _unit, _split = MEASURES.get(code, (code, "", ""))
    if code.startswith("children_in:"):
        return _("Children in: {kind}").format(kind=_(label))
    return _(label)


def disaggregations(measure: str) -> list[str]:
    """The ways a measure can be broken down ("" for none)."""
    split = MEASURES.get(measure, ("", "", ""))[2]
    return [code for code in DISAGGREGATION
            if code == "" or (split and (code == split or code in split.split("_age_")
                                          or (code == "age_band" and "age_band" in split)))]


@dataclass
class IndicatorData:
    name_fr: str
    name_ar: str
    measure: str
    disaggregation: str = ""
    yearly_target: float | None = None


@dataclass
class ProjectData:
    name: str
    donor: str
    start_date: dt.date
    end_date: dt.date | None = None
    activity_ids: list[int] = field(default_factory=list)
    indicators: list[IndicatorData] = field(default_factory=list)


@dataclass(frozen=True)
class ProjectRow:
    id: int
    name: str
    donor: str
    start_date: dt.date
    end_date: dt.date | None
    indicators: int


def validate(data: ProjectData) -> None:
    if not data.name.strip():
        raise ValidationError(_("Give the project a name."), "name")
    if data.end_date and data.end_date < data.start_date:
        raise ValidationError(_("The project ends before it starts."), "end_date")
    for indicator in data.indicators:
        if not indicator.name_fr.strip():
            raise ValidationError(_("Each indicator needs a name in French."), "indicators")
        if indicator.measure not in MEASURES:
            raise ValidationError(_("Choose what each indicator measures."), "indicators")
        if indicator.disaggregation not in disaggregations(indicator.measure):
            raise ValidationError(_("This measure cannot be broken down that way: {name}.")
                                  .format(name=indicator.name_fr), "indicators")
        if indicator.yearly_target is not None and indicator.yearly_target < 0:
            raise ValidationError(_("A target cannot be negative."), "indicators")


def _write_links(project_id: int, data: ProjectData) -> None:
    ProjectActivity.delete().where(ProjectActivity.project == project_id).execute()
    for activity_id in sorted(set(data.activity_ids)):
        ProjectActivity.create(project=project_id, activity=activity_id)
    Indicator.delete().where(Indicator.project == project_id).execute()
    for position, indicator in enumerate(data.indicators):
        Indicator.create(project=project_id, position=position,
                         name_fr=indicator.name_fr.strip(), name_ar=indicator.name_ar.strip(),
                         measure=indicator.measure, disaggregation=indicator.disaggregation,
                         yearly_target=indicator.yearly_target)


def save_project(actor: Actor, data: ProjectData, project_id: int | None = None) -> int:
    require(actor, Permission.MANAGE_ACTIVITIES)
    validate(data)
    values = dict(name=data.name.strip(), donor=data.donor.strip(),
                  start_date=data.start_date, end_date=data.end_date)
    with transaction():
        if project_id is None:
            project_id = Project.create(**values).id
            action = "create"
        else:
            if Project.update(**values).where(Project.id == project_id).execute() == 0:
                raise NotFound(_("This project no longer exists."))
            action = "update"
        _write_links(project_id, data)
        audit.record(actor, action, "project", project_id,
                     f"indicators={len(data.indicators)}")
    return project_id


def delete_project(actor: Actor, project_id: int) -> None:
    require(actor, Permission.MANAGE_ACTIVITIES)
    with transaction():
        Project.delete().where(Project.id == project_id).execute()
        audit.record(actor, "delete", "project", project_id)


def list_projects(actor: Actor) -> list[ProjectRow]:
    require(actor, Permission.VIEW_ATTENDANCE)
    counts = dict(Indicator._meta.database.execute_sql(
        "SELECT project_id, count(*) FROM indicator GROUP BY 1").fetchall())
    return [ProjectRow(id_, name, donor, start, end, counts.get(id_, 0))
            for id_, name, donor, start, end in Project.select(
                Project.id, Project.name, Project.donor, Project.start_date,
                Project.end_date).order_by(Project.start_date.desc(), Project.name).tuples()]


def project_data(actor: Actor, project_id: int) -> ProjectData:
    require(actor, Permission.VIEW_ATTENDANCE)
    project = Project.get_or_none(Project.id == project_id)
    if project is None:
        raise NotFound(_("This project no longer exists."))
    activities = [row[0] for row in ProjectActivity.select(ProjectActivity.activity).where(
        ProjectActivity.project == project_id).tuples()]
    indicators = [IndicatorData(i.name_fr, i.name_ar, i.measure, i.disaggregation,
                                i.yearly_target)
                  for i in Indicator.select().where(Indicator.project == project_id)
                  .order_by(Indicator.position)]
    return ProjectData(project.name, project.donor, project.start_date, project.end_date,
                       activities, indicators)


@dataclass
class OutreachData:
    on_date: dt.date
    kind: str
    title: str
    place: str = ""
    project_id: int | None = None
    # (audience, sex, age band) → people counted
    counts: dict[tuple[str, str, str], int] = field(default_factory=dict)


def record_outreach(actor: Actor, data: OutreachData) -> int:
    require(actor, Permission.MANAGE_ACTIVITIES)
    if not data.title.strip():
        raise ValidationError(_("Give the session a title."), "title")
    if data.kind not in OUTREACH_KIND:
        raise ValidationError(_("Choose the kind of session."), "kind")
    for (audience, sex, band), count in data.counts.items():
        if audience not in AUDIENCE or sex not in ("f", "m") or band not in AGE_BANDS:
            raise ValidationError(_("Unknown group of people counted."), "counts")
        if count < 0:
            raise ValidationError(_("A headcount cannot be negative."), "counts")
    with transaction():
        event = OutreachEvent.create(on_date=data.on_date, kind=data.kind,
                                     title=data.title.strip(), place=data.place.strip(),
                                     project=data.project_id)
        OutreachHeadcount.insert_many(
            [dict(event=event.id, audience=a, sex=s, age_band=b, count=c)
             for (a, s, b), c in data.counts.items() if c]).execute() if any(
            data.counts.values()) else None
        audit.record(actor, "create", "outreach_event", event.id,
                     f"people={sum(data.counts.values())}")
    return event.id


@dataclass(frozen=True)
class OutreachRow:
    id: int
    on_date: dt.date
    kind: str
    title: str
    project: str
    people: int


def list_outreach(actor: Actor) -> list[OutreachRow]:
    """The awareness sessions recorded, newest first, with the people counted at each."""
    require(actor, Permission.VIEW_ATTENDANCE)
    rows = OutreachEvent._meta.database.execute_sql(
        "SELECT e.id, e.on_date, e.kind, e.title, coalesce(p.name, ''), "
        "coalesce((SELECT sum(h.count) FROM outreach_headcount h WHERE h.event_id = e.id), 0) "
        "FROM outreach_event e LEFT JOIN project p ON p.id = e.project_id "
        "ORDER BY e.on_date DESC, e.id DESC").fetchall()
    return [OutreachRow(id_, dt.date.fromisoformat(str(on_date)[:10]), kind, title, project,
                        people) for id_, on_date, kind, title, project, people in rows]


def delete_outreach(actor: Actor, event_id: int) -> None:
    """A session recorded by mistake (or with a wrong headcount: record it again), gone with
    its headcounts."""
    require(actor, Permission.MANAGE_ACTIVITIES)
    with transaction():
        OutreachHeadcount.delete().where(OutreachHeadcount.event == event_id).execute()
        if OutreachEvent.delete().where(OutreachEvent.id == event_id).execute() == 0:
            raise NotFound(_("This session no longer exists."))
        audit.record(actor, "delete", "outreach_event", event_id)
