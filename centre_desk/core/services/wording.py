"""The words of each kind of certificate, per language, with placeholders the centre may move
around or reword (Settings). A missing or unknown placeholder, or one with a format (``{nom:d}``,
``{nom!r}``), is refused when the wording is saved; a wording stored before these rules is
filled without formats, or replaced by the default, so it never spoils a certificate."""
from __future__ import annotations

import re
import string

from centre_desk.core.errors import ValidationError
from centre_desk.core.i18n import N_, _
from centre_desk.core.models import CertificateWording, transaction
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import audit

KINDS = {
    "enrolment": N_("Certificate of enrolment"),
    "attendance": N_("Certificate of attendance"),
    "completion": N_("Certificate of completion"),
}
LANGUAGES = ("fr", "ar")

PLACEHOLDERS = {
    "nom": N_("the child's full name"),
    "naissance": N_("born on … (or about …)"),
    "dossier": N_("the file number"),
    "inscrit": N_("enrolled (with the child's gender)"),
    "activite": N_("the activity (or all of them)"),
    "depuis": N_("the date of enrolment"),
    "periode": N_("the period (from … to …)"),
    "seances": N_("sessions held"),
    "presences": N_("sessions attended"),
    "heures": N_("hours attended"),
    "taux": N_("attendance rate"),
    "centre": N_("the centre's name"),
    "association": N_("the association"),
    "ville": N_("the city"),
    "a_activite": N_("in the activity « … » (or at the centre)"),
    "enfant": N_("the child (with the child's gender)"),
    "participe": N_("took part (with the child's gender)"),
    "assiste": N_("attended (with the child's gender)"),
    "suivi": N_("followed (with the child's gender)"),
    "a_interesse": N_("to the person concerned (with the child's gender)"),
}
MAX_LENGTH = 2000
REQUIRED = {
    "enrolment": ("nom", ("activite", "a_activite"), "depuis"),
    "attendance": ("nom", "periode", "presences"),
    "completion": ("nom", "activite", "periode"),
}

DEFAULTS = {
    ("enrolment", "fr"): (
        "{centre} ({association}) atteste que {enfant} {nom}, {naissance}, dossier n°\u00a0"
        "{dossier}, est {inscrit} {a_activite} depuis le {depuis}.\n"
        "La présente attestation est délivrée {a_interesse} pour servir et valoir ce que de "
        "droit."),
    ("attendance", "fr"): (
        "{centre} ({association}) atteste que {enfant} {nom}, {naissance}, dossier n°\u00a0"
        "{dossier}, {participe} {a_activite} du {periode} : {presences} séances suivies sur "
        "{seances} tenues, soit {heures} heures, avec un taux d'assiduité de {taux}.\n"
        "La présente attestation est délivrée {a_interesse} pour servir et valoir ce que de "
        "droit."),
    ("completion", "fr"): (
        "{centre} ({association}) atteste que {enfant} {nom}, {naissance}, dossier n°\u00a0"
        "{dossier}, {suivi} avec assiduité l'activité «\u00a0{activite}\u00a0» du {periode}, "
        "soit {heures} heures au total.\n"
        "La présente attestation est délivrée {a_interesse} pour servir et valoir ce que de "
        "droit."),
    ("enrolment", "ar"): (
        "تشهد إدارة {centre}، التابع لـ {association}، بأن {enfant} {nom}، {naissance}، "
        "رقم الملف {dossier}، {inscrit} {a_activite} منذ {depuis}.\n"
        "سلمت هذه الشهادة {a_interesse} للإدلاء بها عند الحاجة."),
    ("attendance", "ar"): (
        "تشهد إدارة {centre}، التابع لـ {association}، بأن {enfant} {nom}، {naissance}، "
        "رقم الملف {dossier}، قد {participe} {a_activite} من {periode}: {assiste} {presences} "
        "حصة من أصل {seances}، أي {heures} ساعة، بنسبة مواظبة قدرها {taux}.\n"
        "سلمت هذه الشهادة {a_interesse} للإدلاء بها عند الحاجة."),
    ("completion", "ar"): (
        "تشهد إدارة {centre}، التابع لـ {association}، بأن {enfant} {nom}، {naissance}، "
        "رقم الملف {dossier}، قد {suivi} بمواظبة نشاط «{activite}» من {periode}، أي ما "
        "مجموعه {heures} ساعة.\n"
        "سلمت هذه الشهادة {a_interesse} للإدلاء بها عند الحاجة."),
}


def _parts(text: str) -> list[tuple[str, str | None, str, str | None]]:
    try:
        return list(string.Formatter().parse(text))
    except ValueError:
        raise ValidationError(_("A brace is not closed: write placeholders as {nom}."),
                              "wording") from None


