"""Certificates: the register and serials, figures, duplicates and cancellations, verification
of genuine and altered certificates, wording, bad input, and the PDFs themselves."""
import datetime as dt
import json
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from centre_desk.core.errors import PermissionDenied, UserError, ValidationError
from centre_desk.core.models import AuditEvent, Certificate
from centre_desk.core.security import Role
from centre_desk.core.services import attendance, certificates, sessions, verification, wording
from centre_desk.core.services.certificates import CertificateRequest
from centre_desk.core.services.file_admin import erase_child
from tests.attendance_helpers import MONDAY, tutoring_group

PERIOD = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))


def text_of(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.fixture
def group(centre):
    """Five children in a group with marks on the first two days of the week of MONDAY."""
    _opened, admin = centre
    activity_id, children = tutoring_group(admin, 5)
    days = sessions.sessions_between(admin, MONDAY, MONDAY + dt.timedelta(days=1))
    for index, session in enumerate(days):  # 4 sessions of 2 hours
        attendance.all_present(admin, session.id)
        if index == 3:
            attendance.set_mark(admin, session.id, ("c", children[0]), "A")
    return admin, activity_id, children


def attendance_request(activity_id, language="fr"):
    return CertificateRequest("attendance", language, activity_id, *PERIOD)


def test_serials_follow_each_other_and_each_certificate_is_registered(group, tmp_path):
    admin, activity_id, children = group
    first = certificates.issue(admin, [children[0]], attendance_request(activity_id),
                               tmp_path / "a.pdf", today=dt.date(2026, 10, 1))
    second = certificates.issue(admin, children[1:3], attendance_request(activity_id),
                                tmp_path / "b.pdf", today=dt.date(2026, 10, 1))
    assert first == ["TST-ATT-2026-00001"]
    assert second == ["TST-ATT-2026-00002", "TST-ATT-2026-00003"]
    row = Certificate.get(Certificate.serial == first[0])
    assert (row.kind, row.language, row.issued_by_id, row.child_id) == (
        "attendance", "fr", admin.user_id, children[0])
    assert len(row.content_hash) == 64 and len(row.check_value) == 8
    assert AuditEvent.select().where(AuditEvent.action == "issue").count() == 3


def test_the_pdf_says_the_name_and_the_figures(group, tmp_path):
    admin, activity_id, children = group
    path = tmp_path / "attestation.pdf"
    [serial] = certificates.issue(admin, [children[0]], attendance_request(activity_id), path,
                                  today=dt.date(2026, 10, 1))
    text = " ".join(text_of(path).split())
    assert "Attestation de présence" in text
    assert "Enfant0 Famille0" in text
    assert "3 séances suivies sur 4 tenues, soit 6 heures" in text
    assert "taux d'assiduité de 75 %" in text
    assert "Fait à Salé, le 1er octobre 2026" in text and serial in text
    assert path.stat().st_size < 100_000  # fonts subset


def test_an_enrolment_certificate_says_since_when(group, tmp_path):
    admin, activity_id, children = group
    path = tmp_path / "inscription.pdf"
    certificates.issue(admin, [children[1]], CertificateRequest("enrolment", "fr", activity_id),
                       path)
    text = " ".join(text_of(path).split())
    assert "est inscrite à l'activité « Soutien scolaire CE4 » depuis le 1er septembre 2026" in text


def test_arabic_and_bilingual_certificates_are_made(group, tmp_path):
    admin, activity_id, children = group
    for language in ("ar", "fr+ar"):
        path = tmp_path / f"{language}.pdf"
        [serial] = certificates.issue(admin, [children[0]],
                                      attendance_request(activity_id, language), path)
        assert serial in text_of(path)
        content = json.loads(Certificate.get(Certificate.serial == serial).content)
        assert "شهادة الحضور" == content["title"]["ar"]
        assert "75%" in content["body"]["ar"]  # "75 %" would read "% 75" in Arabic
    if shutil.which("pdftoppm"):  # the page renders: fonts embedded, nothing broken
        subprocess.run(["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")],
                       check=True)
        assert (tmp_path / "page-1.png").stat().st_size > 1000


