"""The duplicate check before registering, and merging two files of one child."""
import datetime as dt

import pytest

from centre_desk.core.errors import PermissionDenied, UserError
from centre_desk.core.models import AuditEvent, Child, ChildEntry, ChildGuardian, FollowUp
from centre_desk.core.security import Role
from centre_desk.core.services import child_search, records
from centre_desk.core.services.child_search import ChildFilter
from centre_desk.core.services.file_admin import merge_children, references_to_child
from centre_desk.core.services.records import EntryData, FollowUpData
from centre_desk.core.services.registration import (
    FamilyChoice,
    PossibleDuplicates,
    find_duplicates,
    register_child,
)
from tests.child_helpers import identity, mother, register


def test_a_moroccan_spelling_variant_is_a_possible_duplicate(centre):
    _opened, admin = centre
    existing = register(admin, first="Mohamed", last="El Amrani", sex="m", year=2013)
    with pytest.raises(PossibleDuplicates) as raised:
        register_child(admin, identity(first="Mhamed", last="Elamrani", sex="m", year=2014))
    [candidate] = raised.value.candidates
    assert candidate.id == existing
    assert candidate.reasons == ("name", "birth")
    assert Child.select().count() == 1  # nothing written


def test_the_same_name_in_arabic_script_is_found(centre):
    _opened, admin = centre
    existing = register(admin, first="Youssef", last="Ben Ali", sex="m", year=2012)
    found = find_duplicates(admin, identity(first="", last="", first_ar="يوسف", last_ar="بن علي",
                                            sex="m", year=None))
    assert [c.id for c in found] == [existing]


@pytest.mark.parametrize("first, first_ar, last, last_ar", [
    ("Aya", "", "Benali", ""),  # the same spelling
    ("Eya", "", "Ben Ali", ""),  # another spelling
    ("", "آية", "", "بن علي"),  # the other script
])
def test_a_name_without_consonants_is_found_too(centre, first, first_ar, last, last_ar):
    _opened, admin = centre
    existing = register(admin, first="Aya", last="Benali", year=2015)
    found = find_duplicates(admin, identity(first=first, last=last, first_ar=first_ar,
                                            last_ar=last_ar, year=2015))
    assert [c.id for c in found] == [existing]
    assert "name" in found[0].reasons


def test_names_without_consonants_do_not_make_other_children_duplicates(centre):
    _opened, admin = centre
    register(admin, first="Aya", last="Benali", year=2015, guardian=mother())
    for other in ("Ali", "Awa", "Salma", "Leila"):
        assert find_duplicates(admin, identity(first=other, last="Benali", year=2015)) == []
    # A sister sharing the phone is not a duplicate; the same Aya there is.
    assert find_duplicates(admin, identity(first="Hiba", last="Tazi", year=2019),
                           phones=["0661234567"]) == []
    found = find_duplicates(admin, identity(first="Aya", last="Ouardi", year=None),
                            phones=["0661234567"])
    assert [candidate.reasons for candidate in found] == [("phone",)]


def test_a_birth_year_two_years_apart_is_another_child(centre):
    _opened, admin = centre
    register(admin, first="Mohamed", last="Alaoui", sex="m", year=2010)
    assert find_duplicates(admin, identity(first="Mohammed", last="Alaoui", sex="m",
                                           year=2013)) == []


def test_the_same_guardian_phone_with_the_same_first_name_is_found(centre):
    _opened, admin = centre
    existing = register(admin, first="Hajar", last="Karimi", guardian=mother(phone="0661234567"))
    found = find_duplicates(admin, identity(first="Hajar", last="Qarimi-Idrissi", year=None),
                            phones=["+212 661 23 45 67"])
    assert [(c.id, c.reasons) for c in found] == [(existing, ("phone",))]
    assert found[0].guardian_phones == ("0661234567",)


def test_a_younger_sibling_with_the_same_phone_is_not_a_duplicate(centre):
    _opened, admin = centre
    register(admin, first="Hajar", last="Karimi", year=2012, guardian=mother())
    assert find_duplicates(admin, identity(first="Imane", last="Karimi", year=2018),
                           phones=["0661234567"]) == []


def test_confirming_a_different_child_registers_it(centre):
    _opened, admin = centre
    register(admin, first="Mohamed", last="Tazi", sex="m", year=2013)
    child_id = register_child(admin, identity(first="Mohamed", last="Tazi", sex="m", year=2013),
                              accept_duplicates=True)
    assert Child.get_by_id(child_id).file_seq == 2


def test_merging_moves_entries_timeline_and_guardians_and_keeps_a_pointer(centre):
    _opened, admin = centre
    keep = register(admin, first="Mohamed", last="Amrani", sex="m", year=2013,
                    guardian=mother(name="Naima Amrani"))
    duplicate = register(admin, identity(first="", last="", first_ar="محمد", last_ar="العمراني",
                                         sex="m", year=2013, emergency_phone="0670000000"))
    records.add_entry(admin, duplicate, "school",
                      EntryData(dt.date(2026, 1, 10), "meeting", person="Mme Idrissi"))
    household = Child.get_by_id(keep).household_id
    records.add_follow_up(admin, household, FollowUpData(dt.date(2026, 1, 12), "phone_call",
                                                         "Appel", child_id=duplicate))
    moved = merge_children(admin, keep, duplicate)
    kept = Child.get_by_id(keep)
    assert (kept.first_name_arabic, kept.emergency_phone) == ("محمد", "0670000000")
    assert ChildEntry.select().where(ChildEntry.child == keep).count() == 1
    assert FollowUp.select().where(FollowUp.child == keep).count() == 1
    assert ChildGuardian.select().where(ChildGuardian.child == keep).count() == 1
    assert moved["child_entry"] == 1
    assert Child.get_by_id(duplicate).merged_into_id == keep
    assert child_search.search_ids(admin, ChildFilter(text="العمراني")) == [keep]
    event = AuditEvent.get(AuditEvent.action == "merge")
    assert event.entity_id == keep and f"duplicate={duplicate}" in event.detail
    with pytest.raises(UserError, match="fusionné ou effacé"):
        merge_children(admin, keep, duplicate)


def test_merge_covers_every_table_that_points_at_a_child(centre):
    opened, _admin = centre
    tables = {table for table, _column in references_to_child(opened.db)}
    assert {"child", "child_guardian", "household_stay", "child_entry", "follow_up"} <= tables


def test_only_an_admin_merges(centre, make_user):
    _opened, admin = centre
    keep, duplicate = register(admin), register(admin)
    with pytest.raises(PermissionDenied):
        merge_children(make_user("coord", Role.COORDINATOR), keep, duplicate)


def test_registering_into_an_existing_household_links_the_siblings_guardians(centre):
    _opened, admin = centre
    elder = register(admin, guardian=mother())
    household = Child.get_by_id(elder).household_id
    younger = register_child(admin, identity(first="Imane", year=2019),
                             FamilyChoice(household_id=household), accept_duplicates=True)
    assert [link.relation for link in ChildGuardian.select().where(
        ChildGuardian.child == younger)] == ["mother"]
