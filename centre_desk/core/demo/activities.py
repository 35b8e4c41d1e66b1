"""Invented activities, timetables, enrolments and attendance, inserted in bulk: the demo
centre's three months and the benchmarks' ten years come from here.

Attendance follows believable patterns: most children come nine times out of ten, some often
miss (so follow-up tasks appear), and a few slip away over their last weeks."""
from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from centre_desk.core.services import sessions

# kind, name, room, ages (None: adults), places, [(weekdays, start, end)], educator username
CATALOGUE = [
    ("tutoring", "Soutien scolaire — matin (CP–CE3)", "Salle 1", (6, 9), 28,
     [(range(5), "09:00", "11:00")], "educ1"),
    ("tutoring", "Soutien scolaire — après-midi (CE4–6e)", "Salle 2", (10, 13), 28,
     [(range(5), "14:00", "16:00")], "educ2"),
    ("tutoring", "Soutien scolaire — collège", "Salle 2", (14, 17), 25,
     [((0, 1, 3, 4), "16:30", "18:30")], "educ3"),
    ("preschool", "Préscolaire", "Salle 3", (4, 5), 20, [(range(5), "09:00", "11:30")], "educ2"),
    ("workshop", "Chorale", "Salle polyvalente", (7, 15), 25,
     [((2,), "14:00", "15:30"), ((5,), "10:00", "11:30")], "educ1"),
    ("workshop", "Arts plastiques", "Atelier", (6, 14), 20, [((2,), "16:00", "17:30")], "educ2"),
    ("workshop", "Théâtre", "Salle polyvalente", (10, 17), 20, [((5,), "14:00", "16:00")],
     "educ3"),
    ("workshop", "Échecs", "Salle 1", (8, 17), 16, [((1, 3), "16:30", "17:30")], "educ1"),
    ("workshop", "Karaté", "Gymnase", (7, 17), 20, [((0, 3), "17:00", "18:00")], "educ3"),
    ("workshop", "Football", "Terrain du quartier", (8, 17), 24, [((5,), "09:00", "10:30")],
     "educ3"),
    ("workshop", "Musique", "Salle de musique", (9, 17), 15, [((4,), "15:00", "16:30")], "educ1"),
    ("womens_group", "Groupe de parole des femmes", "Salle 3", None, 20,
     [((3,), "10:00", "12:00")], "social"),
    ("parents_group", "Rencontre des parents", "Salle polyvalente", None, 40,
     [((4,), "17:00", "18:00")], "social"),
]
ARABIC_NAMES = {
    "Soutien scolaire — matin (CP–CE3)": "الدعم المدرسي — صباحا (الأول إلى الثالث ابتدائي)",
    "Soutien scolaire — après-midi (CE4–6e)": "الدعم المدرسي — مساء (الرابع إلى السادس ابتدائي)",
    "Soutien scolaire — collège": "الدعم المدرسي — الإعدادي",
    "Préscolaire": "التعليم الأولي",
    "Chorale": "الكورال",
    "Arts plastiques": "الفنون التشكيلية",
    "Théâtre": "المسرح",
    "Échecs": "الشطرنج",
    "Karaté": "الكاراطي",
    "Football": "كرة القدم",
    "Musique": "الموسيقى",
    "Groupe de parole des femmes": "مجموعة الحوار النسائية",
    "Rencontre des parents": "لقاء الآباء والأمهات",
}


@dataclass
class Stay:
    """One participant's enrolment in one group, and how often they come."""

    key: tuple[str, int]
    start: dt.date
    end: dt.date | None
    presence: float
    fading_from: dt.date | None  # attendance falls after this day (a child slipping away)