def test_a_duplicate_has_the_same_serial_and_says_so(group, tmp_path):
    admin, activity_id, children = group
    [serial] = certificates.issue(admin, [children[0]], attendance_request(activity_id),
                                  tmp_path / "a.pdf")
    path = certificates.duplicate(admin, serial, tmp_path / "copy.pdf")
    text = text_of(path)
    assert "DUPLICATA" in text and serial in text
    assert Certificate.get(Certificate.serial == serial).copies == 1
    assert Certificate.select().count() == 1


def test_a_cancelled_certificate_is_kept_and_verifies_as_cancelled(group, tmp_path):
    admin, activity_id, children = group
    [serial] = certificates.issue(admin, [children[0]], attendance_request(activity_id),
                                  tmp_path / "a.pdf")
    with pytest.raises(ValidationError) as error:
        certificates.cancel(admin, serial, "  ")
    assert error.value.field == "reason"
    certificates.cancel(admin, serial, "Erreur de période")
    assert verification.verify(serial).status == "cancelled"
    assert verification.verify(serial).cancel_reason == "Erreur de période"
    with pytest.raises(UserError, match="annulée"):
        certificates.duplicate(admin, serial, tmp_path / "copy.pdf")
    assert Certificate.select().count() == 1


def test_verification_tells_genuine_from_wrong_altered_and_unknown(group, tmp_path):
    admin, activity_id, children = group
    path = tmp_path / "a.pdf"
    [serial] = certificates.issue(admin, [children[0]], attendance_request(activity_id), path)
    row = Certificate.get(Certificate.serial == serial)
    assert verification.verify(serial, row.check_value).status == "genuine"
    assert verification.verify(serial.lower(), row.check_value.lower()).status == "genuine"
    assert verification.verify(serial, "AAAAAAAA").status == "wrong_check"
    assert verification.verify("TST-ATT-2026-99999").status == "unknown"
    [result] = verification.verify_pdf(path)
    assert result.status == "genuine" and result.page == 1
    altered_pdf = tmp_path / "altered.pdf"
    data = path.read_bytes()
    altered_pdf.write_bytes(data.replace(row.content_hash[:8].encode(), b"00000000", 1))
    assert [r.status for r in verification.verify_pdf(altered_pdf)] == ["altered"]
    content = json.loads(row.content)
    content["body"]["fr"] = content["body"]["fr"].replace("75 %", "95 %")
    Certificate.update(content=json.dumps(content)).where(Certificate.id == row.id).execute()
    assert verification.verify(serial, row.check_value).status == "altered"


def test_a_period_without_sessions_is_refused_and_nothing_is_registered(group, tmp_path):
    admin, activity_id, children = group
    request = CertificateRequest("attendance", "fr", activity_id, dt.date(2026, 7, 1),
                                 dt.date(2026, 7, 31))
    with pytest.raises(UserError, match="Aucune séance"):
        certificates.issue(admin, [children[0]], request, tmp_path / "a.pdf")
    assert Certificate.select().count() == 0 and not (tmp_path / "a.pdf").exists()


def test_an_unwritable_path_leaves_no_register_row(group, tmp_path):
    admin, activity_id, children = group
    with pytest.raises(UserError, match="missing"):
        certificates.issue(admin, [children[0]], attendance_request(activity_id),
                           tmp_path / "missing" / "a.pdf")
    assert Certificate.select().count() == 0


def test_an_erased_child_gets_no_certificate(group, tmp_path):
    admin, activity_id, children = group
    erase_child(admin, children[0])
    with pytest.raises(UserError, match="effacé"):
        certificates.issue(admin, [children[0]], attendance_request(activity_id),
                           tmp_path / "a.pdf")


