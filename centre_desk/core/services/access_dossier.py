"""The right of access (law 09-08, art. 7): "Dossier de la personne", everything the centre holds
about one child, or about one guardian, as a PDF for the family's request. What the requester's
role may not read (health, the social inquiry, confidential timeline entries) is left out here,
in the core, and the dossier lists who consulted the confidential sections and when."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from centre_desk.core.documents.sectioned import Section, SectionedDocument, render
from centre_desk.core.documents.text import isolate
from centre_desk.core.errors import NotFound
from centre_desk.core.i18n import _, current_language, format_date, format_datetime, is_rtl
from centre_desk.core.models import (
    Activity,
    Attendance,
    Centre,
    Certificate,
    Child,
    ChildEntry,
    ChildGuardian,
    Consent,
    FollowUp,
    FollowUpTask,
    Guardian,
    Household,
    HouseholdDocument,
    HouseholdMember,
    Session,
    transaction,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit, audit_search, consents
from centre_desk.core.services.activity_names import shown_name_sql
from centre_desk.core.vocabulary import (
    ADULT_SEX,
    CIVIL_STATUS,
    DOCUMENT_KIND,
    CIVIL_STEP,
    EXIT_REASON,
    FOLLOW_UP_KIND,
    HEALTH_COVERAGE,
    HEALTH_VISIT,
    MEMBER_RELATION,
    NATIONALITY,
    REFERRAL,
    RELATION,
    SCHOOL_ENTRY,
    SCHOOL_STATUS,
    SEX,
    STATUS,
    TASK_REASON,
    label,
    marital_label,
)

# Section keys, in the dossier's order; the confidential ones need VIEW_CONFIDENTIAL.
CHILD_SECTIONS = ("identity", "family", "school", "civil", "health", "social_inquiry",
                  "timeline", "attendance", "certificates", "consents", "consultations")
CONFIDENTIAL = frozenset({"health", "social_inquiry"})


def _piece(value: object) -> str:
    """A value as the dossier prints it: in Arabic, a Latin name, a phone or an address is kept
    in one left-to-right piece ("105 rue 12, Oulfa", not "rue 12, Oulfa 105")."""
    text = str(value)
    # A date already carries its own marks (format_date): it reads day first, on the right.
    return isolate(text) if is_rtl() and "\u200f" not in text else text


def _line(name: str, value: object) -> str:
    return f"{name} : {_piece(value) if value not in (None, '') else '—'}"


def _joined(parts) -> str:
    """Parts of one line (a guardian, a consent, an entry) between dashes, empty ones left out."""
    return " — ".join(_piece(part) for part in parts if part)


def _centre() -> dict[str, str]:
    """The centre's name and city in the dossier's language."""
    from centre_desk.core.services.letterhead import printed

    return printed(Centre.get_by_id(1), current_language())


def _headings() -> dict[str, str]:
    return {"identity": _("Identity"), "family": _("Family"), "school": _("School"),
            "civil": _("Civil registration"), "health": _("Health"),
            "social_inquiry": _("Situation (social inquiry)"), "timeline": _("Timeline"),
            "attendance": _("Attendance"), "certificates": _("Certificates"),
            "consents": _("Consents"),
            "consultations": _("Who consulted the confidential sections")}


def allowed_sections(actor: Actor) -> tuple[str, ...]:
    confidential = actor.can(Permission.VIEW_CONFIDENTIAL)
    return tuple(key for key in CHILD_SECTIONS if confidential or key not in CONFIDENTIAL)


def _entries(child_id: int, section: str, kinds) -> list[str]:
    rows = ChildEntry.select().where((ChildEntry.child == child_id)
                                     & (ChildEntry.section == section)).order_by(
        ChildEntry.on_date)
    return [_joined((format_date(row.on_date), label(kinds, row.kind), row.label, row.person,
                     row.note)) for row in rows]


def _identity(child: Child) -> list[str]:
    from centre_desk.core.services.children import birth_text

    return [_line(_("File number"), child.file_number),
            _line(_("Name"), f"{child.first_name_latin} {child.last_name_latin}".strip()),
            _line(_("Name in Arabic"),
                  f"{child.first_name_arabic} {child.last_name_arabic}".strip()),
            _line(_("Sex"), label(SEX, child.sex)),
            _line(_("Birth"), birth_text(child.birth_precision, child.birth_date,
                                         child.birth_year)),
            _line(_("Place of birth"), child.birth_place),
            _line(_("Nationality"), label(NATIONALITY, child.nationality)),
            _line(_("Entry date"), format_date(child.entry_date)),
            _line(_("Referred by"), label(REFERRAL, child.referral)),
            _line(_("Emergency phone"), child.emergency_phone),
            _line(_("Photo kept"), _("yes") if child.photo else _("no")),
            _line(_("Status"), label(STATUS, child.status)),
            _line(_("Exit date"), format_date(child.exit_date)),
            _line(_("Exit reason"), label(EXIT_REASON, child.exit_reason))]


def _family(child: Child) -> list[str]:
    lines = []
    household = Household.get_or_none(Household.id == child.household_id)
    if household is not None:
        lines += [_line(_("Household"), household.name),
                  _line(_("Address"), f"{household.address} {household.neighbourhood}".strip()),
                  _line(_("Phone"), " / ".join(p for p in (household.phone, household.phone2)
                                               if p))]
    links = (ChildGuardian.select(ChildGuardian.relation, Guardian)
             .join(Guardian).where(ChildGuardian.child == child.id))
    for link in links:
        guardian = link.guardian
        lines.append(_joined((
            label(RELATION, link.relation), guardian.name_latin or guardian.name_arabic,
            guardian.phone, guardian.cin and _("CIN {number}").format(number=guardian.cin),
            marital_label(guardian.marital_status, guardian.sex))))
    return lines


def _social_inquiry(child: Child) -> list[str]:
    household = Household.get_or_none(Household.id == child.household_id)
    if household is None:
        return []
    return [_line(_("Housing"), household.housing), _line(_("Income"), household.income),
            _line(_("Difficulties"), household.difficulties)]


def _timeline(actor: Actor, child: Child) -> list[str]:
    """The child's timeline entries, then the follow-ups its absences opened (with how each
    was closed: the outcome is written about the child too)."""
    query = FollowUp.select().where(FollowUp.child == child.id).order_by(FollowUp.on_date)
    if not actor.can(Permission.VIEW_CONFIDENTIAL):
        query = query.where(FollowUp.confidential == False)  # noqa: E712 (SQL)
    lines = [_joined((format_date(row.on_date), label(FOLLOW_UP_KIND, row.kind), row.note))
             for row in query]
    tasks = FollowUpTask.select().where(FollowUpTask.child == child.id).order_by(
        FollowUpTask.created_on, FollowUpTask.id)
    return lines + [_joined((format_date(task.created_on), label(TASK_REASON, task.reason),
                             task.outcome)) for task in tasks]


def _attendance(child_id: int) -> list[str]:
    query = (Attendance.select(shown_name_sql(), Attendance.mark)
             .join(Session).join(Activity)
             .where(Attendance.child == child_id).tuples())
    counts: dict[str, dict[str, int]] = {}
    for activity, mark in query:
        counts.setdefault(activity, {}).setdefault(mark, 0)
        counts[activity][mark] += 1
    return [_("{activity}: {present} present, {absent} absent, {excused} excused").format(
        activity=_piece(activity), present=marks.get("P", 0) + marks.get("L", 0),
        absent=marks.get("A", 0), excused=marks.get("E", 0))
        for activity, marks in sorted(counts.items())]


def _certificates(child_id: int) -> list[str]:
    query = Certificate.select().where(Certificate.child == child_id).order_by(
        Certificate.issued_at)
    from centre_desk.core.services.wording import KINDS

    return [_joined((
        row.serial, _(KINDS[row.kind]) if row.kind in KINDS else row.kind,
        format_datetime(row.issued_at),
        row.cancelled_at and _("cancelled on {date}").format(
            date=format_datetime(row.cancelled_at)))) for row in query]


def _consents(actor: Actor, child_id: int) -> list[str]:
    lines = []
    for row in consents.list_consents(actor, child_id=child_id):
        state = _("given") if row.given else _("refused")
        if row.withdrawn_on:
            state = _("withdrawn on {date}").format(date=format_date(row.withdrawn_on))
        lines.append(_joined((
            consents.purpose_label(row.purpose), row.partner, state,
            format_date(row.given_on), row.guardian_name,
            row.household_id and _("for the household"))))
    return lines


def _consultations(child: Child) -> list[str]:
    rows = audit_search.consultations("child", child.id)
    if child.household_id is not None:
        rows += audit_search.consultations("household", child.household_id)
    return [_joined((format_datetime(row.at), row.full_name or row.username,
                     _(audit_search.CONFIDENTIAL_SECTIONS.get(row.section, row.section))))
            for row in sorted(rows, key=lambda row: row.at)]


def child_sections(actor: Actor, child_id: int) -> dict[str, list[str]]:
    """The dossier's content, section by section, only what the actor's role may read."""
    require(actor, Permission.EDIT_CHILDREN)
    child = Child.get_or_none(Child.id == child_id)
    if child is None:
        raise NotFound(_("This file no longer exists."))
    builders = {
        "identity": lambda: _identity(child),
        "family": lambda: _family(child),
        "school": lambda: [_line(_("Schooling"), label(SCHOOL_STATUS, child.school_status)),
                           _line(_("School"), child.school_name),
                           _line(_("Level"), child.school_level)]
        + _entries(child.id, "school", SCHOOL_ENTRY),
        "civil": lambda: [_line(_("Civil registration"), label(CIVIL_STATUS,
                                                                child.civil_status))]
        + _entries(child.id, "civil", CIVIL_STEP),
        "health": lambda: [_line(_("Health coverage"), label(HEALTH_COVERAGE,
                                                             child.health_coverage)),
                           _line(_("Notes"), child.health_notes)]
        + _entries(child.id, "health", HEALTH_VISIT),
        "social_inquiry": lambda: _social_inquiry(child),
        "timeline": lambda: _timeline(actor, child),
        "attendance": lambda: _attendance(child.id),
        "certificates": lambda: _certificates(child.id),
        "consents": lambda: _consents(actor, child.id),
        "consultations": lambda: _consultations(child),
    }
    return {key: builders[key]() for key in allowed_sections(actor)}


def write_child_dossier(actor: Actor, child_id: int, path: Path) -> Path:
    """The PDF in the program's current language; the export is audited."""
    sections = child_sections(actor, child_id)
    child = Child.get_by_id(child_id)
    identity = _centre()
    headings = _headings()
    document = SectionedDocument(
        title=_("Personal dossier — {number}").format(number=child.file_number),
        subtitle=_("{centre}, {city}. Everything the centre holds about this child, on "
                   "{date}, for the right of access (law 09-08).").format(
            centre=_piece(identity["name"]), city=_piece(identity["city"]),
            date=format_date(dt.date.today())),
        rtl=is_rtl(), author=identity["name"],
        sections=tuple(Section(headings[key], tuple(lines)) for key, lines in sections.items()),
        footer=_("Personal dossier — {number}").format(number=child.file_number),
        notes=() if actor.can(Permission.VIEW_CONFIDENTIAL) else (
            _("Health and the social inquiry are not included: the role of the person who "
              "printed this dossier does not allow reading them."),))
    render(document, path)
    with transaction():
        audit.record(actor, "export", "child", child_id, "access_dossier;sections=" + ",".join(
            sections))
        _record_reads(actor, "child", child_id, [key for key in ("health",) if key in sections])
        if child.household_id is not None and "social_inquiry" in sections:
            _record_reads(actor, "household", child.household_id, ["social_inquiry"])
        if actor.can(Permission.VIEW_CONFIDENTIAL) and FollowUp.select().where(
                (FollowUp.child == child_id) & FollowUp.confidential).exists():
            _record_reads(actor, "child", child_id, ["follow_up"])
    return path


