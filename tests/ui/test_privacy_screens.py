"""Law 09-08 on screen: a child's consents and access dossier, confidential reads, the personal
data page (retention, anonymisation, register of processing) and the audit filters."""
from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QMessageBox
from pypdf import PdfReader

from centre_desk.core.models import AuditEvent, Child
from centre_desk.core.security import Role
from centre_desk.core.services import children, consents, users
from tests.child_helpers import mother, register

SHOTS = os.environ.get("CENTRE_DESK_SHOTS")


def shoot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name + ".png"))


def fits(widget) -> None:
    hint = widget.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728, hint


@pytest.fixture
def window(flow, centre, request):
    language = getattr(request, "param", "fr")
    flow.languages.apply(language)
    flow.opened = centre[0]
    return flow.show_main(centre[1])


def photo_child(admin) -> int:
    child_id = register(admin, guardian=mother())
    identity = children.identity_of(Child.get_by_id(child_id))
    output = io.BytesIO()
    Image.new("RGB", (60, 60), (20, 120, 200)).save(output, format="JPEG")
    identity.photo_consent, identity.photo = True, output.getvalue()
    children.update_identity(admin, child_id, identity)
    return child_id


@pytest.mark.parametrize("window", ["fr", "ar"], indirect=True)
def test_consents_are_recorded_and_withdrawn_from_the_child_s_file(qtbot, window, tmp_path):
    admin = window.session.actor
    child_id = photo_child(admin)
    dialog = window.files.open_child(child_id)
    tab = dialog.consents
    dialog.tabs.setCurrentIndex(dialog.keys.index("consents"))
    form = tab.new_consent()
    form.purpose.setCurrentIndex(form.purpose.findData(consents.PHOTOS))
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.form.error_label("paper_place").text()
    qtbot.keyClicks(form.paper_place, "Classeur familles")
    form.guardian.setCurrentIndex(1)
    fits(form)
    shoot(form, f"consent_dialog_{window.layoutDirection().name}")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert tab.model.rowCount() == 1
    fits(dialog)
    shoot(dialog, f"consents_tab_{window.layoutDirection().name}")

    tab.table.selectionModel().select(
        tab.model.index(0, 0), tab.table.selectionModel().SelectionFlag.ClearAndSelect
        | tab.table.selectionModel().SelectionFlag.Rows)
    assert tab.withdraw_button.isEnabled()
    assert dialog.photo.pixmap() is not None and not dialog.photo.pixmap().isNull()
    qtbot.mouseClick(tab.withdraw_button, Qt.MouseButton.LeftButton)
    assert Child.get_by_id(child_id).photo is None
    assert dialog.photo.pixmap() is None or dialog.photo.pixmap().isNull()
    assert AuditEvent.select().where(AuditEvent.action == "withdraw_consent").count() == 1

    path = tab.save_dossier(tmp_path / "dossier.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    assert Child.get_by_id(child_id).file_number in text


def test_opening_the_health_tab_and_the_social_inquiry_are_audited_reads(qtbot, flow, centre,
                                                                         make_user):
    social = make_user("samira", Role.SOCIAL_WORKER)
    child_id = register(centre[1], guardian=mother())
    flow.opened = centre[0]
    window = flow.show_main(social)
    dialog = window.files.open_child(child_id)
    reads = AuditEvent.select().where(AuditEvent.action == "read")
    assert reads.count() == 0
    dialog.tabs.setCurrentIndex(dialog.keys.index("health"))
    assert [(e.entity, e.entity_id, e.detail) for e in reads] == [
        ("child", child_id, "section=health")]
    window.files.open_household(Child.get_by_id(child_id).household_id)
    assert reads.count() == 2 and reads.order_by(AuditEvent.id.desc()).first().detail == (
        "section=social_inquiry")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_confidential_timeline_entries_shown_are_an_audited_read(qtbot, flow, centre, make_user,
                                                                language):
    """The timeline tab shows a social worker the family's confidential entries: one read in
    the audit, however often the tab refreshes; a secretary sees none of them and leaves none."""
    from centre_desk.core.services import records

    flow.languages.apply(language)
    social = make_user("samira", Role.SOCIAL_WORKER)
    secretary = make_user("salma", Role.SECRETARY)
    child_id = register(centre[1], guardian=mother())
    household = Child.get_by_id(child_id).household_id
    records.add_follow_up(social, household, records.FollowUpData(
        dt.date(2026, 10, 2), "home_visit", "visite", confidential=True))
    flow.opened = centre[0]
    reads = AuditEvent.select().where(AuditEvent.action == "read")
    window = flow.show_main(secretary)
    window.files.open_child(child_id).timeline.refresh()
    assert reads.count() == 0
    window = flow.show_main(social)
    dialog = window.files.open_child(child_id)
    dialog.tabs.setCurrentIndex(dialog.keys.index("timeline"))
    assert dialog.timeline.model.rowCount() == 1
    dialog.timeline.refresh()
    assert [(e.entity, e.entity_id, e.detail) for e in reads] == [
        ("household", household, "section=follow_up")]


def test_a_secretary_opens_no_confidential_section_and_leaves_no_read(qtbot, flow, centre,
                                                                      make_user):
    secretary = make_user("salma", Role.SECRETARY)
    child_id = register(centre[1], guardian=mother())
    flow.opened = centre[0]
    window = flow.show_main(secretary)
    window.files.open_child(child_id)
    window.files.open_household(Child.get_by_id(child_id).household_id)
    assert AuditEvent.select().where(AuditEvent.action == "read").count() == 0


@pytest.mark.parametrize("window", ["fr", "ar"], indirect=True)
def test_the_personal_data_page_anonymises_what_is_due_and_logs_it(qtbot, window, tmp_path):
    admin = window.session.actor
    gone = register(admin, first="Ancien")
    Child.update(status="left", exit_date=dt.date(2015, 6, 30)).where(Child.id == gone).execute()
    register(admin, first="Present")
    page = window.show_page("privacy")
    fits(window)
    assert [row.child_id for row in page.due_model.rows] == [gone]
    shoot(window, f"privacy_page_{window.layoutDirection().name}")
    box = page.ask_anonymise()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert Child.get_by_id(gone).erased_at is not None
    assert page.due_model.rowCount() == 0
    assert page.log_model.rowCount() == 1 and page.log_model.rows[0].count == 1

    page.abroad.setChecked(True)
    assert page.transfer_note.isVisibleTo(page) and "CNDP" in page.transfer_note.text()
    for language in ("fr", "ar"):
        path = page.save_register(tmp_path / f"r-{language}.pdf", language)
        assert "CNDP" in PdfReader(str(path)).pages[0].extract_text()


def test_rules_out_of_range_are_refused_beside_the_field(qtbot, window):
    page = window.show_page("privacy")
    page.left_years.setValue(7)
    qtbot.mouseClick(page.save_rules_button, Qt.MouseButton.LeftButton)
    from centre_desk.core.services import privacy_settings

    assert privacy_settings.retention_rules().left_children_years == 7


@pytest.mark.parametrize("window", ["fr", "ar"], indirect=True)
def test_the_audit_screen_filters_and_exports_what_it_shows(qtbot, window, make_user, tmp_path):
    make_user("salma", Role.SECRETARY)  # logs in once
    users.authenticate("salma", "Tamra-2026-test")
    page = window.show_page("audit")
    bar = page.filters
    bar.user.setCurrentIndex(bar.user.findData("salma"))
    bar.action.setCurrentIndex(bar.action.findData("login"))
    assert [(row.username, row.action) for row in page.model.rows] == [("salma", "login")] * 2
    bar.set_dates(dt.date.today() - dt.timedelta(days=3), dt.date.today() - dt.timedelta(days=1))
    assert page.model.rowCount() == 0
    bar.use_dates.setChecked(False)
    fits(window)
    shoot(window, f"audit_filters_{window.layoutDirection().name}")
    assert page.export(tmp_path / "audit.csv") == 2
    lines = (tmp_path / "audit.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(lines) == 3 and all(";salma;" in line for line in lines[1:])


@pytest.mark.parametrize("window", ["fr", "ar"], indirect=True)
def test_a_household_consent_and_a_guardian_s_dossier_from_the_family_file(qtbot, window,
                                                                          tmp_path):
    admin = window.session.actor
    child_id = register(admin, guardian=mother())
    dialog = window.files.open_household(Child.get_by_id(child_id).household_id)
    tab = dialog.consents
    dialog.tabs.setCurrentWidget(tab)
    form = tab.new_consent()
    form.purpose.setCurrentIndex(form.purpose.findData(consents.SHARE_ASSOCIATION))
    qtbot.keyClicks(form.paper_place, "Classeur familles")
    qtbot.mouseClick(form.ok_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible() and tab.model.rowCount() == 1
    assert consents.children_with_consent(consents.SHARE_ASSOCIATION) == {child_id}
    fits(dialog)
    shoot(dialog, f"household_consents_{window.layoutDirection().name}")
    path = tab.save_dossier(tmp_path / "tuteur.pdf")
    assert "Fatima Zahra Benali" in PdfReader(str(path)).pages[0].extract_text()


@pytest.mark.parametrize("window", ["fr", "ar"], indirect=True)
def test_the_audit_screen_finds_a_child_s_events_by_its_file_number(qtbot, window, tmp_path):
    """What a person asking "who read my son's file?" gives is a file number: it selects that
    child's events; a number that is no file's says so instead of showing every event."""
    from centre_desk.core.services import audit_search

    admin = window.session.actor
    child_id = register(admin, guardian=mother())
    other = register(admin, first="Amine", sex="m", guardian=mother(name="Khadija Alaoui",
                                                                     phone="0662000000"))
    audit_search.record_confidential_read(admin, "child", child_id, "health")
    audit_search.record_confidential_read(admin, "child", other, "health")
    page = window.show_page("audit")
    bar = page.filters
    bar.entity_id.setFocus()
    qtbot.keyClicks(bar.entity_id, Child.get_by_id(child_id).file_number.lower())
    qtbot.keyClick(bar.entity_id, Qt.Key.Key_Return)
    assert page.model.rows and {(row.entity, row.entity_id) for row in page.model.rows} == {
        ("child", child_id)}
    assert page.export(tmp_path / "a.csv") == len(page.model.rows)

    bar.entity_id.clear()
    qtbot.keyClicks(bar.entity_id, "ZZZ-1999-0042")
    qtbot.keyClick(bar.entity_id, Qt.Key.Key_Return)
    assert page.model.rowCount() == 0
    assert page.error.isVisibleTo(page) and "ZZZ-1999-0042" in page.error.text()
    shoot(window, f"audit_unknown_number_{window.layoutDirection().name}")


def _box_of(check_box) -> QPoint:
    """Where a check box's square is: on the left, or on the right in Arabic."""
    rect = check_box.rect()
    x = rect.right() - 8 if check_box.isRightToLeft() else 8
    return QPoint(x, rect.center().y())


@pytest.mark.parametrize("window", ["fr", "ar"], indirect=True)
def test_the_export_screen_warns_as_soon_as_headquarters_is_set_abroad(qtbot, window):
    """The export page is built once per login: ticking "abroad" on the personal data page must
    still show its warning there, and unticking it must take it away."""
    export_page = window.show_page("hq_export")
    assert not export_page.transfer.isVisibleTo(export_page)
    privacy = window.show_page("privacy")
    from PySide6.QtWidgets import QScrollArea

    for area in privacy.findChildren(QScrollArea):
        area.ensureWidgetVisible(privacy.abroad)
    qtbot.mouseClick(privacy.abroad, Qt.MouseButton.LeftButton,
                     pos=_box_of(privacy.abroad))
    assert privacy.abroad.isChecked()
    export_page = window.show_page("hq_export")
    assert export_page.transfer.isVisibleTo(export_page)
    assert "CNDP" in export_page.transfer.text()
    shoot(window, f"export_abroad_{window.layoutDirection().name}")
    privacy = window.show_page("privacy")
    qtbot.mouseClick(privacy.abroad, Qt.MouseButton.LeftButton,
                     pos=_box_of(privacy.abroad))
    assert not window.show_page("hq_export").transfer.isVisibleTo(export_page)