def test_a_period_in_the_future_or_backwards_is_refused(group, tmp_path):
    admin, activity_id, children = group
    for start, end in ((dt.date(2026, 9, 30), dt.date(2026, 9, 1)),
                       (dt.date.today(), dt.date.today() + dt.timedelta(days=3))):
        with pytest.raises(ValidationError):
            certificates.issue(admin, [children[0]], CertificateRequest(
                "attendance", "fr", activity_id, start, end), tmp_path / "a.pdf")


def test_wording_needs_its_placeholders_and_is_used_when_printing(group, tmp_path):
    admin, activity_id, children = group
    with pytest.raises(ValidationError, match="{nom}"):
        wording.set_wording(admin, "attendance", "fr", "L'enfant a participé du {periode}.")
    with pytest.raises(ValidationError, match="{prenom}"):
        wording.set_wording(admin, "attendance", "fr", "{prenom} {nom} {periode} {presences}")
    with pytest.raises(ValidationError):
        wording.set_wording(admin, "attendance", "fr", "{nom {periode} {presences}")
    wording.set_wording(admin, "attendance", "fr",
                        "Nous certifions que {nom} a suivi {presences} séances du {periode}.")
    path = tmp_path / "a.pdf"
    certificates.issue(admin, [children[0]], attendance_request(activity_id), path)
    assert "Nous certifions que Enfant0 Famille0 a suivi 3 séances" in " ".join(
        text_of(path).split())
    wording.reset(admin, "attendance", "fr")
    assert wording.is_default("attendance", "fr")


def test_a_batch_is_one_pdf_with_progress(group, tmp_path):
    admin, activity_id, children = group
    steps = []
    path = tmp_path / "lot.pdf"
    serials = certificates.issue(admin, children, attendance_request(activity_id), path,
                                 progress=steps.append)
    assert len(serials) == 5 and steps == [1, 2, 3, 4, 5]
    assert len(PdfReader(str(path)).pages) == 5


def test_only_some_roles_issue_certificates(group, make_user, tmp_path):
    _admin, activity_id, children = group
    educator = make_user("educ", Role.EDUCATOR)
    with pytest.raises(PermissionDenied):
        certificates.issue(educator, [children[0]], attendance_request(activity_id),
                           tmp_path / "a.pdf")


@pytest.mark.parametrize("text", ["تشهد إدارة Centre Amane (جمعية أمان) بأن الطفلة سلمى بنعلي",
                                  "لا إله", "حرر بـCasablanca في 25 نونبر 2026"])
def test_shaping_word_by_word_gives_the_same_letters_as_whole_lines(text):
    import arabic_reshaper

    from centre_desk.core.documents.text import shape

    assert shape(text) == arabic_reshaper.reshape(text)


@pytest.mark.parametrize("payload", [
    "CD1:TST-ATT-2026-00001:57D1851D", "CD1:AB-ATT-2026-99999:00000000",
    "CD1:ABCDE-ATT-2031-12345:FFFFFFFF", "A", "0" * 64, "9F" * 60, "CD1:X Y $%*+-./",
    "lower case and é: byte mode"])
def test_quick_qr_codes_are_reportlabs_symbols_module_for_module(payload):
    """documents.qr builds what reportlab's encoder builds (level M, mask 0), short or long."""
    from centre_desk.core.documents import qr

    assert qr.modules(payload) == qr.reference_modules(payload)


@pytest.mark.parametrize("text", [
    "تشهد إدارة \u202aCentre Amane\u202c بأن الطفلة سلمى بنعلي، رقم الملف \u202aAMN-2024-0014\u202c",
    "حضرت: 51 حصة من أصل 54، أي 88 ساعة، بنسبة مواظبة قدرها 94 %.",
    "من 1 شتنبر 2026 إلى 30 شتنبر 2026:", "حرر في \u202aCasablanca\u202c بتاريخ 25 نونبر 2026",
    "الطفل(ة) \u202a(CP–CE3) — groupe 1\u202c", "«الكورال» [1] {2} <3>", "Centre Amane seul",
    "تشهد إدارة \u202aCentre Amane (grand)\u202c، التابع لـ\u202aAssociation (Amane)\u202c",
    "في \u202a(groupe\u202c (ب) \u202a1)\u202c", "نشاط \u202aChorale (ب)\u202c"])
