"""Certificates read like official papers: the centre's identity in the certificate's language
(letterhead with address, phone and registration), the signatory, words agreeing with the
child's sex, French dates ("1er"), the usual closing, the right "since" date, and wording
templates that cannot break printing."""
import datetime as dt
import json
from dataclasses import replace

import pytest
from pypdf import PdfReader

from centre_desk.core.errors import ValidationError
from centre_desk.core.models import Certificate, CertificateWording
from centre_desk.core.services import activities, attendance, certificates, letterhead, \
    sessions, wording
from centre_desk.core.services.activities import ActivityData, Slot
from centre_desk.core.services.certificates import CertificateRequest
from tests.child_helpers import register

PERIOD = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
ISSUED = dt.date(2026, 10, 1)
IDENTITY = letterhead.Letterhead(
    name_ar="مركز أمان", association_ar="جمعية الاختبار", city_ar="سلا",
    address="12 rue des Oliviers, Hay Salam", address_ar="12 زنقة الزيتون، حي السلام",
    phone="0537 12 34 56", registration="Récépissé n° 12/2019",
    registration_ar="وصل الإيداع رقم 12/2019", signatory_name="Khadija Alaoui",
    signatory_title="Directrice du centre", signatory_name_ar="خديجة العلوي",
    signatory_title_ar="مديرة المركز")


