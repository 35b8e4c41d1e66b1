"""A large centre for benchmarks: ten years of a busy centre, inserted with raw executemany.

    python -m bench.large_centre --home bench/out/large [--years 10]

What exists in the schema is filled: the centre, 60 staff accounts over the years, a decade of
audit events (about 430,000), 3,000 children who came and went over those years in their
households (guardians, siblings, documents, dated entries, timelines), and the activities of a
day centre with ten years of sessions and attendance marks.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import time
from pathlib import Path

from centre_desk.core.demo import DEMO_PASSWORD, demo_logo_png
from centre_desk.core.demo.activities import add_activities
from centre_desk.core.demo.families import add_families
from centre_desk.core.demo.names import BOYS, FAMILY_NAMES, GIRLS
from centre_desk.core.paths import DataFolder
from centre_desk.core.security import Role, hash_password
from centre_desk.core.services.centre import CentreIdentity, setup_centre
from centre_desk.core.services.users import NewUser

STAFF = 60
EVENTS_PER_DAY = 160
CHILDREN = 3_000


def generate(folder: DataFolder, years: int = 10, seed: int = 1,
             children: int = CHILDREN) -> dict[str, float]:
    if folder.root.exists():
        shutil.rmtree(folder.root)
    rng = random.Random(seed)
    started = time.perf_counter()
    opened, _admin = setup_centre(
        folder, CentreIdentity("Centre Amane (grand)", "Casablanca", "Association Amane", "AMN",
                               logo_png=demo_logo_png()),
        NewUser("admin", "Admin Grand Centre", Role.ADMIN, DEMO_PASSWORD))
    connection = opened.db.connection()
    connection.execute("PRAGMA cache_size = -262144")  # 256 MB while building, not after
    password_hash = hash_password(DEMO_PASSWORD)  # one hash for all: argon2 is slow on purpose
    roles = [Role.EDUCATOR] * 6 + [Role.SECRETARY, Role.COORDINATOR, Role.SOCIAL_WORKER]
    start = dt.datetime(2026, 11, 1) - dt.timedelta(days=365 * years)
    staff = []
    for number in range(STAFF):
        first, _ar = rng.choice(GIRLS + BOYS)
        last, _ar = rng.choice(FAMILY_NAMES)
        staff.append((f"staff{number:03d}", f"{first} {last}", rng.choice(roles).value,
                      password_hash, None, int(number >= STAFF - 12), start.isoformat(" ")))
    actions = ["login"] * 6 + ["create", "update", "update", "login_failed"]
    events = []
    for day in range(365 * years):
        moment = start + dt.timedelta(days=day, hours=8)
        for _event in range(EVENTS_PER_DAY if moment.weekday() < 5 else 10):
            at = moment + dt.timedelta(seconds=rng.randrange(9 * 3600))
            events.append((at.isoformat(" "), rng.randrange(2, STAFF + 2), rng.choice(actions),
                           "user", rng.randrange(1, STAFF + 2), ""))
    with opened.db.atomic():
        connection.executemany(
            "INSERT INTO user (username, full_name, role, password_hash, language, active, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", staff)
        connection.executemany(
            "INSERT INTO audit_event (at, user_id, action, entity, entity_id, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)", events)
        today = dt.date(2026, 11, 1)
        made = add_families(connection, rng, children, today, "AMN",
                            authors=list(range(2, STAFF + 2)), near_duplicates=children // 100,
                            history_days=max(1400, 365 * years))
        counts = {"marks": 0, "activities": 0}
        if years:
            counts = add_activities(connection, rng, today,
                                    today - dt.timedelta(days=365 * years),
                                    {"educ1": 2, "educ2": 3, "educ3": 4, "social": 5}, author=6)
    opened.close()
    return {"seconds": time.perf_counter() - started, "audit_events": len(events),
            "users": len(staff) + 1, "children": made, **counts}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--home", default=str(Path(__file__).parent / "out" / "large"))
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--children", type=int, default=CHILDREN)
    args = parser.parse_args()
    print(generate(DataFolder(Path(args.home)), args.years, children=args.children))


if __name__ == "__main__":
    main()