def _closures(today: dt.date, start: dt.date) -> list[tuple[dt.date, dt.date, str]]:
    """Moroccan public holidays and school holidays that fall in the period."""
    found = []
    for year in range(start.year, today.year + 1):
        for month, day, label in ((1, 11, "Manifeste de l'indépendance"), (5, 1, "Fête du travail"),
                                  (7, 30, "Fête du Trône"), (8, 14, "Oued Eddahab"),
                                  (8, 20, "Révolution du roi et du peuple"),
                                  (8, 21, "Fête de la jeunesse"), (11, 6, "Marche verte"),
                                  (11, 18, "Fête de l'indépendance")):
            holiday = dt.date(year, month, day)
            if start <= holiday <= today:
                found.append((holiday, holiday, label))
        for first, last, label in ((dt.date(year, 10, 25), dt.date(year, 11, 1),
                                    "Vacances scolaires d'automne"),
                                   (dt.date(year, 12, 20), dt.date(year, 12, 31),
                                    "Vacances scolaires d'hiver")):
            if first <= today and last >= start:
                found.append((first, last, label))
    return found


def add_activities(connection, rng: random.Random, today: dt.date, start: dt.date,
                   educators: dict[str, int], author: int, group_size: int = 25) -> dict:
    """The catalogue's activities (in as many parallel groups as the centre's numbers need),
    enrolments of the children and guardians there, and closed sessions with marks from
    ``start`` to yesterday. The caller holds the transaction. Returns counts."""
    children = connection.execute(
        "SELECT id, birth_year, entry_date, exit_date, sex FROM child "
        "WHERE merged_into_id IS NULL AND erased_at IS NULL").fetchall()
    women = [row[0] for row in connection.execute(
        "SELECT id FROM guardian WHERE sex = 'f' AND name_latin != ''").fetchall()]
    parents = [row[0] for row in connection.execute(
        "SELECT id FROM guardian WHERE name_latin != ''").fetchall()]
    span = max(1, (today - start).days)

    def period(entry: str, exit_: str | None) -> tuple[dt.date, dt.date | None] | None:
        first = max(dt.date.fromisoformat(entry), start)
        last = dt.date.fromisoformat(exit_) if exit_ else None
        return None if last is not None and last < first else (first, last)

    stays: dict[int, list[Stay]] = {}
    slots, activity_rows, educator_rows = [], [], []
    next_id = (connection.execute("SELECT coalesce(max(id), 0) FROM activity").fetchone()[0])
    for kind, name, room, ages, places, timetable, educator in CATALOGUE:
        if ages is None:
            pool = [(("g", g), (start, None)) for g in (women if kind == "womens_group"
                                                         else parents)
                    if rng.random() < (0.35 if kind == "womens_group" else 0.2)]
        else:
            pool = []
            for child_id, year, entry, exit_, _sex in children:
                if year is None or not ages[0] <= today.year - year <= ages[1]:
                    continue
                stay = period(entry, exit_)
                chance = 1.0 if kind in ("tutoring", "preschool") else 0.3
                if stay is not None and rng.random() < chance:
                    pool.append((("c", child_id), stay))
        if not pool:
            continue
        # Parallel groups so that about ``group_size`` come on a given day.
        present_days = sum(((stay[1] or today) - stay[0]).days for _key, stay in pool)
        groups = max(1, math.ceil(present_days / span / min(places, group_size)))
        members: list[list] = [[] for _ in range(groups)]
        for key, stay in pool:
            members[rng.randrange(groups)].append((key, stay))
        for index in range(groups):
            next_id += 1
            label = name if groups == 1 else f"{name} — groupe {index + 1}"
            label_ar = ARABIC_NAMES[name] if groups == 1 else \
                f"{ARABIC_NAMES[name]} — الفوج {index + 1}"
            activity_rows.append((next_id, kind, label, label_ar, room,
                                  ages[0] if ages else None,
                                  ages[1] if ages else None, places, start.isoformat(),
                                  today.isoformat() + " 08:00:00"))
            if educator in educators:
                educator_rows.append((next_id, educators[educator]))
            for weekdays, begin, finish in timetable:
                slots.extend((next_id, day, begin, finish) for day in weekdays)
            stays[next_id] = [_stay(rng, key, stay, today) for key, stay in members[index]]
    connection.executemany(
        "INSERT INTO activity (id, kind, name, name_ar, room, age_min, age_max, capacity, "
        "start_date, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", activity_rows)
    connection.executemany("INSERT INTO activity_educator (activity_id, user_id) VALUES (?, ?)",
                           educator_rows)
    connection.executemany("INSERT INTO timetable_slot (activity_id, weekday, start_time, "
                           "end_time) VALUES (?, ?, ?, ?)", slots)
    enrolments = []
    for activity_id, people in stays.items():
        for number, stay in enumerate(people, start=1):
            child, guardian = (stay.key[1], None) if stay.key[0] == "c" else (None, stay.key[1])
            enrolments.append((activity_id, child, guardian, stay.start.isoformat(),
                               stay.end.isoformat() if stay.end else None, number))
    connection.executemany(
        "INSERT INTO enrolment (activity_id, child_id, guardian_id, start_date, end_date, number)"
        " VALUES (?, ?, ?, ?, ?, ?)", enrolments)
    connection.executemany("INSERT INTO closure (start_date, end_date, label) VALUES (?, ?, ?)",
                           [(a.isoformat(), b.isoformat(), label)
                            for a, b, label in _closures(today, start)])
    sessions.ensure_sessions(start, today)
    marks = _marks(connection, rng, stays, today, author)
    return {"activities": len(activity_rows), "enrolments": len(enrolments), "marks": marks}


