"""Law 09-08 in the core: consents and their effects, retention, the access dossier, reads of
confidential sections in the audit, the register of processing."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image
from pypdf import PdfReader

from centre_desk.core.errors import PermissionDenied, ValidationError
from centre_desk.core.models import AuditEvent, Child, DestructionLog, Guardian
from centre_desk.core.security import Role
from centre_desk.core.services import (
    access_dossier,
    audit_search,
    certificates,
    children,
    consents,
    privacy_settings,
    processing_register,
    records,
    retention,
)
from centre_desk.core.services.certificates import CertificateRequest
from centre_desk.core.services.children import ChildIdentity
from tests.attendance_helpers import tutoring_group
from tests.child_helpers import mother, register


def text_of(path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(str(path)).pages).split())


def jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 40), (200, 120, 30)).save(output, format="JPEG")
    return output.getvalue()


def paper(purpose, given=True, on=dt.date(2026, 9, 1), **values) -> consents.ConsentData:
    return consents.ConsentData(purpose, given, on, paper_place="Classeur A", **values)


def with_photo(admin, child_id):
    identity = children.identity_of(Child.get_by_id(child_id))
    identity.photo_consent, identity.photo = True, jpeg()
    children.update_identity(admin, child_id, identity)
    consents.record_consent(admin, paper(consents.PHOTOS), child_id=child_id)


def test_without_photo_consent_no_photo_in_the_file_the_card_or_a_certificate(centre,
                                                                               tmp_path):
    _opened, admin = centre
    activity_id, [child_id] = tutoring_group(admin, 1)
    with_photo(admin, child_id)
    photo = Child.get_by_id(child_id).photo
    assert children.get_card(admin, child_id).photo == photo
    [consent] = consents.list_consents(admin, child_id=child_id)
    consents.withdraw_consent(admin, consent.id, dt.date(2026, 10, 1))

    assert children.get_card(admin, child_id).photo is None
    assert children.get_child_file(admin, child_id).identity.photo is None
    assert not children.get_child_file(admin, child_id).identity.photo_consent
    path = tmp_path / "c.pdf"
    certificates.issue(admin, [child_id], CertificateRequest("enrolment", "fr", activity_id),
                       path)
    sizes = {image.image.size for page in PdfReader(str(path)).pages for image in page.images}
    assert (40, 40) not in sizes  # the QR code and the logo only
    assert photo[:64] not in path.read_bytes()
    withdrawal = AuditEvent.get(AuditEvent.action == "withdraw_consent")
    assert withdrawal.entity_id == child_id and "purpose=photos" in withdrawal.detail
    identity = children.identity_of(Child.get_by_id(child_id))
    identity.photo_consent, identity.photo = True, photo
    with pytest.raises(ValidationError) as error:  # the file's box cannot overrule the register
        children.update_identity(admin, child_id, identity)
    assert error.value.field == "photo_consent"
    assert children.get_card(admin, child_id).photo is None


def test_a_household_refusal_drops_the_photos_of_its_children(centre):
    _opened, admin = centre
    child_id = register(admin, guardian=mother())
    identity = children.identity_of(Child.get_by_id(child_id))
    identity.photo_consent, identity.photo = True, jpeg()
    children.update_identity(admin, child_id, identity)
    household = Child.get_by_id(child_id).household_id
    consents.record_consent(admin, paper(consents.PHOTOS, given=False), household_id=household)
    assert Child.get_by_id(child_id).photo is None
    assert children.get_card(admin, child_id).photo is None


def test_a_household_refusal_holds_for_a_child_registered_or_moved_into_it(centre):
    """The household said no to photos: a brother registered later with the form's photo box
    ticked, or a child moving in, keeps no photo either."""
    from centre_desk.core.services import families
    from tests.child_helpers import identity

    _opened, admin = centre
    first = register(admin, guardian=mother())
    household = Child.get_by_id(first).household_id
    consents.record_consent(admin, paper(consents.PHOTOS, given=False), household_id=household)
    before = Child.select().count()
    with pytest.raises(ValidationError) as error:
        register(admin, identity(first="Yassine", sex="m", photo_consent=True, photo=jpeg()),
                 household_id=household)
    assert error.value.field == "photo_consent" and Child.select().count() == before

    elsewhere = register(admin, guardian=mother(name="Khadija Alaoui", phone="0662000000"))
    identity_ = children.identity_of(Child.get_by_id(elsewhere))
    identity_.photo_consent, identity_.photo = True, jpeg()
    children.update_identity(admin, elsewhere, identity_)
    families.move_child(admin, elsewhere, household, dt.date(2026, 10, 1))
    assert Child.get_by_id(elsewhere).photo is None
    assert children.get_card(admin, elsewhere).photo is None


def test_children_with_consent_is_what_an_export_may_include(centre):
    _opened, admin = centre
    own = register(admin, first="Amine")
    family_given = register(admin, first="Badr", guardian=mother())
    household = Child.get_by_id(family_given).household_id
    own_refusal = register(admin, first="Chama", household_id=household)
    nothing = register(admin, first="Dina")
    withdrawn = register(admin, first="Emna")
    share = consents.SHARE_ASSOCIATION
    consents.record_consent(admin, paper(share), child_id=own)
    consents.record_consent(admin, paper(share), household_id=household)
    consents.record_consent(admin, paper(share, given=False), child_id=own_refusal)
    gone = consents.record_consent(admin, paper(share), child_id=withdrawn)
    consents.withdraw_consent(admin, gone)
    assert consents.children_with_consent(share) == {own, family_given}
    assert nothing not in consents.children_with_consent(consents.CENTRE_FILE)


def test_children_with_consent_is_has_consent_for_every_live_child(centre):
    """The one-query ``children_with_consent`` and the per-child ``has_consent`` cannot drift:
    on a register mixing every rule, for every purpose and partner, they agree."""
    from centre_desk.core.services import file_admin

    _opened, admin = centre
    share, partner, photos = (consents.SHARE_ASSOCIATION, consents.SHARE_PARTNER,
                              consents.PHOTOS)
    sept, octo, nov = dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 2)

    def household_of(child_id):
        return Child.get_by_id(child_id).household_id

    def given(purpose, on=sept, **owner):
        return consents.record_consent(admin, paper(purpose, on=on), **owner)

    def refused(purpose, on=sept, **owner):
        return consents.record_consent(admin, paper(purpose, given=False, on=on), **owner)

    own_beats_family = register(admin, first="Amine", guardian=mother(name="Mère Une"))
    family = household_of(own_beats_family)
    given(share, child_id=own_beats_family)
    consents.withdraw_consent(admin, given(share, household_id=family), octo)
    sibling_of_withdrawn = register(admin, first="Sibling", household_id=family)

    withdrawn_in_given_family = register(admin, first="Badr", guardian=mother(name="Mère Deux"))
    given_family = household_of(withdrawn_in_given_family)
    given(share, household_id=given_family)
    consents.withdraw_consent(admin, given(share, child_id=withdrawn_in_given_family), octo)
    family_only = register(admin, first="Chama", household_id=given_family)

    later_given = register(admin, first="Dina")
    refused(share, sept, child_id=later_given)
    given(share, octo, child_id=later_given)
    later_refused = register(admin, first="Emna")
    given(share, sept, child_id=later_refused)
    refused(share, octo, child_id=later_refused)
    back_dated = register(admin, first="Fadwa")  # given entered last, dated earlier: loses
    refused(share, octo, child_id=back_dated)
    given(share, sept, child_id=back_dated)
    same_day = register(admin, first="Ghita")  # same date: the one recorded last wins
    given(share, octo, child_id=same_day)
    refused(share, octo, child_id=same_day)

    named = register(admin, first="Hiba", guardian=mother(name="Mère Trois"))
    consents.record_consent(admin, paper(partner, partner="Bayti"),
                            household_id=household_of(named))
    consents.record_consent(admin, paper(partner, given=False, on=octo, partner="Autre"),
                            child_id=named)
    given(photos, child_id=named)

    erased = register(admin, first="Ilham", guardian=mother(name="Mère Quatre"))
    given(share, child_id=erased)
    given(share, household_id=household_of(erased))
    kept = register(admin, first="Jamila", household_id=given_family)
    duplicate = register(admin, first="Jamila", household_id=given_family)
    file_admin.merge_children(admin, kept, duplicate)
    file_admin.erase_child(admin, erased)
    nobody = register(admin, first="Karim")
    refused(photos, nov, household_id=given_family)

    everyone = {c for (c,) in Child.select(Child.id).tuples()}
    live = {c for (c,) in Child.select(Child.id).where(
        Child.erased_at.is_null() & Child.merged_into.is_null()).tuples()}
    assert everyone - live == {erased, duplicate}
    assert consents.has_consent(erased, share) and consents.has_consent(duplicate, share)
    for purpose in consents.PURPOSES:
        for name in ("", "Bayti", "Autre", "Personne"):
            expected = {c for c in live if consents.has_consent(c, purpose, name)}
            assert consents.children_with_consent(purpose, name) == expected, (purpose, name)
    assert consents.children_with_consent(share) == {
        own_beats_family, family_only, later_given, kept}
    assert consents.children_with_consent(partner, "Bayti") == {named}  # the family's record
    assert consents.children_with_consent(partner) == set()  # latest of any partner: "Autre"
    assert consents.children_with_consent(photos) == {named}
    assert not {sibling_of_withdrawn, withdrawn_in_given_family, later_refused, back_dated,
                same_day, nobody} & consents.children_with_consent(share)


def test_a_consent_needs_its_paper_and_a_partner_is_named(centre):
    _opened, admin = centre
    child_id = register(admin)
    with pytest.raises(ValidationError) as error:
        consents.record_consent(admin, consents.ConsentData(consents.PHOTOS, True,
                                                            dt.date(2026, 9, 1)),
                                child_id=child_id)
    assert error.value.field == "paper_place"
    with pytest.raises(ValidationError) as error:
        consents.record_consent(admin, paper(consents.SHARE_PARTNER), child_id=child_id)
    assert error.value.field == "partner"
    partner = paper(consents.SHARE_PARTNER, partner="Association Bayti")
    consents.record_consent(admin, partner, child_id=child_id)
    assert consents.has_consent(child_id, consents.SHARE_PARTNER, "Association Bayti")
    assert not consents.has_consent(child_id, consents.SHARE_PARTNER, "Autre")


def left(child_id, exit_date, health_notes=""):
    Child.update(status="left", exit_date=exit_date, health_notes=health_notes).where(
        Child.id == child_id).execute()


def test_retention_lists_exactly_the_files_due_on_a_fixed_date(centre):
    _opened, admin = centre
    today = dt.date(2031, 6, 30)  # rules: files 5 years after exit, health notes 2 years
    due_whole = register(admin, first="Un")
    left(due_whole, dt.date(2026, 6, 30), "asthme")
    health_only = register(admin, first="Deux")
    left(health_only, dt.date(2026, 7, 1), "allergie")
    no_notes = register(admin, first="Trois")
    left(no_notes, dt.date(2027, 1, 1))
    recent = register(admin, first="Quatre")
    left(recent, dt.date(2030, 1, 1), "lunettes")
    register(admin, first="Cinq")  # still here
    due = retention.due_files(admin, today)
    assert [(d.child_id, d.category) for d in due] == [
        (due_whole, retention.LEFT_CHILDREN), (health_only, retention.HEALTH_NOTES)]
    assert retention.due_files(admin, dt.date(2031, 6, 29))[0].category == retention.HEALTH_NOTES

    counts = retention.anonymise_due(admin, today)
    assert counts[retention.LEFT_CHILDREN] == 1 and counts[retention.HEALTH_NOTES] == 1
    assert Child.get_by_id(due_whole).erased_at is not None
    assert Child.get_by_id(health_only).health_notes == ""
    assert Child.get_by_id(recent).health_notes == "lunettes"
    assert retention.due_files(admin, today) == []
    log = retention.destruction_log(admin)
    assert {(row.category, row.count) for row in log} >= {(retention.LEFT_CHILDREN, 1),
                                                          (retention.HEALTH_NOTES, 1)}
    assert all(row.username == "admin" for row in log)
    columns = {field.name for field in DestructionLog._meta.sorted_fields}
    assert columns == {"id", "at", "user", "category", "count"}  # never whose


def test_old_audit_events_are_deleted_after_their_retention(centre):
    _opened, admin = centre
    AuditEvent.update(at=dt.datetime(2019, 1, 1)).where(AuditEvent.action == "create").execute()
    old = AuditEvent.select().where(AuditEvent.at < dt.datetime(2020, 1, 1)).count()
    assert retention.due_audit_events(admin, dt.date(2026, 1, 1)) == old > 0
    assert retention.anonymise_due(admin, dt.date(2026, 1, 1))[retention.AUDIT_EVENTS] == old


def test_only_administrators_anonymise(centre, make_user):
    secretary = make_user("salma", Role.SECRETARY)
    with pytest.raises(PermissionDenied):
        retention.due_files(secretary)
    with pytest.raises(PermissionDenied):
        retention.anonymise_due(secretary)


@pytest.fixture
def followed_child(centre):
    _opened, admin = centre
    child_id = register(admin, first="Salma", guardian=mother(cin="BK123456"))
    records.update_health(admin, child_id, "amo", "Asthme léger")
    household = Child.get_by_id(child_id).household_id
    from centre_desk.core.models import Household

    Household.update(income="Revenus irréguliers").where(Household.id == household).execute()
    consents.record_consent(admin, paper(consents.CENTRE_FILE), child_id=child_id)
    return child_id


def test_the_access_dossier_holds_what_the_role_may_see_and_nothing_else(
        centre, make_user, followed_child, tmp_path):
    coordinator = make_user("coord", Role.COORDINATOR)
    secretary = make_user("salma", Role.SECRETARY)
    full = access_dossier.child_sections(coordinator, followed_child)
    assert set(full) == set(access_dossier.CHILD_SECTIONS)
    partial = access_dossier.child_sections(secretary, followed_child)
    assert set(partial) == set(access_dossier.CHILD_SECTIONS) - access_dossier.CONFIDENTIAL

    audit_search.record_confidential_read(coordinator, "child", followed_child, "health")
    path = tmp_path / "dossier.pdf"
    access_dossier.write_child_dossier(coordinator, followed_child, path)
    text = text_of(path)
    for expected in ("Salma", "Asthme léger", "Revenus irréguliers", "BK123456",
                     "Le dossier du centre", "Coord Test"):
        assert expected in text, expected
    access_dossier.write_child_dossier(secretary, followed_child, path)
    text = text_of(path)
    assert "Salma" in text and "Le dossier du centre" in text
    assert "Asthme léger" not in text and "Revenus irréguliers" not in text
    assert "Santé" not in text.split("ne permet pas")[-1]


def test_a_guardian_s_dossier_lists_the_children_and_signed_consents(centre, followed_child,
                                                                     tmp_path):
    _opened, admin = centre
    guardian = Guardian.get()
    household = Child.get_by_id(followed_child).household_id
    consents.record_consent(admin, paper(consents.PHOTOS, guardian_id=guardian.id),
                            household_id=household)
    sections = access_dossier.guardian_sections(admin, guardian.id)
    assert any("BK123456" in line for line in sections["identity"])
    assert [line.split(" — ")[0] for line in sections["children"]] == [
        Child.get_by_id(followed_child).file_number]
    assert len(sections["consents"]) == 1
    path = access_dossier.write_guardian_dossier(admin, guardian.id, tmp_path / "g.pdf")
    assert "Fatima Zahra Benali" in text_of(path)


def test_an_educator_gets_no_access_dossier(centre, make_user, followed_child):
    educator = make_user("youssef", Role.EDUCATOR)
    with pytest.raises(PermissionDenied):
        access_dossier.child_sections(educator, followed_child)


def test_a_confidential_read_appears_in_the_audit_and_its_filters(centre, make_user,
                                                                   followed_child, tmp_path):
    _opened, admin = centre
    social = make_user("samira", Role.SOCIAL_WORKER)
    audit_search.record_confidential_read(social, "child", followed_child, "health")
    found = audit_search.search_events(admin, audit_search.AuditFilter(
        username="samira", action="read", entity="child", entity_id=followed_child,
        start=dt.date.today(), end=dt.date.today()))
    assert [(row.action, row.detail) for row in found] == [("read", "section=health")]
    assert audit_search.search_events(admin, audit_search.AuditFilter(
        username="samira", action="read", end=dt.date.today() - dt.timedelta(days=1))) == []
    path = tmp_path / "audit.csv"
    assert audit_search.write_events_csv(admin, audit_search.AuditFilter(action="read"),
                                         path) == 1
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Quand;") and "samira;read;child" in lines[1]
    secretary = make_user("salma", Role.SECRETARY)
    with pytest.raises(PermissionDenied):
        audit_search.record_confidential_read(secretary, "child", followed_child, "health")


@pytest.mark.parametrize("language,words", [
    ("fr", ("Registre des traitements", "CNDP", "santé")),
    ("ar", ("CNDP",)),
])
def test_the_register_of_processing_flags_what_needs_authorisation(centre, followed_child,
                                                                    tmp_path, language, words):
    _opened, admin = centre
    path = tmp_path / f"registre-{language}.pdf"
    processing_register.write_processing_register(admin, path, language)
    text = text_of(path)
    for word in words:
        assert word in text
    flags = processing_register.authorisation_flags()
    assert len(flags) == 2  # health, and the CIN a guardian has
    privacy_settings.set_hq_abroad(admin, True)
    assert len(processing_register.authorisation_flags()) == 3
    assert privacy_settings.transfer_warning()
    Guardian.update(cin="").execute()
    privacy_settings.set_hq_abroad(admin, False)
    assert len(processing_register.authorisation_flags()) == 1
    assert privacy_settings.transfer_warning() is None


def test_the_demo_has_a_consent_register_that_the_exports_can_use(folder):
    from centre_desk.core import db
    from centre_desk.core.demo import build_demo

    build_demo(folder, children=30)
    opened = db.open_database(folder)
    try:
        sharing = consents.children_with_consent(consents.SHARE_ASSOCIATION)
        live = {c for (c,) in Child.select(Child.id).where(Child.merged_into.is_null()).tuples()}
        assert 0 < len(sharing) < len(live)
        with_photo = {c for (c,) in Child.select(Child.id).where(Child.photo_consent).tuples()}
        assert consents.children_with_consent(consents.PHOTOS) == with_photo & live
    finally:
        opened.close()


def test_erasing_a_file_drops_the_scans_of_its_consents_but_keeps_the_register(centre):
    from centre_desk.core.models import Consent
    from centre_desk.core.services.file_admin import erase_child

    _opened, admin = centre
    child_id = register(admin, guardian=mother())
    household = Child.get_by_id(child_id).household_id
    scan = consents.ConsentData(consents.CENTRE_FILE, True, dt.date(2026, 9, 1), scan=b"%PDF-1")
    consents.record_consent(admin, scan, child_id=child_id)
    consents.record_consent(admin, scan, household_id=household)
    erase_child(admin, child_id)
    rows = list(Consent.select())
    assert len(rows) == 2 and all(row.scan is None and row.guardian_id is None for row in rows)


def test_a_photo_refusal_on_a_duplicate_file_holds_after_the_merge(centre):
    from centre_desk.core.services import file_admin

    _opened, admin = centre
    keep = register(admin, first="Salma")
    with_photo(admin, keep)
    duplicate = register(admin, first="Salma")
    consents.record_consent(admin, paper(consents.PHOTOS, given=False, on=dt.date(2026, 9, 20)),
                            child_id=duplicate)
    file_admin.merge_children(admin, keep, duplicate)
    assert not consents.has_consent(keep, consents.PHOTOS)
    assert Child.get_by_id(keep).photo is None
    assert children.get_card(admin, keep).photo is None


def test_health_visits_go_with_the_health_notes_when_their_time_is_up(centre):
    """The register of processing promises health notes kept 2 years after the exit: the
    visits' places, companions and notes are health notes too."""
    _opened, admin = centre
    today = dt.date(2029, 1, 1)
    visits_only = register(admin, first="Six")
    entry = records.add_entry(admin, visits_only, "health", records.EntryData(
        dt.date(2026, 3, 2), "doctor", "Centre de santé Oulfa", "Sa mère", "Asthme, Ventoline"))
    left(visits_only, dt.date(2026, 6, 30))
    due = retention.due_files(admin, today)
    assert [(d.child_id, d.category) for d in due] == [(visits_only, retention.HEALTH_NOTES)]

    assert retention.anonymise_due(admin, today)[retention.HEALTH_NOTES] == 1
    from centre_desk.core.models import ChildEntry

    kept = ChildEntry.get_by_id(entry)
    assert (kept.label, kept.person, kept.note) == ("", "", "")
    assert retention.due_files(admin, today) == []


