"""The certificate register, in French and in Arabic: search, an empty-state message, actions
only with a certificate chosen, and a cancel dialog whose two buttons cannot be confused."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from centre_desk.core.models import Certificate
from centre_desk.core.services import activities, certificates
from centre_desk.core.services.certificates import CertificateRequest
from tests.attendance_helpers import tutoring_group
from tests.child_helpers import identity, register

LANGUAGES = ["fr", "ar"]
EMPTY = {"fr": "Aucune attestation délivrée", "ar": "لم تُسلَّم أي شهادة بعد"}
NO_MATCH = {"fr": "Aucune attestation ne correspond", "ar": "لا توجد شهادة مطابقة"}
CANCEL = {"fr": "Annuler l'attestation…", "ar": "إلغاء الشهادة…"}
CLOSE = {"fr": "Fermer", "ar": "إغلاق"}


@pytest.fixture
def register_page(flow, centre):
    def show(language: str):
        flow.languages.apply(language)
        flow.opened = centre[0]
        window = flow.show_main(centre[1])
        page = window.show_page("certificates")
        page.open_file = lambda _path: None
        return page
    return show


def _issue(admin, tmp_path, child_ids, activity_id) -> list[str]:
    return certificates.issue(admin, child_ids, CertificateRequest("enrolment", "fr",
                                                                   activity_id),
                              tmp_path / f"lot-{len(child_ids)}-{child_ids[0]}.pdf")


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_empty_register_says_so_and_offers_no_action(qtbot, register_page, language):
    page = register_page(language)
    assert page.model.rowCount() == 0
    assert page.empty.isVisibleTo(page) and EMPTY[language] in page.empty.text()
    assert not page.duplicate_button.isEnabled() and not page.cancel_button.isEnabled()
    assert page.cancel_button.text() == CANCEL[language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_register_is_searched_and_actions_follow_the_selection(qtbot, register_page,
                                                                   centre, tmp_path, language):
    admin = centre[1]
    activity_id, children = tutoring_group(admin, 2)
    hiba = register(admin, identity(first="Hiba", last="Ouazzani", first_ar="هبة",
                                    last_ar="الوزاني"))
    activities.enrol(admin, activity_id, child_id=hiba, start_date=dt.date(2026, 9, 1))
    serials = _issue(admin, tmp_path, [*children, hiba], activity_id)
    page = register_page(language)
    assert page.model.rowCount() == 3 and not page.empty.isVisibleTo(page)
    assert not page.duplicate_button.isEnabled() and not page.cancel_button.isEnabled()

    qtbot.keyClicks(page.search, "ouazz")
    assert [page.model.row_at(r).serial for r in range(page.model.rowCount())] == [serials[2]]
    page.search.clear()
    qtbot.keyClicks(page.search, serials[0][-4:])  # the end of a number
    assert [page.model.row_at(r).serial for r in range(page.model.rowCount())] == [serials[0]]
    page.search.clear()
    page.search.insert("الوزاني")  # the Arabic name finds her too
    assert [page.model.row_at(r).serial for r in range(page.model.rowCount())] == [serials[2]]

    page.table.setCurrentIndex(page.model.index(0, 0))
    assert page.duplicate_button.isEnabled() and page.cancel_button.isEnabled()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    cancel = page.dialog
    close = cancel.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    assert close.text() == CLOSE[language] and cancel.ok_button.text() != close.text()
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert Certificate.get(Certificate.serial == serials[2]).cancelled_at is None

    page.search.clear()
    qtbot.keyClicks(page.search, "zzzz")
    assert page.model.rowCount() == 0
    assert NO_MATCH[language] in page.empty.text() and page.empty.isVisibleTo(page)
    assert not page.duplicate_button.isEnabled() and not page.cancel_button.isEnabled()


def test_a_cancelled_certificate_cannot_be_cancelled_again(qtbot, register_page, centre,
                                                           tmp_path):
    admin = centre[1]
    activity_id, children = tutoring_group(admin, 1)
    [serial] = _issue(admin, tmp_path, children, activity_id)
    certificates.cancel(admin, serial, "Erreur de période")
    page = register_page("fr")
    page.table.setCurrentIndex(page.model.index(0, 0))
    assert page.duplicate_button.isEnabled() and not page.cancel_button.isEnabled()


LANGUAGE_SHOWN = {"fr": ["Français", "Arabe", "Français et arabe"],
                  "ar": ["الفرنسية", "العربية", "الفرنسية والعربية"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_language_column_names_the_languages(qtbot, register_page, centre, tmp_path,
                                                 language):
    admin = centre[1]
    activity_id, children = tutoring_group(admin, 3)
    for child_id, written in zip(children, ("fr", "ar", "fr+ar")):
        certificates.issue(admin, [child_id], CertificateRequest("enrolment", written,
                                                                 activity_id),
                           tmp_path / f"{written}.pdf")
    page = register_page(language)
    column = [page.model.headerData(c, Qt.Orientation.Horizontal)
              for c in range(page.model.columnCount())].index(
        {"fr": "Langue", "ar": "اللغة"}[language])
    shown = {page.model.data(page.model.index(r, column)) for r in range(page.model.rowCount())}
    assert shown == set(LANGUAGE_SHOWN[language])
