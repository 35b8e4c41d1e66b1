"""Family files: households, guardians, documents, the timeline and its confidentiality,
moving a child, and erasing a child's personal data."""
import datetime as dt

import pytest

from centre_desk.core.errors import PermissionDenied, ValidationError
from centre_desk.core.models import AuditEvent, Child, ChildEntry, Guardian, Household
from centre_desk.core.security import Role
from centre_desk.core.services import child_search, children, families, records
from centre_desk.core.services.child_search import ChildFilter
from centre_desk.core.services.file_admin import erase_child
from centre_desk.core.services.records import EntryData, FollowUpData
from tests.child_helpers import identity, mother, register


def test_a_divorced_mother_alone_makes_a_single_mother_household(centre):
    _opened, admin = centre
    child_id = register(admin, guardian=mother(status="divorced"))
    household = Child.get_by_id(child_id).household_id
    assert families.get_household(admin, household).single_mother
    families.add_guardian(admin, household, families.GuardianData(
        name_latin="Ahmed Benali", sex="m", marital_status="married"), {child_id: "father"})
    assert not families.get_household(admin, household).single_mother


def test_household_situation_is_hidden_from_a_secretary_and_kept_when_she_saves(centre,
                                                                               make_user):
    _opened, admin = centre
    child_id = register(admin, guardian=mother())
    household = Child.get_by_id(child_id).household_id
    families.update_household(admin, household, families.HouseholdData(
        name="Benali", phone="0661234567", housing="Une pièce louée", income="Ménages"))
    secretary = make_user("secr", Role.SECRETARY)
    seen = families.get_household(secretary, household)
    assert seen.data.housing is None and not seen.confidential_visible
    seen.data.neighbourhood = "Hay Hassani"
    families.update_household(secretary, household, seen.data)
    stored = Household.get_by_id(household)
    assert (stored.housing, stored.neighbourhood) == ("Une pièce louée", "Hay Hassani")


def test_confidential_timeline_entries_are_hidden_from_a_secretary(centre, make_user):
    _opened, admin = centre
    household = Child.get_by_id(register(admin, guardian=mother())).household_id
    records.add_follow_up(admin, household, FollowUpData(dt.date(2026, 2, 1), "home_visit",
                                                         "Visite : logement insalubre", True))
    records.add_follow_up(admin, household, FollowUpData(dt.date(2026, 2, 3), "phone_call",
                                                         "Rappel du rendez-vous"))
    secretary = make_user("secr", Role.SECRETARY)
    assert [row.data.note for row in records.list_follow_ups(secretary, household)] == [
        "Rappel du rendez-vous"]
    assert len(records.list_follow_ups(admin, household)) == 2
    with pytest.raises(PermissionDenied):
        records.add_follow_up(secretary, household, FollowUpData(
            dt.date(2026, 2, 4), "meeting", "Confidentiel", True))
    with pytest.raises(PermissionDenied):
        families.get_household(make_user("educ", Role.EDUCATOR), household)


def test_documents_checklist_keeps_the_date_received(centre):
    _opened, admin = centre
    household = Child.get_by_id(register(admin, guardian=mother())).household_id
    families.set_document(admin, household, "birth_certificate", dt.date(2026, 1, 20))
    families.set_document(admin, household, "guardian_cin", dt.date(2026, 1, 21))
    families.set_document(admin, household, "guardian_cin", None)
    assert families.get_household(admin, household).documents == {
        "birth_certificate": dt.date(2026, 1, 20)}
    with pytest.raises(ValidationError, match="futur"):
        families.set_document(admin, household, "birth_certificate",
                              dt.date.today() + dt.timedelta(days=3))


def test_moving_a_child_keeps_the_former_household_in_the_history(centre):
    _opened, admin = centre
    child_id = register(admin, guardian=mother())
    former = Child.get_by_id(child_id).household_id
    grandmother = families.create_household(admin, families.HouseholdData(name="Chraibi"))
    guardian = families.add_guardian(admin, grandmother, families.GuardianData(
        name_latin="Zahra Chraibi", marital_status="widowed"))
    families.move_child(admin, child_id, grandmother, dt.date(2026, 3, 1), {guardian: "grandmother"})
    history = families.stays(admin, child_id)
    assert [(h[0], h[3]) for h in history] == [(former, dt.date(2026, 3, 1)), (grandmother, None)]
    assert children.get_child_file(admin, child_id).guardians[0].relation == "grandmother"
    assert [c.current for c in families.get_household(admin, former).children] == [False]


def test_siblings_outside_the_centre_are_members_of_the_household(centre):
    _opened, admin = centre
    household = Child.get_by_id(register(admin, guardian=mother())).household_id
    families.save_member(admin, household, families.MemberData("Yassine", "m", 2005, "sibling",
                                                               "Apprenti"))
    with pytest.raises(ValidationError):
        families.save_member(admin, household, families.MemberData("", "m"))
    assert [m.name for _id, m in families.get_household(admin, household).members] == ["Yassine"]


def test_find_households_by_guardian_phone(centre):
    _opened, admin = centre
    household = Child.get_by_id(register(admin, guardian=mother(phone="0661 23 45 67"))
                                ).household_id
    assert [row.id for row in families.find_households(admin, "061 234")] == []
    assert [row.id for row in families.find_households(admin, "661234")] == [household]
    assert [row.id for row in families.find_households(admin, "Benal")] == [household]


def test_erasing_anonymises_in_place_and_keeps_the_counts(centre, make_user):
    _opened, admin = centre
    child_id = register(admin, identity(emergency_phone="0661234567", birth_place="Salé"),
                        guardian=mother(cin="BE123456"))
    records.add_entry(admin, child_id, "health", EntryData(dt.date(2026, 1, 5), "doctor",
                                                           "Dr Alami", "Mme Benali", "Asthme"))
    with pytest.raises(PermissionDenied):
        erase_child(make_user("coord", Role.COORDINATOR), child_id)
    erase_child(admin, child_id)
    child = Child.get_by_id(child_id)
    assert (child.first_name_latin, child.emergency_phone, child.birth_place) == ("", "", "")
    assert (child.sex, child.birth_year, child.status) == ("f", 2015, "active")
    guardian = Guardian.get(Guardian.household == child.household_id)
    assert (guardian.name_latin, guardian.cin, guardian.phone) == ("", "", "")
    entry = ChildEntry.get(ChildEntry.child == child_id)
    assert (entry.note, entry.person, entry.on_date) == ("", "", dt.date(2026, 1, 5))
    assert child_search.search_ids(admin, ChildFilter(text="Salma")) == []
    assert child_search.count_children(admin) == 1
    event = AuditEvent.get(AuditEvent.action == "erase")
    assert event.entity_id == child_id and event.detail == ""
    assert children.get_child_file(admin, child_id).name.startswith("Dossier ")