def test_a_guardian_s_dossier_holds_the_household_as_far_as_the_role_may_read(
        centre, make_user, followed_child, tmp_path):
    """Where the guardian lives, who else lives there, the papers given, the household's
    timeline and (for the roles that read it) its social inquiry, with who consulted it."""
    from centre_desk.core.services import families

    _opened, admin = centre
    coordinator = make_user("coord", Role.COORDINATOR)
    secretary = make_user("salma", Role.SECRETARY)
    guardian = Guardian.get()
    household = guardian.household_id
    families.save_member(admin, household, families.MemberData(
        "Omar Benali", "m", 2008, "sibling", "apprenti"))
    families.set_document(admin, household, "guardian_cin", dt.date(2026, 9, 2))
    records.add_follow_up(admin, household, records.FollowUpData(
        dt.date(2026, 9, 3), "home_visit", "Visite : la mère cherche du travail"))
    records.add_follow_up(admin, household, records.FollowUpData(
        dt.date(2026, 9, 4), "meeting", "Signalement au tribunal", confidential=True))
    audit_search.record_confidential_read(admin, "household", household, "social_inquiry")

    access_dossier.write_guardian_dossier(coordinator, guardian.id, tmp_path / "c.pdf")
    text = text_of(tmp_path / "c.pdf")
    for expected in ("12 rue des Oliviers", "Omar Benali", "2008", "CIN", "02/09/2026",
                     "la mère cherche du travail", "Signalement au tribunal",
                     "Revenus irréguliers", "Nadia Admin"):
        assert expected in text, expected
    read = AuditEvent.select().where((AuditEvent.action == "read")
                                     & (AuditEvent.user == coordinator.user_id))
    assert {(e.entity, e.entity_id, e.detail) for e in read} == {
        ("household", household, "section=social_inquiry"),
        ("household", household, "section=follow_up")}

    access_dossier.write_guardian_dossier(secretary, guardian.id, tmp_path / "s.pdf")
    text = text_of(tmp_path / "s.pdf")
    assert "12 rue des Oliviers" in text and "la mère cherche du travail" in text
    assert "Revenus irréguliers" not in text and "Signalement au tribunal" not in text
    assert not AuditEvent.select().where((AuditEvent.action == "read")
                                         & (AuditEvent.user == secretary.user_id)).exists()


