"""Benchmarks of the coordinator's reports on the large centre. Run through bench.run."""
from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from centre_desk.core.paths import DataFolder


def bench_reports(folder: DataFolder, record, ms) -> None:
    from PySide6.QtWidgets import QApplication

    from centre_desk.core import db, reports
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.services import users
    from centre_desk.ui.pages.reports import ReportsPage
    from centre_desk.ui.session import Session

    app = QApplication.instance() or QApplication([])
    opened = db.open_database(folder)
    actor = users.authenticate("admin", DEMO_PASSWORD)
    today = dt.date(2026, 11, 1)
    month, year = reports.parse_period("2026-10"), reports.parse_period("2025-2026")
    times = []
    for _run in range(5):
        started = time.perf_counter()
        report = reports.build(actor, "monthly", month, "fr", today=today)
        times.append(time.perf_counter() - started)
    record("monthly report computed: median", ms(statistics.median(times)), "< 200 ms")
    out = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    for kind, period, target in (("monthly", month, "< 1 s"), ("annual", year, "< 2 s")):
        times = []
        for language in ("fr", "ar", "fr"):
            started = time.perf_counter()
            report = reports.build(actor, kind, period, language, today=today)
            reports.render_file(report, out / f"{kind}-{language}.pdf")
            times.append(time.perf_counter() - started)
        record(f"{kind} report PDF with charts, computed and written (fr, ar, fr): median",
               ms(statistics.median(times)), target)
    page = ReportsPage(Session(opened, actor), today=today)
    page.resize(1136, 700)
    page.show()
    page.refresh()
    app.processEvents()
    times = []
    for index in range(1, 6):
        started = time.perf_counter()
        page.period.setCurrentIndex(index)
        page.repaint()
        app.processEvents()
        times.append(time.perf_counter() - started)
    record("Reports page refresh after changing the month: median",
           ms(statistics.median(times)), "< 300 ms")
    page.close()
    opened.close()
