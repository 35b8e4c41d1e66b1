"""Benchmarks of the coordinator's reports on the large centre. Run through bench.run."""
from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from centre_desk.core.paths import DataFolder


def _timed(work, runs: int) -> tuple[float, float]:
    """Medians of the wall-clock time and of the process's CPU time: on a shared, loaded
    machine the CPU time is the closer figure to what an idle machine would take."""
    walls, cpus = [], []
    for _run in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


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
    runs = iter([month] + [reports.parse_period(f"2026-{m:02d}") for m in range(1, 10)] * 3)
    wall, cpu = _timed(lambda: reports.build(actor, "monthly", next(runs), "fr", today=today), 7)
    record("monthly report computed: median wall / CPU", f"{ms(wall)} / {ms(cpu)}", "< 200 ms")
    out = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    for kind, period, target in (("monthly", month, "< 1 s"), ("annual", year, "< 2 s")):
        languages = iter(["fr", "ar"] * 5)

        def pdf(kind=kind, period=period):
            language = next(languages)
            report = reports.build(actor, kind, period, language, today=today)
            reports.render_file(report, out / f"{kind}-{language}.pdf")

        wall, cpu = _timed(pdf, 5)
        record(f"{kind} report PDF with charts, computed and written (fr, ar…): median wall / "
               "CPU", f"{ms(wall)} / {ms(cpu)}", target)
    page = ReportsPage(Session(opened, actor), today=today)
    page.resize(1136, 700)
    page.show()
    page.refresh()
    app.processEvents()
    indexes = iter(range(1, 12))

    def change_month():
        page.period.setCurrentIndex(next(indexes))
        page.repaint()
        app.processEvents()

    wall, cpu = _timed(change_month, 7)
    record("Reports page refresh after changing the month: median wall / CPU",
           f"{ms(wall)} / {ms(cpu)}", "< 300 ms")
    page.close()
    opened.close()
