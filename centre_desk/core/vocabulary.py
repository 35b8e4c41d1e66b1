"""The fixed choices of a child's and a family's file: stored as codes, shown translated."""
from __future__ import annotations

from centre_desk.core.i18n import N_, _

Choices = dict[str, str]

SEX: Choices = {"f": N_("Girl"), "m": N_("Boy")}
ADULT_SEX: Choices = {"f": N_("Woman"), "m": N_("Man")}

BIRTH_PRECISION: Choices = {
    "exact": N_("Exact date"),
    "year": N_("Year only"),
    "about": N_("About (estimated year)"),
    "unknown": N_("Unknown"),
}

REFERRAL: Choices = {
    "street_work": N_("Street-work team"),
    "school": N_("School"),
    "family": N_("Family"),
    "entraide": N_("Entraide Nationale"),
    "court": N_("Court"),
    "partner": N_("Partner association"),
    "other": N_("Other"),
}

STATUS: Choices = {"active": N_("Active"), "left": N_("Left")}

EXIT_REASON: Choices = {
    "back_to_school": N_("Back to school"),
    "vocational_training": N_("Vocational training"),
    "moved_away": N_("Moved away"),
    "family_reunified": N_("Family reunified"),
    "other": N_("Other"),
}

SCHOOL_STATUS: Choices = {
    "in_school": N_("In school"),
    "dropped_out": N_("Dropped out"),
    "never_schooled": N_("Never schooled"),
    "unknown": N_("Not known yet"),
}

CIVIL_STATUS: Choices = {
    "registered": N_("Registered"),
    "in_progress": N_("Procedure under way"),
    "not_registered": N_("Not registered"),
    "unknown": N_("Not known yet"),
}

CIVIL_STEP: Choices = {
    "file_filed": N_("File filed"),
    "hearing": N_("Hearing"),
    "judgement": N_("Judgement"),
    "registration": N_("Registration in the civil register"),
    "document": N_("Document obtained"),
    "other": N_("Other step"),
}

# RAMED was replaced by AMO Tadamon at the end of 2022 (migration 5 moved the old code over).
HEALTH_COVERAGE: Choices = {
    "amo_tadamon": N_("AMO Tadamon"),
    "amo": N_("AMO"),
    "other": N_("Other cover"),
    "none": N_("None"),
    "unknown": N_("Not known yet"),
}

HEALTH_VISIT: Choices = {
    "doctor": N_("Doctor"),
    "hospital": N_("Hospital"),
    "health_centre": N_("Health centre"),
    "dentist": N_("Dentist"),
    "psychologist": N_("Psychologist"),
    "other": N_("Other"),
}

SCHOOL_ENTRY: Choices = {
    "result": N_("Term result"),
    "meeting": N_("Meeting with a teacher"),
}

RELATION: Choices = {
    "mother": N_("Mother"),
    "father": N_("Father"),
    "grandmother": N_("Grandmother"),
    "grandfather": N_("Grandfather"),
    "aunt": N_("Aunt"),
    "uncle": N_("Uncle"),
    "sibling": N_("Elder brother or sister"),
    "tutor": N_("Legal tutor"),
    "other": N_("Other"),
}

MARITAL_STATUS: Choices = {
    "married": N_("Married"),
    "single": N_("Single"),
    "divorced": N_("Divorced"),
    "widowed": N_("Widowed"),
    "separated": N_("Separated"),
    "unknown": N_("Not known"),
}
# The same statuses said of a woman and of a man (French and Arabic agree in gender); the
# forms above, "Marié(e)", only when the sex is not known.
MARITAL_STATUS_OF: dict[str, Choices] = {
    "f": {"married": N_("Married (woman)"), "single": N_("Single (woman)"),
          "divorced": N_("Divorced (woman)"), "widowed": N_("Widowed (woman)"),
          "separated": N_("Separated (woman)")},
    "m": {"married": N_("Married (man)"), "single": N_("Single (man)"),
          "divorced": N_("Divorced (man)"), "widowed": N_("Widowed (man)"),
          "separated": N_("Separated (man)")},
}
# A woman raising children without a partner at home makes a single-mother household.
ALONE = frozenset({"single", "divorced", "widowed", "separated"})