def _record_reads(actor: Actor, entity: str, entity_id: int, sections) -> None:
    """Printing a confidential section is reading it: it shows in the audit's reads and in the
    next dossier's consultations, like opening it on screen."""
    for section in sections:
        audit.record(actor, audit_search.READ, entity, entity_id, f"section={section}")


def guardian_sections(actor: Actor, guardian_id: int) -> dict[str, list[str]]:
    """A guardian's own dossier: identity, household, children followed, consents signed."""
    require(actor, Permission.EDIT_CHILDREN)
    guardian = Guardian.get_or_none(Guardian.id == guardian_id)
    if guardian is None:
        raise NotFound(_("This guardian no longer exists."))
    identity = [_line(_("Name"), guardian.name_latin), _line(_("Name in Arabic"),
                                                             guardian.name_arabic),
                _line(_("CIN"), guardian.cin), _line(_("Phone"), guardian.phone),
                _line(_("Occupation"), guardian.occupation),
                _line(_("Marital status"), marital_label(guardian.marital_status,
                                                                    guardian.sex))]
    children = [_joined((number, label(RELATION, relation))) for number, relation in (
        ChildGuardian.select(Child.file_number, ChildGuardian.relation).join(Child)
        .where(ChildGuardian.guardian == guardian_id).tuples())]
    identity += [_line(_("Sex"), label(ADULT_SEX, guardian.sex)),
                 _line(_("Lives in the household"),
                       _("yes") if guardian.lives_in_household else _("no"))]
    signed = [_joined((consents.purpose_label(row.purpose), format_date(row.given_on),
                          _("given") if row.given else _("refused"))
                         + ((_("withdrawn on {date}").format(
                             date=format_date(row.withdrawn_on)),) if row.withdrawn_on else ()))
              for row in Consent.select().where(Consent.guardian == guardian_id).order_by(
                  Consent.given_on)]
    sections = {"identity": identity, **_household_sections(actor, guardian.household_id),
                "children": children, "consents": signed}
    sections["consultations"] = [
        _joined((format_datetime(row.at), row.full_name or row.username,
                 _(audit_search.CONFIDENTIAL_SECTIONS.get(row.section, row.section))))
        for row in audit_search.consultations("household", guardian.household_id)]
    return sections