def test_printing_a_child_s_dossier_with_health_is_a_confidential_read(centre, make_user,
                                                                        followed_child,
                                                                        tmp_path):
    coordinator = make_user("coord", Role.COORDINATOR)
    access_dossier.write_child_dossier(coordinator, followed_child, tmp_path / "d.pdf")
    household = Child.get_by_id(followed_child).household_id
    read = AuditEvent.select().where((AuditEvent.action == "read")
                                     & (AuditEvent.user == coordinator.user_id))
    assert {(e.entity, e.entity_id, e.detail) for e in read} >= {
        ("child", followed_child, "section=health"),
        ("household", household, "section=social_inquiry")}
    rows = audit_search.consultations("child", followed_child)
    assert [(row.username, row.section) for row in rows] == [("coord", "health")]


def test_a_group_list_showing_health_notes_is_a_read_of_them(centre, make_user):
    """The emergency list of a group prints the health notes for the roles that read them:
    each child whose notes it shows has that read in the audit, as if the tab was opened."""
    from centre_desk.core import reports

    _opened, admin = centre
    group, [with_notes, without_notes] = tutoring_group(admin, 2)
    records.update_health(admin, with_notes, "amo", "Asthme, Ventoline dans le sac")
    coordinator = make_user("coord", Role.COORDINATOR)
    secretary = make_user("salma", Role.SECRETARY)
    september = reports.parse_period("2026-09")
    day = dt.date(2026, 9, 15)
    table = reports.build(coordinator, "list-group", september, "fr", group, today=day).tables[0]
    assert any("Ventoline" in str(cell) for row in table.rows for cell in row)
    reads = AuditEvent.select().where(AuditEvent.action == "read")
    assert [(e.user_id, e.entity, e.entity_id, e.detail) for e in reads] == [
        (coordinator.user_id, "child", with_notes, "section=health")]
    reports.build(secretary, "list-group", september, "fr", group, today=day)
    assert reads.count() == 1


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_register_of_processing_says_how_rights_are_exercised_and_what_goes_abroad(
        centre, followed_child, tmp_path, language):
    """A CNDP declaration asks where the right of access is exercised and who receives the
    data: the register says it, names the partners of the consent register and, when the
    headquarters is abroad, what is sent there."""
    from centre_desk.core.i18n import set_language

    _opened, admin = centre
    consents.record_consent(admin, paper(consents.SHARE_PARTNER, partner="Association Bayti"),
                            child_id=followed_child)
    privacy_settings.set_hq_abroad(admin, True)
    document = processing_register.build(language)
    set_language(language)
    headings = [section.heading for section in document.sections]
    lines = " ".join(line for section in document.sections for line in section.lines)
    assert processing_register._("Rights of the persons concerned") in headings
    categories = next(s for s in document.sections
                      if s.heading == processing_register._("Categories of data"))
    assert len(categories.lines) == 6  # children, families, inquiry, health, consents, staff
    assert "Association Bayti" in lines
    transfers = next(s for s in document.sections if s.flagged and len(s.lines) >= 2)
    assert transfers.heading == processing_register._("Transfers outside Morocco")
    path = tmp_path / f"r-{language}.pdf"
    processing_register.write_processing_register(admin, path, language)
    assert "Association Bayti" in text_of(path)
    set_language("fr")


def test_a_child_s_dossier_holds_the_follow_ups_its_absences_opened(centre, followed_child):
    from centre_desk.core.models import FollowUpTask

    _opened, admin = centre
    FollowUpTask.create(child=followed_child, reason="absences_in_row", detail="3",
                        created_on=dt.date(2026, 10, 5),
                        outcome="La mère dit qu'il garde sa petite sœur")
    timeline = access_dossier.child_sections(admin, followed_child)["timeline"]
    assert any("garde sa petite sœur" in line and "05/10/2026" in line for line in timeline)
