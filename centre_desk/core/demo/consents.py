"""The demonstration centre's consent register: every household signed for the centre's file on
arrival, most agreed to share pseudonymised data with the association, photos follow each
child's photo box. Written in bulk, like the rest of the demo."""
from __future__ import annotations

import datetime as dt
import random

from centre_desk.core.models import utcnow

PAPER = "Classeur des familles"


def add_consents(connection, rng: random.Random, author_id: int | None) -> int:
    households: dict[int, tuple[dt.date, int | None]] = {}
    rows = []
    now = utcnow().isoformat(sep=" ")
    children = connection.execute(
        "SELECT c.id, c.household_id, c.photo_consent, c.entry_date, "
        "(SELECT g.id FROM guardian g WHERE g.household_id = c.household_id ORDER BY g.id "
        "LIMIT 1) FROM child c WHERE c.merged_into_id IS NULL ORDER BY c.id").fetchall()
    for child_id, household_id, photo, entry, guardian_id in children:
        entry = str(entry)[:10]
        if household_id is not None and household_id not in households:
            households[household_id] = (entry, guardian_id)
        rows.append((child_id, None, "photos", bool(photo), guardian_id, entry))
    for household_id, (entry, guardian_id) in households.items():
        rows.append((None, household_id, "centre_file", True, guardian_id, entry))
        rows.append((None, household_id, "share_association", rng.random() < 0.85,
                     guardian_id, entry))
    connection.executemany(
        "INSERT INTO consent (child_id, household_id, purpose, partner, given, guardian_id, "
        "given_on, paper_place, recorded_at, recorded_by) VALUES (?, ?, ?, '', ?, ?, ?, ?, ?, ?)",
        [(*row, PAPER, now, author_id) for row in rows])
    return len(rows)
