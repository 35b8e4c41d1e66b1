"""Centre Desk benchmarks at realistic scale, with their targets. Not tests: nothing asserts.

    python -m bench.run            # builds bench/out/large first, prints a table

Run on an idle machine; figures are medians of several runs.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(__file__).parent / "out"
ROWS: list[tuple[str, str, str]] = []


def record(name: str, value: str, target: str) -> None:
    ROWS.append((name, value, target))
    print(f"  {name}: {value} (target {target})", flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def bench_generate():
    from bench.large_centre import generate
    from centre_desk.core.paths import DataFolder

    folder = DataFolder(OUT / "large")
    result = generate(folder)
    record(f"generate large centre ({result['audit_events']:,} audit events, "
           f"{result['children']:,} children, {result['marks']:,} marks)",
           f"{result['seconds']:.1f} s", "< 30 s")
    return folder


def bench_attendance(large) -> None:
    from bench import attendance

    attendance.bench_roll_call(large, record, ms)
    attendance.bench_figures(large, record, ms)


def bench_certificates(large) -> None:
    from bench.certificates import bench_certificates as run

    run(large, record, ms)


def bench_reports(large) -> None:
    from bench.reports import bench_reports as run

    run(large, record, ms)


def bench_export(large) -> None:
    from bench.export import bench_export as run

    run(large, record, ms)


def bench_children(large) -> None:
    from bench import children
    from centre_desk.core.paths import DataFolder

    started = time.perf_counter()
    big = children.build(DataFolder(OUT / "children-30000"), 30_000)
    record("generate a centre of 30,000 children (for information)",
           f"{time.perf_counter() - started:.1f} s", "—")
    for folder in (large, big):
        children.bench_search(folder, record, ms)
    children.bench_open_file(big, record, ms)
    for folder in (large, big):
        children.bench_register(folder, record, ms)


def bench_open(folder) -> None:
    from centre_desk.core import db

    times = []
    for _run in range(20):
        started = time.perf_counter()
        opened = db.open_database(folder)
        opened.db.execute_sql("SELECT count(*) FROM user").fetchone()
        times.append(time.perf_counter() - started)
        opened.close()
    record("open the encrypted database", ms(statistics.median(times)), "< 20 ms")


def _starts_to_login(folder, env: dict, runs: int = 5) -> tuple[list[float], list[float]]:
    """Wall seconds from process start to the login window painted, and the CPU seconds of each
    whole process (start, paint and quit)."""
    import resource

    walls, cpus = [], []
    for _run in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.time()
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--home",
                                 str(folder.root)], capture_output=True, text=True, env=env,
                                timeout=60)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        line = next(line for line in result.stdout.splitlines() if line.startswith("painted"))
        _word, window, painted_at = line.split()
        assert window == "LoginDialog", window
        walls.append(float(painted_at) - started)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def bench_start_to_login(folder) -> None:
    env = dict(os.environ, CENTRE_DESK_EXIT_AFTER_PAINT="1")
    walls, cpus = _starts_to_login(folder, env)
    record("process start to login window painted", ms(statistics.median(walls)), "< 600 ms")
    record("  CPU of that process, start to quit (for information)",
           ms(statistics.median(cpus)), "—")
    # With PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every start compiles the program's
    # modules again; an installed program, the frozen one or a checkout run before keep them
    # compiled. Measured too, after one start that writes them under bench/out.
    cached = dict(env, PYTHONPYCACHEPREFIX=str(OUT / "pycache"))
    cached.pop("PYTHONDONTWRITEBYTECODE", None)
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        _starts_to_login(folder, cached, runs=1)
        walls, _cpus = _starts_to_login(folder, cached)
        record("  the same with the modules' bytecode kept (as installed; for information)",
               ms(statistics.median(walls)), "—")


def bench_login_to_main(folder) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.services import users
    from centre_desk.ui.main_window import MainWindow
    from centre_desk.ui.session import Session
    from centre_desk.ui.theme import apply_theme

    app = QApplication.instance() or QApplication([])
    apply_theme(app)
    opened = db.open_database(folder)
    checks, builds = [], []

    class Painted(QObject):
        done = False

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                self.done = True
            return False

    for _run in range(5):
        started = time.perf_counter()
        actor = users.authenticate("admin", DEMO_PASSWORD)
        checked = time.perf_counter()
        watcher = Painted()
        window = MainWindow(Session(opened, actor))
        window.installEventFilter(watcher)
        window.show()
        while not watcher.done:
            app.processEvents()
        builds.append(time.perf_counter() - checked)
        checks.append(checked - started)
        window.close()
        window.deleteLater()
        app.processEvents()
    opened.close()
    record("password check (argon2, for information)", ms(statistics.median(checks)), "—")
    record("login to main window painted, beyond the password check",
           ms(statistics.median(builds)), "< 300 ms")


def bench_first_dates() -> None:
    """Babel (CLDR dates) is imported on the first date shown, after the login window: the cost
    a fresh process pays for its first French and Arabic dates."""
    code = ("import time, datetime as dt; started = time.perf_counter()\n"
            "from centre_desk.core import i18n\n"
            "for language in ('fr', 'ar'):\n"
            "    i18n.format_date(dt.date.today(), long=True, language=language)\n"
            "    i18n.format_date(dt.date.today(), language=language)\n"
            "print(time.perf_counter() - started)")
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                  check=True, cwd=ROOT).stdout) for _run in range(7)]
    record("first dates in a fresh process, fr and ar (imports Babel, reads CLDR)",
           ms(statistics.median(times)), "< 100 ms")


def bench_login_timing(folder) -> None:
    from bench import login

    login.bench_login_timing(folder, record, ms)


def bench_imports(large) -> None:
    from bench.imports import bench_imports as run

    run(large, record, ms)


def bench_backups(large) -> None:
    from bench.backups import bench_backups as run

    run(large, record, ms)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    print("Centre Desk benchmarks")
    folder = bench_generate()
    bench_open(folder)
    bench_start_to_login(folder)
    bench_first_dates()
    bench_login_to_main(folder)
    bench_login_timing(folder)
    bench_attendance(folder)
    bench_certificates(folder)
    bench_reports(folder)
    bench_export(folder)
    bench_children(folder)
    bench_backups(folder)
    bench_imports(folder)
    width = max(len(name) for name, _v, _t in ROWS)
    print()
    print(f"{'measure'.ljust(width)} | {'value':>10} | target")
    print(f"{'-' * width}-|-{'-' * 10}-|-------")
    for name, value, target in ROWS:
        print(f"{name.ljust(width)} | {value:>10} | {target}")


if __name__ == "__main__":
    main()
