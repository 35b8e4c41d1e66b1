"""The register of processing (law 09-08): generated from the centre's settings, ready for the
centre's declaration to the CNDP, in French or Arabic. It flags what needs the CNDP's prior
authorisation rather than a declaration: health data (sensitive), national identity card
numbers, and a transfer abroad when the association's headquarters is set as abroad."""
from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from centre_desk.core.documents.sectioned import Section, SectionedDocument, render
from centre_desk.core.i18n import _, current_language, format_date, is_rtl, set_language
from centre_desk.core.models import Centre, Child, Consent, Guardian, transaction
from centre_desk.core.security import ROLE_LABELS, Actor, Permission, Role, require
from centre_desk.core.services import audit, privacy_settings
from centre_desk.core.services.centre import get_identity
from centre_desk.core.services.letterhead import printed


@contextlib.contextmanager
def in_language(language: str):
    previous = current_language()
    set_language(language)
    try:
        yield
    finally:
        set_language(previous)


def authorisation_flags() -> list[str]:
    """What needs the CNDP's prior authorisation, in the current language."""
    flags = [_("Health data of children (sensitive data): prior authorisation of the CNDP.")]
    if Guardian.select().where(Guardian.cin != "").exists():
        flags.append(_("National identity card numbers (CIN) of guardians are recorded: prior "
                       "authorisation of the CNDP. The CIN fields are optional; leave them "
                       "empty when not needed."))
    if privacy_settings.hq_abroad():
        flags.append(_("Transfer abroad: the association's headquarters is outside Morocco; "
                       "sending data there needs the CNDP's authorisation (transfer form)."))
    return flags


def _partners() -> tuple[str, ...]:
    """The partners the consent register names (whatever the answer), as recipients."""
    names = sorted({name for (name,) in Consent.select(Consent.partner).where(
        Consent.partner != "").tuples()})
    if not names:
        return ()
    return (_("Partners named in the consent register: {partners}.").format(
        partners=", ".join(names)),)


def build(language: str) -> SectionedDocument:
    with in_language(language):
        identity = get_identity()
        rules = privacy_settings.retention_rules()
        children = Child.select().where(Child.erased_at.is_null()).count()
        abroad = privacy_settings.hq_abroad()
        roles = [f"{_(ROLE_LABELS[role])}" for role in Role]
        shown = printed(Centre.get_by_id(1), language)  # the Arabic names in Arabic
        sections = (
            Section(_("Controller"), (
                f"{shown['name']} — {shown['city']}",
                _("Managed by: {association}").format(association=identity.association
                                                      and shown["association"] or "—"))
                + tuple(line for line in (shown["address"], shown["phone"]) if line)
                + (_("Files currently held: {n}").format(n=children),)),
            Section(_("Purposes"), (
                _("Social and educational follow-up of children and their families."),
                _("Attendance at activities and follow-up of absences."),
                _("Certificates of enrolment, attendance and completion."),
                _("Anonymous statistics for the association and its funders."))),
            Section(_("Categories of data"), (
                _("Children: identity, photo (with consent), schooling, civil registration, "
                  "attendance."),
                _("Guardians and household members: identity, phone, occupation, marital "
                  "status, national identity card number (optional)."),
                _("Social inquiry of the household: housing, income, difficulties "
                  "(confidential)."),
                _("Health of children: coverage, notes, visits (sensitive)."),
                _("Consents: purpose, answer, guardian, date, where the signed paper is or its "
                  "scan."),
                _("Staff: name, user name, role, and the audit trail of what they did and "
                  "read."))),
            Section(_("Recipients"), (
                _("The centre's staff, each according to their role: {roles}.").format(
                    roles=", ".join(roles)),
                _("The association's headquarters: pseudonymised data, only for children whose "
                  "guardians consented."),
                _("A named partner: only with the guardians' consent for that partner."))
                + _partners()),
            Section(_("Transfers outside Morocco"), (
                _("Yes: the association's headquarters is abroad.") if abroad
                else _("None: the association's headquarters is in Morocco."),)
                + ((_("What is sent there: counts only, or pseudonymised records of the "
                      "children whose guardians consented to sharing with the "
                      "association."),) if abroad else ()), flagged=abroad),
            Section(_("Retention"), (
                _("Files of children who left: {n} years after their exit, then "
                  "anonymised.").format(n=rules.left_children_years),
                _("Health notes: {n} years after the child's exit.").format(
                    n=rules.health_notes_years),
                _("Audit events: {n} years.").format(n=rules.audit_years),
                _("Every anonymisation is written in a destruction log (category, number, "
                  "date, user)."))),
            Section(_("Security measures"), (
                _("Database encrypted (SQLCipher, AES-256), key kept in the system's "
                  "credential store or an owner-only file."),
                _("Personal accounts with roles; passwords of at least 10 characters, common "
                  "passwords refused, throttling of failed logins."),
                _("The screen locks itself after {n} minutes without use.").format(
                    n=privacy_settings.idle_lock_minutes()),
                _("Audit trail of changes and of reads of confidential sections."),
                _("Backups of the encrypted database."))),
            Section(_("Needs the CNDP's prior authorisation"), tuple(authorisation_flags()),
                    flagged=True),
            Section(_("Rights of the persons concerned"), (
                _("Access: the \"Personal dossier\" (PDF) of a child or of a guardian, given at "
                  "the centre on the guardian's request."),
                _("Rectification: the centre's staff correct the file; every change is kept "
                  "in the audit trail."),
                _("Consent: given or refused in writing for each purpose; a withdrawal takes "
                  "effect at once."))),
        )
        return SectionedDocument(
            title=_("Register of processing of personal data"),
            subtitle=_("{centre} — law 09-08 — drawn up on {date}").format(
                centre=shown["name"], date=format_date(dt.date.today())),
            rtl=is_rtl(), sections=sections, author=shown["name"],
            footer=_("Register of processing of personal data"))


def write_processing_register(actor: Actor, path: Path, language: str = "fr") -> Path:
    require(actor, Permission.EDIT_CENTRE)
    render(build(language), path)
    with transaction():
        audit.record(actor, "export", "processing_register", None, f"language={language}")
    return path
