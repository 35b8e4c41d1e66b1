"""Benchmarks of the roll call and attendance figures on the large centre (3,000 children, ten
years, about 1.8 million marks). Run through bench.run."""
from __future__ import annotations

import datetime as dt
import statistics
import time

from centre_desk.core.paths import DataFolder


def _session(folder: DataFolder):
    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.services import users

    opened = db.open_database(folder)
    return opened, users.authenticate("admin", DEMO_PASSWORD)


def _groups_of(size: int, day: dt.date, actor) -> list[int]:
    """Sessions on ``day`` whose group has about ``size`` participants."""
    from centre_desk.core.services import activities, sessions

    rows = sessions.sessions_on(actor, day)
    return [row.id for row in rows
            if size - 5 <= len(activities.participants(row.activity_id, day)) <= size + 5]


def bench_roll_call(folder: DataFolder, record, ms) -> None:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from centre_desk.ui.dialogs.roll_call import RollCallDialog

    app = QApplication.instance() or QApplication([])
    opened, actor = _session(folder)
    past = _groups_of(25, dt.date(2026, 10, 20), actor)
    opening = []
    for session_id in past[:10]:
        started = time.perf_counter()
        dialog = RollCallDialog(actor, session_id)
        dialog.show()
        dialog.repaint()
        opening.append(time.perf_counter() - started)
        dialog.close()
        dialog.deleteLater()
        app.processEvents()
    record(f"open a session of about 25 (median of {len(opening)})",
           ms(statistics.median(opening)), "< 50 ms")
    today = _groups_of(25, dt.date(2026, 11, 2), actor)
    started = time.perf_counter()
    dialog = RollCallDialog(actor, today[0])  # first opening: everyone presumed, nothing saved
    dialog.show()
    dialog.repaint()
    record("first opening of a session of about 25, everyone presumed present",
           ms(time.perf_counter() - started), "< 50 ms")
    dialog.table.setFocus()
    dialog.table.setCurrentIndex(dialog.model.index(0, 0))
    event = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_A, Qt.KeyboardModifier.NoModifier, "a")
    started = time.perf_counter()
    QApplication.sendEvent(dialog.table, event)  # confirms the roll: about 25 marks written
    record("first mark, confirming a presumed roll of about 25",
           ms(time.perf_counter() - started), "< 50 ms")
    marks = []
    for index in range(60):
        dialog.table.setCurrentIndex(dialog.model.index(index % len(dialog.model.lines), 0))
        key, text = (Qt.Key.Key_A, "a") if index % 2 == 0 else (Qt.Key.Key_P, "p")
        event = QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier, text)
        started = time.perf_counter()
        QApplication.sendEvent(dialog.table, event)  # returns once committed and shown
        marks.append(time.perf_counter() - started)
    record("one mark, key press to committed (synchronous=FULL) and shown: median",
           ms(statistics.median(marks)), "< 2 ms")
    dialog.close()
    opened.close()


def bench_figures(folder: DataFolder, record, ms) -> None:
    from PySide6.QtWidgets import QApplication

    from centre_desk.core.models import Activity
    from centre_desk.core.services import attendance_stats, sessions
    from centre_desk.ui.pages.home import HomePage
    from centre_desk.ui.session import Session as UiSession

    app = QApplication.instance() or QApplication([])
    opened, actor = _session(folder)
    groups = [id_ for (id_,) in Activity.select(Activity.id).limit(20).tuples()]
    times = []
    for activity_id in groups:
        for month in (3, 10):
            started = time.perf_counter()
            attendance_stats.group_month(actor, activity_id, 2025, month)
            times.append(time.perf_counter() - started)
    record("a group's monthly attendance rates: median", ms(statistics.median(times)), "< 10 ms")
    times = []
    for _run in range(5):
        started = time.perf_counter()
        attendance_stats.year_by_activity_and_month(actor, 2025)
        times.append(time.perf_counter() - started)
    record("a year of attendance by activity and month: median",
           ms(statistics.median(times)), "< 200 ms")
    page = HomePage(UiSession(opened, actor))
    page.resize(1136, 700)
    page.show()
    times = []
    for _run in range(5):
        started = time.perf_counter()
        page.refresh()
        times.append(time.perf_counter() - started)
    record("home screen figures (today's sessions, tasks, the week): median",
           ms(statistics.median(times)), "< 100 ms")
    page.close()
    app.processEvents()
    with opened.db.atomic() as transaction:
        started = time.perf_counter()
        created = sessions.ensure_sessions(dt.date(2027, 1, 1), dt.date(2027, 12, 31))
        elapsed = time.perf_counter() - started
        transaction.rollback()
    record(f"generate a year of sessions from the timetable ({created:,} sessions)",
           ms(elapsed), "< 1 s")
    record("attendance marks in the large centre (for information)",
           f"{opened.db.execute_sql('SELECT count(*) FROM attendance').fetchone()[0]:,}", "—")
    opened.close()