def page_text(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


@pytest.fixture
def chorale(centre):
    """A girl who came to the centre on 4 June 2024 and joined the choir on 26 August 2026,
    and a boy; four sessions in September, the boy missed one."""
    _opened, admin = centre
    activity_id = activities.create_activity(admin, ActivityData(
        kind="workshop", name="Chorale", name_arabic="الكورال", start_date=dt.date(2026, 8, 24),
        slots=[Slot(0, "14:00", "16:00"), Slot(1, "14:00", "16:00")]))
    girl = register(admin, first="Salma", last="Benali", first_ar="سلمى", last_ar="بنعلي",
                    sex="f", entry_date=dt.date(2024, 6, 4))
    boy = register(admin, first="Youssef", last="Amrani", first_ar="يوسف", last_ar="العمراني",
                   sex="m", entry_date=dt.date(2025, 9, 15))
    for child_id in (girl, boy):
        activities.enrol(admin, activity_id, child_id=child_id, start_date=dt.date(2026, 8, 26))
    days = sessions.sessions_between(admin, dt.date(2026, 9, 14), dt.date(2026, 9, 22))
    for index, session in enumerate(days[:4]):
        attendance.all_present(admin, session.id)
        if index == 3:
            attendance.set_mark(admin, session.id, ("c", boy), "A")
    return admin, activity_id, girl, boy


def issue(admin, child_id, kind, language, activity_id, path):
    period = PERIOD if kind != "enrolment" else (None, None)
    [serial] = certificates.issue(admin, [child_id], CertificateRequest(
        kind, language, activity_id, *period), path, today=ISSUED)
    return json.loads(Certificate.get(Certificate.serial == serial).content)


def test_the_letterhead_and_signatory_are_printed_in_each_language(chorale, tmp_path):
    admin, activity_id, girl, _boy = chorale
    letterhead.update(admin, IDENTITY)
    fr = issue(admin, girl, "attendance", "fr", activity_id, tmp_path / "fr.pdf")
    text = page_text(tmp_path / "fr.pdf")
    for expected in ("Association Test", "12 rue des Oliviers, Hay Salam", "Tél. : 0537 12 34 56",
                     "Récépissé n° 12/2019", "Khadija Alaoui", "Directrice du centre"):
        assert expected in text
    assert "مركز" not in text and fr["letterhead"]["fr"]["name"] == "Centre Amane Test"
    ar = issue(admin, girl, "attendance", "ar", activity_id, tmp_path / "ar.pdf")
    text = page_text(tmp_path / "ar.pdf")
    for expected in ("جمعية الاختبار", "مركز أمان", "وصل الإيداع رقم", "خديجة العلوي",
                     "مديرة المركز", "الهاتف", "حرر في سلا بتاريخ", "شهادة الحضور"):
        assert expected in text, expected
    assert "Salé" not in text and "Khadija" not in text and "Directrice" not in text
    assert ar["place_date"]["ar"] == "حرر في سلا بتاريخ 1 أكتوبر 2026"
    assert "في نشاط «الكورال»" in ar["body"]["ar"] and "Chorale" not in ar["body"]["ar"]


def test_arabic_falls_back_on_the_french_forms_when_left_empty(chorale, tmp_path):
    admin, activity_id, girl, _boy = chorale
    data = activities.activity_data(admin, activity_id)
    assert data.name_arabic == "الكورال"
    activities.update_activity(admin, activity_id, replace(data, name_arabic=""))
    content = issue(admin, girl, "attendance", "ar", activity_id, tmp_path / "ar.pdf")
    body = content["body"]["ar"]
    assert "\u202aChorale\u202c" in body  # the French name, kept left to right
    assert content["place_date"]["ar"].startswith("حرر في \u202aSalé\u202c")
    assert content["letterhead"]["ar"]["association"] == "Association Test"


def test_with_no_signatory_no_software_role_is_printed(chorale, tmp_path):
    admin, activity_id, girl, _boy = chorale
    content = issue(admin, girl, "attendance", "fr+ar", activity_id, tmp_path / "both.pdf")
    text = page_text(tmp_path / "both.pdf")
    assert "Administrat" not in text and "مدير النظام" not in text and "Nadia Admin" not in text
    assert "La direction du centre" in text and "إدارة المركز" in text
    assert content["signatories"]["fr"] == {"name": "", "title": "La direction du centre"}


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_words_agree_with_the_child_s_sex(chorale, tmp_path, language):
    admin, activity_id, girl, boy = chorale
    her = issue(admin, girl, "attendance", language, activity_id, tmp_path / "f.pdf")["body"]
    his = issue(admin, boy, "attendance", language, activity_id, tmp_path / "m.pdf")["body"]
    if language == "ar":
        assert "الطفلة" in her["ar"] and "شاركت" in her["ar"] and "حضرت" in her["ar"]
        assert "المزدادة" in her["ar"] and "للمعنية بالأمر" in her["ar"]
        assert "الطفل " in his["ar"] and "شارك " in his["ar"] and "حضر " in his["ar"]
        assert "للمعني بالأمر" in his["ar"]
        assert "(ة)" not in her["ar"] + his["ar"] and "(ت)" not in her["ar"] + his["ar"]
        assert "سلمت هذه الشهادة للمعنية بالأمر للإدلاء بها عند الحاجة." in her["ar"]
    else:
        assert "à l'intéressée pour servir et valoir ce que de droit." in her["fr"]
        assert "à l'intéressé pour servir et valoir ce que de droit." in his["fr"]
        assert "(e)" not in her["fr"] + his["fr"]
        assert "à l'activité «\u00a0Chorale\u00a0» du 1er septembre 2026 au 30 septembre 2026" in her["fr"]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_enrolled_since_is_the_entry_or_the_activity_enrolment(chorale, tmp_path, language):
    """The girl came on 4 June 2024 and joined the choir on 26 August 2026."""
    admin, activity_id, girl, boy = chorale
    at_centre = issue(admin, girl, "enrolment", language, None, tmp_path / "c.pdf")["body"]
    in_choir = issue(admin, girl, "enrolment", language, activity_id,
                     tmp_path / "a.pdf")["body"]
    his = issue(admin, boy, "enrolment", language, None, tmp_path / "b.pdf")["body"]
    if language == "fr":
        assert "est inscrite au centre depuis le 4 juin 2024." in at_centre["fr"]
        assert "est inscrite à l'activité «\u00a0Chorale\u00a0» depuis le 26 août 2026." in in_choir["fr"]
        assert "est inscrit au centre depuis le 15 septembre 2025." in his["fr"]
    else:
        assert "مسجلة بالمركز منذ 4 يونيو 2024." in at_centre["ar"]
        assert "مسجلة في نشاط «الكورال» منذ 26 غشت 2026." in in_choir["ar"]
        assert "مسجل بالمركز منذ" in his["ar"]


def test_french_writes_the_first_of_the_month_1er(chorale, tmp_path):
    admin, activity_id, girl, _boy = chorale
    content = issue(admin, girl, "attendance", "fr", activity_id, tmp_path / "fr.pdf")
    assert content["place_date"]["fr"] == "Fait à Salé, le 1er octobre 2026"
    assert "Fait à Salé, le 1er octobre 2026" in page_text(tmp_path / "fr.pdf")


def test_the_bilingual_page_is_bilingual_throughout(chorale, tmp_path):
    admin, activity_id, girl, _boy = chorale
    letterhead.update(admin, IDENTITY)
    content = issue(admin, girl, "attendance", "fr+ar", activity_id, tmp_path / "both.pdf")
    serial = content["serial"]
    text = page_text(tmp_path / "both.pdf")
    for expected in ("Directrice du centre", "مديرة المركز", "Code de vérification",
                     "رمز التحقق", "Cachet et signature", "الخاتم والتوقيع"):
        assert expected in text, expected
    copy = certificates.duplicate(admin, serial, tmp_path / "copy.pdf")
    assert "DUPLICATA" in page_text(copy) and "نظير" in page_text(copy)


@pytest.mark.parametrize("template", ["{nom:d} {periode} {presences}",
                                      "{nom!r} {periode} {presences}",
                                      "{nom:>100000000} {periode} {presences}",
                                      "{nom.upper} {periode} {presences}"])
def test_a_wording_with_a_format_is_refused_with_a_translated_message(chorale, template):
    admin, *_rest = chorale
    with pytest.raises(ValidationError) as error:
        wording.set_wording(admin, "attendance", "fr", template)
    assert "Centre Desk" in error.value.message or "accolades" in error.value.message
    assert wording.is_default("attendance", "fr")


@pytest.mark.parametrize("template", ["Vu {nom:d} du {periode} : {presences}.",
                                      "Vu {nom:>100000000} du {periode} : {presences}.",
                                      "Vu {nom!r} du {periode} : {presences} {inconnu}.",
                                      "Vu {nom du {periode}"])
def test_a_bad_wording_stored_earlier_never_crashes_printing(chorale, tmp_path, template):
    admin, activity_id, girl, _boy = chorale
    CertificateWording.insert(kind="attendance", language="fr", text=template).execute()
    content = issue(admin, girl, "attendance", "fr", activity_id, tmp_path / "a.pdf")
    body = content["body"]["fr"]
    assert len(body) < 2000 and "Salma Benali" in body
    assert (tmp_path / "a.pdf").stat().st_size < 100_000


def test_a_wording_saved_before_the_gender_placeholders_still_prints(chorale, tmp_path):
    """A centre's own wording of the first version (with "(ة)" written by hand) is kept."""
    admin, activity_id, girl, _boy = chorale
    old = ("تشهد إدارة {centre} بأن الطفل(ة) {nom}، {naissance}، {inscrit} في نشاط "
           "«{activite}» منذ {depuis}.")
    wording.set_wording(admin, "enrolment", "ar", old)
    body = issue(admin, girl, "enrolment", "ar", activity_id, tmp_path / "a.pdf")["body"]["ar"]
    assert body.startswith("تشهد إدارة مركز") or body.startswith("تشهد إدارة \u202a")
    assert "مسجلة في نشاط «الكورال» منذ" in body


def test_the_signatory_of_version_4_moves_to_the_centre_when_migrating(folder):
    """Until version 4 the signatory was two settings; version 5 keeps it on the centre."""
    from centre_desk.core import db, migrations

    before = [step for step in migrations.MIGRATIONS if step[0] <= 4]
    opened = db.create_database(folder, steps=before)
    opened.db.execute_sql("INSERT INTO centre (id, name, city, created_at) "
                          "VALUES (1, 'Centre Amane', 'Salé', '2026-01-01 00:00:00')")
    opened.db.execute_sql("INSERT INTO activity (kind, name, start_date, created_at) "
                          "VALUES ('workshop', 'Chorale', '2026-09-01', '2026-01-01 00:00:00')")
    for key, value in (("signatory_name", "Khadija Alaoui"), ("signatory_role", "Directrice"),
                       ("min_rate", "60")):
        opened.db.execute_sql("INSERT INTO setting (key, value) VALUES (?, ?)", (key, value))
    opened.close()
    migrated = db.open_database(folder)
    assert migrated.schema_version >= 5
    current = letterhead.get()
    assert (current.signatory_name, current.signatory_title) == ("Khadija Alaoui", "Directrice")
    assert current.name_ar == "" and current.phone == ""
    assert migrated.db.execute_sql("SELECT key FROM setting ORDER BY key").fetchall() == [
        ("min_rate",)]
    assert migrated.db.execute_sql("SELECT name, name_ar FROM activity").fetchall() == [
        ("Chorale", "")]
    migrated.close()


def test_the_letterhead_is_checked_and_its_change_audited(centre):
    from centre_desk.core.models import AuditEvent
    from centre_desk.core.security import Role
    from centre_desk.core.errors import PermissionDenied
    from centre_desk.core.services import users

    _opened, admin = centre
    for change, field in ((dict(phone="05 37 abc"), "phone"),
                          (dict(signatory_name="Khadija Alaoui"), "signatory_title"),
                          (dict(signatory_title_ar="مديرة المركز"), "signatory_name_ar"),
                          (dict(address="x" * 161), "address")):
        with pytest.raises(ValidationError) as error:
            letterhead.update(admin, replace(letterhead.Letterhead(), **change))
        assert error.value.field == field
    events = AuditEvent.select().count()
    saved = letterhead.update(admin, replace(IDENTITY, address="  12 rue   des Oliviers "))
    assert saved.address == "12 rue des Oliviers" and letterhead.get() == saved
    assert AuditEvent.select().count() == events + 1
    users.create_user(admin, users.NewUser("educ", "Educ Test", Role.EDUCATOR, "Tamra-2026-test"))
    with pytest.raises(PermissionDenied):
        letterhead.update(users.authenticate("educ", "Tamra-2026-test"), IDENTITY)


def test_a_long_address_wraps_in_its_half_of_a_bilingual_letterhead(chorale, tmp_path):
    admin, activity_id, girl, _boy = chorale
    address = "Lotissement Al Amal, rue 14, immeuble 7, rez-de-chaussée, Hay Salam, Salé Al Jadida"
    address_ar = "تجزئة الأمل، زنقة 14، عمارة 7، الطابق الأرضي، حي السلام، سلا الجديدة، المملكة المغربية"
    letterhead.update(admin, replace(IDENTITY, address=address, address_ar=address_ar))
    content = issue(admin, girl, "attendance", "fr+ar", activity_id, tmp_path / "both.pdf")
    from centre_desk.core.documents import certificate as document

    drawn = document.drawn_texts(document.CertificatePage(content, "ABCD1234"))
    french = [text for text in drawn if "Lotissement" in text or "Jadida" in text]
    assert len(french) == 2  # two lines, each within the left half
    text = page_text(tmp_path / "both.pdf")
    assert "Salé Al Jadida" in text and "المملكة المغربية" in text
