"""Certificates: issued from the data, numbered, registered with a hash of what was printed,
verifiable from their serial and check value, reprinted as duplicates, cancelled with a reason.

A certificate that was not produced leaves no register row: the PDF is written inside the
transaction that registers it."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from centre_desk.core.documents.files import write_atomically
from centre_desk.core.documents.text import isolate
from centre_desk.core.errors import NotFound, UserError, ValidationError
from centre_desk.core.i18n import N_, _, format_date, translate_in
from centre_desk.core.models import (
    Attendance,
    Centre,
    Certificate,
    Child,
    Enrolment,
    Setting,
    transaction,
    utcnow,
)
from centre_desk.core.security import Actor, Permission, require
from centre_desk.core.services import activities, audit, letterhead, wording
from centre_desk.core.services import certificate_words as words

LANGUAGE_CHOICES = {"fr": ("fr",), "ar": ("ar",), "fr+ar": ("fr", "ar")}

DONE_AT = N_("Done at {city}, on {date}")
STAMP = N_("Stamp and signature")
VERIFY_LABEL = N_("Check value: {check}")
VERIFY_HINT = N_("The centre confirms this certificate from its number and check value.")
DUPLICATE = N_("DUPLICATE")

@dataclass
class CertificateRequest:
    kind: str
    language: str = "fr"  # "fr", "ar" or "fr+ar"
    activity_id: int | None = None  # None: all activities
    period_start: dt.date | None = None
    period_end: dt.date | None = None


@dataclass(frozen=True)
class Figures:
    held: int
    attended: int
    hours: float
    rate: float | None


@dataclass(frozen=True)
class RegisterRow:
    serial: str
    issued_at: dt.datetime
    kind: str
    child_id: int
    child_name: str
    language: str
    period: str
    copies: int
    cancelled: bool
    issued_by: str


# --- checking a request -------------------------------------------------------------------------

def check_request(request: CertificateRequest, today: dt.date) -> None:
    if request.kind not in wording.KINDS:
        raise ValidationError(_("Choose the kind of certificate."), "kind")
    if request.language not in LANGUAGE_CHOICES:
        raise ValidationError(_("Choose the language of the certificate."), "language")
    if request.kind == "completion" and request.activity_id is None:
        raise ValidationError(_("A certificate of completion is for one activity: choose it."),
                              "activity")
    if request.kind in ("attendance", "completion"):
        if request.period_start is None or request.period_end is None:
            raise ValidationError(_("Choose the period."), "period")
        if request.period_end < request.period_start:
            raise ValidationError(_("The period ends before it starts."), "period")
        if request.period_end > today:
            raise ValidationError(_("The period cannot end in the future."), "period")
    if request.activity_id is not None:
        activities.get(request.activity_id)


def figures(child_id: int, request: CertificateRequest) -> Figures:
    return figures_of([child_id], request)[child_id]


def figures_of(child_ids: list[int], request: CertificateRequest) -> dict[int, Figures]:
    """Each child's sessions held, attended, hours and rate over the period, counted by SQLite
    (a batch of 500 over two months is 28,000 marks: a row each cost more than the PDF)."""
    counts = {child_id: (0, 0, 0) for child_id in child_ids}  # held, attended, minutes
    for start in range(0, len(child_ids), 500):
        for child_id, held, attended, minutes in _figures_rows(child_ids[start:start + 500],
                                                               request):
            counts[child_id] = (held, attended or 0, minutes or 0)
    # On paper the rate reads plainly: sessions attended out of sessions held.
    return {child_id: Figures(held, attended, round(minutes / 60, 1),
                              None if held == 0 else 100 * attended / held)
            for child_id, (held, attended, minutes) in counts.items()}


def _minutes_sql(column: str) -> str:
    """An "H:MM" or "HH:MM" column as minutes since midnight."""
    return (f"(CAST(substr({column}, 1, instr({column}, ':') - 1) AS INTEGER) * 60"
            f" + CAST(substr({column}, instr({column}, ':') + 1) AS INTEGER))")


def _figures_rows(child_ids: list[int], request: CertificateRequest,
                  sessions_first: bool | None = None) -> list[tuple]:
    """SQLite, without statistics, reads each child's marks of every year and then their
    sessions' dates; for a batch over a short period, reading the period's sessions and then
    their marks is ten times quicker (CROSS JOIN keeps that order). The cheaper of the two,
    estimated from the period's sessions and the first child's marks."""
    database = Attendance._meta.database
    period = [request.period_start.isoformat(), request.period_end.isoformat()]
    activity, extra = ("", []) if request.activity_id is None else (
        " AND s.activity_id = ?", [request.activity_id])
    if sessions_first is None:
        marks = database.execute_sql("SELECT count(*) FROM attendance WHERE child_id = ?",
                                     [child_ids[0]]).fetchone()[0]
        enough = marks * len(child_ids) // 20  # a session has up to about 20 marks
        sessions_first = database.execute_sql(
            f"SELECT count(*) FROM (SELECT 1 FROM session AS s WHERE s.on_date BETWEEN ? AND ?"
            f"{activity} LIMIT ?)", period + extra + [enough]).fetchone()[0] < enough
    join = ("session AS s CROSS JOIN attendance AS a" if sessions_first
            else "attendance AS a JOIN session AS s")
    duration = f"{_minutes_sql('s.end_time')} - {_minutes_sql('s.start_time')}"
    return database.execute_sql(
        f"SELECT a.child_id, COUNT(*), SUM(a.mark IN ('P', 'L')),"
        f" SUM(CASE WHEN a.mark IN ('P', 'L') THEN {duration} ELSE 0 END)"
        f" FROM {join} ON a.session_id = s.id"
        f" WHERE s.on_date BETWEEN ? AND ?{activity}"
        f" AND a.child_id IN ({', '.join('?' for _id in child_ids)}) GROUP BY a.child_id",
        period + extra + list(child_ids)).fetchall()


def _enrolled_since(child_id: int, activity_id: int | None, on_date: dt.date) -> dt.date | None:
    query = Enrolment.select(Enrolment.start_date).where(
        (Enrolment.child == child_id) & (Enrolment.start_date <= on_date)
        & (Enrolment.end_date.is_null() | (Enrolment.end_date >= on_date)))
    if activity_id is not None:
        query = query.where(Enrolment.activity == activity_id)
    return query.order_by(Enrolment.start_date).limit(1).scalar()


# --- the content -------------------------------------------------------------------------------

def _secret() -> bytes:
    row = Setting.get_or_none(Setting.key == "certificate_secret")
    if row is None:
        row = Setting.create(key="certificate_secret", value=secrets.token_hex(32))
    return bytes.fromhex(row.value)


def content_hash(content: dict) -> str:
    without = {key: value for key, value in content.items() if key != "hash"}
    canonical = json.dumps(without, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def check_value(serial: str, digest: str, secret: bytes | None = None) -> str:
    """Eight characters the centre alone can compute (a keyed hash of serial and content)."""
    mac = hmac.new(secret or _secret(), f"{serial}|{digest}".encode(),
                   hashlib.sha256).hexdigest()
    return mac[:8].upper()


class ContentMaker:
    """Builds the content of each certificate of a request. What is the same for all of them
    (centre, signatory, wording, titles) is read once: a batch of 500 asks the database two
    small questions per child, no more."""

    def __init__(self, actor: Actor, request: CertificateRequest, today: dt.date):
        self.actor, self.request, self.today = actor, request, today
        self.centre = Centre.get_by_id(1)
        self.languages = LANGUAGE_CHOICES[request.language]
        self.printed = {lang: letterhead.printed(self.centre, lang) for lang in self.languages}
        first = self.printed[self.languages[0]]
        self.common = {
            "v": 2, "kind": request.kind, "languages": list(self.languages),
            "activity_id": request.activity_id,
            "period": [request.period_start.isoformat() if request.period_start else None,
                       request.period_end.isoformat() if request.period_end else None],
            "issued_on": today.isoformat(),
            "centre": {"name": self.centre.name, "city": self.centre.city,
                       "association": self.centre.association or self.centre.name},
            "signatory": {"name": first["signatory_name"], "role": first["signatory_title"]},
            "letterhead": {lang: {key: printed[key] for key in (
                "association", "name", "address", "phone", "registration")}
                for lang, printed in self.printed.items()},
            "signatories": {lang: {"name": printed["signatory_name"],
                                   "title": printed["signatory_title"]}
                            for lang, printed in self.printed.items()},
            "labels": {lang: {"stamp": translate_in(lang, STAMP),
                              "verify_label": translate_in(lang, VERIFY_LABEL),
                              "verify_hint": translate_in(lang, VERIFY_HINT),
                              "duplicate": translate_in(lang, DUPLICATE)}
                       for lang in self.languages},
            "title": {lang: translate_in(lang, wording.KINDS[request.kind])
                      for lang in self.languages},
            "place_date": {lang: translate_in(lang, DONE_AT).format(
                city=isolate(printed["city"]) if lang == "ar" else printed["city"],
                date=words.long_date(today, lang))
                for lang, printed in self.printed.items()},
        }
        self.wordings = {lang: wording.get(request.kind, lang) for lang in self.languages}
        self.activity = activities.get(request.activity_id) if request.activity_id else None
        self.children: dict[int, Child] = {}
        self.figures: dict[int, Figures] = {}

    def prefetch(self, child_ids: list[int]) -> None:
        """Read a batch's children and figures in a few queries instead of two per child."""
        for start in range(0, len(child_ids), 500):
            self.children.update({child.id: child for child in Child.select().where(
                Child.id.in_(child_ids[start:start + 500]))})
        if self.request.kind != "enrolment":
            self.figures.update(figures_of(child_ids, self.request))

    def make(self, child_id: int, serial: str) -> dict:
        child = _printable_child(child_id, self.children.get(child_id))
        request, found, since = self.request, None, None
        if request.kind == "enrolment":
            since = _enrolled_since(child_id, request.activity_id, self.today)
            if since is None:
                raise UserError(_("{number} is not enrolled in this activity today.").format(
                    number=child.file_number))
            if request.activity_id is None:  # enrolled at the centre: since the child came
                since = child.entry_date
        else:
            found = self.figures.get(child_id) or figures(child_id, request)
            if found.held == 0:
                raise UserError(_("No session was recorded for {number} in this "
                                  "period.").format(number=child.file_number))
        content = dict(self.common, serial=serial, child_id=child_id,
                       file_number=child.file_number,
                       figures=found.__dict__ if found else None, body={})
        for language in self.languages:
            values = words.values(child, request.kind, language, found, since,
                                  (request.period_start, request.period_end),
                                  self.printed[language], self.activity)
            content["body"][language] = wording.fill(
                self.wordings[language], values, wording.default(request.kind, language))
        content["hash"] = content_hash(content)
        return content