def _household_sections(actor: Actor, household_id: int) -> dict[str, list[str]]:
    """What the centre holds about a guardian's household: where and with whom they live, the
    papers given, its timeline and, for the roles that read it, its social inquiry."""
    household = Household.get_by_id(household_id)
    family = [_line(_("Household"), household.name),
              _line(_("Address"), f"{household.address} {household.neighbourhood}".strip()),
              _line(_("Phone"), " / ".join(p for p in (household.phone, household.phone2) if p))]
    family += [_joined((member.name, label(MEMBER_RELATION, member.relation),
                        member.birth_year, member.occupation, member.note))
               for member in HouseholdMember.select().where(
                   HouseholdMember.household == household_id).order_by(HouseholdMember.id)]
    family += [_joined((label(DOCUMENT_KIND, document.kind), format_date(document.received_on),
                        document.note))
               for document in HouseholdDocument.select().where(
                   HouseholdDocument.household == household_id).order_by(
                   HouseholdDocument.received_on)]
    timeline = FollowUp.select().where(FollowUp.household == household_id).order_by(
        FollowUp.on_date, FollowUp.id)
    confidential = actor.can(Permission.VIEW_CONFIDENTIAL)
    if not confidential:
        timeline = timeline.where(FollowUp.confidential == False)  # noqa: E712 (SQL)
    sections = {"family": family, "timeline": [
        _joined((format_date(row.on_date), label(FOLLOW_UP_KIND, row.kind), row.note))
        for row in timeline]}
    if confidential:
        sections["social_inquiry"] = [_line(_("Housing"), household.housing),
                                      _line(_("Income"), household.income),
                                      _line(_("Difficulties"), household.difficulties)]
    return sections