def _stay(rng: random.Random, key, stay, today: dt.date) -> Stay:
    roll = rng.random()
    if roll < 0.1:  # often absent: these children get follow-up tasks
        presence, fading = rng.uniform(0.35, 0.6), None
    elif roll < 0.15:  # slipping away over the last weeks
        presence, fading = rng.uniform(0.85, 0.95), today - dt.timedelta(days=rng.randrange(15, 30))
    else:
        presence, fading = rng.uniform(0.82, 0.98), None
    return Stay(key, stay[0], stay[1], presence, fading)


def _without_indexes(connection, table: str):
    """Drop a table's indexes for a bulk insert and build them again after: sorting once is
    several times faster than keeping them up to date row by row."""
    indexes = connection.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                                 "AND tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall()
    for name, _sql in indexes:
        connection.execute(f'DROP INDEX "{name}"')
    return lambda: [connection.execute(sql) for _name, sql in indexes]


def _marks(connection, rng: random.Random, stays: dict[int, list[Stay]], today: dt.date,
           author: int) -> int:
    past = connection.execute(
        "SELECT id, activity_id, on_date, end_time FROM session "
        "WHERE on_date < ? AND cancelled = 0", (today.isoformat(),)).fetchall()
    rows, closed = [], []
    rebuild = _without_indexes(connection, "attendance") if len(past) > 5_000 else None
    for session_id, activity_id, on_date, end_time in past:
        day = dt.date.fromisoformat(str(on_date)[:10])
        moment = f"{day.isoformat()} {end_time}:00"
        before = len(rows)
        for stay in stays.get(activity_id, ()):
            if day < stay.start or (stay.end is not None and day > stay.end):
                continue
            presence = stay.presence
            if stay.fading_from is not None and day >= stay.fading_from:
                presence = 0.15
            roll = rng.random()
            if roll < presence:
                mark = "L" if rng.random() < 0.07 else "P"
            else:
                mark = "E" if rng.random() < 0.15 else "A"
            child, guardian = (stay.key[1], None) if stay.key[0] == "c" else (None, stay.key[1])
            rows.append((session_id, child, guardian, mark, moment, author))
        if len(rows) > before:
            closed.append((moment, author, moment, session_id))
        if len(rows) > 200_000:
            _insert_marks(connection, rows)
            rows = []
    _insert_marks(connection, rows)
    if rebuild is not None:
        rebuild()
    connection.executemany("UPDATE session SET taken_at = ?, closed_by = ?, closed_at = ? "
                           "WHERE id = ?", closed)
    return connection.execute("SELECT count(*) FROM attendance").fetchone()[0]


def _insert_marks(connection, rows) -> None:
    connection.executemany(
        "INSERT INTO attendance (session_id, child_id, guardian_id, mark, marked_at, marked_by) "
        "VALUES (?, ?, ?, ?, ?, ?)", rows)

