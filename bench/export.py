"""Benchmarks of the export to headquarters and of HQ's consolidation, on the large centre.
Run through bench.run, or alone: ``python -m bench.export`` (builds bench/out/large if needed).

Memory is the peak resident size of a separate process doing only that work. Each figure gives
the wall time, the CPU time (this process's, or the child process's) and the load average when
it was measured: on a shared machine the wall time alone says little.
``python -m bench.export --no-merge`` measures the centre's exports only."""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from centre_desk.core.demo import DEMO_PASSWORD
from centre_desk.core.paths import DataFolder

ROOT = Path(__file__).resolve().parents[1]
KEY = hashlib.sha256(b"bench association key").hexdigest()


def _prepare(folder: DataFolder):
    """The large centre with its association key, every family agreeing to share."""
    from centre_desk.core import db
    from centre_desk.core.demo import DEMO_PASSWORD
    from centre_desk.core.export import keys
    from centre_desk.core.models import transaction
    from centre_desk.core.services import users

    opened = db.open_database(folder)
    actor = users.authenticate("admin", DEMO_PASSWORD)
    if keys.load_key(folder) != KEY:
        keys.store_key(actor, folder, KEY)
    with transaction():  # every family agreed to sharing with the association (the register)
        opened.db.execute_sql("DELETE FROM consent WHERE purpose = 'share_association'")
        opened.db.execute_sql(
            "INSERT INTO consent (child_id, purpose, partner, given, given_on, paper_place, "
            "recorded_at) SELECT id, 'share_association', '', 1, '2025-09-01', 'bench', "
            "'2025-09-01 08:00:00' FROM child")
    return opened, actor


def load() -> str:
    if not hasattr(os, "getloadavg"):  # Windows
        return "load n/a"
    return "load " + " ".join(f"{value:.1f}" for value in os.getloadavg())


def _child_process(code: str) -> tuple[float, float, float]:
    """Seconds (wall), seconds of CPU and peak MB of ``code`` run in a fresh interpreter."""
    # VmHWM, not ru_maxrss: Linux keeps in ru_maxrss the parent's size from before exec.
    wrapped = ("import atexit, sys; atexit.register(lambda: print('PEAK', next(line.split()[1] "
               "for line in open('/proc/self/status') if line.startswith('VmHWM')), "
               "file=sys.stderr)); " + code)
    started, cpu = time.perf_counter(), _children_cpu()
    result = subprocess.run([sys.executable, "-c", wrapped], cwd=ROOT, capture_output=True,
                            text=True, env=dict(os.environ, PYTHON_KEYRING_BACKEND=
                                                "keyring.backends.fail.Keyring",
                                                CENTRE_DESK_PASSWORD=DEMO_PASSWORD))
    seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    peak = next(int(line.split()[1]) for line in result.stderr.splitlines()
                if line.startswith("PEAK"))
    return seconds, cpu, peak / 1024


def _children_cpu() -> float:
    try:
        import resource
    except ImportError:  # Windows
        return float("nan")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_export(folder: DataFolder, record, ms, merge: bool = True) -> None:
    from centre_desk.core import export, reports

    opened, actor = _prepare(folder)
    out = Path(tempfile.mkdtemp(prefix="bench-export-"))
    year = reports.parse_period("2025-2026")
    made = {}
    for label, request, target in (
            ("aggregate export of a school year", export.ExportRequest(year), "< 1 s"),
            ("pseudonymised export of a school year, monthly attendance",
             export.ExportRequest(year, "pseudonymised"), "< 3 s")):
        times, cpu = [], []
        for _run in range(3):
            started, processor = time.perf_counter(), time.process_time()
            sent = export.export(actor, folder, request, out)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - processor)
        made[request.level] = out / sent.file_name
        record(f"{label}: median", f"{ms(statistics.median(times))} "
               f"(CPU {ms(statistics.median(cpu))}, {load()})", target)
    month = export.export(actor, folder, export.ExportRequest(reports.parse_period("2026-10")),
                          out)
    opened.close()
    code = ("import sys; from centre_desk.cli import main; sys.exit(main(['export', '--home', "
            f"{str(folder.root)!r}, '--period', '2016-01-01..2026-11-30', '--level', "
            "'pseudonymised', '--user', 'admin', "
            f"'--marks', '--out', {str(out / 'marks.zip')!r}]))")
    seconds, cpu, peak = _child_process(code)
    with zipfile.ZipFile(out / "marks.zip") as archive:
        rows = json.loads(archive.read("manifest.json"))["files"]["marks.csv"]["rows"]
    record(f"pseudonymised export with every mark ({rows:,} marks, ten years), whole command",
           f"{seconds:.1f} s (CPU {cpu:.1f} s, {load()}), {peak:.0f} MB", "< 10 s, < 300 MB")
    if merge:
        bench_merge(made["pseudonymised"], out / sent_name(month), record)
    shutil.rmtree(out, ignore_errors=True)


def sent_name(sent) -> str:
    return sent.file_name


def copies(package: Path, folder: Path, count: int) -> list[Path]:
    """``count`` packages as if from as many centres: the same tables, each manifest naming
    another centre and signed again."""
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(package) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    manifest = json.loads(dict((i.filename, d) for i, d in entries)["manifest.json"])
    paths = []
    for number in range(count):
        manifest["centre_code"] = f"C{number:04d}"
        body = json.dumps({k: v for k, v in manifest.items() if k != "hmac_sha256"},
                          sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
        manifest["hmac_sha256"] = hmac.new(bytes.fromhex(KEY), body, hashlib.sha256).hexdigest()
        path = folder / f"C{number:04d}-{package.name.split('-', 1)[1]}"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for info, data in entries:
                archive.writestr(info, json.dumps(manifest).encode()
                                 if info.filename == "manifest.json" else data)
        paths.append(path)
    return paths


def _merge_in_child(folder: Path, out: Path, key_file: Path) -> tuple[float, float, float]:
    code = ("import sys, glob; from centre_desk.cli import main; sys.exit(main(['hq-merge', "
            f"*sorted(glob.glob({str(folder / '*.zip')!r})), '--key-file', {str(key_file)!r}, "
            f"'--out', {str(out)!r}]))")
    return _child_process(code)


def bench_merge(yearly: Path, monthly: Path, record) -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-merge-"))
    key_file = work / "KEY"
    key_file.write_text(KEY + "\n")
    copies(yearly, work / "yearly", 30)
    seconds, cpu, peak = _merge_in_child(work / "yearly", work / "out-yearly", key_file)
    record("hq-merge of 30 centres' yearly pseudonymised packages, whole command",
           f"{seconds:.1f} s (CPU {cpu:.1f} s, {load()}), {peak:.0f} MB", "< 15 s")
    for count in (380, 3800):
        shutil.rmtree(work / "monthly", ignore_errors=True)
        copies(monthly, work / "monthly", count)
        seconds, cpu, peak = _merge_in_child(work / "monthly", work / f"out-{count}",
                                             key_file)
        record(f"hq-merge of {count:,} monthly aggregate packages, whole command",
               f"{seconds:.1f} s (CPU {cpu:.1f} s, {load()}), {peak:.0f} MB",
               "< 2 min, memory flat" if count == 3800 else "(memory reference)")
    shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    from bench.run import OUT, bench_generate, record, ms

    large = DataFolder(OUT / "large")
    if not large.has_centre():
        large = bench_generate()
    bench_export(large, record, ms, merge="--no-merge" not in sys.argv)


if __name__ == "__main__":
    main()
