"""The audit trail in words. Events keep their details as codes (``fields=sex,status``,
``reason=absences_in_row;detail=3``) so that they hold no personal data and stay readable in any
language; this module says them in the user's language ("Follow-up opened: 3 absences in a
row"). A code it does not know is shown as it is rather than lost."""
from __future__ import annotations

from centre_desk.core.i18n import N_, _, format_percent, join_list, ngettext
from centre_desk.core.vocabulary import DOCUMENT_KIND, label

# The labels the screens give these fields (the same strings, so the same translations).
FIELDS = {
    "first_name_latin": N_("First name"), "last_name_latin": N_("Family name"),
    "first_name_arabic": N_("First name (Arabic)"), "last_name_arabic": N_("Family name (Arabic)"),
    "sex": N_("Sex"), "birth_precision": N_("Birth"), "birth_date": N_("Birth"),
    "birth_year": N_("Birth"), "birth_place": N_("Place of birth"),
    "nationality": N_("Nationality"), "entry_date": N_("Date of entry"),
    "referral": N_("Referred by"), "referral_detail": N_("Referral details"),
    "emergency_phone": N_("Emergency phone"), "photo_consent": N_("Photo"), "photo": N_("Photo"),
    "status": N_("Status"), "exit_date": N_("Exit date"), "exit_reason": N_("Exit reason"),
    "school_status": N_("School situation"), "school_name": N_("School"),
    "school_level": N_("School"), "civil_status": N_("Civil registration"),
    "health_coverage": N_("Health coverage"), "health_notes": N_("Notes"),
    "name": N_("Name"), "address": N_("Address"), "neighbourhood": N_("Neighbourhood"),
    "phone": N_("Phone"), "phone2": N_("Other phone"), "housing": N_("Housing"),
    "income": N_("Income"), "difficulties": N_("Known difficulties"),
    "city": N_("City"), "association": N_("Association"), "file_prefix": N_("File prefix"),
    "default_language": N_("Language at login"), "logo_png": N_("Logo"),
    "full_name": N_("Full name"), "role": N_("Role"), "active": N_("Active"),
    "language": N_("Language"),
    # The letterhead (Settings), with the labels of its form.
    "name_ar": N_("Centre name in Arabic"), "association_ar": N_("Association in Arabic"),
    "city_ar": N_("City in Arabic"), "address_ar": N_("Address in Arabic"),
    "registration": N_("Registration"), "registration_ar": N_("Registration in Arabic"),
    "signatory_name": N_("Signatory"), "signatory_title": N_("Signatory's title"),
    "signatory_name_ar": N_("Signatory in Arabic"),
    "signatory_title_ar": N_("Signatory's title in Arabic"),
}
SECTIONS = {"school": N_("School"), "civil": N_("Civil registration"), "health": N_("Health"),
            "social_inquiry": N_("Situation (social inquiry)"),
            "follow_up": N_("Confidential follow-up entries")}
# What a merge moved from the duplicate file, by table.
TABLES = {
    "attendance": N_("marks"), "enrolment": N_("enrolments"), "certificate": N_("certificates"),
    "child_entry": N_("entries"), "follow_up": N_("timeline entries"),
    "follow_up_task": N_("follow-up tasks"), "child_guardian": N_("guardians"),
    # What an import created (issue 12).
    "children": N_("children"), "households": N_("households"), "guardians": N_("guardians"),
    "archived": N_("archived"), "sessions": N_("sessions"), "marks": N_("marks"),
}
WORDS = {
    "attendance_rules": N_("attendance rules"), "signatory": N_("signatory"),
    "sign_in_sheet": N_("sign-in sheet"), "sign_in_sheet_week": N_("sign-in sheet for the week"),
}


def _labels(table: dict[str, str], codes: str) -> str:
    shown: list[str] = []
    for code in codes.split(","):
        text = _(table[code]) if code in table else code
        if code and text not in shown:
            shown.append(text)
    return join_list(shown)


def _percent(detail: str) -> str:
    number = detail.rstrip("%").strip()
    return format_percent(int(number)) if number.isdigit() else detail


def _follow_up(reason: str, detail: str) -> str:
    if reason == "absences_in_row" and detail.isdigit():
        count = int(detail)
        return ngettext("Follow-up opened: {n} absence in a row",
                        "Follow-up opened: {n} absences in a row", count).format(n=count)
    if reason == "absences_in_row":
        return _("Follow-up opened: absent several times in a row")
    if reason == "low_rate":
        if detail:
            return _("Follow-up opened: attendance at {rate} over the last weeks").format(
                rate=_percent(detail))
        return _("Follow-up opened: low attendance over the last weeks")
    return _("Follow-up opened: {reason}").format(reason=reason)


def _pair(key: str, value: str) -> str:
    from centre_desk.core.security import ROLE_LABELS, Role

    if key == "fields":
        return _("changed: {fields}").format(fields=_labels(FIELDS, value))
    if key == "section":
        return _("section: {section}").format(section=_labels(SECTIONS, value))
    if key == "role":
        role = _(ROLE_LABELS[Role(value)]) if value in Role._value2member_map_ else value
        return _("role: {role}").format(role=role)
    if key == "document":
        return _("document: {document}").format(document=label(DOCUMENT_KIND, value))
    if key == "kind":
        from centre_desk.core.services.wording import KINDS
        return _(KINDS[value]) if value in KINDS else value
    if key == "child":
        return _("child #{id}").format(id=value)
    if key == "household":
        return _("household #{id}").format(id=value)
    if key == "enrolment":
        return _("enrolment #{id}").format(id=value)
    if key == "change":
        return _("reason kept with change #{id}").format(id=value)
    if key == "duplicate":
        return _("file #{id} merged into this one").format(id=value)
    if key == "confidential":
        return _("confidential") if value == "1" else _("not confidential")
    if key == "attendance_year":
        return _("attendance of {year}").format(year=value)
    if key in TABLES and value.isdigit():
        return f"{_(TABLES[key])} {value}"
    return f"{key}={value}"


def describe(action: str, entity: str, detail: str) -> str:
    """An event's detail as words in the current language."""
    if not detail:
        return ""
    pairs = [part.split("=", 1) if "=" in part else (part, None)
             for part in detail.split(";") if part]
    values = {key: value for key, value in pairs if value is not None}
    if entity == "follow_up_task" and "reason" in values:
        return _follow_up(values["reason"], values.get("detail", ""))
    if "from" in values and "to" in values:
        return _("from household #{old} to household #{new}").format(old=values["from"],
                                                                     new=values["to"])
    if entity == "certificate_wording" and "/" in detail:
        from centre_desk.core.services.wording import KINDS
        kind, language = detail.split("/", 1)
        return f"{_(KINDS[kind]) if kind in KINDS else kind} ({language.upper()})"
    words = []
    for key, value in pairs:
        if value is None:
            words.append(_(WORDS[key]) if key in WORDS else key)
        else:
            words.append(_pair(key, value))
    return " · ".join(words)