def _printable_child(child_id: int, child: Child | None = None) -> Child:
    child = child or Child.get_or_none(Child.id == child_id)
    if child is None:
        raise NotFound(_("This child's file no longer exists."))
    if child.erased_at is not None or child.merged_into_id is not None:
        raise UserError(_("File {number} was erased or merged: no certificate can be issued "
                          "for it.").format(number=child.file_number))
    if not (child.first_name_latin or child.first_name_arabic):
        raise UserError(_("File {number} has no name: complete it before issuing a "
                          "certificate.").format(number=child.file_number))
    return child


def preview(actor: Actor, child_id: int, request: CertificateRequest,
            today: dt.date | None = None) -> dict:
    """What the certificate would say, without issuing it (no number, nothing registered)."""
    require(actor, Permission.ISSUE_CERTIFICATES)
    today = today or dt.date.today()
    check_request(request, today)
    return ContentMaker(actor, request, today).make(child_id, "—")


# --- issuing, duplicates, cancelling ------------------------------------------------------------

def _first_free_seq(year: int) -> int:
    last = (Certificate.select(Certificate.seq).where(Certificate.year == year)
            .order_by(Certificate.seq.desc()).limit(1).scalar())
    return (last or 0) + 1


def issue(actor: Actor, child_ids: list[int], request: CertificateRequest, path: Path,
          progress: Callable[[int], None] | None = None,
          today: dt.date | None = None) -> list[str]:
    """One PDF with a certificate for each child, all registered, or none at all."""
    from centre_desk.core.documents import certificate as document

    require(actor, Permission.ISSUE_CERTIFICATES)
    today = today or dt.date.today()
    check_request(request, today)
    if not child_ids:
        raise UserError(_("Choose at least one child."))
    with transaction():
        maker = ContentMaker(actor, request, today)
        maker.prefetch(child_ids)
        prefix, seq, secret = maker.centre.file_prefix, _first_free_seq(today.year), _secret()
        pages, rows = [], []
        now = utcnow()
        for offset, child_id in enumerate(child_ids):
            serial = f"{prefix}-ATT-{today.year}-{seq + offset:05d}"
            content = maker.make(child_id, serial)
            check = check_value(serial, content["hash"], secret)
            rows.append(dict(
                serial=serial, year=today.year, seq=seq + offset, kind=request.kind,
                child=child_id, activity=request.activity_id,
                period_start=request.period_start, period_end=request.period_end,
                language=request.language,
                content=json.dumps(content, ensure_ascii=False, sort_keys=True),
                content_hash=content["hash"], check_value=check, issued_at=now,
                issued_by=actor.user_id))
            pages.append(document.CertificatePage(content, check))
        _insert_all(rows)
        serials = [row["serial"] for row in rows]
        ids = [id_ for (id_,) in Certificate.select(Certificate.id).where(
            Certificate.serial.in_(serials)).tuples()]
        audit.record_many(actor, "issue", "certificate", ids, f"kind={request.kind}")
        logo = maker.centre.logo_png
        write_atomically(path, lambda temporary: document.render(pages, temporary, logo,
                                                                 progress))
    return serials


