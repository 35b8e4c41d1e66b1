"""The package a centre sends to headquarters: ``{centre}-{period}-{level}-{sequence}.zip`` with
CSV tables, ``datapackage.json`` (Frictionless), ``manifest.json`` (hashes, HMAC with the
association key), ``LISEZMOI.txt`` and ``اقرأني.txt``. The same export sent again is the same
package (fixed times and order in the zip)."""
from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from centre_desk import APP_NAME, __version__
from centre_desk.core.errors import PermissionDenied, UserError, ValidationError
from centre_desk.core.export import csvfile, keys, readme
from centre_desk.core.export.tables import (Selection, Table, aggregate_tables,
                                            pseudonymised_tables, select_children)
from centre_desk.core.i18n import N_, _, ngettext
from centre_desk.core.models import Centre, Setting, transaction
from centre_desk.core.paths import DataFolder
from centre_desk.core.security import Actor, Permission, Role, require
from centre_desk.core.services import audit, figures
from centre_desk.core.services.figures import Period

SCHEMA_VERSION = 1
LEVELS = {"aggregate": N_("Aggregate (counts only)"),
          "pseudonymised": N_("Pseudonymised (one line per child, no personal data)")}
MANIFEST, DATAPACKAGE = "manifest.json", "datapackage.json"


def require_export(actor: Actor) -> None:
    """Coordinators and administrators send data to headquarters."""
    require(actor, Permission.VIEW_ATTENDANCE)
    if actor.role not in (Role.ADMIN, Role.COORDINATOR):
        raise PermissionDenied()


def centre_code() -> str:
    setting = Setting.get_or_none(Setting.key == "hq_centre_code")
    return setting.value if setting else Centre.get_by_id(1).file_prefix


def set_centre_code(actor: Actor, code: str) -> None:
    require(actor, Permission.EDIT_CENTRE)
    code = code.strip().upper()
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9_]{1,19}", code):
        raise ValidationError(_("A centre code is 2 to 20 letters or digits, like CASA01."),
                              "centre_code")
    with transaction():
        Setting.insert(key="hq_centre_code", value=code).on_conflict_replace().execute()
        audit.record(actor, "update", "settings", None, "hq_centre_code")


def period_token(period: Period) -> str:
    """2026-10, 2026-Q4, 2025-2026, 2026, or 20260101-20260331: how the period was asked."""
    start, end = period.start, period.end
    months = period.months()
    whole = start.day == 1 and months[-1].end == end
    if whole and len(months) == 1:
        return f"{start:%Y-%m}"
    if whole and len(months) == 3 and start.month % 3 == 1:
        return f"{start.year}-Q{start.month // 3 + 1}"
    if whole and len(months) == 12 and start.month == 9:
        return f"{start.year}-{start.year + 1}"
    if whole and len(months) == 12 and start.month == 1:
        return str(start.year)
    return f"{start:%Y%m%d}-{end:%Y%m%d}"


class ExportCancelled(UserError):
    def __init__(self):
        super().__init__(_("Export cancelled: nothing was written or registered."))


def stopper(cancelled):
    """What the writer calls between tables and chunks: raises once ``cancelled()`` is true."""
    def stop() -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled()
    return stop


@dataclass(frozen=True)
class ExportRequest:
    period: Period
    level: str = "aggregate"
    marks: bool = False
    suppress: bool = False  # counts 1 to 4 shown as "<5" (aggregate)

    def check(self) -> None:
        if self.level not in LEVELS:
            raise ValidationError(_("Choose the aggregate or the pseudonymised level."), "level")
        if self.marks and self.level != "pseudonymised":
            raise ValidationError(_("Every mark is only sent at the pseudonymised level."),
                                  "marks")


@dataclass(frozen=True)
class Contents:
    tables: list[Table]
    left_out: int  # children without the family's agreement (pseudonymised)


def contents(actor: Actor, folder: DataFolder, request: ExportRequest) -> Contents:
    require_export(actor)
    request.check()
    if request.level == "aggregate":
        return Contents(aggregate_tables(figures.by_month(actor, request.period)), 0)
    selection: Selection = select_children(request.period, keys.require_key(folder),
                                           centre_code())
    return Contents(pseudonymised_tables(request.period, selection, request.marks),
                    selection.left_out)


@dataclass(frozen=True)
class TablePreview:
    name: str
    title: str
    columns: tuple[str, ...]
    rows: int
    first_rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Preview:
    tables: tuple[TablePreview, ...]
    left_out: int
    sentence: str  # what leaves the centre


def preview(actor: Actor, folder: DataFolder, request: ExportRequest, first: int = 5
            ) -> Preview:
    found = contents(actor, folder, request)
    previews = []
    for table in found.tables:
        kinds = [kind for _name, kind in table.fields]
        rows = iter(table.rows())
        shown = [tuple(csvfile.cell(v, k) for v, k in zip(row, kinds))
                 for row in itertools.islice(rows, first)]
        # The rest counted on the same pass: reading a table again (as lines) costs more.
        count = len(shown) + sum(1 for _row in rows)
        previews.append(TablePreview(table.name, table.title,
                                     tuple(name for name, _kind in table.fields), count,
                                     tuple(shown)))
    return Preview(tuple(previews), found.left_out, what_leaves(request, found.left_out))


