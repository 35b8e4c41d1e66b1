"""The words of each kind of certificate, per language, with placeholders the centre may move
around or reword (Settings). A missing or unknown placeholder is refused when the wording is
saved, so it can never spoil a certificate at printing time."""
from __future__ import annotations

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
}
REQUIRED = {
    "enrolment": ("nom", "activite", "depuis"),
    "attendance": ("nom", "periode", "presences"),
    "completion": ("nom", "activite", "periode"),
}

DEFAULTS = {
    ("enrolment", "fr"): (
        "{centre} ({association}) atteste que l'enfant {nom}, "
        "{naissance}, dossier n° {dossier}, est {inscrit} à l'activité « {activite} » depuis "
        "le {depuis}."),
    ("attendance", "fr"): (
        "{centre} ({association}) atteste que l'enfant {nom}, "
        "{naissance}, dossier n° {dossier}, a participé à {activite} du {periode} : "
        "{presences} séances suivies sur {seances} tenues, soit {heures} heures, avec un taux "
        "d'assiduité de {taux}."),
    ("completion", "fr"): (
        "{centre} ({association}) atteste que l'enfant {nom}, "
        "{naissance}, dossier n° {dossier}, a suivi avec assiduité {activite} du {periode}, "
        "soit {heures} heures au total."),
    ("enrolment", "ar"): (
        "تشهد إدارة {centre}، التابع لـ {association}، بأن الطفل(ة) {nom}، {naissance}، "
        "رقم الملف {dossier}، {inscrit} في نشاط «{activite}» منذ {depuis}."),
    ("attendance", "ar"): (
        "تشهد إدارة {centre}، التابع لـ {association}، بأن الطفل(ة) {nom}، {naissance}، "
        "رقم الملف {dossier}، قد شارك(ت) في {activite} من {periode}: حضر(ت) {presences} حصة "
        "من أصل {seances}، أي {heures} ساعة، بنسبة مواظبة قدرها {taux}."),
    ("completion", "ar"): (
        "تشهد إدارة {centre}، التابع لـ {association}، بأن الطفل(ة) {nom}، {naissance}، "
        "رقم الملف {dossier}، قد تابع(ت) بمواظبة {activite} من {periode}، أي ما مجموعه "
        "{heures} ساعة."),
}


def placeholders_in(text: str) -> list[str]:
    try:
        return [name for _literal, name, _spec, _conversion in string.Formatter().parse(text)
                if name is not None]
    except ValueError:
        raise ValidationError(_("A brace is not closed: write placeholders as {nom}."),
                              "wording") from None


def check(kind: str, text: str) -> None:
    if not text.strip():
        raise ValidationError(_("The wording is empty."), "wording")
    found = placeholders_in(text)
    for name in found:
        if name not in PLACEHOLDERS:
            raise ValidationError(_("{{{name}}} is not a placeholder Centre Desk knows.").format(
                name=name), "wording")
    for name in REQUIRED[kind]:
        if name not in found:
            raise ValidationError(_("The wording must contain {{{name}}}.").format(name=name),
                                  "wording")


def get(kind: str, language: str) -> str:
    row = CertificateWording.get_or_none((CertificateWording.kind == kind)
                                         & (CertificateWording.language == language))
    return row.text if row is not None else DEFAULTS[(kind, language)]


def is_default(kind: str, language: str) -> bool:
    return not CertificateWording.select().where(
        (CertificateWording.kind == kind) & (CertificateWording.language == language)).exists()


def set_wording(actor: Actor, kind: str, language: str, text: str) -> None:
    require(actor, Permission.ISSUE_CERTIFICATES)
    if kind not in KINDS or language not in LANGUAGES:
        raise ValueError(f"unknown wording {kind}/{language}")
    check(kind, text)
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


def fill(text: str, values: dict[str, str]) -> str:
    return text.format_map(values)


def sample_values(language: str) -> dict[str, str]:
    """Invented values to preview a wording while it is edited."""
    if language == "ar":
        return {"nom": "سلمى بنعلي", "naissance": "المزدادة حوالي سنة 2014",
                "dossier": "AMN-2026-0042", "inscrit": "مسجلة", "activite": "الكورال",
                "depuis": "15 شتنبر 2025", "periode": "1 شتنبر 2025 إلى 30 يونيو 2026",
                "seances": "64", "presences": "58", "heures": "87", "taux": "91 %",
                "centre": "Centre Amane", "association": "Association Amane",
                "ville": "Casablanca"}
    return {"nom": "Salma Benali", "naissance": "née vers 2014", "dossier": "AMN-2026-0042",
            "inscrit": "inscrite", "activite": "Chorale", "depuis": "15 septembre 2025",
            "periode": "1 septembre 2025 au 30 juin 2026", "seances": "64",
            "presences": "58", "heures": "87", "taux": "91 %", "centre": "Centre Amane",
            "association": "Association Amane", "ville": "Casablanca"}
