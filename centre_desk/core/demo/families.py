"""Invented households and children, inserted in bulk (executemany): the demo centre's families
and the benchmarks' large centres come from here.

The households look like a day centre's: single mothers, grandmothers raising grandchildren,
siblings in and out of the centre, children without civil registration, migrant children, and a
few deliberate near-duplicates (the same child registered twice under two spellings)."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Callable

from centre_desk.core import names
from centre_desk.core.demo.names import BOYS, FAMILY_NAMES, GIRLS
from centre_desk.core.services.child_search import index_words
from centre_desk.core.services.children import ChildIdentity, derived_columns

MIGRANT_NAMES = [
    ("Diallo", "ديالو", "Guinéenne"), ("Koné", "كوني", "Ivoirienne"),
    ("Ndiaye", "انجاي", "Sénégalaise"), ("Traoré", "تراوري", "Malienne"),
    ("Al Hassan", "الحسن", "Syrienne"),
]
MIGRANT_FIRST = {"f": [("Aminata", "أميناتا"), ("Fatoumata", "فاطوماتا"), ("Mariam", "مريام")],
                 "m": [("Moussa", "موسى"), ("Ibrahima", "إبراهيما"), ("Mamadou", "مامادو")]}
NEIGHBOURHOODS = ["Hay Hassani", "Sidi Moumen", "Hay Mohammadi", "Ben Msik", "Sbata",
                  "Derb Sultan", "Lissasfa", "Oulfa"]
STREETS = ["rue des Oliviers", "rue 12", "impasse Al Wahda", "derb Ghallef", "rue Ibn Battouta",
           "bloc C", "rue Moulay Ismail", "hay Al Amal"]
SCHOOLS = ["École Ibn Sina", "École Al Massira", "École 20 Août", "Collège Ibn Khaldoun",
           "École Al Amal"]
LEVELS = ["CP", "CE1", "CE2", "CE3", "CE4", "CE5", "CE6", "1re année collège", "2e année collège"]
OCCUPATIONS = ["Femme de ménage", "Vendeuse ambulante", "Ouvrier du bâtiment", "Sans emploi",
               "Couturière", "Gardien", "Chauffeur de taxi", "Journalier"]
FOLLOW_UP_NOTES = {
    "home_visit": "Visite à domicile : la famille est accueillante, logement d'une pièce.",
    "phone_call": "Appel à la mère pour les absences de la semaine.",
    "meeting": "Entretien au centre avec le tuteur sur le projet de l'enfant.",
    "accompaniment": "Accompagnement au tribunal de la famille pour le dossier d'état civil.",
    "referral": "Orientation vers l'association partenaire pour l'aide alimentaire.",
}
# The same person written another way: how near-duplicates arrive at a centre.
VARIANTS = {"Mohamed": "Mhamed", "Youssef": "Youcef", "Khadija": "Khadidja", "Hamza": "Hamza",
            "Fatima Zahra": "Fatimazahra", "El Amrani": "Elamrani", "Benali": "Ben Ali",
            "Ait Benhaddou": "Aït Benhaddou", "El Idrissi": "Idrissi", "Alaoui": "El Alaoui"}


@dataclass
class Batch:
    """Rows to insert, with ids chosen here so that links can be made before inserting."""

    next_ids: dict[str, int]
    rows: dict[str, list[tuple]] = field(default_factory=dict)

    def new_id(self, table: str) -> int:
        self.next_ids[table] = self.next_ids.get(table, 0) + 1
        return self.next_ids[table]

    def add(self, table: str, row: tuple) -> None:
        self.rows.setdefault(table, []).append(row)


COLUMNS = {
    "household": "id, name, address, neighbourhood, phone, phone2, housing, income, difficulties, "
                 "created_at, updated_at",
    "guardian": "id, household_id, name_latin, name_arabic, sex, cin, phone, phone_key, "
                "occupation, marital_status, lives_in_household, created_at",
    "child": "id, file_number, file_year, file_seq, first_name_latin, last_name_latin, "
             "first_name_arabic, last_name_arabic, sex, birth_precision, birth_date, birth_year, "
             "birth_place, nationality, photo_consent, photo, entry_date, referral, "
             "referral_detail, emergency_phone, emergency_phone_key, status, exit_date, "
             "exit_reason, archived_at, household_id, school_status, school_name, school_level, "
             "civil_status, health_coverage, health_notes, sort_name, name_key_latin, "
             "name_key_arabic, created_at, updated_at",
    "child_search": "rowid, words",
    "child_guardian": "child_id, guardian_id, relation",
    "household_stay": "child_id, household_id, from_date",
    "household_member": "household_id, name, sex, birth_year, relation, occupation",
    "household_document": "household_id, kind, received_on",
    "child_entry": "child_id, section, on_date, kind, label, person, note, author_id, created_at",
    "follow_up": "household_id, child_id, on_date, kind, confidential, note, author_id, "
                 "created_at",
    "audit_event": "at, user_id, action, entity, entity_id, detail",
}


def portrait(rng: random.Random, sex: str) -> bytes:
    """A drawn head-and-shoulders, so that the demo shows photos without showing anyone."""
    import io

    from PIL import Image, ImageDraw

    background = rng.choice([(214, 234, 248), (252, 228, 236), (232, 245, 233), (255, 243, 224)])
    skin = rng.choice([(241, 194, 125), (224, 172, 105), (198, 134, 66), (141, 85, 36)])
    cloth = rng.choice([(41, 98, 255), (0, 137, 123), (216, 67, 21), (123, 31, 162)])
    image = Image.new("RGB", (120, 150), background)
    draw = ImageDraw.Draw(image)
    draw.ellipse((15, 100, 105, 190), fill=cloth)
    draw.ellipse((35, 30, 85, 90), fill=skin)
    hair = (40, 30, 20)
    if sex == "f":
        draw.chord((30, 22, 90, 80), 180, 360, fill=hair)
        draw.rectangle((30, 50, 38, 96), fill=hair)
        draw.rectangle((82, 50, 90, 96), fill=hair)
    else:
        draw.chord((33, 26, 87, 70), 180, 360, fill=hair)
    output = io.BytesIO()
    image.save(output, format="JPEG", quality=80)
    return output.getvalue()


class FamilyMaker:
    def __init__(self, rng: random.Random, today: dt.date, prefix: str, authors: list[int],
                 batch: Batch, photo: Callable[[random.Random, str], bytes] | None = None,
                 history_days: int = 1400):
        self.rng, self.today, self.prefix, self.authors = rng, today, prefix, authors
        self.history_days = history_days
        self.batch, self.photo = batch, photo
        self.sequence: dict[int, int] = {}
        self.made: list[tuple] = []  # (child id, identity, household id) for near-duplicates

    def _phone(self) -> str:
        rng = self.rng
        return f"06{rng.randrange(10, 100)} {rng.randrange(10, 100)} {rng.randrange(10, 100)} " \
               f"{rng.randrange(10, 100)}"

    def _moment(self, day: dt.date) -> str:
        return dt.datetime.combine(day, dt.time(9 + self.rng.randrange(8))).isoformat(" ")

    def household(self, children_wanted: int) -> int:
        rng, batch = self.rng, self.batch
        kind = rng.choices(["single_mother", "grandmother", "parents", "migrant", "tutor"],
                           [35, 10, 45, 5, 5])[0]
        if kind == "migrant":
            last, last_ar, nationality = rng.choice(MIGRANT_NAMES)
        else:
            (last, last_ar), nationality = rng.choice(FAMILY_NAMES), "Marocaine"
        household_id = batch.new_id("household")
        neighbourhood = rng.choice(NEIGHBOURHOODS)
        created = self._moment(self.today - dt.timedelta(days=rng.randrange(30, 1400)))
        phone = self._phone()
        batch.add("household", (
            household_id, f"{last}", f"{rng.randrange(1, 120)} {rng.choice(STREETS)}",
            neighbourhood, phone, "", rng.choice(["Une pièce louée", "Chez les grands-parents",
                                                  "Logement précaire", "Appartement partagé"]),
            rng.choice(["Revenu irrégulier", "Moins de 1 500 DH par mois", "Aides ponctuelles"]),
            rng.choice(["", "Père absent", "Santé fragile de la mère", "Menace d'expulsion"]),
            created, created))
        guardians = self._guardians(kind, household_id, last, last_ar, phone, created)
        for number in range(children_wanted):
            self.child(household_id, guardians, last, last_ar, nationality, kind, phone)
        if rng.random() < 0.4:
            sex = rng.choice("fm")
            first = rng.choice(GIRLS if sex == "f" else BOYS)[0]
            batch.add("household_member", (household_id, f"{first} {last}", sex,
                                           self.today.year - rng.randrange(16, 25), "sibling",
                                           rng.choice(["Apprenti", "Sans emploi", "Lycéen"])))
        for kind_doc in rng.sample(["birth_certificate", "livret_de_famille", "guardian_cin",
                                    "school_certificate", "residence_certificate"],
                                   rng.randrange(1, 5)):
            batch.add("household_document", (household_id, kind_doc,
                                              (self.today - dt.timedelta(
                                                  days=rng.randrange(10, 600))).isoformat()))
        for _entry in range(rng.randrange(1, 4)):
            follow_kind = rng.choice(list(FOLLOW_UP_NOTES))
            day = self.today - dt.timedelta(days=rng.randrange(1, 400))
            batch.add("follow_up", (household_id, None, day.isoformat(), follow_kind,
                                    int(follow_kind == "home_visit"), FOLLOW_UP_NOTES[follow_kind],
                                    rng.choice(self.authors), self._moment(day)))
        return household_id

    def _guardians(self, kind, household_id, last, last_ar, phone, created) -> list[tuple]:
        rng = self.rng
        mother_first = rng.choice(GIRLS[16:])
        people = []
        if kind in ("single_mother", "migrant", "parents"):
            status = "married" if kind == "parents" else rng.choice(
                ["divorced", "widowed", "single", "separated"])
            people.append(("f", mother_first, status, "mother", phone))
        if kind == "parents":
            people.append(("m", rng.choice(BOYS[20:]), "married", "father", self._phone()))
        if kind == "grandmother":
            people.append(("f", rng.choice(GIRLS[20:]), "widowed", "grandmother", phone))
        if kind == "tutor":
            people.append(("m", rng.choice(BOYS[20:]), "married", rng.choice(["uncle", "tutor"]),
                           phone))
        made = []
        for sex, (first, first_ar), status, relation, guardian_phone in people:
            guardian_id = self.batch.new_id("guardian")
            cin = f"{rng.choice(['BE', 'BK', 'BJ', 'BH'])}{rng.randrange(100000, 999999)}"
            self.batch.add("guardian", (
                guardian_id, household_id, f"{first} {last}", f"{first_ar} {last_ar}", sex, cin,
                guardian_phone, names.phone_key(guardian_phone), rng.choice(OCCUPATIONS),
                status, 1, created))
            made.append((guardian_id, relation))
        return made

    def child(self, household_id, guardians, last, last_ar, nationality, kind, phone,
              identity: ChildIdentity | None = None) -> int:
        rng, batch = self.rng, self.batch
        if identity is None:
            sex = rng.choice("fm")
            pool = MIGRANT_FIRST[sex] if kind == "migrant" else (GIRLS if sex == "f" else BOYS)
            first, first_ar = rng.choice(pool)
            entry = self.today - dt.timedelta(days=rng.randrange(20, self.history_days))
            year = entry.year - rng.randrange(4, 15)
            no_papers = kind == "migrant" or rng.random() < 0.12
            precision = "about" if no_papers and rng.random() < 0.6 else "exact"
            birth = dt.date(year, rng.randrange(1, 13), rng.randrange(1, 29))
            status = "left" if rng.random() < 0.12 else "active"
            exit_date = min(self.today, entry + dt.timedelta(days=300))
            if self.history_days > 1400:  # a long history: children come and go over years
                exit_date = entry + dt.timedelta(days=rng.randrange(200, 1200))
                status = "left" if exit_date < self.today else "active"
            identity = ChildIdentity(
                first, last, first_ar, last_ar, sex, precision,
                birth if precision == "exact" else None, year,
                "" if no_papers else "Casablanca", nationality, entry,
                rng.choice(["street_work", "school", "family", "family", "entraide", "court"]),
                "", phone, rng.random() < 0.8, None, status,
                exit_date if status == "left" else None,
                rng.choice(["back_to_school", "vocational_training", "moved_away",
                            "family_reunified"]) if status == "left" else "")
            civil = ("not_registered" if rng.random() < 0.5 else "in_progress") if no_papers \
                else "registered"
        else:
            civil = "unknown"
        child_id = batch.new_id("child")
        year = identity.entry_date.year
        self.sequence[year] = self.sequence.get(year, 0) + 1
        seq = self.sequence[year]
        number = f"{self.prefix}-{year}-{seq:04d}"
        derived = derived_columns(identity)
        school = rng.choices(["in_school", "dropped_out", "never_schooled"], [70, 20, 10])[0]
        created = self._moment(identity.entry_date)
        archived = created if identity.status == "left" and rng.random() < 0.5 else None
        batch.add("child", (
            child_id, number, year, seq, identity.first_name_latin, identity.last_name_latin,
            identity.first_name_arabic, identity.last_name_arabic, identity.sex,
            identity.birth_precision,
            identity.birth_date.isoformat() if identity.birth_date else None, identity.birth_year,
            identity.birth_place, identity.nationality, int(identity.photo_consent),
            self.photo(rng, identity.sex) if identity.photo_consent and self.photo else None,
            identity.entry_date.isoformat(),
            identity.referral, "", identity.emergency_phone, derived["emergency_phone_key"],
            identity.status, identity.exit_date.isoformat() if identity.exit_date else None,
            identity.exit_reason, archived, household_id, school,
            rng.choice(SCHOOLS) if school == "in_school" else "",
            rng.choice(LEVELS) if school == "in_school" else "", civil,
            rng.choice(["amo_tadamon", "amo", "none", "unknown"]), "", derived["sort_name"],
            derived["name_key_latin"], derived["name_key_arabic"], created, created))
        batch.add("child_search", (child_id, index_words(
            number, seq, identity.first_name_latin, identity.last_name_latin,
            identity.first_name_arabic, identity.last_name_arabic)))
        if household_id is not None:
            batch.add("household_stay", (child_id, household_id,
                                         identity.entry_date.isoformat()))
        for guardian_id, relation in guardians:
            batch.add("child_guardian", (child_id, guardian_id, relation))
        batch.add("audit_event", (created, rng.choice(self.authors), "create", "child",
                                  child_id, ""))
        self._entries(child_id, identity, school, civil)
        self.made.append((child_id, identity, household_id, guardians, phone))
        return child_id

    def _entries(self, child_id, identity, school, civil) -> None:
        rng, batch = self.rng, self.batch
        author = rng.choice(self.authors)
        day = min(self.today, identity.entry_date + dt.timedelta(days=rng.randrange(10, 200)))
        if school == "in_school" and rng.random() < 0.6:
            batch.add("child_entry", (child_id, "school", day.isoformat(), "result",
                                      f"{day.year - 1}-{day.year} T1", "",
                                      f"Moyenne {rng.randrange(8, 17)}/20", author,
                                      self._moment(day)))
        if civil == "in_progress":
            batch.add("child_entry", (child_id, "civil", day.isoformat(), "file_filed",
                                      "Tribunal de première instance", "", "", author,
                                      self._moment(day)))
        if rng.random() < 0.25:
            batch.add("child_entry", (child_id, "health", day.isoformat(),
                                      rng.choice(["doctor", "health_centre", "dentist"]),
                                      "Centre de santé du quartier", "Éducatrice",
                                      "Contrôle, rien de particulier", author, self._moment(day)))

    def near_duplicates(self, count: int) -> None:
        """Register some children a second time, spelled differently, as happens at a desk."""
        candidates = [made for made in self.made
                      if made[1].first_name_latin in VARIANTS
                      or made[1].last_name_latin in VARIANTS]
        for child_id, identity, household_id, guardians, phone in self.rng.sample(
                candidates, min(count, len(candidates))):
            twin = ChildIdentity(**{**identity.__dict__})
            twin.first_name_latin = VARIANTS.get(identity.first_name_latin,
                                                 identity.first_name_latin)
            twin.last_name_latin = VARIANTS.get(identity.last_name_latin,
                                                identity.last_name_latin)
            twin.first_name_arabic = twin.last_name_arabic = ""
            twin.birth_precision, twin.birth_date = "about", None
            twin.entry_date = min(self.today, identity.entry_date + dt.timedelta(days=90))
            twin.status, twin.exit_date, twin.exit_reason = "active", None, ""
            twin.photo_consent = False
            self.child(None, [], "", "", "", "", phone, identity=twin)


def insert(connection, batch: Batch) -> None:
    for table, rows in batch.rows.items():
        columns = COLUMNS[table]
        marks = ", ".join("?" * len(columns.split(",")))
        connection.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def add_families(connection, rng: random.Random, children: int, today: dt.date, prefix: str,
                 authors: list[int], photo: Callable[[random.Random, str], bytes] | None = None,
                 near_duplicates: int = 0, history_days: int = 1400) -> int:
    """Households until ``children`` children exist; returns how many were made. The caller
    holds the transaction. Children arrived over ``history_days``; past 1,400 days they also
    leave after one to three years, as in a centre with ten years behind it."""
    next_ids = {table: connection.execute(f"SELECT coalesce(max(id), 0) FROM {table}"
                                          ).fetchone()[0]
                for table in ("household", "guardian", "child")}
    batch = Batch(next_ids)
    maker = FamilyMaker(rng, today, prefix, authors, batch, photo, history_days)
    made = 0
    while made < children - near_duplicates:
        size = min(rng.choices([1, 2, 3, 4], [40, 35, 18, 7])[0], children - near_duplicates - made)
        maker.household(size)
        made += size
    maker.near_duplicates(near_duplicates)
    insert(connection, batch)
    return len(batch.rows.get("child", []))