def write_guardian_dossier(actor: Actor, guardian_id: int, path: Path) -> Path:
    sections = guardian_sections(actor, guardian_id)
    identity = _centre()
    headings = {**_headings(), "identity": _("Identity"), "children": _("Children followed"),
                "consents": _("Consents")}
    document = SectionedDocument(
        title=_("Personal dossier of a guardian"),
        subtitle=_("{centre}, {city}. Everything the centre holds about this person, on "
                   "{date}, for the right of access (law 09-08).").format(
            centre=_piece(identity["name"]), city=_piece(identity["city"]),
            date=format_date(dt.date.today())),
        rtl=is_rtl(), author=identity["name"], footer=_("Personal dossier of a guardian"),
        sections=tuple(Section(headings[key], tuple(lines)) for key, lines in sections.items()))
    render(document, path)
    household_id = Guardian.get_by_id(guardian_id).household_id
    with transaction():
        audit.record(actor, "export", "guardian", guardian_id, "access_dossier")
        if "social_inquiry" in sections:
            _record_reads(actor, "household", household_id, ["social_inquiry"])
        if actor.can(Permission.VIEW_CONFIDENTIAL) and FollowUp.select().where(
                (FollowUp.household == household_id) & FollowUp.confidential).exists():
            _record_reads(actor, "household", household_id, ["follow_up"])
    return path