MEMBER_RELATION: Choices = {
    "sibling": N_("Brother or sister"),
    "half_sibling": N_("Half-brother or half-sister"),
    "grandparent": N_("Grandparent"),
    "other": N_("Other relative"),
}

DOCUMENT_KIND: Choices = {
    "birth_certificate": N_("Birth certificate"),
    "livret_de_famille": N_("Family record book (livret de famille)"),
    "guardian_cin": N_("Copy of the guardian's CIN"),
    "school_certificate": N_("School certificate"),
    "residence_certificate": N_("Residence certificate"),
    "medical_certificate": N_("Medical certificate"),
    "photos": N_("ID photos"),
    "parental_consent": N_("Signed consent of the guardian"),
}

FOLLOW_UP_KIND: Choices = {
    "home_visit": N_("Home visit"),
    "phone_call": N_("Phone call"),
    "meeting": N_("Meeting at the centre"),
    "accompaniment": N_("Accompaniment"),
    "referral": N_("Referral to a partner"),
    "other": N_("Other"),
}

ACTIVITY_KIND: Choices = {
    "tutoring": N_("Tutoring (soutien scolaire)"),
    "workshop": N_("Workshop"),
    "preschool": N_("Preschool"),
    "vocational": N_("Vocational training"),
    "parents_group": N_("Parents' group"),
    "womens_group": N_("Women's group"),
    "outing": N_("Outing or event"),
}
# Groups whose participants are adults of the family files.
ADULT_KINDS = frozenset({"parents_group", "womens_group"})

MARK: Choices = {
    "P": N_("Present"),
    "A": N_("Absent"),
    "L": N_("Late"),
    "E": N_("Excused"),
}

# Where a session's roll call stands (computed, not stored).
ROLL_STATE: Choices = {
    "planned": N_("Planned"),
    "not_taken": N_("Not taken"),
    "to_confirm": N_("To confirm"),
    "taken": N_("Taken"),
    "closed": N_("Closed"),
}

TASK_REASON: Choices = {
    "absences_in_row": N_("Absent several times in a row"),
    "low_rate": N_("Low attendance over the last weeks"),
}

WEEKDAYS: Choices = {
    "0": N_("Monday"), "1": N_("Tuesday"), "2": N_("Wednesday"), "3": N_("Thursday"),
    "4": N_("Friday"), "5": N_("Saturday"), "6": N_("Sunday"),
}

AGE_BANDS: dict[str, tuple[str, int, int]] = {
    "0-5": (N_("Under 6"), 0, 5),
    "6-11": (N_("6 to 11"), 6, 11),
    "12-14": (N_("12 to 14"), 12, 14),
    "15-17": (N_("15 to 17"), 15, 17),
    "18+": (N_("18 and over"), 18, 200),
}


def label(choices: Choices, code: str | None) -> str:
    """The translated label of a code; an unknown code is shown as it is rather than lost."""
    if code is None:
        return ""
    return _(choices[code]) if code in choices else code


def marital_label(code: str | None, sex: str | None) -> str:
    """A guardian's marital status, in the form that agrees with the guardian's sex."""
    gendered = MARITAL_STATUS_OF.get(sex or "", {})
    return _(gendered[code]) if code in gendered else label(MARITAL_STATUS, code)


def check(choices: Choices, code: str) -> str:
    if code not in choices:
        raise ValueError(f"unknown code {code!r}")
    return code


# Nationality stays free text (another may be typed). The stored text of one offered here is its
# French name, what files held before the list was translated; it is shown in the language.
NATIONALITY: Choices = {
    "Marocaine": N_("Moroccan"),
    "Sénégalaise": N_("Senegalese"),
    "Ivoirienne": N_("Ivorian"),
    "Guinéenne": N_("Guinean"),
    "Malienne": N_("Malian"),
    "Syrienne": N_("Syrian"),
    "Camerounaise": N_("Cameroonian"),
    "Congolaise": N_("Congolese"),
}


def code_of(choices: Choices, text: str) -> str:
    """The code of a translated label chosen or typed, or the text itself (free text)."""
    return next((code for code, name in choices.items() if _(name) == text), text)