@pytest.mark.parametrize("rtl", [True, False, None])
def test_lines_are_reordered_as_python_bidi_reorders_them(text, rtl):
    """The quick (Rust) reordering is used only where it gives python-bidi's Python result:
    brackets mirrored, embeddings kept whole."""
    from bidi.algorithm import get_display

    from centre_desk.core.documents.text import _FORMATTING, shape, visual

    base = None if rtl is None else ("R" if rtl else "L")
    expected = _FORMATTING.sub("", get_display(shape(text), base_dir=base))
    visual.cache_clear()
    assert visual(text, rtl) == expected


@pytest.mark.parametrize("activity", [True, False])
def test_figures_are_the_same_whichever_table_sqlite_reads_first(group, activity):
    """A batch's figures are counted from the period's sessions or from each child's marks,
    whichever is cheaper: both give what the marks say (late counts as attended, excused
    does not), with or without an activity, and a child without marks has none."""
    from centre_desk.core.models import Attendance, Session

    admin, activity_id, children = group
    other, others = tutoring_group(admin, 1)
    for session in sessions.sessions_between(admin, MONDAY, MONDAY + dt.timedelta(days=2)):
        if session.activity_id == other:
            attendance.all_present(admin, session.id)
    tuesday = sessions.sessions_between(admin, MONDAY + dt.timedelta(days=1),
                                        MONDAY + dt.timedelta(days=1))
    attendance.set_mark(admin, tuesday[0].id, ("c", children[1]), "L")
    attendance.set_mark(admin, tuesday[0].id, ("c", children[2]), "E")
    request = CertificateRequest("attendance", "fr", activity_id if activity else None,
                                 *PERIOD)
    expected = {}
    query = (Attendance.select(Attendance.child, Attendance.mark, Session.start_time,
                               Session.end_time, Session.activity).join(Session)
             .where(Session.on_date.between(*PERIOD)).tuples())
    for child_id, mark, begin, end, session_activity in query:
        if activity and session_activity != activity_id:
            continue
        held, came, minutes = expected.get(child_id, (0, 0, 0))
        length = (int(end[:2]) - int(begin[:2])) * 60 + int(end[3:]) - int(begin[3:])
        expected[child_id] = (held + 1, came + (mark in "PL"),
                              minutes + length * (mark in "PL"))
    ids = [*children, *others, 999999]
    for sessions_first in (True, False, None):
        rows = certificates._figures_rows(ids, request, sessions_first)
        assert {child_id: tuple(rest) for child_id, *rest in rows} == expected
    assert expected[children[1]][1] == 4 and expected[children[2]][1] == 3
    assert (others[0] in expected) is not activity
    assert certificates.figures_of([999999], request)[999999].held == 0


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_hours_with_a_half_are_written_as_the_language_does(centre, tmp_path, language):
    from centre_desk.core.services import activities
    from centre_desk.core.services.activities import ActivityData, Slot

    _opened, admin = centre
    activity_id, [child] = tutoring_group(admin, 1)
    choir = activities.create_activity(admin, ActivityData(
        kind="workshop", name="Chorale", name_arabic="الكورال", start_date=dt.date(2026, 9, 1),
        slots=[Slot(0, "17:00", "18:30")]))
    activities.enrol(admin, choir, child_id=child, start_date=dt.date(2026, 9, 1))
    [session] = [row for row in sessions.sessions_between(admin, MONDAY, MONDAY)
                 if row.activity_id == choir]
    attendance.all_present(admin, session.id)
    path = tmp_path / f"{language}.pdf"
    certificates.issue(admin, [child], attendance_request(choir, language), path,
                       today=dt.date(2026, 10, 1))
    text = " ".join(text_of(path).split())
    assert "1,5" in text and "1.5" not in text
