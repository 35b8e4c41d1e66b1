"""Benchmarks of certificates on the large centre: one in a running program, a batch of 500 in
one PDF, and the size of a certificate. Run through bench.run."""
from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from centre_desk.core.paths import DataFolder


def bench_certificates(folder: DataFolder, record, ms) -> None:
    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.models import Attendance, Session
    from centre_desk.core.services import certificates, users
    from centre_desk.core.services.certificates import CertificateRequest

    opened = db.open_database(folder)
    actor = users.authenticate("admin", DEMO_PASSWORD)
    start, end = dt.date(2026, 9, 1), dt.date(2026, 10, 31)
    children = [child_id for (child_id,) in Attendance.select(Attendance.child).join(Session)
                .where(Session.on_date.between(start, end) & Attendance.child.is_null(False))
                .distinct().limit(600).tuples()]
    request = CertificateRequest("attendance", "fr+ar", None, start, end)
    out = Path(tempfile.mkdtemp(prefix="centre-desk-bench-"))
    times, sizes = [], []
    for index, child_id in enumerate(children[:10]):
        path = out / f"one-{index}.pdf"
        started = time.perf_counter()
        certificates.issue(actor, [child_id], request, path)
        times.append(time.perf_counter() - started)
        sizes.append(path.stat().st_size)
    record("one certificate (French and Arabic, logo, QR), registered and written: median",
           ms(statistics.median(times)), "< 100 ms")
    record("size of a certificate PDF (fonts subset): largest of 10",
           f"{max(sizes) / 1024:.0f} KB", "< 100 KB")
    for language, batch in (("fr", children[10:510]), ("fr+ar", children[:500]),
                            ("ar", children[:500])):
        steps = []
        started, cpu = time.perf_counter(), time.process_time()
        certificates.issue(actor, batch, CertificateRequest("attendance", language, None,
                                                            start, end),
                           out / f"batch-{language}.pdf", steps.append)
        elapsed = time.perf_counter() - started
        record(f"a batch of {len(steps)} certificates ({language}) into one PDF, with progress",
               f"{elapsed:.2f} s (CPU {time.process_time() - cpu:.2f} s)", "< 2 s")
    record("size of the batch PDF (for information)",
           f"{(out / 'batch-fr+ar.pdf').stat().st_size / 1024 / 1024:.1f} MB", "—")
    from centre_desk.core.services import verification

    started = time.perf_counter()
    verification.verify_pdf(out / "one-0.pdf")
    record("verify one certificate PDF (its page's text against the register)",
           ms(time.perf_counter() - started), "< 500 ms")
    started = time.perf_counter()
    results = verification.verify_pdf(out / "batch-fr+ar.pdf")
    record(f"verify a batch PDF of {len(results)} certificates (fr+ar) page by page",
           f"{time.perf_counter() - started:.1f} s", "< 60 s")
    opened.close()
