"""Exporting: the next sequence number, the register of what was sent (audited), sending an
export again, and the period since the last one."""
from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from centre_desk.core.documents.files import write_atomically
from centre_desk.core.errors import NotFound, UserError
from centre_desk.core.export import keys
from centre_desk.core.export.package import (ExportRequest, Stamp, centre_code, contents,
                                             encrypt, file_name, require_export, stopper,
                                             write_package)
from centre_desk.core.i18n import _
from centre_desk.core.models import Centre, transaction, utcnow
from centre_desk.core.paths import DataFolder
from centre_desk.core.security import Actor
from centre_desk.core.services import audit
from centre_desk.core.services.figures import Period

log = logging.getLogger(__name__)


def _db():
    return Centre._meta.database


@dataclass(frozen=True)
class SentExport:
    sequence: int
    centre_code: str
    period: Period
    level: str
    marks: bool
    suppress: bool
    file_name: str
    files: dict  # name → sha256
    created_by: str
    created_at: dt.datetime
    written_to: str = ""  # where the package was written
    left_out: int = 0  # children without the family's agreement (pseudonymised)

    @property
    def request(self) -> ExportRequest:
        return ExportRequest(self.period, self.level, self.marks, self.suppress)


_COLUMNS = ("e.sequence, e.centre_code, e.period_start, e.period_end, e.level, e.marks, "
            "e.suppress, e.file_name, e.files, coalesce(u.username, ''), e.created_at, "
            "e.written_to")


def _sent(row) -> SentExport:
    (sequence, code, start, end, level, marks, suppress, name, files, user, at, where) = row
    return SentExport(sequence, code, Period(dt.date.fromisoformat(str(start)[:10]),
                                             dt.date.fromisoformat(str(end)[:10])),
                      level, bool(marks), bool(suppress), name, json.loads(files), user,
                      dt.datetime.fromisoformat(str(at)), where)


def history(actor: Actor) -> list[SentExport]:
    """Every export sent, the latest first."""
    require_export(actor)
    return [_sent(row) for row in _db().execute_sql(
        f"SELECT {_COLUMNS} FROM hq_export e LEFT JOIN user u ON u.id = e.created_by "
        "ORDER BY e.sequence DESC")]


def since_last(actor: Actor, level: str, until: dt.date | None = None) -> Period:
    """From the day after the last exported period of this level to ``until`` (default: the
    end of last month)."""
    require_export(actor)
    row = _db().execute_sql("SELECT max(period_end) FROM hq_export WHERE level = ?",
                            (level,)).fetchone()
    if not row or row[0] is None:
        raise UserError(_("Nothing was exported at this level yet: give the period."))
    start = dt.date.fromisoformat(str(row[0])[:10]) + dt.timedelta(days=1)
    if until is None:
        until = dt.date.today().replace(day=1) - dt.timedelta(days=1)
    if until < start:
        raise UserError(_("Everything up to {date} was already exported.").format(
            date=start - dt.timedelta(days=1)))
    return Period(start, until)


def _write(path: Path, found, request, code, key, stamp, password, progress,
           cancelled=None) -> None:
    stop = stopper(cancelled)

    def build(temporary: Path) -> None:
        if not password:
            write_package(temporary, found, request, code, key, stamp, progress, cancelled)
            stop()  # the last moment: after it, the package is in place and registered
            return
        plain = temporary.with_name(temporary.name + ".plain")
        try:
            write_package(plain, found, request, code, key, stamp, progress, cancelled)
            stop()
            encrypt(plain, temporary, password)
        finally:
            plain.unlink(missing_ok=True)

    write_atomically(path, build)


def export(actor: Actor, folder: DataFolder, request: ExportRequest, out: Path,
           password: str | None = None, progress=None, cancelled=None) -> SentExport:
    """Writes the package to ``out`` (a .zip, or a folder where it takes its own name) and
    registers it under the next sequence number. ``progress(done, total)`` is called after
    each table; while the package is written, ``cancelled()`` true stops it with
    ``ExportCancelled``: no file is left and nothing is registered."""
    found = contents(actor, folder, request)
    key = keys.require_key(folder)
    code = centre_code()
    sequence = (_db().execute_sql("SELECT max(sequence) FROM hq_export").fetchone()[0] or 0) + 1
    stamp = Stamp(sequence, actor.username, utcnow())
    name = file_name(code, request, sequence)
    out = Path(out)
    path = out / name if out.is_dir() else out
    _write(path, found, request, code, key, stamp, password, progress, cancelled)
    manifest = _read_manifest(path, password)
    files = {name: entry["sha256"] for name, entry in manifest["files"].items()}
    files["manifest.json"] = manifest["hmac_sha256"]
    with transaction():
        cursor = _db().execute_sql(
            "INSERT INTO hq_export (sequence, centre_code, period_start, period_end, level, "
            "marks, suppress, file_name, written_to, files, created_by, created_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (sequence, code, request.period.start.isoformat(), request.period.end.isoformat(),
             request.level, int(request.marks), int(request.suppress), name,
             str(path.resolve()), json.dumps(files, sort_keys=True), actor.user_id,
             stamp.created_at.isoformat(" ")))
        audit.record(actor, "export", "hq_export", cursor.lastrowid,
                     f"{request.level} {request.period.key} seq={sequence}")
    log.info("export %s sent as sequence %s", request.level, sequence)
    return SentExport(sequence, code, request.period, request.level, request.marks,
                      request.suppress, name, files, actor.username, stamp.created_at,
                      str(path.resolve()), manifest["left_out_without_consent"])


def resend(actor: Actor, folder: DataFolder, sequence: int, out: Path,
           password: str | None = None, progress=None) -> Path:
    """The same package again (same number, author and time): identical when nothing changed
    in the period since."""
    require_export(actor)
    row = _db().execute_sql(
        f"SELECT {_COLUMNS} FROM hq_export e LEFT JOIN user u ON u.id = e.created_by "
        "WHERE e.sequence = ?", (sequence,)).fetchone()
    if row is None:
        raise NotFound(_("No export number {n} in the register.").format(n=sequence))
    sent = _sent(row)
    found = contents(actor, folder, sent.request)
    out = Path(out)
    path = out / sent.file_name if out.is_dir() else out
    _write(path, found, sent.request, sent.centre_code, keys.require_key(folder),
           Stamp(sent.sequence, sent.created_by, sent.created_at), password, progress)
    with transaction():
        audit.record(actor, "resend", "hq_export", None, f"seq={sequence}")
    return path


def _read_manifest(path: Path, password: str | None) -> dict:
    if password:
        import pyzipper

        with pyzipper.AESZipFile(path) as archive:
            archive.setpassword(password.encode("utf-8"))
            return json.loads(archive.read("manifest.json"))
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return json.loads(archive.read("manifest.json"))
