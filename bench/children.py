"""Benchmarks of the children's files: search per keystroke with the list's update, opening a
file, registering with the duplicate check. Run through bench.run."""
from __future__ import annotations

import datetime as dt
import random
import statistics
import time

from centre_desk.core.paths import DataFolder

# What a secretary types, one keystroke at a time, in both scripts and by file number.
TYPED = ["mohamed", "el amr", "khadi", "benj", "fatima z", "محمد", "العمر", "2024-00", "0042"]


def keystrokes() -> list[str]:
    return [word[:end] for word in TYPED for end in range(1, len(word) + 1)]


def build(folder: DataFolder, children: int) -> DataFolder:
    """A centre of ``children`` children and their families, without ten years of audit."""
    from bench.large_centre import generate

    generate(folder, years=0, children=children)
    return folder


def bench_search(folder: DataFolder, record, ms) -> None:
    """Each keystroke as the page runs it: the SQL search, the model reset and the painting of
    the rows in view (which reads them from the database)."""
    from PySide6.QtWidgets import QApplication

    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.services import users
    from centre_desk.ui.pages.children import ChildrenPage
    from centre_desk.ui.session import Session
    from centre_desk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    opened = db.open_database(folder)
    actor = users.authenticate("admin", DEMO_PASSWORD)
    page = ChildrenPage(Session(opened, actor), lambda _id: None, lambda: None)
    page.resize(1136, 700)
    page.show()
    page.refresh()
    app.processEvents()
    from centre_desk.core.models import Child

    count = Child.select().count()
    searches, paints, totals = [], [], []
    for _round in range(3):
        for text in keystrokes() + [""]:
            started = time.perf_counter()
            page.search.setText(text)
            page.refresh()
            searched = time.perf_counter()
            page.table.viewport().repaint()
            painted = time.perf_counter()
            searches.append(searched - started)
            paints.append(painted - searched)
            totals.append(painted - started)
    for name, times in (("search and list reset", searches), ("painting the rows in view",
                                                                paints),
                        ("keystroke in all", totals)):
        times.sort()
        record(f"{name}, {count:,} children: median / 95th percentile",
               f"{ms(statistics.median(times))} / {ms(times[int(len(times) * 0.95)])}",
               "< 16 ms" if name == "keystroke in all" else "—")
    page.close()
    opened.close()


def bench_open_file(folder: DataFolder, record, ms) -> None:
    from PySide6.QtWidgets import QApplication

    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.models import Child
    from centre_desk.core.services import users
    from centre_desk.ui.dialogs.child_file import ChildFileDialog
    from centre_desk.ui.session import Session

    app = QApplication.instance() or QApplication([])
    opened = db.open_database(folder)
    actor = users.authenticate("admin", DEMO_PASSWORD)
    session = Session(opened, actor)
    ids = [id_ for (id_,) in Child.select(Child.id).where(Child.household.is_null(False))
           .order_by(Child.id).limit(400).tuples()]
    times = []
    for child_id in random.Random(3).sample(ids, 25):
        started = time.perf_counter()
        dialog = ChildFileDialog(session, child_id, lambda _id: None)
        dialog.show()
        dialog.repaint()
        times.append(time.perf_counter() - started)
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    record(f"open a child's file, painted at its first tab ({Child.select().count():,} "
           "children)", ms(statistics.median(times)), "< 50 ms")
    opened.close()


def bench_register(folder: DataFolder, record, ms) -> None:
    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.demo.names import BOYS, FAMILY_NAMES, GIRLS
    from centre_desk.core.models import Child
    from centre_desk.core.services import users
    from centre_desk.core.services.children import ChildIdentity
    from centre_desk.core.services.registration import (
        PossibleDuplicates,
        find_duplicates,
        register_child,
    )

    opened = db.open_database(folder)
    actor = users.authenticate("admin", DEMO_PASSWORD)
    count = Child.select().count()
    rng = random.Random(5)
    checks, registrations = [], []
    for number in range(30):
        first, first_ar = rng.choice(GIRLS + BOYS)
        last, last_ar = rng.choice(FAMILY_NAMES)
        data = ChildIdentity(first, last, first_ar, last_ar, rng.choice("fm"), "about", None,
                             2012 + number % 8, entry_date=dt.date(2026, 10, 1),
                             emergency_phone=f"0661{number:06d}")
        started = time.perf_counter()
        find_duplicates(actor, data, ["0661234567"])
        checks.append(time.perf_counter() - started)
        started = time.perf_counter()
        try:
            register_child(actor, data)
        except PossibleDuplicates:  # common names: the check found look-alikes, as it should
            register_child(actor, data, accept_duplicates=True)
        registrations.append(time.perf_counter() - started)
    record(f"duplicate check alone ({count:,} children)", ms(statistics.median(checks)), "—")
    record(f"register a child including the duplicate check ({count:,} children)",
           ms(statistics.median(registrations)), "< 50 ms")
    opened.close()