def _insert_all(rows: list[dict]) -> None:
    """executemany on the connection, each value as peewee would store it (the house's bulk
    path: peewee built the SQL of 500 rows in Python, a twentieth of a batch's time)."""
    fields = [field for field in Certificate._meta.sorted_fields
              if field.name in rows[0] or field.default is not None]
    defaults = {field.name: field.default() if callable(field.default) else field.default
                for field in fields}
    rows = [{**defaults, **row} for row in rows]
    columns = ", ".join(f'"{field.column_name}"' for field in fields)
    marks = ", ".join("?" for _field in fields)
    Certificate._meta.database.connection().executemany(
        f'INSERT INTO "{Certificate._meta.table_name}" ({columns}) VALUES ({marks})',
        [[field.db_value(row[field.name]) for field in fields] for row in rows])


def _get(serial: str) -> Certificate:
    row = Certificate.get_or_none(Certificate.serial == serial.strip().upper())
    if row is None:
        raise NotFound(_("No certificate has the number {serial}.").format(serial=serial))
    return row


def duplicate(actor: Actor, serial: str, path: Path) -> Path:
    """The same certificate printed again, marked DUPLICATA, with the same serial."""
    from centre_desk.core.documents import certificate as document

    require(actor, Permission.ISSUE_CERTIFICATES)
    with transaction():
        row = _get(serial)
        if row.cancelled_at is not None:
            raise UserError(_("Certificate {serial} was cancelled: it cannot be printed "
                              "again.").format(serial=row.serial))
        page = document.CertificatePage(json.loads(row.content), row.check_value, True)
        Certificate.update(copies=Certificate.copies + 1).where(
            Certificate.id == row.id).execute()
        audit.record(actor, "duplicate", "certificate", row.id)
        logo = Centre.get_by_id(1).logo_png
        write_atomically(path, lambda temporary: document.render([page], temporary, logo))
    return path


