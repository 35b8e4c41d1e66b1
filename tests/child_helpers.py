"""Building children's identities in tests with only what each test cares about."""
from __future__ import annotations

import datetime as dt

from centre_desk.core.services import families
from centre_desk.core.services.children import ChildIdentity
from centre_desk.core.services.registration import FamilyChoice, register_child


def identity(first="Salma", last="Benali", first_ar="", last_ar="", sex="f", year=2015,
             **values) -> ChildIdentity:
    values.setdefault("birth_precision", "year" if year else "unknown")
    values.setdefault("entry_date", dt.date(2025, 9, 15))
    return ChildIdentity(first_name_latin=first, last_name_latin=last,
                         first_name_arabic=first_ar, last_name_arabic=last_ar, sex=sex,
                         birth_year=year, **values)


def mother(name="Fatima Zahra Benali", phone="0661234567", status="divorced",
           **values) -> families.GuardianData:
    return families.GuardianData(name_latin=name, sex="f", phone=phone, marital_status=status,
                                 **values)


def register(actor, data: ChildIdentity | None = None, guardian=None, household_id=None,
             relation="mother", **identity_values) -> int:
    """Register a child (duplicates accepted), with a new household around ``guardian``."""
    family = None
    if guardian is not None or household_id is not None:
        family = FamilyChoice(household_id=household_id, guardian=guardian, relation=relation,
                              address="12 rue des Oliviers", neighbourhood="Hay Hassani")
    return register_child(actor, data or identity(**identity_values), family,
                          accept_duplicates=True)
