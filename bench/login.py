"""Benchmark of login timing (issue 13): an unknown user name must cost what a wrong password
for a real one costs (target: medians within 20 %), so that timing tells nothing about which
names exist. Runs on any centre folder; through bench.run on the large centre."""
from __future__ import annotations

import statistics
import time

from centre_desk.core.paths import DataFolder


def bench_login_timing(folder: DataFolder, record, ms, tries: int = 15) -> None:
    from centre_desk.core import db
    from centre_desk.core.errors import LoginFailed
    from centre_desk.core.models import LoginThrottle
    from centre_desk.core.services import users

    opened = db.open_database(folder)
    known, unknown = [], []
    try:
        for _try in range(tries):
            for name, times in (("admin", known), ("personne-inconnue", unknown)):
                LoginThrottle.delete().execute()  # measure the check, not the lockout
                start = time.perf_counter()
                try:
                    users.authenticate(name, "pas-le-bon-mot-de-passe-1")
                except LoginFailed:
                    pass
                times.append(time.perf_counter() - start)
        LoginThrottle.delete().execute()
    finally:
        opened.close()
    known_median, unknown_median = statistics.median(known), statistics.median(unknown)
    record("failed login, real user name (median)", ms(known_median), "—")
    record("failed login, unknown user name (median)", ms(unknown_median), "—")
    record("unknown / real user name", f"{unknown_median / known_median:.2f}", "0.80 – 1.20")