def cancel(actor: Actor, serial: str, reason: str) -> None:
    require(actor, Permission.ISSUE_CERTIFICATES)
    if not reason.strip():
        raise ValidationError(_("Say why the certificate is cancelled."), "reason")
    with transaction():
        row = _get(serial)
        if row.cancelled_at is not None:
            raise UserError(_("Certificate {serial} was already cancelled.").format(
                serial=row.serial))
        Certificate.update(cancelled_at=utcnow(), cancelled_by=actor.user_id,
                           cancel_reason=reason.strip()).where(Certificate.id == row.id).execute()
        audit.record(actor, "cancel", "certificate", row.id)


def register(actor: Actor, limit: int = 1000, text: str = "") -> list[RegisterRow]:
    """The latest certificates issued, newest first; with ``text``, those whose number contains
    it or whose child's names (either script, folded) or file number start with its words."""
    from peewee import JOIN, SQL

    from centre_desk.core.services.child_search import match_expression

    from centre_desk.core.models import User
    from centre_desk.core.services.children import display_name

    require(actor, Permission.ISSUE_CERTIFICATES)
    query = (Certificate.select(Certificate.serial, Certificate.issued_at, Certificate.kind,
                                Child.id, Child.first_name_latin, Child.last_name_latin,
                                Child.first_name_arabic, Child.last_name_arabic,
                                Child.file_number, Certificate.language,
                                Certificate.period_start, Certificate.period_end,
                                Certificate.copies, Certificate.cancelled_at, User.full_name)
             .join_from(Certificate, Child)
             .join_from(Certificate, User, JOIN.LEFT_OUTER,
                        on=(Certificate.issued_by == User.id))
             .order_by(Certificate.id.desc()).limit(limit))
    text = text.strip()
    if text:
        found = Certificate.serial.contains(text.upper())
        expression = match_expression(text)
        if expression:
            found |= Certificate.child.in_(SQL(
                "(SELECT rowid FROM child_search WHERE child_search MATCH ?)", [expression]))
        query = query.where(found)
    rows = []
    for (serial, issued, kind, child_id, first, last, first_ar, last_ar, number, language,
         start, end, copies, cancelled, by) in query.tuples():
        period = f"{format_date(start)} – {format_date(end)}" if start and end else ""
        rows.append(RegisterRow(serial, issued, kind, child_id,
                                display_name(first, last, first_ar, last_ar, number), language,
                                period, copies, cancelled is not None, by or ""))
    return rows
