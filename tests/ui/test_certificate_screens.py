"""Certificates through the real widgets: a batch for a group with its progress, the preview,
verification, the wording with a missing placeholder, and cancelling from the register."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from centre_desk.core.models import Certificate
from centre_desk.core.services import activities, attendance, sessions
from centre_desk.ui.pages.certificates import CertificatesPage
from tests.attendance_helpers import MONDAY, tutoring_group
from tests.child_helpers import identity, register


@pytest.fixture
def page(flow, centre):
    admin = centre[1]
    activity_id, children = tutoring_group(admin, 4)
    for session in sessions.sessions_between(admin, MONDAY, MONDAY + dt.timedelta(days=1)):
        attendance.all_present(admin, session.id)
    flow.opened = centre[0]
    window = flow.show_main(admin)
    opened = []
    certificates_page = window.show_page("certificates")
    certificates_page.open_file = opened.append  # the system viewer is not started in tests
    certificates_page.opened = opened
    certificates_page.activity_id, certificates_page.children = activity_id, children
    return certificates_page


def test_a_batch_for_every_participant_of_a_group(qtbot, page: CertificatesPage, tmp_path):
    dialog = page.new_certificate()
    dialog.kind.setCurrentIndex(dialog.kind.findData("attendance"))
    dialog.activity.setCurrentIndex(dialog.activity.findData(page.activity_id))
    dialog.start.setDate(dt.date(2026, 9, 1))
    dialog.end.setDate(dt.date(2026, 9, 30))
    qtbot.mouseClick(dialog.group, Qt.MouseButton.LeftButton)
    assert dialog.children.count() == 4
    assert "4 attestations seront délivrées" in dialog.preview.toPlainText()
    assert "Enfant0 Famille0" in dialog.preview.toPlainText()
    serials = dialog.issue(tmp_path / "lot.pdf")
    assert len(serials) == 4 and dialog.progress.value() == 4
    assert page.opened == [tmp_path / "lot.pdf"]
    dialog.reject()
    assert page.model.rowCount() == 4


def type_text(widget, text: str) -> None:
    """Type as an Arabic keyboard does: each key sends its letter (qtbot.keyClicks is ASCII)."""
    for letter in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, 0,
                                                 Qt.KeyboardModifier.NoModifier, letter))


def test_one_child_found_by_name_in_arabic(qtbot, page: CertificatesPage, tmp_path):
    admin = page.session.actor
    hiba = register(admin, identity(first="Hiba", last="Ouazzani", first_ar="هبة",
                                    last_ar="الوزاني"))
    activities.enrol(admin, page.activity_id, child_id=hiba, start_date=dt.date(2026, 9, 1))
    dialog = page.new_certificate()
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    dialog.activity.setCurrentIndex(dialog.activity.findData(page.activity_id))
    type_text(dialog.search, "الوزان")  # Arabic letters, part of the family name
    assert dialog.search.text() == "الوزان"
    assert dialog.children.count() == 1
    assert "شهادة التسجيل" in dialog.preview.toPlainText()
    [serial] = dialog.issue(tmp_path / "one.pdf")
    assert Certificate.get(Certificate.serial == serial).child_id == hiba


def test_a_period_without_sessions_is_shown_and_nothing_registered(qtbot, page, tmp_path):
    dialog = page.new_certificate()
    dialog.kind.setCurrentIndex(dialog.kind.findData("attendance"))
    dialog.start.setDate(dt.date(2026, 7, 1))
    dialog.end.setDate(dt.date(2026, 7, 31))
    qtbot.keyClicks(dialog.search, "enfant1")
    assert "Aucune séance" in dialog.preview.toPlainText()
    assert dialog.issue(tmp_path / "x.pdf") == []
    assert "Aucune séance" in dialog.form.form_error.text()
    assert Certificate.select().count() == 0


def test_verifying_a_certificate_on_screen(qtbot, page, tmp_path):
    dialog = page.new_certificate()
    dialog.activity.setCurrentIndex(dialog.activity.findData(page.activity_id))
    qtbot.keyClicks(dialog.search, "enfant0")
    [serial] = dialog.issue(tmp_path / "one.pdf")
    check = Certificate.get(Certificate.serial == serial).check_value
    verify = page.verify()
    qtbot.keyClicks(verify.serial, serial)
    qtbot.keyClicks(verify.check, "WRONG123")
    qtbot.mouseClick(verify.ok_button, Qt.MouseButton.LeftButton)
    assert "Non authentique" in verify.result.text()
    verify.check.setText(check)
    qtbot.mouseClick(verify.ok_button, Qt.MouseButton.LeftButton)
    assert "Authentique" in verify.result.text() and verify.isVisible()
    verify.verify_file(tmp_path / "one.pdf")
    qtbot.waitUntil(lambda: verify.verification is not None, timeout=60_000)
    assert verify.verification.genuine


def test_cancelling_from_the_register_keeps_the_row(qtbot, page, tmp_path):
    dialog = page.new_certificate()
    dialog.activity.setCurrentIndex(dialog.activity.findData(page.activity_id))
    qtbot.keyClicks(dialog.search, "enfant0")
    dialog.issue(tmp_path / "one.pdf")
    dialog.reject()
    page.table.selectRow(0)
    cancel = page.cancel_selected()
    qtbot.mouseClick(cancel.ok_button, Qt.MouseButton.LeftButton)
    assert cancel.form.error_label("reason").isVisibleTo(cancel)
    qtbot.keyClicks(cancel.reason, "Mauvaise periode")
    qtbot.mouseClick(cancel.ok_button, Qt.MouseButton.LeftButton)
    assert page.model.row_at(0).cancelled
    assert page.duplicate(page.model.row_at(0).serial, tmp_path / "copy.pdf") is None
    assert "annulée" in page.error.text()


def test_wording_with_a_missing_placeholder_is_refused_beside_it(qtbot, page):
    dialog = page.edit_wording()
    dialog.kind.setCurrentIndex(dialog.kind.findData("enrolment"))
    dialog.text.setPlainText("L'enfant est inscrit depuis le {depuis} à {activite}.")
    assert "{nom}" in dialog.form.error_label("wording").text()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    dialog.text.setPlainText("{nom} est inscrit depuis le {depuis} à {activite}.")
    assert "Salma Benali est inscrit" in dialog.preview.toPlainText()
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    from centre_desk.core.services import wording
    assert wording.get("enrolment", "fr").startswith("{nom} est inscrit")


def test_a_certificate_from_the_childs_file_has_the_child_chosen(qtbot, page, tmp_path):
    window = page.window()
    file = window.files.open_child(page.children[1])
    opened = []
    dialog = file.certificate(open_file=opened.append)
    dialog.activity.setCurrentIndex(dialog.activity.findData(page.activity_id))
    assert dialog.chosen() == [page.children[1]]
    assert "Enfant1 Famille1" in dialog.preview.toPlainText()
    [serial] = dialog.issue(tmp_path / "one.pdf")
    assert opened == [tmp_path / "one.pdf"]
    assert Certificate.get(Certificate.serial == serial).child_id == page.children[1]