def placeholders_in(text: str) -> list[str]:
    return [name for _literal, name, _spec, _conversion in _parts(text) if name is not None]


def check(kind: str, text: str) -> None:
    if not text.strip():
        raise ValidationError(_("The wording is empty."), "wording")
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("The wording is longer than {n} characters.").format(
            n=MAX_LENGTH), "wording")
    found = []
    for _literal, name, spec, conversion in _parts(text):
        if name is None:
            continue
        if spec or conversion:
            raise ValidationError(_("Write each placeholder alone between braces, as {{{name}}}: "
                                    "nothing after its name.").format(name=name), "wording")
        if name not in PLACEHOLDERS:
            raise ValidationError(_("{{{name}}} is not a placeholder Centre Desk knows.").format(
                name=name), "wording")
        found.append(name)
    for required in REQUIRED[kind]:
        choices = required if isinstance(required, tuple) else (required,)
        if not any(name in found for name in choices):
            raise ValidationError(_("The wording must contain {{{name}}}.").format(
                name=choices[0]), "wording")


def default(kind: str, language: str) -> str:
    return DEFAULTS[(kind, language)]


def get(kind: str, language: str) -> str:
    row = CertificateWording.get_or_none((CertificateWording.kind == kind)
                                         & (CertificateWording.language == language))
    return row.text if row is not None else DEFAULTS[(kind, language)]


def is_default(kind: str, language: str) -> bool:
    return not CertificateWording.select().where(
        (CertificateWording.kind == kind) & (CertificateWording.language == language)).exists()


def french_spacing(text: str) -> str:
    """French typography's no-break spaces inside « … » and after n°, where a plain space
    was typed: a line never starts with » or with the number alone."""
    text = re.sub(r"«[ \t]+", "«\u00a0", text)
    text = re.sub(r"[ \t]+»", "\u00a0»", text)
    return re.sub(r"(n°|N°)[ \t]+", "\\1\u00a0", text)


def set_wording(actor: Actor, kind: str, language: str, text: str) -> None:
    require(actor, Permission.ISSUE_CERTIFICATES)
    if kind not in KINDS or language not in LANGUAGES:
        raise ValueError(f"unknown wording {kind}/{language}")
    check(kind, text)
    if language == "fr":
        text = french_spacing(text)
    with transaction():
        CertificateWording.insert(kind=kind, language=language, text=text.strip()
                                  ).on_conflict_replace().execute()
        audit.record(actor, "update", "certificate_wording", None, f"{kind}/{language}")


def reset(actor: Actor, kind: str, language: str) -> None:
    require(actor, Permission.ISSUE_CERTIFICATES)
    with transaction():
        CertificateWording.delete().where((CertificateWording.kind == kind)
                                          & (CertificateWording.language == language)).execute()
        audit.record(actor, "reset", "certificate_wording", None, f"{kind}/{language}")


def fill(text: str, values: dict[str, str], default: str = "") -> str:
    """The wording with its placeholders replaced. Formats and conversions are ignored (a
    wording stored before they were refused must not crash nor write a 100 MB body); a wording
    that cannot be read at all gives way to ``default``."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        if not default:
            raise
        return fill(default, values)
    pieces = []
    for literal, name, _spec, _conversion in parts:
        pieces.append(literal)
        if name is not None:
            pieces.append(values.get(name, "{" + name + "}"))
    return "".join(pieces)


def sample_values(language: str) -> dict[str, str]:
    """Invented values to preview a wording while it is edited (a girl, so that the gendered
    words show their feminine forms)."""
    from centre_desk.core.services.certificate_words import GENDERED, IN_ACTIVITY

    if language == "ar":
        values = {"nom": "سلمى بنعلي", "naissance": "المزدادة حوالي سنة 2014",
                  "dossier": "AMN-2026-0042", "activite": "الكورال",
                  "depuis": "15 شتنبر 2025", "periode": "1 شتنبر 2025 إلى 30 يونيو 2026",
                  "seances": "64", "presences": "58", "heures": "87", "taux": "91 %",
                  "centre": "مركز أمان", "association": "جمعية أمان", "ville": "الدار البيضاء"}
    else:
        values = {"nom": "Salma Benali", "naissance": "née vers 2014",
                  "dossier": "AMN-2026-0042", "activite": "Chorale",
                  "depuis": "15 septembre 2025", "periode": "1er septembre 2025 au 30 juin 2026",
                  "seances": "64", "presences": "58", "heures": "87", "taux": "91 %",
                  "centre": "Centre Amane", "association": "Association Amane",
                  "ville": "Casablanca"}
    values["a_activite"] = IN_ACTIVITY[language].format(name=values["activite"])
    values.update({key: forms[language]["f"] for key, forms in GENDERED.items()})
    return values
