"""The words put into a certificate's wording: the child's name, birth and file number, the
activity, the dates and figures, and the words that agree with the child's sex in French and in
Arabic (الطفل/الطفلة، شارك/شاركت، inscrit/inscrite). A child whose sex is not recorded gets the
neutral forms "(e)" and "(ة)"."""
from __future__ import annotations

import datetime as dt

from centre_desk.core.documents.text import isolate
from centre_desk.core.i18n import N_, format_date, format_percent, translate_in

PERIOD = N_("{start} to {end}")

# Gendered words do not go through gettext: they differ by the child's sex, not by language
# alone. "n" is the neutral form, for a sex not recorded.
BORN = {
    "fr": {"exact": {"f": "née le {date}", "m": "né le {date}", "n": "né(e) le {date}"},
           "about": {"f": "née vers {year}", "m": "né vers {year}", "n": "né(e) vers {year}"},
           "year": {"f": "née en {year}", "m": "né en {year}", "n": "né(e) en {year}"},
           "unknown": {"f": "date de naissance inconnue", "m": "date de naissance inconnue",
                       "n": "date de naissance inconnue"}},
    "ar": {"exact": {"f": "المزدادة بتاريخ {date}", "m": "المزداد بتاريخ {date}",
                     "n": "المزداد(ة) بتاريخ {date}"},
           "about": {"f": "المزدادة حوالي سنة {year}", "m": "المزداد حوالي سنة {year}",
                     "n": "المزداد(ة) حوالي سنة {year}"},
           "year": {"f": "المزدادة سنة {year}", "m": "المزداد سنة {year}",
                    "n": "المزداد(ة) سنة {year}"},
           "unknown": {"f": "تاريخ ازديادها غير معروف", "m": "تاريخ ازدياده غير معروف",
                       "n": "تاريخ الازدياد غير معروف"}},
}
GENDERED = {
    "enfant": {"fr": {"f": "l'enfant", "m": "l'enfant", "n": "l'enfant"},
               "ar": {"f": "الطفلة", "m": "الطفل", "n": "الطفل(ة)"}},
    "inscrit": {"fr": {"f": "inscrite", "m": "inscrit", "n": "inscrit(e)"},
                "ar": {"f": "مسجلة", "m": "مسجل", "n": "مسجل(ة)"}},
    "participe": {"fr": {"f": "a participé", "m": "a participé", "n": "a participé"},
                  "ar": {"f": "شاركت", "m": "شارك", "n": "شارك(ت)"}},
    "assiste": {"fr": {"f": "a assisté", "m": "a assisté", "n": "a assisté"},
                "ar": {"f": "حضرت", "m": "حضر", "n": "حضر(ت)"}},
    "suivi": {"fr": {"f": "a suivi", "m": "a suivi", "n": "a suivi"},
              "ar": {"f": "تابعت", "m": "تابع", "n": "تابع(ت)"}},
    "a_interesse": {"fr": {"f": "à l'intéressée", "m": "à l'intéressé",
                           "n": "à l'intéressé(e)"},
                    "ar": {"f": "للمعنية بالأمر", "m": "للمعني بالأمر",
                           "n": "للمعني(ة) بالأمر"}},
}
# "à l'activité « Chorale »", or the centre as a whole when no activity was chosen.
# French keeps the guillemets on the name's line (no-break spaces).
IN_ACTIVITY = {"fr": "à l'activité «\u00a0{name}\u00a0»", "ar": "في نشاط «{name}»"}
IN_CENTRE = {"enrolment": {"fr": "au centre", "ar": "بالمركز"},
             "other": {"fr": "aux activités du centre", "ar": "في أنشطة المركز"}}
ALL_ACTIVITIES = {"fr": "toutes les activités du centre", "ar": "جميع أنشطة المركز"}


def long_date(value: dt.date | None, language: str) -> str:
    """A date in words; French writes the first of the month "1er"."""
    text = format_date(value, long=True, language=language)
    if language == "fr" and value is not None and value.day == 1 and text.startswith("1 "):
        text = "1er " + text[2:]
    return text


def sex_key(sex: str) -> str:
    return sex if sex in ("f", "m") else "n"


def values(child, kind: str, language: str, found, since: dt.date | None,
           period: tuple[dt.date | None, dt.date | None], printed: dict[str, str],
           activity) -> dict[str, str]:
    """Every placeholder's value for one child in one language. ``printed`` is the
    letterhead in that language (services.letterhead.printed); ``activity`` a model or None."""
    sex = sex_key(child.sex)
    latin = f"{child.first_name_latin} {child.last_name_latin}".strip()
    arabic = f"{child.first_name_arabic} {child.last_name_arabic}".strip()
    name = (arabic or latin) if language == "ar" else (latin or arabic)
    precision = child.birth_precision if child.birth_precision in BORN[language] else "unknown"
    if activity is not None:
        activity_name = (activity.name_ar or activity.name) if language == "ar" else (
            activity.name or activity.name_ar)
        in_activity = IN_ACTIVITY[language].format(
            name=isolate(activity_name) if language == "ar" else activity_name)
    else:
        activity_name = ALL_ACTIVITIES[language]
        in_activity = IN_CENTRE["enrolment" if kind == "enrolment" else "other"][language]
    start, end = period
    period_text = translate_in(language, PERIOD).format(
        start=long_date(start, language), end=long_date(end, language)) if start and end else ""

    def number(value: float) -> str:  # as the reports write it: "28,5" in French and Arabic
        from centre_desk.core.reports.model import number_text

        return number_text(value, 2, language)

    keep = isolate if language == "ar" else (lambda value: value)
    result = {key: keep(value) for key, value in {
        "nom": name,
        "naissance": BORN[language][precision][sex].format(
            date=long_date(child.birth_date, language), year=child.birth_year or ""),
        "dossier": child.file_number,
        "activite": activity_name,
        "depuis": long_date(since, language) if since else "",
        "periode": period_text,
        "seances": str(found.held) if found else "",
        "presences": str(found.attended) if found else "",
        "heures": number(found.hours) if found else "",
        "taux": format_percent(found.rate, language) if found and found.rate is not None else "",
        "centre": printed["name"],
        "association": printed["association"],
        "ville": printed["city"],
    }.items()}
    result["a_activite"] = in_activity
    result.update({key: forms[language][sex] for key, forms in GENDERED.items()})
    return result
