"""The audit trail reads as words in French and in Arabic, never as stored codes."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from centre_desk.core import i18n
from centre_desk.core.security import Role
from centre_desk.core.services import attendance, children, sessions
from centre_desk.core.services.audit_words import describe
from tests.attendance_helpers import MONDAY, tutoring_group
from tests.child_helpers import identity, register

FOLLOW_UP = {"fr": "Suivi ouvert : 3 absences de suite",
             "ar": "فُتحت متابعة: 3 غيابات متتالية"}
CHANGED = {"fr": "modifié : Prénom, Sexe", "ar": "تم تعديل: "}


def _details(page) -> dict[str, list[str]]:
    """The Detail column as shown, by the Record column's text."""
    model = page.model
    found: dict[str, list[str]] = {}
    for row in range(model.rowCount()):
        record = model.data(model.index(row, 3), Qt.ItemDataRole.DisplayRole)
        detail = model.data(model.index(row, 4), Qt.ItemDataRole.DisplayRole)
        found.setdefault(record, []).append(detail)
    return found


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_audit_trail_says_a_follow_up_and_changed_fields_in_words(qtbot, window_in, centre,
                                                                     language):
    admin = centre[1]
    _activity, kids = tutoring_group(admin, 1)
    for session in sessions.sessions_between(admin, MONDAY, MONDAY + dt.timedelta(days=1))[:3]:
        attendance.set_mark(admin, session.id, ("c", kids[0]), "A")
        attendance.close_session(admin, session.id)
    children.update_identity(admin, kids[0], identity(first="Selma", last="Famille0", sex="m"))
    window = window_in(language)
    page = window.show_page("audit")
    shown = [detail for details in _details(page).values() for detail in details]
    assert FOLLOW_UP[language] in shown
    assert not any("=" in detail for detail in shown), shown  # no code left as it is
    changed = [detail for detail in shown if detail.startswith(CHANGED[language])]
    assert changed, shown
    if language == "fr":
        assert changed[0] == "modifié : Prénom, Sexe"


def test_every_kind_of_detail_the_core_writes_is_put_in_words():
    i18n.set_language("fr")
    try:
        assert describe("create", "user", "role=coordinator") == "rôle : Coordinateur"
        assert describe("create", "follow_up_task", "reason=low_rate;detail=50%") == \
            "Suivi ouvert : présence de 50 % ces dernières semaines"
        assert describe("move", "child", "from=3;to=7") == "de la famille n° 3 à la famille n° 7"
        assert describe("update", "child", "section=health;fields=health_coverage") == \
            "rubrique : Santé · modifié : Couverture médicale"
        assert describe("merge", "child", "duplicate=9;attendance=12") == \
            "dossier n° 9 fusionné dans celui-ci · marques 12"
        assert describe("update", "settings", "attendance_rules") == "règles de présence"
        assert describe("update", "household", "document=birth_certificate") == \
            "document : Acte de naissance"
        assert describe("x", "y", "unknown=code") == "unknown=code"  # shown rather than lost
        assert describe("login", "user", "") == ""
    finally:
        i18n.set_language("fr")


def test_an_educator_role_reads_in_arabic():
    i18n.set_language("ar")
    try:
        assert describe("create", "user", f"role={Role.EDUCATOR.value}") == "الدور: مربي"
    finally:
        i18n.set_language("fr")
