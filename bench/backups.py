"""Backups of the large centre: making one (copy and verification), verifying a file, restoring
it into a new folder, and what closing the program costs once something changed.

Targets (issue 9): backup < 3 s, verification < 2 s, restore < 5 s, closing work < 1 s.
Each figure is the median wall-clock time, with the process's CPU time beside it: on a shared
machine the wall clock includes waiting for the processor, the CPU time does not."""
from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

from centre_desk.core import backup_policy, backups, db, restore
from centre_desk.core.paths import DataFolder


def _median(times: list[float]) -> float:
    return statistics.median(times)


class Timer:
    """Wall and CPU seconds of each run."""

    def __init__(self):
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall.append(time.perf_counter() - self._wall)
        self.cpu.append(time.process_time() - self._cpu)

    def text(self, ms) -> str:
        return f"{ms(_median(self.wall))} (CPU {ms(_median(self.cpu))})"


def bench_backups(folder: DataFolder, record, ms, runs: int = 3) -> None:
    scratch = Path(tempfile.mkdtemp(prefix="centre-desk-bench-"))
    opened = db.open_database(folder)
    try:
        making, verifying, restoring, closing, idle, pending = (Timer() for _i in range(6))
        made = None
        for run in range(runs):
            with making:
                made = backups.make_backup(opened.db, opened.folder, opened.key, "manual",
                                           destination=scratch / f"made-{run}")
        for _run in range(runs):
            with verifying:
                problems = backups.verify_file(made.path, opened.key, made.counts)
            assert not problems, problems
        for run in range(runs):
            target = DataFolder(scratch / f"restored-{run}")
            with restoring:
                found = restore.preview(made.path, opened.key)
                restore.restore(found, target, into_new=True)
                db.open_database(target).close()
        for _run in range(runs):
            opened.db.execute_sql("INSERT INTO audit_event (at, action, entity, detail) VALUES "
                                  "('2026-11-25 17:00:00', 'update', 'bench', '')")
            with closing:
                backup_policy.backup_on_closing(opened)
            with idle:
                backup_policy.backup_on_closing(opened)  # nothing changed since: nothing to do
            with pending:  # the next start, off the UI thread
                backups.verify_pending(opened.db, opened.folder, opened.key)
        record("backup of the large centre (copy + verification)", making.text(ms), "< 3 s")
        record("verification of that backup (quick_check + counts)", verifying.text(ms),
               "< 2 s")
        record("restore into a new folder (verify, copy, key, open)", restoring.text(ms),
               "< 5 s")
        record("closing work after a change (the closing copy)", closing.text(ms), "< 1 s")
        record("closing work when nothing changed", idle.text(ms), "< 1 s")
        record("its verification at the next start (in the background)", pending.text(ms),
               "—")
    finally:
        opened.close()
        shutil.rmtree(scratch, ignore_errors=True)
        for backup in backups.list_backups(folder.backups):
            if backup.reason == "closing":
                backups.remove(backup)


if __name__ == "__main__":
    import sys

    def show(name, value, target):
        print(f"  {name}: {value} (target {target})", flush=True)

    bench_backups(DataFolder(Path(sys.argv[1])), show, lambda s: f"{s * 1000:.1f} ms")