def what_leaves(request: ExportRequest, left_out: int) -> str:
    if request.level == "aggregate":
        sentence = _("Only counts by month leave the centre: no child, no name, no line per "
                     "person.")
        if request.suppress:
            sentence += " " + _("Counts from 1 to 4 are shown as \"<5\".")
        return sentence
    sentence = _("One line per child under a pseudonym (sex, birth year, age band, months of "
                 "entry and exit, school level), their enrolments and attendance: no name, "
                 "phone, address, file number, date of birth or note.")
    return sentence + " " + ngettext(
        "{n} child is left out: the family has not agreed to sharing (or was not asked).",
        "{n} children are left out: their families have not agreed to sharing (or were not "
        "asked).", left_out).format(n=left_out)


def _schema(table: Table, suppress: bool) -> dict:
    fields = []
    for name, kind in table.fields:
        described: dict = {"name": name, "type": kind}
        constraints: dict = {}
        if suppress and name in table.counts:
            described["type"] = "string"
            constraints["pattern"] = "[0-9]+|<5"
        elif kind == "integer" and name not in ("birth_year", "activity_id"):
            constraints["minimum"] = 0
        if kind == "number":
            described["decimalChar"] = ","
        if kind == "boolean":
            described.update(trueValues=["true"], falseValues=["false"])
        if name in table.primary_key:
            constraints["required"] = True
        if constraints:
            described["constraints"] = constraints
        fields.append(described)
    schema: dict = {"fields": fields, "missingValues": [""]}
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [{"fields": own, "reference": {"resource": other,
                                                              "fields": theirs}}
                                 for own, other, theirs in table.foreign_keys]
    return schema


def resource(table: Table, schema: dict) -> dict:
    return {"name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
            "title": table.title, "format": "csv", "mediatype": "text/csv",
            "encoding": "utf-8-sig", "dialect": dict(csvfile.DIALECT), "schema": schema}


def datapackage(name: str, resources: list[dict], extra: dict | None = None) -> bytes:
    descriptor = {"profile": "tabular-data-package", "name": re.sub(r"[^a-z0-9._-]", "-",
                                                                     name.lower()),
                  **(extra or {}), "resources": resources}
    return json.dumps(descriptor, ensure_ascii=False, indent=2).encode("utf-8")


def canonical(manifest: dict) -> bytes:
    return json.dumps({k: v for k, v in manifest.items() if k != "hmac_sha256"},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class Stamp:
    """Who made the export, when, and its number: kept in the register, reused to re-send."""

    sequence: int
    created_by: str
    created_at: dt.datetime


def file_name(code: str, request: ExportRequest, sequence: int) -> str:
    return f"{code}-{period_token(request.period)}-{request.level}-{sequence:04d}.zip"


def _entry(name: str, stamp: Stamp) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=stamp.created_at.timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def write_package(path: Path, found: Contents, request: ExportRequest, code: str, key: str,
                  stamp: Stamp, progress=None, cancelled=None) -> dict:
    """Writes the zip (no password) and returns its manifest. ``cancelled()`` is asked before
    each table and each chunk of the long ones: true stops with ``ExportCancelled``."""
    stop = stopper(cancelled)
    files: dict[str, dict] = {}
    resources = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for index, table in enumerate(found.tables):
            stop()
            name = f"{table.name}.csv"
            with archive.open(_entry(name, stamp), "w", force_zip64=True) as raw:
                hashing = csvfile.HashingWriter(raw)
                buffered = __import__("io").BufferedWriter(hashing, 1 << 16)
                header = [n for n, _k in table.fields]
                if table.lines is not None:
                    rows = csvfile.write_lines(buffered, header, table.lines(), stop)
                else:
                    rows = csvfile.write_rows(
                        buffered, header, [k for _n, k in table.fields], table.rows(),
                        frozenset(table.counts) if request.suppress else frozenset())
                buffered.flush()
            files[name] = {"sha256": hashing.sha256.hexdigest(), "bytes": hashing.size,
                           "rows": rows}
            resources.append(resource(table, _schema(table, request.suppress)))
            if progress:
                progress(index + 1, len(found.tables) + 1)
        token = period_token(request.period)
        extra_files = {
            DATAPACKAGE: datapackage(f"{code}-{token}-{request.level}", resources, {
                "title": f"{code} {token} {request.level}"}),
            readme.FRENCH: readme.text("fr", found.tables, request, code, token),
            readme.ARABIC: readme.text("ar", found.tables, request, code, token),
        }
        import hashlib

        for name, data in extra_files.items():
            archive.writestr(_entry(name, stamp), data)
            files[name] = {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
        manifest = {
            "program": APP_NAME, "program_version": __version__,
            "schema_version": SCHEMA_VERSION, "centre_code": code,
            "period": {"start": request.period.start.isoformat(),
                       "end": request.period.end.isoformat(), "label": token},
            "level": request.level, "marks": request.marks, "suppressed": request.suppress,
            "sequence": stamp.sequence, "created_by": stamp.created_by,
            "created_at": stamp.created_at.isoformat() + "Z",
            "left_out_without_consent": found.left_out, "files": files,
        }
        manifest["hmac_sha256"] = keys.sign(key, canonical(manifest))
        archive.writestr(_entry(MANIFEST, stamp),
                         json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8"))
    if progress:
        progress(len(found.tables) + 1, len(found.tables) + 1)
    return manifest


def encrypt(plain: Path, target: Path, password: str) -> None:
    """The same entries in an AES-256 zip (pyzipper), for e-mail or WhatsApp."""
    import pyzipper

    with zipfile.ZipFile(plain) as source, pyzipper.AESZipFile(
            target, "w", compression=pyzipper.ZIP_DEFLATED,
            encryption=pyzipper.WZ_AES) as archive:
        archive.setpassword(password.encode("utf-8"))
        archive.setencryption(pyzipper.WZ_AES, nbits=256)
        for info in source.infolist():
            archive.writestr(info.filename, source.read(info))
